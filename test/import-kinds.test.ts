import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actingAs, asSystem, type Caller } from '../server/access/caller.js';
import { Role } from '../server/access/role.js';
import { runImport, type ImportReport } from '../server/import/import.service.js';
import { dataOf, startTestHub, type TestHub } from './support/hub.js';
import { dataSnapshot } from './support/snapshot.js';
import { csvOf, type Table } from './import-support.js';

/**
 * The kinds people import for themselves: each lands its good rows, reports every problem of every
 * bad row (row, column, reason) and then writes nothing, and is open only to the roles that own its
 * data, in the partnerships their token covers.
 */
let t: TestHub;
const as: Partial<Record<Role, Caller>> = {};
beforeAll(async () => {
  t = await startTestHub();
  for (const role of [Role.CASE_MANAGER, Role.FINANCE, Role.ANALYST]) as[role] = (await t.token(role, ['norfolk-suffolk', 'barnet', 'west-midlands'])).caller;
});
afterAll(() => t.close());

const count = async (sql: string) => Number((await t.orm.em.getConnection().execute(sql))[0].n);

function importAs(role: Role | 'system', kind: string, table: Table, partnership: string | null = 'norfolk-suffolk'): Promise<ImportReport> {
  const em = role === 'system' ? asSystem(t.orm.em, 'import') : actingAs(t.orm.em, { ...as[role]!, operation: 'import' });
  const bytes = Buffer.from(csvOf(table), 'utf8');
  return runImport(em, { kind, partnership, source: { format: 'csv', name: `${kind}.csv`, open: () => Readable.from([bytes]) } });
}

/** The import is refused, and nothing at all changed. */
async function refused(run: () => Promise<ImportReport>): Promise<ImportReport['problems']> {
  const before = await dataSnapshot(t.orm);
  const report = await run();
  expect(report).toMatchObject({ written: false, inserted: 0, updated: 0 });
  expect(report.problemCount).toBeGreaterThan(0);
  expect(await dataSnapshot(t.orm)).toBe(before);
  return report.problems;
}

/** Each bad row's problems as `row Column` strings, to compare with every problem the row has. */
const where = (problems: ImportReport['problems']) => problems.map((p) => `${p.row} ${p.column}`);

describe('referrals with panel decisions (case managers)', () => {
  const HEADER = ['Nominal reference', 'Referral reference', 'Referring agency', 'Referral date', 'ORGS', 'Index offence', 'Panel date', 'Decision', 'Decision note'];
  it('lands good rows and updates them on a re-import', async () => {
    const table = [HEADER, ['NOR-0001', 'REF-1', 'nps', '2014-01-10', '70', '28A', '2014-01-20', 'accepted', 'Meets the criteria.'], ['NOR-0002', 'REF-2', 'norfolk-constabulary', '10/02/2014', '', '', '', '', '']];
    expect(await importAs(Role.CASE_MANAGER, 'referrals', table)).toMatchObject({ problemCount: 0, inserted: 2, written: true });
    const [row] = await t.orm.em.getConnection().execute("select decision, panel_date, orgs_score, decision_note from referral where reference = 'REF-1'");
    expect(row).toEqual({ decision: 'ACCEPTED', panel_date: '2014-01-20', orgs_score: 70, decision_note: 'Meets the criteria.' });
    table[2] = ['NOR-0002', 'REF-2', 'norfolk-constabulary', '2014-02-10', '', '', '2014-02-20', 'DECLINED', ''];
    expect(await importAs(Role.CASE_MANAGER, 'referrals', table)).toMatchObject({ problemCount: 0, inserted: 0, updated: 1, unchanged: 1 });
  });

  it('reports every problem of each bad row and writes nothing', async () => {
    const problems = await refused(() => importAs(Role.CASE_MANAGER, 'referrals', [
      HEADER,
      ['NOR-0003', 'REF-3', 'nps', '2014-03-01', '', '', '', '', ''],
      ['NOR-9999', 'REF-4', 'no-such-agency', '2014-13-01', '101', '99Z', '', '', ''],
      ['NOR-0004', 'REF-5', 'nps', '2014-03-01', '', '', '2014-02-01', 'PENDING', 'a note'],
    ]));
    expect(where(problems)).toEqual(['3 Nominal reference', '3 Referring agency', '3 Index offence', '3 Referral date', '3 ORGS', '4 Panel date', '4 Decision']);
    expect(problems[0].reason).toMatch(/has no nominal "NOR-9999"/);
  });

  it('refuses scores without the partnership\'s matrix', async () => {
    const problems = await refused(() => importAs(Role.CASE_MANAGER, 'referrals', [[...HEADER, 'Matrix factors'], ['NOR-0003', 'REF-6', 'nps', '2014-03-01', '', '', '', '', '', 'priorityOffences=3; bad']]));
    expect(where(problems)).toEqual(['2 Matrix factors']);
  });
});

describe('identities (case managers only)', () => {
  const HEADER = ['Nominal reference', 'Name', 'Date of birth', 'PNC id'];
  it('lands identities held apart from the nominal', async () => {
    expect(await importAs(Role.CASE_MANAGER, 'identities', [HEADER, ['NOR-0001', 'Adam Example', '01/05/1990', '90/123456A']])).toMatchObject({ problemCount: 0, written: true });
    const [identity] = await t.orm.em.getConnection().execute("select i.name, i.date_of_birth from nominal_identity i join nominal n on n.id = i.nominal_id where n.reference = 'NOR-0001'");
    expect(identity).toEqual({ name: 'Adam Example', date_of_birth: '1990-05-01' });
  });

  it('reports every problem of a bad row', async () => {
    const problems = await refused(() => importAs(Role.CASE_MANAGER, 'identities', [HEADER, ['NOR-0002', 'B', '', ''], ['NOR-9999', 'C', '1990-02-30', 'x'.repeat(41)]]));
    expect(where(problems)).toEqual(['3 Nominal reference', '3 Date of birth', '3 PNC id']);
  });

  it('is refused to every other role, admins included', async () => {
    for (const role of [Role.FINANCE, Role.ANALYST, 'system'] as const) {
      const problems = await refused(() => importAs(role, 'identities', [HEADER, ['NOR-0002', 'Someone', '', '']]));
      expect(problems).toEqual([{ row: null, column: null, reason: expect.stringMatching(/token may not import identities: they are imported by case-manager tokens\.$/) }]);
    }
  });
});

describe('finance: non-pay lines, cost shares, appraisal options', () => {
  it('lands non-pay lines, working out quantity × unit cost, and reports every problem of a bad row', async () => {
    const HEADER = ['Line reference', 'Financial year', 'Category', 'Description', 'Quantity', 'Unit cost', 'Amount'];
    expect(await importAs(Role.FINANCE, 'non-pay-lines', [HEADER, ['NP-1', '2015/16', 'vehicles', 'Vehicle insurance', '12', '£800', ''], ['NP-2', '2015/16', 'PREMISES', 'Office', '', '', '1,500.50']]))
      .toMatchObject({ problemCount: 0, inserted: 2 });
    expect(await count("select amount_pence as n from non_pay_line where reference = 'NP-1'")).toBe(960_000);
    const problems = await refused(() => importAs(Role.FINANCE, 'non-pay-lines', [HEADER, ['NP-3', '2031/32', 'OTHER', 'x'.repeat(201), '2', '10', '25'], ['NP-4', '2015/16', 'OTHER', 'Nothing', '', '', '']]));
    expect(where(problems)).toEqual(['2 Financial year', '2 Description', '2 Amount', '3 Amount']);
  });

  it('lands a year\'s cost share as a draft and refuses shares that do not make 100%, and an agreed year', async () => {
    const HEADER = ['Financial year', 'Basis', 'Agency', 'Percent'];
    expect(await importAs(Role.FINANCE, 'cost-shares', [HEADER, ['2015/16', 'FIXED_PERCENTAGES', 'norfolk-constabulary', '60'], ['2015/16', 'FIXED_PERCENTAGES', 'nps', '40']]))
      .toMatchObject({ problemCount: 0, inserted: 2 });
    const shares = dataOf(await t.gql('{ costShare(partnership: "norfolk-suffolk", financialYear: "2015/16") { status shares { agencyCode percent } } }'));
    expect(shares.costShare).toMatchObject({ status: 'DRAFT', shares: [{ agencyCode: 'norfolk-constabulary', percent: 60 }, { agencyCode: 'nps', percent: 40 }] });
    // A second file replaces the year's shares: nps is taken off, and the draft's version moves on.
    const version = await count("select version as n from cost_share_agreement where year_label = '2015/16'");
    expect(await importAs(Role.FINANCE, 'cost-shares', [HEADER, ['2015/16', 'FIXED_PERCENTAGES', 'norfolk-constabulary', '100']])).toMatchObject({ problemCount: 0, updated: 1 });
    expect(await count("select count(*) as n from cost_share_entry e join cost_share_agreement a on a.id = e.agreement_id where a.year_label = '2015/16'")).toBe(1);
    expect(await count("select version as n from cost_share_agreement where year_label = '2015/16'")).toBe(version + 1);

    const problems = await refused(() => importAs(Role.FINANCE, 'cost-shares', [
      HEADER,
      ['2016/17', 'FIXED_PERCENTAGES', 'norfolk-constabulary', '60'],
      ['2016/17', 'FIXED_PERCENTAGES', 'nps', '30'],
      ['2014/15', 'PRO_RATA_COHORT', 'nowhere', '12.5'],
    ]));
    expect(problems.map((p) => `${p.row} ${p.column}: ${p.reason}`)).toEqual([
      expect.stringMatching(/^4 Agency: /),
      '4 Weight: a cohort share needs a weight.',
      expect.stringMatching(/^4 Financial year: the 2014\/15 cost share for .* is agreed \(version 1\): its figures are frozen; reopen it/),
      '3 Percent: the shares must sum to 100% (they sum to 90.00%).',
    ]);
    const twice = await refused(() => importAs(Role.FINANCE, 'cost-shares', [HEADER, ['2016/17', 'FIXED_PERCENTAGES', 'nps', '50'], ['2016/17', 'FIXED_PERCENTAGES', 'nps', '50']]));
    expect(twice).toEqual([{ row: 3, column: 'Agency', reason: '"nps for 2016/17" is already on row 2 of this file.' }]);
  });

  it('lands appraisal options by programme and option number', async () => {
    const HEADER = ['Programme', 'Option', 'Title', 'Cost', 'Saving %', 'Status'];
    expect(await importAs('system', 'appraisal-options', [HEADER, ['New programme', '1', 'Do nothing', '', '', 'DISCOUNTED'], ['New programme', '2', 'Shared hub', '£120,000', '12.8', 'preferred']], 'turnaround'))
      .toMatchObject({ problemCount: 0, inserted: 2 });
    const problems = await refused(() => importAs(Role.FINANCE, 'appraisal-options', [HEADER, ['New programme', '0', '', '-5', '101', 'PREFERRED']]));
    expect(where(problems)).toEqual(['2 Title', '2 Option', '2 Cost', '2 Saving %']);
  });
});

describe('published figures for new periods (analysts)', () => {
  it('adds a new period of the cost of crime beside the published one', async () => {
    const HEADER = ['Period', 'Group', 'Before', 'During', 'After'];
    const before = await count("select count(*) as n from published_cost_of_crime");
    expect(await importAs(Role.ANALYST, 'cost-of-crime', [HEADER, ['2015-03', 'Current', '£3,000,000', '1,900,000', ''], ['2015-03', 'Removed', '2,000,000', '700,000', '200,000']], 'barnet'))
      .toMatchObject({ problemCount: 0, inserted: 2 });
    expect(await count("select count(*) as n from published_cost_of_crime")).toBe(before + 2);
    const problems = await refused(() => importAs(Role.ANALYST, 'cost-of-crime', [HEADER, ['2015-04', 'Current', '1.005', 'lots', '-1']], 'barnet'));
    expect(where(problems)).toEqual(['2 During', '2 Before', '2 After']);
  });

  it('adds a new period of a proven-reoffending table', async () => {
    const HEADER = ['Period', 'Force', 'Local authority', 'Cohort size', 'Actual rate', 'Predicted rate', 'Difference %'];
    const before = await count("select count(*) as n from published_reoffending");
    expect(await importAs(Role.ANALYST, 'reoffending', [HEADER, ['2013/14 cohort', 'West Midlands', 'Birmingham', '120', '30.5', '32.1', '-4.98']], 'west-midlands')).toMatchObject({ problemCount: 0, inserted: 1 });
    expect(await count("select count(*) as n from published_reoffending")).toBe(before + 1);
    const problems = await refused(() => importAs(Role.ANALYST, 'reoffending', [HEADER, ['2014/15 cohort', 'West Midlands', 'Coventry', '-3', '130', '1.234', '5']], 'west-midlands'));
    expect(where(problems)).toEqual(['2 Cohort size', '2 Actual rate', '2 Predicted rate']);
  });
});

describe('who may import what, and where', () => {
  it('refuses a kind the role does not own, naming the roles that do', async () => {
    const problems = await refused(() => importAs(Role.CASE_MANAGER, 'non-pay-lines', [['Line reference', 'Financial year', 'Category', 'Description', 'Amount'], ['NP-9', '2015/16', 'OTHER', 'x', '1']]));
    expect(problems).toEqual([{ row: null, column: null, reason: 'a case-manager token may not import non-pay-lines: they are imported by admin or finance tokens.' }]);
    expect((await refused(() => importAs(Role.FINANCE, 'unit-costs', [['Table version', 'Banding', 'Cost'], ['v9', 'Burglary', '10']], null)))[0].reason).toMatch(/imported by admin tokens/);
  });

  it('refuses rows of a partnership the token does not cover, naming the row', async () => {
    const problems = await refused(() => importAs(Role.CASE_MANAGER, 'referrals', [
      ['Partnership', 'Nominal reference', 'Referral reference', 'Referring agency', 'Referral date'],
      ['norfolk-suffolk', 'NOR-0005', 'REF-7', 'nps', '2014-03-01'],
      ['thurrock', 'THU-0001', 'REF-8', 'essex-police', '2014-03-01'],
    ], null));
    expect(problems).toEqual([{ row: 3, column: 'Partnership', reason: 'there is no partnership "thurrock" among those this token may import into (norfolk-suffolk, barnet, west-midlands).' }]);
  });

  it('opens importRows over GraphQL to the owners of the data, and not to boards', async () => {
    const mutation = 'mutation ($csv: String!) { importRows(kind: "referrals", csv: $csv, partnership: "norfolk-suffolk", dryRun: true) { inserted problemCount } }';
    const csv = 'Nominal reference,Referral reference,Referring agency,Referral date\nNOR-0006,REF-9,nps,2014-03-01\n';
    expect(dataOf(await t.gql(mutation, { csv }, as[Role.CASE_MANAGER])).importRows).toEqual({ inserted: 1, problemCount: 0 });
    const board = await t.gql(mutation, { csv }, (await t.token(Role.BOARD, ['norfolk-suffolk'])).caller);
    expect(board.errors?.[0]).toMatchObject({ message: 'A board token may not use importRows.', extensions: { code: 'FORBIDDEN' } });
  });

  it('imports on the command line as the token given, and refuses a kind its role does not own', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'iom-hub-import-token-'));
    try {
      const file = join(dir, 'lines.csv');
      writeFileSync(file, csvOf([['Line reference', 'Financial year', 'Category', 'Description', 'Amount'], ['NP-CLI', '2015/16', 'OTHER', 'Printer', '250']]));
      const cli = (token: string) => promisify(execFile)(process.execPath, ['bin/iom-hub.js', 'import', 'non-pay-lines', file, '--partnership', 'norfolk-suffolk', '--token', token, '--database', t.databaseUrl], { cwd: process.cwd() })
        .then(({ stdout }) => ({ code: 0, stdout }), (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }));
      const refusedRun = await cli((await t.token(Role.CASE_MANAGER, ['norfolk-suffolk'])).token);
      expect(refusedRun).toEqual({ code: 1, stdout: expect.stringContaining('file: a case-manager token may not import non-pay-lines: they are imported by admin or finance tokens.') });
      expect(await count("select count(*) as n from non_pay_line where reference = 'NP-CLI'")).toBe(0);
      expect(await cli((await t.token(Role.FINANCE, ['norfolk-suffolk'])).token)).toMatchObject({ code: 0 });
      expect(await count("select count(*) as n from non_pay_line where reference = 'NP-CLI'")).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('the kinds that were there before', () => {
  it('report every problem of a row too', async () => {
    const problems = await refused(() => importAs(Role.FINANCE, 'establishment-lines', [
      ['Line reference', 'Financial year', 'Grade', 'Employing agency', 'FTE'],
      ['EL-1', '2031/32', 'Constable', 'no-such-agency', '-1'],
    ]));
    expect(where(problems)).toEqual(['2 Financial year', '2 FTE', '2 Employing agency']);
  });
});
