import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../server/access/caller.js';
import { dataOf, startTestHub, type TestHub } from './support/hub.js';

/**
 * The cohort records under access control: who sees identities, board tokens' small counts,
 * the audit of nominal-level reads, and measures over "every partnership".
 */
const OWN = 'norfolk-suffolk';
let t: TestHub;
let caseManager: { id: number; caller: Caller };
let otherCaseManager: Caller;
let analyst: { id: number; caller: Caller };
let board: Caller;
let finance: Caller;
let nominalId: string;

beforeAll(async () => {
  t = await startTestHub();
  caseManager = await t.token('CASE_MANAGER', [OWN]);
  otherCaseManager = (await t.token('CASE_MANAGER', ['thurrock'])).caller;
  analyst = await t.token('ANALYST', [OWN]);
  board = (await t.token('BOARD', [OWN])).caller;
  finance = (await t.token('FINANCE', [OWN])).caller;
  nominalId = dataOf(await t.gql(`mutation { addNominal(partnership: "${OWN}", input: { reference: "ACCESS-1", gender: FEMALE, ageBand: "25-34", ethnicity: "White",
    statutoryStatus: NPS, identity: { name: "Synthetic Person", dateOfBirth: "1990-02-03", pncId: "00/000000X" } }) { id } }`)).addNominal.id;
});
afterAll(() => t.close());

const NOMINAL = 'query ($id: ID!) { nominal(id: $id) { reference identity { name dateOfBirth pncId } } }';

describe('identities', () => {
  it('are shown to a case manager of the owning partnership', async () => {
    expect(dataOf(await t.gql(NOMINAL, { id: nominalId }, caseManager.caller)).nominal).toEqual({
      reference: 'ACCESS-1', identity: { name: 'Synthetic Person', dateOfBirth: '1990-02-03', pncId: '00/000000X' },
    });
  });

  it('are null for admins and analysts, who see the pseudonymous reference', async () => {
    for (const caller of [undefined, analyst.caller]) expect(dataOf(await t.gql(NOMINAL, { id: nominalId }, caller)).nominal).toEqual({ reference: 'ACCESS-1', identity: null });
  });

  it('are out of reach of another partnership\'s case manager, for whom the nominal does not exist', async () => {
    expect(dataOf(await t.gql(NOMINAL, { id: nominalId }, otherCaseManager)).nominal).toBeNull();
  });
});

describe('board tokens', () => {
  const SNAPSHOT = `query ($s: Int) { cohortSnapshot(partnership: "${OWN}", date: "2014-09-30", groupBy: ETHNICITY, suppressUnder: $s) { total groups { group total added removed } } }`;
  type Group = { group: string; total: number; added: number; removed: number };
  const round5 = (n: number) => Math.round(n / 5) * 5;

  it('get every count of a cohort snapshot rounded to base 5 without asking, groups of 1 or 2 left out, and suppression on top when they ask', async () => {
    const full = dataOf(await t.gql(SNAPSHOT, { s: null })).cohortSnapshot;
    expect(full.groups.some((g: Group) => [g.total, g.added, g.removed].some((n) => n > 0 && n < 5)), 'the demo cohort has small groups').toBe(true);
    const rounded = full.groups.map((g: Group) => ({ group: g.group, total: round5(g.total), added: round5(g.added), removed: round5(g.removed) }));
    const seen = dataOf(await t.gql(SNAPSHOT, { s: null }, board)).cohortSnapshot;
    expect(seen).toEqual({ total: round5(full.total), groups: rounded.filter((g: Group) => g.total + g.removed > 0) });
    // Asking for suppression under 10 hides the rounded 5s, not what was counted.
    const stricter = dataOf(await t.gql(SNAPSHOT, { s: 10 }, board)).cohortSnapshot;
    expect(stricter.groups).toEqual(seen.groups.map((g: Group) => Object.fromEntries(Object.entries(g).map(([k, v]) => [k, v === 5 ? null : v]))));
  });

  it('get reoffending rates from counts rounded to base 5 without asking', async () => {
    const RATES = `{ reoffendingRates(partnerships: ["${OWN}"], from: "2013-09-30", to: "2014-09-30", groupBy: ETHNICITY) { rows { group members reoffenders binaryRate } } }`;
    const full = dataOf(await t.gql(RATES)).reoffendingRates.rows;
    const seen = dataOf(await t.gql(RATES, {}, board)).reoffendingRates.rows;
    expect(seen).toEqual(full.filter((row: { members: number }) => round5(row.members) > 0).map((row: { group: string; members: number; reoffenders: number }) => ({
      group: row.group, members: round5(row.members), reoffenders: round5(row.reoffenders), binaryRate: Math.round((10_000 * round5(row.reoffenders)) / round5(row.members)) / 100,
    })));
  });
});

describe('reads of nominal-level data', () => {
  it('are in the audit log once per request, with how many nominals were returned', async () => {
    const LOG = 'query ($f: AuditFilter) { auditLog(filter: $f, first: 10) { entries { operation action role nominals } } }';
    const analyst = await t.token('ANALYST', [OWN]);
    const { cohort } = dataOf(await t.gql(`{ cohort(partnership: "${OWN}", first: 3) { nodes { nominal { reference } } } }`, {}, analyst.caller));
    expect(cohort.nodes).toHaveLength(3);
    dataOf(await t.gql(NOMINAL, { id: nominalId }, analyst.caller));
    dataOf(await t.gql(`{ referrals(partnership: "${OWN}", decision: DECLINED) { nominal { reference } } }`, {}, analyst.caller));
    const declined = dataOf(await t.gql(`{ referrals(partnership: "${OWN}", decision: DECLINED) { nominal { id } } }`)).referrals;
    const { entries } = dataOf(await t.gql(LOG, { f: { entity: 'Nominal', tokenId: analyst.id } })).auditLog;
    expect(entries).toEqual([
      { operation: 'referrals', action: 'READ', role: 'ANALYST', nominals: new Set(declined.map((r: { nominal: { id: string } }) => r.nominal.id)).size },
      { operation: 'nominal', action: 'READ', role: 'ANALYST', nominals: 1 },
      { operation: 'cohort', action: 'READ', role: 'ANALYST', nominals: 3 },
    ]);
  });
});

describe('measures over every partnership', () => {
  it('cover every partnership the caller may see, and no other', async () => {
    const RATES = '{ reoffendingRates(from: "2011-09-30", to: "2014-09-30", groupBy: PARTNERSHIP) { rows { group } } }';
    const groups = async (caller?: Caller) => dataOf(await t.gql(RATES, {}, caller)).reoffendingRates.rows.map((row: { group: string }) => row.group);
    expect(await groups(finance)).toEqual([OWN]);
    expect(await groups()).toEqual(expect.arrayContaining([OWN, 'thurrock', 'barnet']));
  });
});
