import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, errorOf, startTestHub, type TestHub } from './support/hub.js';

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
});
afterAll(() => t.close());

const HISTORY = `query ($p: String!, $r: FinanceRecord, $id: ID) {
  financeHistory(partnership: $p, record: $r, id: $id, first: 20) { total changes { action record recordId label financialYear by role tokenId operation changes { field from to } } }
}`;

describe('the finance history', () => {
  it('shows finance who changed which field of a line from what to what, newest first, and keeps a removed line', async () => {
    const finance = await t.token('FINANCE', ['norfolk-suffolk']);
    const { accessTokens } = dataOf(await t.gql('{ accessTokens { id label } }'));
    const label = accessTokens.find((token: { id: string }) => Number(token.id) === finance.id).label;
    const added = dataOf(await t.gql('mutation { addEstablishmentLine(partnership: "norfolk-suffolk", financialYear: "2014/15", line: { grade: "Detective Constable", fte: 2, budget: 90000, employingAgency: "suffolk-constabulary", source: "Board minute 14/3" }) { id version } }', {}, finance.caller)).addEstablishmentLine;
    dataOf(await t.gql('mutation ($id: ID!) { updateEstablishmentLine(id: $id, expectedVersion: 1, line: { fte: 2.5, budget: 112500.5 }) { version } }', { id: added.id }, finance.caller));
    dataOf(await t.gql('mutation ($id: ID!) { removeEstablishmentLine(id: $id, expectedVersion: 2) }', { id: added.id }, finance.caller));

    const { financeHistory } = dataOf(await t.gql(HISTORY, { p: 'norfolk-suffolk', r: 'ESTABLISHMENT_LINE', id: added.id }, finance.caller));
    expect(financeHistory.total).toBe(3);
    const [removed, updated, created] = financeHistory.changes;
    for (const change of financeHistory.changes)
      expect(change).toMatchObject({ record: 'ESTABLISHMENT_LINE', recordId: added.id, label: 'Detective Constable', financialYear: '2014/15', by: label, role: 'FINANCE', tokenId: finance.id });
    expect(created.action).toBe('CREATE');
    expect(created.changes).toContainEqual({ field: 'employingAgency', from: null, to: 'suffolk-constabulary' });
    expect(updated).toMatchObject({ action: 'UPDATE', operation: 'updateEstablishmentLine' });
    expect(updated.changes).toEqual([
      { field: 'fte', from: '2', to: '2.5' },
      { field: 'budget', from: '90000', to: '112500.5' },
    ]);
    // The removed line is kept, field by field, as it was when removed.
    expect(removed.action).toBe('DELETE');
    expect(removed.changes).toEqual(expect.arrayContaining([
      { field: 'grade', from: 'Detective Constable', to: null },
      { field: 'fte', from: '2.5', to: null },
      { field: 'budget', from: '112500.5', to: null },
      { field: 'employingAgency', from: 'suffolk-constabulary', to: null },
      { field: 'source', from: 'Board minute 14/3', to: null },
    ]));
  });

  it('keeps the before of a removal in the audit log too', async () => {
    const risk = dataOf(await t.gql('mutation { addFundingRisk(partnership: "thurrock", financialYear: "2013/14", risk: { title: "Housing worker funding", certainty: ENDING, exposure: 12000 }) { id } }')).addFundingRisk;
    dataOf(await t.gql('mutation ($id: ID!) { removeFundingRisk(id: $id, expectedVersion: 1) }', { id: risk.id }));
    const log = dataOf(await t.gql('{ auditLog(filter: { entity: "FundingRisk", operation: "removeFundingRisk" }, first: 1) { entries { action entityId before after } } }')).auditLog;
    expect(log.entries[0]).toMatchObject({ action: 'DELETE', entityId: risk.id, after: null });
    expect(JSON.parse(log.entries[0].before)).toMatchObject({ title: 'Housing worker funding', exposurePence: 1_200_000, certainty: 'ENDING' });
  });

  it('is scoped to the token\'s partnerships: another partnership\'s history is not there, and asking for it is like asking for one that does not exist', async () => {
    const finance = await t.token('FINANCE', ['norfolk-suffolk']);
    dataOf(await t.gql('mutation { addFundingStream(partnership: "thurrock", stream: { funder: "Essex PCC", purpose: "Thurrock only", fromFinancialYear: "2013/14", certainty: CONFIRMED }) { id } }'));
    const own = dataOf(await t.gql(HISTORY, { p: 'norfolk-suffolk' }, finance.caller)).financeHistory;
    expect(own.total).toBeGreaterThan(0);
    expect(own.changes.map((c: { label: string }) => c.label)).not.toContain('Thurrock only');
    const thurrock = dataOf(await t.gql(HISTORY, { p: 'thurrock', r: 'FUNDING_STREAM' })).financeHistory;
    expect(thurrock.changes[0]).toMatchObject({ action: 'CREATE', label: 'Thurrock only', by: 'the hub' });
    const other = errorOf(await t.gql(HISTORY, { p: 'thurrock' }, finance.caller));
    const missing = errorOf(await t.gql(HISTORY, { p: 'no-such-partnership' }, finance.caller));
    expect(other.message.replace('thurrock', 'x')).toBe(missing.message.replace('no-such-partnership', 'x'));
    for (const role of ['ANALYST', 'BOARD'] as const) {
      const reader = await t.token(role, ['norfolk-suffolk']);
      expect(errorOf(await t.gql(HISTORY, { p: 'norfolk-suffolk' }, reader.caller))).toMatchObject({ code: 'FORBIDDEN' });
    }
  });

  it('shows the demo data as loaded by the hub, and wants the kind of record with an id', async () => {
    const risks = dataOf(await t.gql(HISTORY, { p: 'norfolk-suffolk', r: 'FUNDING_RISK' })).financeHistory;
    expect(risks.changes.find((c: { label: string }) => c.label === 'Tracking devices')).toMatchObject({ action: 'CREATE', financialYear: '2015/16', by: 'the hub' });
    expect(errorOf(await t.gql(HISTORY, { p: 'norfolk-suffolk', id: '1' }))).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { field: 'id' } });
  });
});
