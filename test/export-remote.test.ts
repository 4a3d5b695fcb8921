import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { bindingsFromXml } from '../addin/binding.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toTable } from '../addin/result-table.js';
import { reportLayout } from '../server/reports/report-layout.js';
import { hubSchema } from '../server/schema.js';
import { loadReportLibrary } from '../server/reports/report-library.js';
import { dataOf, startTestHub, type TestHub } from './support/hub.js';

const run = promisify(execFile);
const ROOT = new URL('..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'iom-hub-remote-'));
const VARS = { partnership: 'norfolk-suffolk', financialYear: '2014/15' };
let t: TestHub;
let url: string;
let token: string;

beforeAll(async () => {
  t = await startTestHub();
  url = `http://127.0.0.1:${await t.hub.listen(0, '127.0.0.1')}`;
  token = (await t.token('FINANCE', ['norfolk-suffolk'])).token;
});
afterAll(async () => {
  t.hub.httpServer.close();
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The CLI as a child process, so the hub in this process keeps answering it over HTTP. */
const cli = (...args: string[]) =>
  run('node', ['bin/iom-hub.js', ...args], { cwd: ROOT, timeout: 60_000 }).then(
    (done) => ({ ...done, code: 0 }),
    (error) => error as { code: number; stdout: string; stderr: string },
  );

describe('export and refresh against a running hub (--url, --token)', () => {
  it('export then refresh over HTTP with a finance token: the workbook holds what the hub answers that token', { timeout: 120_000 }, async () => {
    const file = join(dir, 'establishment.xlsx');
    const exported = await cli('export', 'establishment', '--partnership', VARS.partnership, '--year', VARS.financialYear, '--out', file, '--url', url, '--token', token);
    expect(exported.stdout).toMatch(new RegExp(`^Establishment budget: \\d+ rows from ${url} in \\d+ ms\\.$`, 'm'));
    const refreshed = await cli('refresh', file, '--url', url, '--token', token);
    expect(refreshed.stderr).toContain(`data from ${url}`);

    const report = loadReportLibrary().find((r) => r.name === 'establishment')!;
    const expected = toTable(dataOf(await t.gql(report.query, VARS)), reportLayout(hubSchema(), report.query));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(readFileSync(file) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect(expected.rows.map((_, i) => expected.columns.map((__, c) => sheet.getRow(3 + i).getCell(c + 1).value ?? null))).toEqual(expected.rows);
    // The hub's address is kept in the bindings (never the token).
    const part = strFromU8(unzipSync(readFileSync(file))['customXml/item1.xml']);
    expect(bindingsFromXml(part).hub).toBe(url);
    expect(part).not.toContain(token);
  });

  it('a board token gives a board pack: counts as the hub shows a board, rounded to base 5', { timeout: 120_000 }, async () => {
    const board = (await t.token('BOARD', ['thurrock'])).token;
    const file = join(dir, 'board-snapshot.csv');
    const exported = await cli('export', 'cohort-snapshot', '--partnership', 'thurrock', '--var', 'date=2012-09-30', '--out', file, '--url', url, '--token', board);
    expect(exported.code).toBe(0);
    const [header, first] = readFileSync(file, 'utf8').split('\r\n').map((line) => line.split(','));
    const row = Object.fromEntries(header.map((name, i) => [name, Number(first[i])]));
    // Columns under the schema's labels.
    const layout = reportLayout(hubSchema(), loadReportLibrary().find((r) => r.name === 'cohort-snapshot')!.query);
    const labelled = (path: string) => row[layout.columns.find((c) => c.path === path)!.header];
    expect(['total', 'red', 'amber', 'green', 'inPrison', 'added', 'removed', 'reoffended'].map(labelled)).toEqual([50, 15, 15, 5, 15, 5, 0, 10]);
  });

  it('a refused token gives a clear message and no file', { timeout: 120_000 }, async () => {
    const file = join(dir, 'refused.xlsx');
    const refused = await cli('export', 'cost-share', '--partnership', VARS.partnership, '--year', VARS.financialYear, '--out', file, '--url', url, '--token', 'iomh_not-a-real-token');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('The hub refused the token (HTTP 401). Check the token, or ask the hub\'s administrator for a new one.');
    expect(existsSync(file)).toBe(false);
  });

  it("the hub's access rules apply: a token for another partnership is refused that partnership's report", { timeout: 120_000 }, async () => {
    const thurrock = (await t.token('FINANCE', ['thurrock'])).token;
    const denied = await cli('export', 'cost-share', '--partnership', VARS.partnership, '--year', VARS.financialYear, '--out', join(dir, 'denied.csv'), '--url', url, '--token', thurrock);
    expect(denied.code).toBe(1);
    expect(denied.stderr).toMatch(/norfolk-suffolk/);
  });
});
