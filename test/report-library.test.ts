import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../server/access/role.js';
import { systemCaller } from '../server/access/caller.js';
import { createContext } from '../server/context.js';
import type { Caller } from '../server/access/caller.js';
import { dataOf, errorOf, startTestHub, type TestHub } from './support/hub.js';
import { dataSnapshot } from './support/snapshot.js';

/** The report library: publishing, versions, ownership, sharing and parameter sets, through the hub's GraphQL API as real tokens. */
let t: TestHub;
let analyst: Caller;
let otherAnalyst: Caller;
let thurrockBoard: Caller;
let norfolkBoard: Caller;

const PUBLISH = 'mutation ($x: PublishReportInput!) { publishReport(input: $x) { name version owner sharedWith versions } }';
const v1 = 'query Years { financialYears { label } }';
const v2 = 'query Snapshot($partnership: String!, $date: String!) { cohortSnapshot(partnership: $partnership, date: $date) { total measure { name version } } }';

beforeAll(async () => {
  t = await startTestHub();
  analyst = (await t.token(Role.ANALYST, ['norfolk-suffolk'])).caller;
  otherAnalyst = (await t.token(Role.ANALYST, ['barnet'])).caller;
  thurrockBoard = (await t.token(Role.BOARD, ['thurrock'])).caller;
  norfolkBoard = (await t.token(Role.BOARD, ['norfolk-suffolk'])).caller;
});
afterAll(() => t.close());

describe('publishReport', () => {
  it('publishes, versions, keeps a pinned old version runnable, and shares only with the partnerships chosen', async () => {
    const first = dataOf(await t.gql(PUBLISH, { x: { name: 'board-pack', title: 'Board pack', description: 'Years', query: v1, sharedWith: ['norfolk-suffolk'] } }, analyst));
    expect(first.publishReport).toEqual({ name: 'board-pack', version: 1, owner: expect.any(String), sharedWith: ['norfolk-suffolk'], versions: [1] });
    const example = JSON.stringify({ partnership: 'thurrock', date: '2012-09-30' });
    const second = dataOf(await t.gql(PUBLISH, { x: { name: 'board-pack', title: 'Board pack', description: 'Members', query: v2, exampleVariables: example, sharedWith: ['norfolk-suffolk'] } }, analyst));
    expect(second.publishReport).toMatchObject({ version: 2, versions: [2, 1] });

    // The library lists the built-in reports first, then the latest version.
    const { reports } = dataOf(await t.gql('{ reports { name version builtIn } }', {}, norfolkBoard));
    expect(reports.at(-1)).toEqual({ name: 'board-pack', version: 2, builtIn: false });
    expect(reports.slice(0, -1).every((r: { builtIn: boolean }) => r.builtIn)).toBe(true);

    // A workbook pinned to version 1 still gets its text, and it still runs.
    const pinned = dataOf(await t.gql('{ report(name: "board-pack", version: 1) { version query } }', {}, norfolkBoard)).report;
    expect(pinned).toEqual({ version: 1, query: v1 });
    expect(dataOf(await t.gql(pinned.query, {}, norfolkBoard)).financialYears.length).toBeGreaterThan(0);

    // Its example is on the partnership the caller sees, not the one it was published with.
    const latest = dataOf(await t.gql('{ report(name: "board-pack") { query variables } }', {}, norfolkBoard)).report;
    expect(JSON.parse(latest.variables)).toEqual({ partnership: 'norfolk-suffolk', date: '2012-09-30' });
    expect(dataOf(await t.gql(latest.query, JSON.parse(latest.variables), norfolkBoard)).cohortSnapshot.measure).toEqual({ name: 'Cohort snapshot', version: 1 });

    // Not shared with Thurrock: its tokens do not see it.
    expect(dataOf(await t.gql('{ report(name: "board-pack") { name } }', {}, thurrockBoard)).report).toBeNull();
    expect(dataOf(await t.gql('{ reports { name } }', {}, thurrockBoard)).reports.map((r: { name: string }) => r.name)).not.toContain('board-pack');
  });

  it('lets only the owner (or an admin) publish the next version', async () => {
    const before = await dataSnapshot(t.orm);
    const refused = errorOf(await t.gql(PUBLISH, { x: { name: 'board-pack', title: 'Mine', description: 'Mine', query: v1 } }, otherAnalyst));
    expect(refused.code).toBe('FORBIDDEN');
    expect(refused.message).toContain('publish yours under another name');
    expect(await dataSnapshot(t.orm)).toBe(before);
  });

  it('refuses a report that fails validation with the schema\'s error, and changes nothing', async () => {
    const before = await dataSnapshot(t.orm);
    const broken = errorOf(await t.gql(PUBLISH, { x: { name: 'broken', title: 'Broken', description: 'x', query: '{ financialYears { label nosuch } }' } }, analyst));
    expect(broken.code).toBe('BAD_USER_INPUT');
    expect(broken.message).toBe('input.query: Cannot query field "nosuch" on type "FinancialYear". (line 1, column 26)');
    const write = errorOf(await t.gql(PUBLISH, { x: { name: 'writes', title: 'W', description: 'x', query: 'mutation { addPartnership(input: { code: "x", name: "x" }) { code } }' } }, analyst));
    expect(write.message).toContain('A report reads: it must be a query, not a mutation.');
    const badExample = errorOf(await t.gql(PUBLISH, { x: { name: 'bad-example', title: 'B', description: 'x', query: v2, exampleVariables: '{"partnership": 3}' } }, analyst));
    expect(badExample.message).toMatch(/^input.exampleVariables: Variable "\$partnership": String cannot represent a non string value: 3/);
    expect(errorOf(await t.gql(PUBLISH, { x: { name: 'cost-share', title: 'C', description: 'x', query: v1 } }, analyst)).message).toContain('is a built-in report');
    expect(await dataSnapshot(t.orm)).toBe(before);
  });

  it('is for analysts and admins', async () => {
    expect(errorOf(await t.gql(PUBLISH, { x: { name: 'by-board', title: 'B', description: 'x', query: v1 } }, norfolkBoard)).code).toBe('FORBIDDEN');
  });
});

describe('parameter sets', () => {
  const SAVE = 'mutation ($x: SaveParameterSetInput!) { saveParameterSet(input: $x) { name variables partnership } }';
  const SETS = '{ report(name: "cohort-snapshot") { parameterSets { name variables partnership } } }';

  it('keeps personal sets for their owner and shared ones for the partnership\'s tokens', async () => {
    dataOf(await t.gql(SAVE, { x: { report: 'cohort-snapshot', name: 'Q3 board pack, Norfolk', variables: '{"partnership": "norfolk-suffolk", "date": "2012-09-30"}', partnership: 'norfolk-suffolk' } }, analyst));
    dataOf(await t.gql(SAVE, { x: { report: 'cohort-snapshot', name: 'My draft', variables: '{"date": "2012-12-31"}' } }, analyst));
    expect(dataOf(await t.gql(SETS, {}, analyst)).report.parameterSets.map((s: { name: string }) => s.name)).toEqual(['My draft', 'Q3 board pack, Norfolk']);
    expect(dataOf(await t.gql(SETS, {}, norfolkBoard)).report.parameterSets).toEqual([{ name: 'Q3 board pack, Norfolk', variables: '{"partnership":"norfolk-suffolk","date":"2012-09-30"}', partnership: 'norfolk-suffolk' }]);
    expect(dataOf(await t.gql(SETS, {}, thurrockBoard)).report.parameterSets).toEqual([]);
  });

  it('replaces the owner\'s set of the same name, and refuses variables the report does not declare', async () => {
    dataOf(await t.gql(SAVE, { x: { report: 'cohort-snapshot', name: 'My draft', variables: '{"date": "2013-03-31"}' } }, analyst));
    const sets = dataOf(await t.gql(SETS, {}, analyst)).report.parameterSets;
    expect(sets.filter((s: { name: string }) => s.name === 'My draft')).toEqual([{ name: 'My draft', variables: '{"date":"2013-03-31"}', partnership: null }]);
    const refused = errorOf(await t.gql(SAVE, { x: { report: 'cohort-snapshot', name: 'Bad', variables: '{"year": "2013"}' } }, analyst));
    expect(refused.message).toMatch(/^input.variables: Variable "\$year" is not declared by the query/);
  });
});

describe('explain this number', () => {
  /** An answer asked to explain itself (as a request for a workbook's binding is). */
  async function askExplained(query: string, variables: Record<string, unknown>, caller?: Caller) {
    const response = await t.hub.apollo.executeOperation({ query, variables, extensions: { explain: true } }, { contextValue: createContext(t.orm.em, { ...(caller ?? systemCaller('test')) }) });
    if (response.body.kind !== 'single') throw new Error('expected a single result');
    return response.body.singleResult;
  }

  it('gives an answer its data-as-at time, the hash of its query and variables, and the measures its figures come from', async () => {
    const query = 'query ($p: String!) { costShare(partnership: $p, financialYear: "2014/15") { total measure { version } } fundingPosition(partnership: $p, financialYear: "2014/15") { gap } }';
    const before = Date.now();
    const answer = await askExplained(query, { p: 'norfolk-suffolk' }, norfolkBoard);
    expect((await t.gql(query, { p: 'norfolk-suffolk' }, norfolkBoard)).extensions).toBeUndefined();
    const explained = answer.extensions?.iomHub as { dataAsAt: string; queryHash: string; measures: { name: string; version: number; definition: string }[] };
    expect(Date.parse(explained.dataAsAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(explained.measures.map((m) => `${m.name} v${m.version}`)).toEqual(['Cost share v1', 'Funding position v1']);
    expect(explained.measures[0].definition).toContain('largest-remainder');
    // The same question gives the same hash, whoever asks; another partnership is another question.
    expect((await askExplained(query, { p: 'norfolk-suffolk' }, analyst)).extensions?.iomHub).toMatchObject({ queryHash: explained.queryHash });
    expect((await askExplained(query, { p: 'thurrock' })).extensions?.iomHub).not.toMatchObject({ queryHash: explained.queryHash });
    // Every measure is listed with its definition.
    const { measures } = dataOf(await t.gql('{ measures { name version definition } }', {}, norfolkBoard));
    expect(measures.map((m: { name: string }) => m.name)).toEqual(expect.arrayContaining(['Cost share', 'Funding position', 'Cohort snapshot', 'Value for money', 'Capacity', 'Medium-term plan', 'Scenario']));
    expect(measures.every((m: { definition: string }) => m.definition.length > 40)).toBe(true);
  });
});
