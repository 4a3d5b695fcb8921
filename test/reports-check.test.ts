import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { Role } from '../server/access/role.js';
import { reportsCommand } from '../server/cli/reports.command.js';
import { localRunner, type QueryRunner } from '../server/workbook/query-runner.js';
import { dataOf, startTestHub, type TestHub } from './support/hub.js';

/**
 * `npx iom-hub reports check` against the committed schema, then against a copy of it changed on
 * purpose: the report that change breaks fails, naming the workbook that runs it.
 */
const ROOT = new URL('..', import.meta.url).pathname;
const QUERY = 'query Measures { measures { name version } }';
let t: TestHub;
let runner: QueryRunner;
let dir: string;

beforeAll(async () => {
  t = await startTestHub();
  dir = mkdtempSync(join(tmpdir(), 'iom-hub-check-'));
  const analyst = await t.token(Role.ANALYST, ['norfolk-suffolk']);
  dataOf(await t.gql('mutation ($x: PublishReportInput!) { publishReport(input: $x) { version } }', { x: { name: 'measure-list', title: 'Measures', description: 'Every measure', query: QUERY } }, analyst.caller));
  runner = await localRunner(t.orm, 'command line: refresh');
  await runner.forBinding({ workbook: 'wb-measures', binding: 'b-1', title: 'Definitions.xlsx' }).request(QUERY);
});
afterAll(async () => {
  await runner.close();
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

async function check(schemaFile: string): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const spy = vi.spyOn(console, 'log').mockImplementation((text: string) => void lines.push(text));
  try {
    const code = await reportsCommand.run(['check', '--schema', schemaFile, '--database', t.databaseUrl]);
    return { code, out: lines.join('\n') };
  } finally {
    spy.mockRestore();
  }
}

it('holds for every report and query in use against the committed schema', async () => {
  const { code, out } = await check(join(ROOT, 'schema/schema.graphql'));
  expect(out).toMatch(/^All \d+ hold against .*schema\.graphql\.$/);
  expect(code).toBe(0);
});

it('fails a report a schema change breaks, and names the workbooks it would break', async () => {
  const changed = readFileSync(join(ROOT, 'schema/schema.graphql'), 'utf8').replace(/(type MeasureDefinition \{[\s\S]*?)\n\s*"""\s*The version of the definition[\s\S]*?"""\s*\n\s*version: Int!/, '$1');
  expect(changed).not.toBe(readFileSync(join(ROOT, 'schema/schema.graphql'), 'utf8'));
  const file = join(dir, 'changed.graphql');
  writeFileSync(file, changed);
  const { code, out } = await check(file);
  expect(out.split('\n')).toEqual([
    'FAILS   measure-list v1',
    '        Cannot query field "version" on type "MeasureDefinition". (line 1, column 34)',
    '        would break: Definitions.xlsx [wb-measures] (1 binding)',
    expect.stringMatching(/^1 of \d+ fail against .*changed\.graphql\.$/),
  ]);
  expect(code).toBe(1);
});
