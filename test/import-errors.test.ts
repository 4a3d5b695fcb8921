import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, startTestHub, type TestHub } from './support/hub.js';
import { dataSnapshot } from './support/snapshot.js';
import { csvOf, importBytes, importTable, xlsxOf, type ImportCall } from './import-support.js';
import type { ImportReport } from '../server/import/import.service.js';

/** Malformed files: each gives a precise problem (row, column, reason), and nothing changes. */
let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
});
afterAll(() => t.close());

const OFFENCES: ImportCall = { kind: 'offences', partnership: 'norfolk-suffolk' };
const HEADER = ['Nominal reference', 'Offence reference', 'CrimSec3 code', 'Offence date', 'Outcome', 'Outcome date'];
const good = (n: number) => ['NOR-0001', `ERR-${n}`, '28A', '2014-02-01', 'CONVICTION', '2014-03-01'];

/** Runs the import and checks that it refused, wrote nothing and left no audit entry. */
async function refused(run: () => Promise<ImportReport>): Promise<ImportReport> {
  const before = await dataSnapshot(t.orm);
  const audits = (await t.orm.em.getConnection().execute("select count(*) as n from audit_entry where action = 'IMPORT'"))[0].n;
  const report = await run();
  expect(report.problemCount).toBeGreaterThan(0);
  expect(report).toMatchObject({ written: false, inserted: 0, updated: 0 });
  expect(await dataSnapshot(t.orm)).toBe(before);
  expect((await t.orm.em.getConnection().execute("select count(*) as n from audit_entry where action = 'IMPORT'"))[0].n).toBe(audits);
  return report;
}

describe('a file that cannot be read', () => {
  it('refuses bytes that are not UTF-8, naming the line', async () => {
    const bytes = Buffer.concat([Buffer.from(`${HEADER.join(',')}\n${good(1).join(',')}\nNOR-0002,ERR-2,28A,2014-02-01,CONVICTION,2014-03-01 caf`), Buffer.from([0xe9]), Buffer.from('\n')]);
    const report = await refused(() => importBytes(t.orm, bytes, OFFENCES));
    expect(report.problems).toEqual([{ row: null, column: null, reason: expect.stringMatching(/^the file is not UTF-8 text \(an invalid byte on line 3/) }]);
  });

  it('refuses an empty file and a header with no rows', async () => {
    expect((await refused(() => importBytes(t.orm, '', OFFENCES))).problems).toEqual([{ row: null, column: null, reason: 'the file is empty: it has no header row and no data.' }]);
    expect((await refused(() => importBytes(t.orm, `${HEADER.join(',')}\n\n`, OFFENCES))).problems).toEqual([{ row: null, column: null, reason: 'the file has a header row but no data rows.' }]);
  });

  it('refuses a workbook whose shared text cannot be read, naming the cell, rather than reading blanks', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'iom-hub-shared-strings-'));
    try {
      const whole = join(dir, 'whole.xlsx');
      const broken = join(dir, 'broken.xlsx');
      writeFileSync(whole, await xlsxOf([HEADER, good(1)]));
      // The same workbook without its shared-strings part: its text cells still point into it.
      const drop = 'import sys, zipfile\nwith zipfile.ZipFile(sys.argv[1]) as a, zipfile.ZipFile(sys.argv[2], "w", zipfile.ZIP_DEFLATED) as b:\n  [b.writestr(i, a.read(i.filename)) for i in a.infolist() if i.filename != "xl/sharedStrings.xml"]';
      await promisify(execFile)('/usr/bin/python3', ['-c', drop, whole, broken]);
      const report = await refused(() => importBytes(t.orm, readFileSync(broken), { ...OFFENCES, format: 'xlsx' }));
      expect(report.problems).toEqual([{ row: null, column: null, reason: expect.stringMatching(/^cell A1: its text is in the workbook's shared strings, which could not be read/) }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a workbook that is not one', async () => {
    const report = await refused(() => importBytes(t.orm, 'not a zip', { ...OFFENCES, format: 'xlsx' }));
    expect(report.problems[0].reason).toMatch(/^the file is not readable as an Excel workbook \(\.xlsx\)/);
  });
});

describe('the header row', () => {
  it('names every missing required column', async () => {
    const report = await refused(() => importTable(t.orm, [HEADER.filter((h) => h !== 'Outcome' && h !== 'Offence date'), ['NOR-0001', 'ERR-1', '28A', '2014-03-01']], OFFENCES));
    expect(report.problems).toEqual([
      { row: 1, column: 'Offence date', reason: 'the required column "Offence date" is missing (also accepted: "Date of offence", "Committed on").' },
      { row: 1, column: 'Outcome', reason: 'the required column "Outcome" is missing (also accepted: "Disposal", "Disposal type").' },
    ]);
  });

  it('refuses a duplicated header, and two headers for one column', async () => {
    const twice = await refused(() => importTable(t.orm, [[...HEADER, 'Outcome'], [...good(1), 'CAUTION']], OFFENCES));
    expect(twice.problems).toEqual([{ row: 1, column: 'Outcome', reason: 'the header "Outcome" appears twice.' }]);
    const aliases = await refused(() => importTable(t.orm, [[...HEADER, 'Date of Offence'], [...good(1), '2014-02-01']], OFFENCES));
    expect(aliases.problems).toEqual([{ row: 1, column: 'Date of Offence', reason: '"Date of Offence" and "Offence date" both name the column "Offence date".' }]);
  });

  it('needs a Partnership column or --partnership', async () => {
    const report = await refused(() => importTable(t.orm, [HEADER, good(1)], { kind: 'offences' }));
    expect(report.problems).toEqual([{ row: 1, column: 'Partnership', reason: 'the required column "Partnership" is missing (also accepted: "Partnership code").' }]);
  });

  it('lists unknown columns with the report', async () => {
    const report = await importTable(t.orm, [[...HEADER, 'Officer in case'], [...good(1), 'PC Smith']], { ...OFFENCES, dryRun: true });
    expect(report).toMatchObject({ problemCount: 0, unknownColumns: ['Officer in case'], inserted: 1 });
  });
});

describe('bad rows', () => {
  it('reports every bad row with its row number, column and reason, and writes none of the good ones', async () => {
    const report = await refused(() =>
      importTable(t.orm, [
        HEADER,
        good(1),
        ['NOR-0001', 'ERR-2', '28A', '2014-02-30', 'CONVICTION', '2014-03-01'],
        ['NOR-0001', 'ERR-3', '99Z', '2014-02-01', 'CONVICTION', '2014-03-01'],
        ['NOR-0001', 'ERR-4', '28A', '2014-02-01', 'ACQUITTED', '2014-03-01'],
        ['NOR-9999', 'ERR-5', '28A', '2014-02-01', 'CONVICTION', '2014-03-01'],
        ['NOR-0001', 'ERR-1', '28A', '2014-02-01', 'CONVICTION', '2014-03-01'],
        ['NOR-0001', 'ERR-7', '28A', '2014-03-01', 'CONVICTION', '2014-02-01'],
        ['NOR-0001', '', '28A', '2014-03-01', 'CONVICTION', '2014-04-01'],
        good(9),
      ], OFFENCES),
    );
    expect(report.problems).toEqual([
      { row: 3, column: 'Offence date', reason: '"2014-02-30" is not a date; write it as YYYY-MM-DD.' },
      { row: 4, column: 'CrimSec3 code', reason: '"99Z" is not a known CrimSec3 code.' },
      { row: 5, column: 'Outcome', reason: '"ACQUITTED" is not one of CONVICTION, CAUTION.' },
      { row: 6, column: 'Nominal reference', reason: 'Norfolk & Suffolk 180 Joint IOM has no nominal "NOR-9999" (import the nominals first).' },
      { row: 7, column: 'Offence reference', reason: '"ERR-1" is already on row 2 of this file.' },
      { row: 8, column: 'Outcome date', reason: '2014-02-01 is before the offence (2014-03-01).' },
      { row: 9, column: 'Offence reference', reason: 'must not be empty.' },
    ]);
    expect(report.rows).toBe(9);
  });

  it('refuses an unknown partnership, in a column or as --partnership', async () => {
    const column = await refused(() => importTable(t.orm, [['Partnership', ...HEADER], ['norfolk-suffolk', ...good(1)], ['nowhere', ...good(2)]], { kind: 'offences' }));
    expect(column.problems).toEqual([{ row: 3, column: 'Partnership', reason: 'there is no partnership "nowhere".' }]);
    const option = await refused(() => importTable(t.orm, [HEADER, good(1)], { kind: 'offences', partnership: 'nowhere' }));
    expect(option.problems).toEqual([{ row: null, column: null, reason: 'partnership: there is no partnership "nowhere".' }]);
  });

  it('refuses a negative FTE and FTE on an overtime line with the establishment rule', async () => {
    const report = await refused(() =>
      importTable(t.orm, [
        ['Line reference', 'Financial year', 'Grade', 'Kind', 'FTE', 'Budget'],
        ['NEG-1', '2014/15', 'Constable', 'POST', '-1', '1000'],
        ['NEG-2', '2014/15', 'Overtime', 'OVERTIME', '1', '1000'],
        ['NEG-3', '2019/20', 'Sergeant', 'POST', '1', '1000'],
        ['NEG-4', '2014/15', 'Sergeant', 'POST', '1', '10.001'],
      ], { kind: 'establishment-lines', partnership: 'norfolk-suffolk' }),
    );
    expect(report.problems).toEqual([
      { row: 2, column: 'FTE', reason: 'must not be negative (got -1).' },
      { row: 3, column: 'FTE', reason: 'overtime lines carry no FTE of their own; record the posts as POST lines.' },
      { row: 4, column: 'Financial year', reason: 'financial year 2019/20 is not open in the hub (open it with openFinancialYear).' },
      { row: 5, column: 'Budget', reason: 'must be whole pence (got 10.001).' },
    ]);
  });

  it('lists the first 100 problems and counts the rest', async () => {
    const rows = Array.from({ length: 150 }, (_, i) => ['NOR-0001', `CAP-${i}`, 'XX', '2014-02-01', 'CONVICTION', '2014-03-01']);
    const report = await refused(() => importTable(t.orm, [HEADER, ...rows], OFFENCES));
    expect(report.problemCount).toBe(150);
    expect(report.problems).toHaveLength(100);
    expect(report.problems[99]).toEqual({ row: 101, column: 'CrimSec3 code', reason: '"XX" is not a known CrimSec3 code.' });
  });
});

describe('a dry run', () => {
  it('counts what would be inserted, updated and unchanged, and writes nothing', async () => {
    await importTable(t.orm, [HEADER, good(50), good(51)], OFFENCES);
    const before = await dataSnapshot(t.orm);
    const report = await importTable(t.orm, [HEADER, good(50), ['NOR-0001', 'ERR-51', '28B', '2014-02-01', 'CONVICTION', '2014-03-01'], good(52)], { ...OFFENCES, dryRun: true });
    expect(report).toMatchObject({ dryRun: true, written: false, rows: 3, inserted: 1, updated: 1, unchanged: 1, problemCount: 0 });
    expect(await dataSnapshot(t.orm)).toBe(before);
  });
});

describe('importRows (GraphQL)', () => {
  const IMPORT = 'mutation ($csv: String!, $dry: Boolean) { importRows(kind: "offences", partnership: "norfolk-suffolk", csv: $csv, dryRun: $dry, fileName: "pane.csv") { file rows inserted updated unchanged written problemCount problems { row column reason } unknownColumns } }';

  it('imports through the same checks and reports problems by row and column', async () => {
    const ok = dataOf(await t.gql(IMPORT, { csv: csvOf([HEADER, good(70)]) })).importRows;
    expect(ok).toMatchObject({ file: 'pane.csv', rows: 1, inserted: 1, written: true, problemCount: 0 });
    const before = await dataSnapshot(t.orm);
    const bad = dataOf(await t.gql(IMPORT, { csv: csvOf([HEADER, good(71), ['NOR-0001', 'ERR-72', '99Z', '2014-02-01', 'CONVICTION', '2014-03-01']]) })).importRows;
    expect(bad).toMatchObject({ written: false, problemCount: 1, problems: [{ row: 3, column: 'CrimSec3 code', reason: '"99Z" is not a known CrimSec3 code.' }] });
    expect(await dataSnapshot(t.orm)).toBe(before);
  });

  it('is for the roles that own the data: not boards, and each kind only for its owners', async () => {
    const board = await t.gql(IMPORT, { csv: csvOf([HEADER, good(80)]) }, (await t.token('BOARD', ['norfolk-suffolk'])).caller);
    expect(board.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    const before = await dataSnapshot(t.orm);
    const finance = dataOf(await t.gql(IMPORT, { csv: csvOf([HEADER, good(80)]) }, (await t.token('FINANCE', ['norfolk-suffolk'])).caller)).importRows;
    expect(finance).toMatchObject({ written: false, problems: [{ row: null, column: null, reason: 'a finance token may not import offences: they are imported by admin or case-manager tokens.' }] });
    expect(await dataSnapshot(t.orm)).toBe(before);
  });
});

describe('npx iom-hub import (the command, as a process)', () => {
  it('imports a file, then refuses a bad one with exit status 1 and the problems listed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'iom-hub-import-cli-'));
    try {
      const run = promisify(execFile);
      const cli = (args: string[]) => run(process.execPath, ['bin/iom-hub.js', 'import', ...args, '--database', t.databaseUrl], { cwd: process.cwd() });
      const file = join(dir, 'offences.csv');
      writeFileSync(file, csvOf([HEADER, good(90), good(91)]));
      const first = await cli(['offences', file, '--partnership', 'norfolk-suffolk']);
      expect(first.stdout).toContain('offences.csv: 2 offences rows: 2 inserted, 0 updated, 0 unchanged.');
      const dry = await cli(['offences', file, '--partnership', 'norfolk-suffolk', '--dry-run']);
      expect(dry.stdout).toContain('0 would insert, 0 would update, 2 unchanged. (dry run: nothing written)');
      writeFileSync(file, csvOf([HEADER, good(92), ['NOR-0001', 'ERR-93', '28A', 'yesterday', 'CONVICTION', '2014-03-01']]));
      const bad = await cli(['offences', file, '--partnership', 'norfolk-suffolk']).then(
        () => null,
        (error: { code: number; stdout: string }) => error,
      );
      expect(bad?.code).toBe(1);
      expect(bad?.stdout).toContain('offences.csv: 1 problem; nothing was written.\n  row 3, Offence date: "yesterday" is not a date; write it as YYYY-MM-DD.');
      const help = await run(process.execPath, ['bin/iom-hub.js', 'import', 'offences', '--help']);
      expect(help.stdout).toContain('CrimSec3 code      required  text. A code of the hub\'s CrimSec3 table, e.g. 28A. Also: "CrimSec3"');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000); // four command processes, each starting the hub's code
});
