import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, startTestHub, type TestHub } from './support/hub.js';
import { importBytes, importTable, xlsxOf, type Table } from './import-support.js';

/**
 * Every kind, as CSV and as a real .xlsx: import with partner-style headers, read back through
 * GraphQL, import again (everything unchanged, versions alone), then change one value (one row
 * updated, its version moves on).
 */
let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
});
afterAll(() => t.close());

interface Case {
  kind: string;
  partnership?: string;
  /** The file, for a suffix that keeps the CSV and XLSX runs apart. */
  table(s: string): Table;
  /** Reads the imported records back through GraphQL, as plain values to compare. */
  readBack(s: string): Promise<unknown[]>;
  expected(s: string): unknown[];
  /** The same file with one value changed in the first data row. */
  change(table: Table): Table;
  /** The version of the changed record, read back through GraphQL (null for unversioned tables). */
  version?(s: string): Promise<number>;
}

const gql = async (query: string) => dataOf(await t.gql(query));
/** Every member whose reference starts with IMP-<s>-, read a page at a time (a page of whole records is bounded by the hub's cost limit). */
const cohortOf = async (s: string) => {
  const nodes: any[] = [];
  for (let after: string | null = null; ; ) {
    const { cohort }: any = dataOf(await t.gql(`query ($after: String) { cohort(partnership: "turnaround", first: 25, after: $after, sort: REFERENCE) { endCursor hasNextPage nodes { startDate endDate deselectionReason version nominal { reference gender ageBand ethnicity statutoryStatus needs version offences { reference category { code } offenceDate outcome outcomeDate version } } reviews { reference reviewDate status note version } } } }`, { after }));
    nodes.push(...cohort.nodes);
    if (!cohort.hasNextPage) break;
    after = cohort.endCursor;
  }
  return nodes.filter((n: { nominal: { reference: string } }) => n.nominal.reference.startsWith(`IMP-${s}-`));
};
const withCell = (table: Table, column: number, value: string): Table => table.map((row, i) => (i === 1 ? row.map((cell, j) => (j === column ? value : cell)) : row));

const CASES: Case[] = [
  {
    kind: 'nominals',
    partnership: 'turnaround',
    table: (s) => [
      ['Nominal ID', 'Sex', 'Age group', 'Ethnicity', 'Supervision', 'Pathways', 'Date joined', 'Date left', 'Reason for leaving'],
      [`IMP-${s}-1`, 'Male', '18-24', 'White', 'NPS', 'drugs; alcohol', '2014-01-10', '', ''],
      [`IMP-${s}-2`, 'female', '25-34', 'Asian', 'non statutory', '', '2013-05-01', '2014-05-01', 'moved out of area'],
    ],
    readBack: async (s) =>
      (await cohortOf(s)).map((m: any) => [m.nominal.reference, m.nominal.gender, m.nominal.ageBand, m.nominal.ethnicity, m.nominal.statutoryStatus, m.nominal.needs, m.startDate, m.endDate, m.deselectionReason]),
    expected: (s) => [
      [`IMP-${s}-1`, 'MALE', '18-24', 'White', 'NPS', ['DRUGS', 'ALCOHOL'], '2014-01-10', null, null],
      [`IMP-${s}-2`, 'FEMALE', '25-34', 'Asian', 'NON_STATUTORY', [], '2013-05-01', '2014-05-01', 'MOVED_OUT_OF_AREA'],
    ],
    change: (table) => withCell(table, 2, '25-34'),
    version: async (s) => (await cohortOf(s))[0].nominal.version,
  },
  {
    kind: 'status-reviews',
    partnership: 'turnaround',
    table: (s) => [
      ['Nominal', 'Review ID', 'Date of review', 'RAG status', 'Comment'],
      [`IMP-${s}-1`, `REV-${s}-1`, '2014-02-01', 'amber', 'Missed an appointment'],
      [`IMP-${s}-2`, `REV-${s}-2`, '2013-06-01', 'In prison', ''],
    ],
    readBack: async (s) => (await cohortOf(s)).flatMap((m: any) => m.reviews.map((r: any) => [m.nominal.reference, r.reference, r.reviewDate, r.status, r.note])),
    expected: (s) => [
      [`IMP-${s}-1`, `REV-${s}-1`, '2014-02-01', 'AMBER', 'Missed an appointment'],
      [`IMP-${s}-2`, `REV-${s}-2`, '2013-06-01', 'IN_PRISON', null],
    ],
    change: (table) => withCell(table, 3, 'red'),
    version: async (s) => (await cohortOf(s))[0].reviews[0].version,
  },
  {
    kind: 'offences',
    partnership: 'turnaround',
    table: (s) => [
      ['Nominal reference', 'Offence ID', 'CRIMSEC3 code', 'Date of Offence', 'Disposal', 'Date of outcome'],
      [`IMP-${s}-1`, `OFF-${s}-1`, '28A', '15/02/2014', 'conviction', '2014-03-01'],
      [`IMP-${s}-1`, `OFF-${s}-2`, '37.2', '2014-03-20', 'Caution', '2014-03-21'],
      [`IMP-${s}-2`, `OFF-${s}-3`, '45', '2013-07-01', 'CONVICTION', '2013-09-01'],
    ],
    readBack: async (s) =>
      (await cohortOf(s)).flatMap((m: any) => m.nominal.offences.map((o: any) => [m.nominal.reference, o.reference, o.category.code, o.offenceDate, o.outcome, o.outcomeDate])),
    expected: (s) => [
      [`IMP-${s}-1`, `OFF-${s}-1`, '28A', '2014-02-15', 'CONVICTION', '2014-03-01'],
      [`IMP-${s}-1`, `OFF-${s}-2`, '37.2', '2014-03-20', 'CAUTION', '2014-03-21'],
      [`IMP-${s}-2`, `OFF-${s}-3`, '45', '2013-07-01', 'CONVICTION', '2013-09-01'],
    ],
    change: (table) => withCell(table, 5, '2014-03-02'),
    version: async (s) => (await cohortOf(s))[0].nominal.offences.find((o: any) => o.reference === `OFF-${s}-1`).version,
  },
  {
    kind: 'establishment-lines',
    table: (s) => [
      ['Partnership', 'Post reference', 'FY', 'Rank or scale', 'Line kind', 'Agency', 'Full time equivalent', 'Baseline budget', 'On-costs', 'Notes'],
      ['norfolk-suffolk', `L-${s}-1`, '2016/17', 'Constable', 'post', 'nps', '2.5', '£81,000.50', '25', 'Imported'],
      ['norfolk-suffolk', `L-${s}-2`, '2016/17', 'Overtime', 'OVERTIME', '', '0', '1200', '', ''],
    ],
    readBack: async (s) =>
      (await gql('{ establishment(partnership: "norfolk-suffolk", financialYear: "2016/17") { lines { reference grade kind fte budget onCostPercent notes employingAgency { code } } } }')).establishment.lines
        .filter((l: any) => l.reference?.startsWith(`L-${s}-`))
        .map((l: any) => [l.reference, l.grade, l.kind, l.fte, l.budget, l.onCostPercent, l.notes, l.employingAgency?.code ?? null]),
    expected: (s) => [
      [`L-${s}-1`, 'Constable', 'POST', 2.5, 81000.5, 25, 'Imported', 'nps'],
      [`L-${s}-2`, 'Overtime', 'OVERTIME', 0, 1200, null, null, null],
    ],
    change: (table) => withCell(table, 6, '3'),
    version: async (s) =>
      (await gql('{ establishment(partnership: "norfolk-suffolk", financialYear: "2016/17") { lines { reference version } } }')).establishment.lines.find((l: any) => l.reference === `L-${s}-1`).version,
  },
  {
    kind: 'funding-streams',
    partnership: 'norfolk-suffolk',
    table: (s) => [
      ['Grant reference', 'Funding body', 'Purpose', 'Expected', 'First year', 'Last year', 'End date', 'Status'],
      [`S-${s}-1`, 'Police and Crime Commissioner', 'Analyst post', '30,000', '2016/17', '2016/17', '2017-03-31', 'confirmed'],
      [`S-${s}-2`, 'Home Office', 'Drug testing', '', '2016/17', '', '', 'not guaranteed'],
    ],
    readBack: async (s) =>
      (await gql('{ fundingStreams(partnership: "norfolk-suffolk", financialYear: "2016/17") { reference funder purpose amountExpected fromFinancialYear toFinancialYear endDate certainty } }')).fundingStreams
        .filter((f: any) => f.reference?.startsWith(`S-${s}-`))
        .map((f: any) => [f.reference, f.funder, f.purpose, f.amountExpected, f.fromFinancialYear, f.toFinancialYear, f.endDate, f.certainty]),
    expected: (s) => [
      [`S-${s}-1`, 'Police and Crime Commissioner', 'Analyst post', 30000, '2016/17', '2016/17', '2017-03-31', 'CONFIRMED'],
      [`S-${s}-2`, 'Home Office', 'Drug testing', null, '2016/17', '2016/17', null, 'NOT_GUARANTEED'],
    ],
    change: (table) => withCell(table, 3, '31000'),
    version: async (s) => (await gql('{ fundingStreams(partnership: "norfolk-suffolk", financialYear: "2016/17") { reference version } }')).fundingStreams.find((f: any) => f.reference === `S-${s}-1`).version,
  },
  {
    kind: 'funding-risks',
    partnership: 'norfolk-suffolk',
    table: (s) => [
      ['Risk ID', 'Year', 'Risk', 'Amount at risk', 'Certainty', 'Probability', 'Risk owner'],
      [`R-${s}-1`, '2016/17', 'Grant ends', '£50,000', 'ending', 'high', 'Board chair'],
    ],
    readBack: async (s) =>
      (await gql('{ fundingRisks(partnership: "norfolk-suffolk", financialYear: "2016/17") { reference title exposure certainty likelihood owner } }')).fundingRisks
        .filter((r: any) => r.reference?.startsWith(`R-${s}-`))
        .map((r: any) => [r.reference, r.title, r.exposure, r.certainty, r.likelihood, r.owner]),
    expected: (s) => [[`R-${s}-1`, 'Grant ends', 50000, 'ENDING', 'HIGH', 'Board chair']],
    change: (table) => withCell(table, 6, 'Treasurer'),
    version: async (s) => (await gql('{ fundingRisks(partnership: "norfolk-suffolk", financialYear: "2016/17") { reference version } }')).fundingRisks.find((r: any) => r.reference === `R-${s}-1`).version,
  },
  {
    kind: 'reoffending',
    partnership: 'turnaround',
    table: (s) => [
      ['Police force', 'Local authority area', 'Number of offenders', 'Actual proven reoffending rate', 'Predicted', '% difference', 'Rank by difference', 'Rank by actual'],
      [`Force ${s}`, 'Exeter', '1200', '5.38', '7.23', '-25.66', '1', '1'],
      [`Force ${s}`, '', '800', '8.83', '8.87', '-0.54', '', ''],
    ],
    readBack: async (s) =>
      (await gql('{ reoffendingComparison(partnership: "turnaround") { force localAuthority cohortSize actualRate predictedRate differencePercent } }')).reoffendingComparison
        .filter((r: any) => r.force === `Force ${s}`)
        .map((r: any) => [r.force, r.localAuthority, r.cohortSize, r.actualRate, r.predictedRate, r.differencePercent]),
    expected: (s) => [
      [`Force ${s}`, 'Exeter', 1200, 5.38, 7.23, -25.66],
      [`Force ${s}`, null, 800, 8.83, 8.87, -0.54],
    ],
    change: (table) => withCell(table, 2, '1201'),
  },
  {
    kind: 'unit-costs',
    table: (s) => [
      ['Version', 'Crime banding', 'Cost per offence', 'Source'],
      [`test-${s}`, 'Robbery', '£11,000', 'Test table'],
      [`test-${s}`, 'Burglary Dwelling', '3,925.50', 'Test table'],
    ],
    readBack: async (s) =>
      (await gql('{ unitCostsOfCrime { tableVersion banding cost source } }')).unitCostsOfCrime
        .filter((c: any) => c.tableVersion === `test-${s}`)
        .map((c: any) => [c.tableVersion, c.banding, c.cost, c.source]),
    expected: (s) => [
      [`test-${s}`, 'Robbery', 11000, 'Test table'],
      [`test-${s}`, 'Burglary Dwelling', 3925.5, 'Test table'],
    ],
    change: (table) => withCell(table, 2, '11500'),
  },
];

describe.each(['csv', 'xlsx'] as const)('a round trip of every kind as %s', (format) => {
  const s = format;
  it.each(CASES.map((c) => [c.kind, c] as const))('%s', async (_kind, c) => {
    const call = { kind: c.kind, partnership: c.partnership, format };
    const table = c.table(s);
    const rows = table.length - 1;
    const first = await importTable(t.orm, table, call);
    expect(first.problems).toEqual([]);
    expect(first).toMatchObject({ rows, inserted: rows, updated: 0, unchanged: 0, written: true });
    expect(await c.readBack(s)).toEqual(c.expected(s));

    const again = await importTable(t.orm, table, call);
    expect(again.problems).toEqual([]);
    expect(again).toMatchObject({ rows, inserted: 0, updated: 0, unchanged: rows, written: false, problemCount: 0 });
    expect(await c.readBack(s)).toEqual(c.expected(s));
    if (c.version) expect(await c.version(s)).toBe(1);

    const changed = await importTable(t.orm, c.change(table), call);
    expect(changed.problems).toEqual([]);
    expect(changed).toMatchObject({ rows, inserted: 0, updated: 1, unchanged: rows - 1, written: true, problemCount: 0 });
    if (c.version) expect(await c.version(s)).toBe(2);
  });
});

describe('the West Midlands table', () => {
  it('is updated in place, not duplicated, when the same table is imported', async () => {
    const before = (await gql('{ reoffendingComparison(partnership: "west-midlands") { localAuthority cohortSize } }')).reoffendingComparison;
    const report = await importTable(
      t.orm,
      [
        ['Force', 'Local authority', 'Cohort size', 'Actual rate', 'Predicted rate', 'Difference %', 'Rank by difference', 'Rank by actual'],
        ['West Midlands', 'Sandwell', '4576', '5.38', '7.23', '-25.66', '1', '1'],
        ['Greater Manchester', '', '2957', '8.83', '8.87', '-0.54', '107', '84'],
      ],
      { kind: 'reoffending', partnership: 'west-midlands' },
    );
    expect(report).toMatchObject({ rows: 2, inserted: 0, updated: 2, problemCount: 0 });
    const after = (await gql('{ reoffendingComparison(partnership: "west-midlands") { localAuthority cohortSize } }')).reoffendingComparison;
    expect(after).toHaveLength(before.length);
    expect(after.find((r: any) => r.localAuthority === 'Sandwell').cohortSize).toBe(4576);
  });
});

/** The same workbook with its parts stored in another order (Python's zipfile, as another writer would store them). */
function restored(bytes: Buffer, order: (names: string[]) => string[]): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'iom-hub-part-order-'));
  try {
    writeFileSync(join(dir, 'in.xlsx'), bytes);
    const script = 'import sys, json, zipfile\nwith zipfile.ZipFile(sys.argv[1]) as a, zipfile.ZipFile(sys.argv[2], "w", zipfile.ZIP_DEFLATED) as b:\n  [b.writestr(n, a.read(n)) for n in json.loads(sys.argv[3])]';
    const names = execFileSync('/usr/bin/python3', ['-c', 'import sys, zipfile, json; print(json.dumps(zipfile.ZipFile(sys.argv[1]).namelist()))', join(dir, 'in.xlsx')]).toString();
    execFileSync('/usr/bin/python3', ['-c', script, join(dir, 'in.xlsx'), join(dir, 'out.xlsx'), JSON.stringify(order(JSON.parse(names)))]);
    return readFileSync(join(dir, 'out.xlsx'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('a workbook whose parts are stored in another order', () => {
  const table: Table = [
    ['Nominal reference', 'Offence ID', 'CRIMSEC3 code', 'Date of Offence', 'Disposal', 'Date of outcome'],
    ['NOR-0001', 'ORDER-1', '28A', '2014-02-15', 'conviction', '2014-03-01'],
    ['NOR-0001', 'ORDER-2', '37.2', '2014-03-20', 'Caution', '2014-03-21'],
  ];
  const call = { kind: 'offences', partnership: 'norfolk-suffolk', format: 'xlsx' as const, dryRun: true };
  const last = (name: string) => (names: string[]) => [...names.filter((n) => n !== name), name];
  const orders: [string, (names: string[]) => string[]][] = [
    ["the relationships and shared text before the sheet, the workbook part last", (names) => last('xl/workbook.xml')([...names.filter((n) => /rels|sharedStrings|styles/.test(n)), ...names.filter((n) => !/rels|sharedStrings|styles/.test(n))])],
    ['every part reversed', (names) => [...names].reverse()],
    ['the sheet last', last('xl/worksheets/sheet1.xml')],
  ];
  it.each(orders)('is read as the writer stored it: %s', async (_order, order) => {
    const bytes = await xlsxOf(table);
    const expected = await importBytes(t.orm, bytes, call);
    expect(expected).toMatchObject({ rows: 2, inserted: 2, problemCount: 0 });
    expect(await importBytes(t.orm, restored(bytes, order), call)).toEqual(expected);
  });
});

describe('the audit log', () => {
  it('has one entry per import with who, kind, file and counts', async () => {
    const { auditLog } = await gql('{ auditLog(filter: { operation: "import", action: "IMPORT" }, first: 100) { entries { role operation entity action after } } }');
    const entries = auditLog.entries.filter((e: any) => e.action === 'IMPORT');
    expect(entries.length).toBeGreaterThanOrEqual(CASES.length * 2 * 3);
    expect(entries.find((e: any) => e.entity === 'Offence')).toMatchObject({ role: 'ADMIN', operation: 'import' });
    expect(JSON.parse(entries.find((e: any) => e.entity === 'Offence').after)).toMatchObject({ kind: 'offences', file: expect.stringMatching(/^offences\.(csv|xlsx)$/), rows: 3 });
  });
});
