import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { freezeCommand } from '../server/cli/freeze.command.js';
import { loadReportLibrary } from '../server/reports/report-library.js';
import { localRunner } from '../server/workbook/query-runner.js';
import { exportWorkbook } from '../server/workbook/report-file.js';
import { Role } from '../server/access/role.js';
import type { Caller } from '../server/access/caller.js';
import { dataOf, startTestHub, type TestHub } from './support/hub.js';

/**
 * Board-pack snapshots: freeze a workbook's bindings, change the data, then "compare with live"
 * lists exactly the values that changed and the frozen copy is still the answer served, byte for byte.
 */
let t: TestHub;
let finance: Caller;
let otherFinance: Caller;

const ESTABLISHMENT = 'query ($p: String!, $y: String!) { establishment(partnership: $p, financialYear: $y) { totalFte totalBudget knownBudget nonPayTotal } }';
const YEARS = '{ financialYears { label } }';
const variables = { p: 'norfolk-suffolk', y: '2014/15' };
const FREEZE = 'mutation ($x: FreezeWorkbookInput!) { freezeWorkbook(input: $x) { id takenAt bindings { binding queryHash data measures } } }';
const SNAPSHOT = 'query ($id: Int!) { workbookSnapshot(id: $id) { takenAt bindings { binding data } } }';

beforeAll(async () => {
  t = await startTestHub();
  finance = (await t.token(Role.FINANCE, ['norfolk-suffolk'])).caller;
  otherFinance = (await t.token(Role.FINANCE, ['norfolk-suffolk'])).caller;
});
afterAll(() => t.close());

it('freezes what was served, lists exactly the changed values against live, and gives the frozen copy back byte for byte', async () => {
  const served = dataOf(await t.gql(ESTABLISHMENT, variables, finance));
  const bindings = [
    { binding: 'est', title: 'Establishment', query: ESTABLISHMENT, variables: JSON.stringify(variables) },
    { binding: 'years', title: 'Years', query: YEARS },
  ];
  const frozen = dataOf(await t.gql(FREEZE, { x: { workbook: 'wb-board-pack', title: 'Board pack.xlsx', bindings } }, finance)).freezeWorkbook;
  expect(frozen.bindings.map((b: { binding: string }) => b.binding)).toEqual(['est', 'years']);
  expect(frozen.bindings[0].data).toBe(JSON.stringify(served));
  expect(JSON.parse(frozen.bindings[0].measures).map((m: { name: string }) => m.name)).toEqual(['Establishment totals']);
  expect(frozen.bindings[0].queryHash).toMatch(/^[0-9a-f]{64}$/);

  // Nothing changed yet: compare lists nothing.
  expect(dataOf(await t.gql('query ($id: Int!) { compareSnapshotWithLive(id: $id) { path } }', { id: frozen.id }, finance)).compareSnapshotWithLive).toEqual([]);

  // The data changes: a post is added to the year's establishment.
  dataOf(await t.gql('mutation ($x: EstablishmentLineInput!) { addEstablishmentLine(partnership: "norfolk-suffolk", financialYear: "2014/15", line: $x) { id } }', { x: { grade: 'Snapshot constable', fte: 1.5, budget: 45000 } }, finance));
  const live = dataOf(await t.gql(ESTABLISHMENT, variables, finance)).establishment;
  const changed = Object.keys(live).filter((key) => live[key] !== served.establishment[key]);
  expect(changed).toContain('totalFte');

  const changes = dataOf(await t.gql('query ($id: Int!) { compareSnapshotWithLive(id: $id) { binding path frozen live } }', { id: frozen.id }, finance)).compareSnapshotWithLive;
  expect(changes).toEqual(changed.map((key) => ({ binding: 'est', path: `establishment.${key}`, frozen: JSON.stringify(served.establishment[key]), live: JSON.stringify(live[key]) })));

  // The frozen copy is what was served, byte for byte, and it is for the token that froze it.
  const again = dataOf(await t.gql(SNAPSHOT, { id: frozen.id }, finance)).workbookSnapshot;
  expect(again.bindings[0].data).toBe(JSON.stringify(served));
  expect(again.takenAt).toBe(frozen.takenAt);
  expect(dataOf(await t.gql(SNAPSHOT, { id: frozen.id }, otherFinance)).workbookSnapshot).toBeNull();
  expect(dataOf(await t.gql(SNAPSHOT, { id: frozen.id })).workbookSnapshot.bindings[1].data).toBe(frozen.bindings[1].data);
});

it('freezes all or nothing: a binding the hub cannot answer is named and nothing is kept', async () => {
  const result = await t.gql(FREEZE, { x: { workbook: 'wb-bad', bindings: [{ binding: 'ok', query: YEARS }, { binding: 'bad', query: '{ financialYears { nosuch } }' }] } }, finance);
  expect(result.errors?.[0].message).toBe('input.bindings[1]: Cannot query field "nosuch" on type "FinancialYear". (line 1, column 20)');
  const { workbookSnapshot } = dataOf(await t.gql(SNAPSHOT, { id: 2 }));
  expect(workbookSnapshot).toBeNull();
});

it('freezes a workbook file from the command line (npx iom-hub freeze)', async () => {
  const runner = await localRunner(t.orm, 'test: export');
  const dir = mkdtempSync(join(tmpdir(), 'iom-hub-freeze-'));
  try {
    const report = loadReportLibrary().find((r) => r.name === 'cost-share')!;
    const { bytes } = await exportWorkbook({ client: runner.client, report, variables: { partnership: 'norfolk-suffolk', financialYear: '2014/15' }, lineage: { forBinding: runner.forBinding } });
    const file = join(dir, 'pack.xlsx');
    writeFileSync(file, bytes);
    const lines: string[] = [];
    const spy = vi.spyOn(console, 'log').mockImplementation((text: string) => void lines.push(text));
    try {
      expect(await freezeCommand.run([file, '--database', t.databaseUrl])).toBe(0);
    } finally {
      spy.mockRestore();
    }
    const id = Number(/^Snapshot (\d+): snapshot as at \S+ \(1 binding, the local database\)\.$/.exec(lines.at(-1)!)![1]);
    const served = dataOf(await t.gql(report.query, { partnership: 'norfolk-suffolk', financialYear: '2014/15' }));
    const snapshot = dataOf(await t.gql('query ($id: Int!) { workbookSnapshot(id: $id) { title bindings { variables data } } }', { id })).workbookSnapshot;
    expect(snapshot).toEqual({ title: 'pack.xlsx', bindings: [{ variables: '{"partnership":"norfolk-suffolk","financialYear":"2014/15"}', data: JSON.stringify(served) }] });
  } finally {
    await runner.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
