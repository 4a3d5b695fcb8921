import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actingAs, asSystem } from '../server/access/caller.js';
import { recordNominalRead } from '../server/access/audit.subscriber.js';
import { appendAuditEntries } from '../server/access/audit-chain.js';
import { writeTransaction } from '../server/db/write.js';
import { dataOf, errorOf, startTestHub, type TestHub } from './support/hub.js';

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
});
afterAll(() => t.close());

const ADD = 'mutation ($x: EstablishmentLineInput!) { addEstablishmentLine(partnership: "norfolk-suffolk", financialYear: "2014/15", line: $x) { id version } }';
const UPDATE = 'mutation ($id: ID!, $v: Int!, $x: EstablishmentLineInput!) { updateEstablishmentLine(id: $id, expectedVersion: $v, line: $x) { id version } }';
const LOG = 'query ($f: AuditFilter, $first: Int, $offset: Int) { auditLog(filter: $f, first: $first, offset: $offset) { total entries { id at tokenId role operation entity entityId action before after nominals } } }';

describe('the audit log', () => {
  it('records who changed which record, when, through which mutation, with the values before and after', async () => {
    const finance = await t.token('FINANCE', ['norfolk-suffolk']);
    const since = new Date().toISOString();
    const added = dataOf(await t.gql(ADD, { x: { grade: 'Audited constable', fte: 1, budget: 40000 } }, finance.caller)).addEstablishmentLine;
    dataOf(await t.gql(UPDATE, { id: added.id, v: added.version, x: { grade: 'Audited constable', fte: 2, budget: 80000 } }, finance.caller));
    const log = dataOf(await t.gql(LOG, { f: { tokenId: finance.id, entity: 'EstablishmentLine', from: since } })).auditLog;
    const [update, create] = log.entries.filter((entry: { entityId: string }) => entry.entityId === added.id);
    expect(create).toMatchObject({ tokenId: finance.id, role: 'FINANCE', operation: 'addEstablishmentLine', entity: 'EstablishmentLine', entityId: added.id, action: 'CREATE', before: null });
    expect(JSON.parse(create.after)).toMatchObject({ id: Number(added.id), grade: 'Audited constable', fteHundredths: 100, budgetPence: 4_000_000 });
    expect(update).toMatchObject({ operation: 'updateEstablishmentLine', action: 'UPDATE' });
    expect(JSON.parse(update.before)).toMatchObject({ fteHundredths: 100, budgetPence: 4_000_000, version: 1 });
    expect(JSON.parse(update.after)).toMatchObject({ fteHundredths: 200, budgetPence: 8_000_000, version: 2 });
    expect(new Date(update.at).getTime()).toBeGreaterThanOrEqual(new Date(since).getTime());
  });

  it('writes nothing for a refused change: the entry is in the same transaction as the change', async () => {
    const before = dataOf(await t.gql(LOG, { first: 1 })).auditLog.total;
    errorOf(await t.gql(ADD, { x: { grade: 'Bad', fte: -1 } }));
    await expect(
      writeTransaction(asSystem(t.orm.em, 'test'), async (tx) => {
        await appendAuditEntries(tx, [{ tokenId: null, role: 'ADMIN', operation: 'x', entity: 'x', action: 'READ' }]);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(dataOf(await t.gql(LOG, { first: 1 })).auditLog.total).toBe(before);
  });

  it('records reads of nominal-level data through the hook services call', async () => {
    const analyst = await t.token('ANALYST', ['norfolk-suffolk']);
    await recordNominalRead(actingAs(t.orm.em, analyst.caller), 'cohort', 37);
    const [entry] = dataOf(await t.gql(LOG, { f: { entity: 'Nominal', tokenId: analyst.id } })).auditLog.entries;
    expect(entry).toMatchObject({ role: 'ANALYST', operation: 'cohort', action: 'READ', nominals: 37, before: null, after: null });
  });

  it('pages, newest first, at most 100 a page', async () => {
    const all = dataOf(await t.gql(LOG, { first: 100 })).auditLog;
    expect(all.total).toBeGreaterThan(100);
    expect(all.entries).toHaveLength(100);
    const second = dataOf(await t.gql(LOG, { first: 2, offset: 1 })).auditLog.entries;
    expect(second.map((e: { id: string }) => e.id)).toEqual(all.entries.slice(1, 3).map((e: { id: string }) => e.id));
    expect(errorOf(await t.gql(LOG, { first: 101 }))).toMatchObject({ code: 'BAD_USER_INPUT', message: 'first: at most 100 at a time (asked for 101); page with `offset`.' });
    expect(errorOf(await t.gql(LOG, { first: 0 })).message).toBe('first: must be at least 1 (got 0).');
  });

  it('can be read by admins only, and changed by nobody: there is no mutation, and the database refuses', async () => {
    const finance = await t.token('FINANCE', ['norfolk-suffolk']);
    expect(errorOf(await t.gql(LOG, {}, finance.caller))).toMatchObject({ code: 'FORBIDDEN', message: 'A finance token may not use auditLog.' });
    const mutations = dataOf(await t.gql('{ __schema { mutationType { fields { name } } } }')).__schema.mutationType.fields.map((f: { name: string }) => f.name);
    expect(mutations.filter((name: string) => /audit/i.test(name))).toEqual([]);
    const connection = t.orm.em.getConnection();
    await expect(connection.execute('update audit_entry set role = \'X\'')).rejects.toThrow(/the audit log cannot be changed/);
    await expect(connection.execute('delete from audit_entry')).rejects.toThrow(/the audit log cannot be changed/);
  });

  it('keeps a token\'s hash out of the log', async () => {
    await t.token('BOARD', ['barnet']);
    const entries = dataOf(await t.gql(LOG, { f: { entity: 'AccessToken' }, first: 100 })).auditLog.entries;
    expect(entries.length).toBeGreaterThan(0);
    for (const entry of entries) expect(entry.after).not.toMatch(/hash/);
  });
});
