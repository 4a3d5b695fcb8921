import type { EventSubscriber, TransactionEventArgs } from '@mikro-orm/core';
import type { EntityManager as SqlEntityManager } from '@mikro-orm/knex';
import type sqlite3 from 'sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_CHAIN_LOCK_KEY, appendAuditEntries, chainHead, chainedEntries, verifyAuditChain, type AuditRecord } from '../server/access/audit-chain.js';
import { AuditEntry } from '../server/access/audit-entry.entity.js';
import { madeTextCounts } from '../server/access/read-audit.js';
import type { PooledClient } from '../server/database/direct-reads.js';
import { keptStatements } from '../server/db/sqlite-statements.js';
import { engineOf } from '../server/db/dialect.js';
import { dataOf, startTestHub, type TestHub } from './support/hub.js';

/**
 * The read audit's entry is written by plain statements (on PostgreSQL the entry and its read blocks
 * in one), and while it commits the answer's JSON text is made; the answer leaves only once the
 * commit has succeeded, and a failed commit withholds it (server/access/read-audit.ts).
 */
let t: TestHub;
let port: number;
beforeAll(async () => {
  t = await startTestHub();
  port = await t.hub.listen(0, '127.0.0.1');
});
afterAll(() => t?.close());

/**
 * The entries as they were appended before (the ORM's insertMany for the entries, one statement for
 * the blocks), kept here as the reference the plain statements are compared with.
 */
async function appendThroughTheOrm(records: readonly AuditRecord[]): Promise<void> {
  await t.orm.em.fork().transactional(async (tx) => {
    const sql = tx as SqlEntityManager;
    if (engineOf(tx) === 'postgresql') await sql.execute('select pg_advisory_xact_lock(?)', [AUDIT_CHAIN_LOCK_KEY]);
    const { entries, blocks } = chainedEntries(await chainHead(sql), records);
    for (let i = 0; i < entries.length; i += 500) await tx.insertMany(AuditEntry, entries.slice(i, i + 500));
    for (let i = 0; i < blocks.length; i += 1000) {
      await sql.execute(`insert into audit_read_block (entry_id, block, nominals, identities) values ${blocks.slice(i, i + 1000).map((b) => `(${b.entryId}, ${b.block}, ${b.nominals}, ${b.identities})`).join(', ')}`);
    }
  });
}

/** The last `count` entries as stored, each with its read blocks, without what differs between two appends (id, time, hash). */
async function lastStored(count: number): Promise<unknown[]> {
  const connection = t.orm.em.fork().getConnection();
  const typeOf = engineOf(t.orm.em) === 'postgresql' ? (column: string) => `pg_typeof(${column})::text` : (column: string) => `typeof(${column})`;
  // The type each value is stored as (SQLite keeps it per value: an integer, not a real).
  const types = (...columns: string[]) => columns.map((column) => `${typeOf(column)} as ${column.replace(/\W/g, '')}_type`).join(', ');
  const rows = await connection.execute<Record<string, unknown>[]>(
    `select e.*, ${types('at', 'e.id', 'token_id', 'nominals', 'identities_shown', 'partnership_id', 'entity_id', '"before"')} from audit_entry e order by id desc limit ${count}`,
  );
  const out = [];
  for (const row of rows.reverse()) {
    const blocks = await connection.execute(`select block, nominals, identities, ${types('entry_id', 'block', 'nominals', 'identities')} from audit_read_block where entry_id = ${Number(row.id)} order by block`);
    const { id: _id, at, hash, ...rest } = row;
    expect(typeof hash).toBe('string');
    // A time within the last minute, stored as the ORM stores it (whole milliseconds on SQLite).
    expect(Math.abs(new Date(typeof at === 'string' || typeof at === 'number' ? Number(at) || String(at) : (at as Date)).getTime() - Date.now())).toBeLessThan(60_000);
    out.push({ ...rest, blocks: blocks.map((b: Record<string, unknown>) => [Number(b.block), Number(b.nominals), Number(b.identities), b.entry_id_type, b.block_type, b.nominals_type, b.identities_type]) });
  }
  return out;
}

function someRecords(count: number): AuditRecord[] {
  const records: AuditRecord[] = [
    { tokenId: null, role: 'ADMIN', operation: 'updateEstablishmentLine', entity: 'EstablishmentLine', entityId: '7', action: 'UPDATE', before: '{"grade":"It\'s a \\"quoted\\" grade? — ünïcode","fte":1}', after: '{"grade":"x","fte":2}', partnershipId: 3 },
    { tokenId: 12, role: 'CASE_MANAGER', operation: 'referrals', entity: 'Nominal', action: 'READ', nominals: 5, identitiesShown: false, nominalReads: new Map([[1, false], [31, false], [32, false], [95, false], [2_000_001, false]]) },
    { tokenId: 13, role: 'ADMIN', operation: 'nominal', entity: 'Nominal', action: 'READ', nominals: 33, identitiesShown: true, nominalReads: new Map(Array.from({ length: 33 }, (_, i) => [64 + i, i % 2 === 0])) },
    { tokenId: 14, role: 'ANALYST', operation: 'cohort', entity: 'Nominal', action: 'READ', nominals: 37, identitiesShown: null },
  ];
  for (let i = records.length; i < count; i++) records.push({ tokenId: i, role: 'ADMIN', operation: 'bulk', entity: 'Nominal', action: 'READ', nominals: 1, identitiesShown: false, nominalReads: new Map([[i * 40, false]]) });
  return records;
}

describe('the read audit written by plain statements', () => {
  it('stores the same entries and read blocks as the ORM did, one request\'s reads and more than a statement\'s worth, and the chain verifies', async () => {
    for (const count of [4, 620]) {
      const records = someRecords(count);
      await appendAuditEntries(t.orm.em.fork(), records);
      const plain = await lastStored(count);
      await appendThroughTheOrm(records);
      const orm = await lastStored(count);
      expect(plain).toEqual(orm);
      expect(plain).toHaveLength(count);
    }
    expect((await verifyAuditChain(t.orm.em.fork())).problem).toBeNull();
  });

  it('on SQLite reads the head and writes the entry and its blocks through statements the writer keeps prepared', async () => {
    if (engineOf(t.orm.em) !== 'sqlite') return;
    const client = (t.orm.em.getConnection('write') as unknown as { getKnex(): { client: PooledClient<sqlite3.Database> } }).getKnex().client;
    const writer = await client.acquireConnection();
    await client.releaseConnection(writer);
    const before = keptStatements(writer);
    await appendAuditEntries(t.orm.em.fork(), someRecords(4));
    const kept = keptStatements(writer);
    expect(kept).toBeGreaterThanOrEqual(3);
    await appendAuditEntries(t.orm.em.fork(), someRecords(4));
    expect(keptStatements(writer)).toBe(kept);
    expect(before).toBeLessThanOrEqual(kept);
    expect((await verifyAuditChain(t.orm.em.fork())).problem).toBeNull();
  });
});

const FLAT = 'query ($p: String!) { referrals(partnership: $p) { id referralDate matrixScore orgsScore panelDate decision agency indexOffenceCode } }';
const PAGE = `query ($p: String!) { cohort(partnership: $p, first: 100) { totalCount nodes { id startDate nominal { reference gender ageBand hubName }
  latestReview(asOf: "2018-09-30") { reviewDate status } offencesInLast12Months(asOf: "2018-09-30") { offenceDate outcome category { code banding } } } } }`;

async function overHttp(query: string, variables: Record<string, unknown>): Promise<{ status: number; text: string }> {
  const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${t.adminToken}` }, body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, text: await response.text() };
}

const entryCount = async () => Number((await t.orm.em.fork().getConnection().execute<{ n: number }[]>('select count(*) as n from audit_entry'))[0].n);
const lastEntry = async () => Number((await t.orm.em.fork().getConnection().execute<{ id: number }[]>('select max(id) as id from audit_entry'))[0].id);

describe('an answer whose text is made while its reads commit', () => {
  it('is the text Apollo makes of the same answer, with the same audit of nominal reads', async () => {
    const { partnerships } = dataOf(await t.gql('{ partnerships { code } }'));
    let made = 0;
    for (const { code } of partnerships as { code: string }[])
      for (const query of [FLAT, PAGE]) {
        const sent = madeTextCounts.sent;
        const entries = await entryCount();
        const { status, text } = await overHttp(query, { p: code });
        expect(status).toBe(200);
        // An answer with nominals read has its entry, and its text made meanwhile; one with none, neither.
        const audited = (await entryCount()) - entries;
        expect(madeTextCounts.sent - sent).toBe(audited);
        const result = await t.gql(query, { p: code });
        expect(text).toBe(`${JSON.stringify({ errors: result.errors, data: result.data, extensions: result.extensions })}\n`);
        if (!audited) continue;
        made++;
        // The same reads as the same question asked without HTTP (the token aside).
        const [entry, again] = await lastStored(2);
        expect({ ...(again as object), token_id: null, token_id_type: null, role: null }).toEqual({ ...(entry as object), token_id: null, token_id_type: null, role: null });
        expect((entry as { blocks: unknown[] }).blocks.length).toBeGreaterThan(0);
      }
    expect(made).toBeGreaterThan(3);
  });
});

/** Holds the commit of the next transaction that appends to the audit log, until `release` (or `fail`). */
class CommitGate implements EventSubscriber {
  armed = false;
  /** The last entry before: a transaction holding a later one appends to the log. */
  private lastEntry = 0;
  entered!: Promise<void>;
  private enter!: () => void;
  private settle!: (failure?: Error) => void;
  arm(lastEntry: number): void {
    this.armed = true;
    this.lastEntry = lastEntry;
    this.entered = new Promise((resolve) => (this.enter = resolve));
  }
  release(failure?: Error): void {
    this.settle(failure);
  }
  async beforeTransactionCommit(args: TransactionEventArgs): Promise<void> {
    if (!this.armed) return;
    // Only a transaction that appends to the log (nothing else writes in these tests).
    const [{ id }] = await (args.em as SqlEntityManager).getConnection().execute<{ id: number }[]>('select max(id) as id from audit_entry', [], 'all', args.transaction);
    if (Number(id) <= this.lastEntry) return;
    this.armed = false;
    const held = new Promise<void>((resolve, reject) => (this.settle = (failure) => (failure ? reject(failure) : resolve())));
    this.enter();
    await held;
  }
}

describe('the read audit holds the answer until it is committed', () => {
  const gate = new CommitGate();
  beforeAll(() => t.orm.em.getEventManager().registerSubscriber(gate));

  async function held(outcome: Error | undefined) {
    const { partnerships } = dataOf(await t.gql('{ partnerships { code } }'));
    const before = await entryCount();
    const sent = madeTextCounts.sent;
    gate.arm(await lastEntry());
    let answered = false;
    const answer = overHttp(FLAT, { p: (partnerships as { code: string }[])[0].code }).finally(() => (answered = true));
    await gate.entered;
    // The commit is on its way and held: the answer's text is made meanwhile, but nothing leaves.
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(answered).toBe(false);
    gate.release(outcome);
    const { status, text } = await answer;
    return { status, body: JSON.parse(text), entries: (await entryCount()) - before, sent: madeTextCounts.sent - sent };
  }

  it('sends the answer once the commit succeeds', async () => {
    const { status, body, entries, sent } = await held(undefined);
    expect(status).toBe(200);
    expect(body.data.referrals.length).toBeGreaterThan(0);
    expect(entries).toBe(1);
    expect(sent).toBe(1);
  });

  it('withholds the answer, text made or not, when the commit fails', async () => {
    const { status, body, entries, sent } = await held(new Error('the disk is full'));
    expect(status).toBe(503);
    expect(body.data).toBeUndefined();
    expect(body.errors[0].extensions.code).toBe('AUDIT_UNAVAILABLE');
    expect(entries).toBe(0);
    expect(sent).toBe(0);
  });
});
