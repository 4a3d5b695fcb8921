import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqliteSettings, BUSY_TIMEOUT_MS } from '../server/database/database.js';
import { dataOf, startTestHub, type TestHub } from './support/hub.js';

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
});
afterAll(() => t.close());

const LINES = `{ establishment(partnership: "barnet", financialYear: "2016/17") { lines { id grade version } } }`;
const ADD_LINE = `mutation ($grade: String!) { addEstablishmentLine(partnership: "barnet", financialYear: "2016/17", line: { grade: $grade, fte: 1, budget: 1000, employingAgency: "met-police" }) { id version } }`;
const SAVE_DRAFT = `mutation ($v: Int) { saveCostShareDraft(partnership: "barnet", financialYear: "2016/17", expectedVersion: $v, input: { basis: PRO_RATA_FTE_HOSTED, shares: [{ agency: "met-police" }] }) { version } }`;

describe('the database settings every connection uses', () => {
  it('are WAL, the busy timeout and foreign keys on', async () => {
    expect(await sqliteSettings(t.orm)).toEqual({ journalMode: 'wal', busyTimeout: BUSY_TIMEOUT_MS, foreignKeys: true });
  });
});

describe('a version changes only when its record changes', () => {
  it('adding a line leaves the other lines at their versions', async () => {
    const first = dataOf(await t.gql(ADD_LINE, { grade: 'First' })).addEstablishmentLine;
    dataOf(await t.gql(ADD_LINE, { grade: 'Second' }));
    const lines = dataOf(await t.gql(LINES)).establishment.lines;
    expect(lines.find((line: { id: string }) => line.id === first.id).version).toBe(1);
  });

  it('saving and agreeing a cost share, which read the lines, leaves the lines at their versions', async () => {
    const before = dataOf(await t.gql(LINES)).establishment.lines;
    const draft = dataOf(await t.gql(SAVE_DRAFT, {})).saveCostShareDraft;
    dataOf(await t.gql(SAVE_DRAFT, { v: draft.version }));
    dataOf(await t.gql('mutation { agreeCostShare(partnership: "barnet", financialYear: "2016/17", expectedVersion: 2) { version } }'));
    expect(dataOf(await t.gql(LINES)).establishment.lines).toEqual(before);
  });
});
