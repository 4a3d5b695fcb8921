import type { EventSubscriber, TransactionEventArgs } from '@mikro-orm/core';
import pg from 'pg';
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
import { withClient } from '../bench/postgres-cluster.js';

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
    const writer = await writerConnection();
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

describe('a read\'s audit on SQLite, its own transaction on the writer without the ORM', () => {
  const sqlite = () => engineOf(t.orm.em) === 'sqlite';
  const write = () => t.orm.em.getConnection('write') as unknown as { getKnex(): { on(event: 'query', listener: (query: { sql: string }) => void): void; off(event: 'query', listener: (query: { sql: string }) => void): void } };

  /** The statements knex sends while `work` runs, and those sent to the writer connection as text (`exec`). */
  async function sent(work: () => Promise<unknown>): Promise<{ knex: string[]; exec: string[] }> {
    const writer = await writerConnection();
    const knex: string[] = [];
    const exec: string[] = [];
    const listen = (query: { sql: string }) => knex.push(query.sql);
    const own = writer.exec;
    writer.exec = function spied(this: sqlite3.Database, query: string, callback?: (error: Error | null) => void) {
      exec.push(query);
      return own.call(this, query, callback);
    } as typeof writer.exec;
    write().getKnex().on('query', listen);
    try {
      await work();
    } finally {
      write().getKnex().off('query', listen);
      writer.exec = own;
    }
    return { knex, exec };
  }

  it('begins and commits on the driver: knex sends nothing, as it does every statement of a transaction through the ORM', async () => {
    if (!sqlite()) return;
    const own = await sent(() => appendAuditEntries(t.orm.em.fork(), someRecords(4)));
    expect(own.knex).toEqual([]);
    expect(own.exec).toEqual(['BEGIN IMMEDIATE', 'COMMIT']);
    // The counting sees the ORM's: the same entries appended in a transaction the ORM began.
    const orm = await sent(() => t.orm.em.fork().transactional((tx) => appendAuditEntries(tx, someRecords(4))));
    expect(orm.knex.map((query) => query.toLowerCase())).toEqual(expect.arrayContaining(['begin immediate;', 'commit;']));
    expect(orm.exec).toEqual([]);
    expect((await verifyAuditChain(t.orm.em.fork())).problem).toBeNull();
  });

  it('leaves nothing behind when a statement fails midway, and the writer takes the next write', async () => {
    if (!sqlite()) return;
    const writer = t.orm.em.getConnection('write');
    // On the writer connection only (a temporary trigger is the connection's own): the blocks' insert fails.
    await writer.execute("create temp trigger refuse_block before insert on audit_read_block when new.block = 777777 begin select raise(abort, 'the disk is full'); end");
    try {
      const before = await entryCount();
      const failing: AuditRecord = { tokenId: 1, role: 'ADMIN', operation: 'referrals', entity: 'Nominal', action: 'READ', nominals: 1, identitiesShown: false, nominalReads: new Map([[777777 * 32, false]]) };
      const { exec } = await sent(() => expect(appendAuditEntries(t.orm.em.fork(), [...someRecords(2), failing])).rejects.toThrow('the disk is full'));
      expect(exec).toEqual(['BEGIN IMMEDIATE', 'ROLLBACK']);
      expect(await entryCount()).toBe(before);
      // The writer is not left in the transaction: the next audit, and a change through the ORM, are written.
      await appendAuditEntries(t.orm.em.fork(), someRecords(4));
      dataOf(await t.gql(ADD_LINE, { x: { grade: 'After a failed audit', fte: 1, budget: 1000 } }));
      expect(await entryCount()).toBe(before + 5);
    } finally {
      await writer.execute('drop trigger temp.refuse_block');
    }
    expect((await verifyAuditChain(t.orm.em.fork())).problem).toBeNull();
  });

  it('keeps the chain whole with reads\' audits and changes through the ORM at the same time', async () => {
    const before = await entryCount();
    const work: Promise<unknown>[] = [];
    for (let i = 0; i < 12; i++) {
      work.push(appendAuditEntries(t.orm.em.fork(), someRecords(4 + (i % 3))));
      work.push(t.gql(ADD_LINE, { x: { grade: `Concurrent ${i}`, fte: 1, budget: 1000 + i } }).then(dataOf));
      work.push(t.orm.em.fork().transactional((tx) => appendAuditEntries(tx, someRecords(4))));
    }
    await Promise.all(work);
    // 12 reads' audits of 4–6 entries (60 in all), 12 changes' and 12 transactions of 4 entries each.
    expect(await entryCount()).toBe(before + 60 + 12 + 48);
    expect((await verifyAuditChain(t.orm.em.fork())).problem).toBeNull();
  });

  it('has the pool replace the writer should the rollback itself fail, so no transaction is left open on it', async () => {
    if (!sqlite()) return;
    const writer = await writerConnection();
    const before = await entryCount();
    const own = writer.exec;
    writer.exec = function failing(this: sqlite3.Database, query: string, callback?: (error: Error | null) => void) {
      if (query === 'COMMIT' || query === 'ROLLBACK') {
        callback?.(new Error(`SQLITE_IOERR: ${query} failed`));
        return this;
      }
      return own.call(this, query, callback);
    } as typeof writer.exec;
    try {
      await expect(appendAuditEntries(t.orm.em.fork(), someRecords(4))).rejects.toThrow('COMMIT failed');
    } finally {
      writer.exec = own;
    }
    // The connection, still inside the transaction, is closed (its transaction rolled back) and a new one made.
    expect(await writerConnection()).not.toBe(writer);
    expect(await entryCount()).toBe(before);
    await appendAuditEntries(t.orm.em.fork(), someRecords(4));
    expect(await entryCount()).toBe(before + 4);
    expect((await verifyAuditChain(t.orm.em.fork())).problem).toBeNull();
  });
});

/** Messages sent to PostgreSQL (pg's Client.query) while `run` runs; nothing else runs meanwhile in these tests. */
async function messagesSent(run: () => Promise<void>): Promise<number> {
  const query = pg.Client.prototype.query;
  let sent = 0;
  pg.Client.prototype.query = function counted(this: pg.Client, ...args: unknown[]) {
    sent++;
    return (query as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof query;
  try {
    await run();
  } finally {
    pg.Client.prototype.query = query;
  }
  return sent;
}

const countOf = async (table: string) => Number((await t.orm.em.fork().getConnection().execute<{ n: number }[]>(`select count(*) as n from ${table}`))[0].n);

describe('a read\'s entry on PostgreSQL in two round trips', () => {
  it('sends the transaction, lock and head as one message, and the entry, its blocks and the commit as another', async () => {
    if (engineOf(t.orm.em) !== 'postgresql') return;
    await appendAuditEntries(t.orm.em.fork(), someRecords(4));
    expect(await messagesSent(() => appendAuditEntries(t.orm.em.fork(), someRecords(4)))).toBe(2);
    // A long list's entry (blocks past 1,000 rows, entries past 500) still takes two.
    expect(await messagesSent(() => appendAuditEntries(t.orm.em.fork(), someRecords(620)))).toBe(2);
    expect((await verifyAuditChain(t.orm.em.fork())).problem).toBeNull();
  });

  it('leaves nothing when a statement fails midway, and its connection goes back to the pool usable', async () => {
    const entries = await countOf('audit_entry');
    const blocks = await countOf('audit_read_block');
    const broken: AuditRecord[] = [...someRecords(3), { tokenId: 1, role: null as unknown as string, operation: 'cohort', entity: 'Nominal', action: 'READ', nominals: 1, identitiesShown: false, nominalReads: new Map([[5, false]]) }];
    for (let i = 0; i < 3; i++) await expect(appendAuditEntries(t.orm.em.fork(), broken)).rejects.toThrow(/null/i);
    expect(await countOf('audit_entry')).toBe(entries);
    expect(await countOf('audit_read_block')).toBe(blocks);
    if (engineOf(t.orm.em) === 'postgresql') {
      // No connection of the pool is left in the failed transaction.
      const [{ n }] = await t.orm.em.fork().getConnection().execute<{ n: number }[]>("select count(*) as n from pg_stat_activity where datname = current_database() and state like 'idle in transaction%'");
      expect(Number(n)).toBe(0);
    }
    // Every connection of the pool takes the next entries.
    await Promise.all(Array.from({ length: 12 }, () => appendAuditEntries(t.orm.em.fork(), someRecords(4).slice(0, 2))));
    expect(await countOf('audit_entry')).toBe(entries + 24);
    expect((await verifyAuditChain(t.orm.em.fork())).problem).toBeNull();
  });

  it('keeps the chain whole under reads and changes appended at once', async () => {
    const entries = await countOf('audit_entry');
    const head = await chainHead(t.orm.em.fork() as SqlEntityManager);
    const change = (i: number): AuditRecord => ({ tokenId: null, role: 'ADMIN', operation: 'updateHub', entity: 'Hub', entityId: String(i), action: 'UPDATE', before: '{"name":"a"}', after: '{"name":"b"}', partnershipId: 1 });
    await Promise.all([
      ...Array.from({ length: 30 }, (_, i) => appendAuditEntries(t.orm.em.fork(), someRecords(4).slice(0, 1 + (i % 3)))),
      // A change's entry goes in its own transaction, under the same lock.
      ...Array.from({ length: 10 }, (_, i) => t.orm.em.fork().transactional((tx) => appendAuditEntries(tx, [change(i)]))),
    ]);
    // 60 reads' entries, 10 changes'.
    expect(await countOf('audit_entry')).toBe(entries + 70);
    const [{ low, high }] = await t.orm.em.fork().getConnection().execute<{ low: number; high: number }[]>(`select min(id) as low, max(id) as high from audit_entry where id > ${head.id}`);
    expect([Number(low), Number(high)]).toEqual([head.id + 1, head.id + 70]);
    expect((await verifyAuditChain(t.orm.em.fork())).problem).toBeNull();
  });
});

const ADD_LINE = 'mutation ($x: EstablishmentLineInput!) { addEstablishmentLine(partnership: "norfolk-suffolk", financialYear: "2014/15", line: $x) { id version } }';
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

interface Gate {
  entered: Promise<void>;
  arm(lastEntry: number): Promise<void>;
  release(failure?: Error): Promise<void>;
}

/** Holds the commit of the next transaction that appends to the audit log, until `release` (or `fail`); on SQLite, through the ORM's transaction events. */
class CommitGate implements EventSubscriber, Gate {
  armed = false;
  /** The last entry before: a transaction holding a later one appends to the log. */
  private lastEntry = 0;
  entered!: Promise<void>;
  private enter!: () => void;
  private settle!: (failure?: Error) => void;
  async arm(lastEntry: number): Promise<void> {
    this.armed = true;
    this.lastEntry = lastEntry;
    this.entered = new Promise((resolve) => (this.enter = resolve));
  }
  async release(failure?: Error): Promise<void> {
    this.settle(failure);
  }
  /** Waits for `release`, once the commit is on its way. */
  protected hold(): Promise<void> {
    this.armed = false;
    const held = new Promise<void>((resolve, reject) => (this.settle = (failure) => (failure ? reject(failure) : resolve())));
    this.enter();
    return held;
  }
  async beforeTransactionCommit(args: TransactionEventArgs): Promise<void> {
    if (!this.armed) return;
    // Only a transaction that appends to the log (nothing else writes in these tests).
    const [{ id }] = await (args.em as SqlEntityManager).getConnection().execute<{ id: number }[]>('select max(id) as id from audit_entry', [], 'all', args.transaction);
    if (Number(id) <= this.lastEntry) return;
    await this.hold();
  }
}

/**
 * On SQLite, where a read's audit commits on the writer without the ORM: holds the next `COMMIT`
 * sent to the writer connection until `release`, then sends it; `release(failure)` answers it
 * with the failure instead, the transaction still open (as a failed commit may leave it).
 */
class DriverCommitGate extends CommitGate {
  constructor(db: sqlite3.Database) {
    super();
    const exec = db.exec;
    db.exec = ((query: string, callback?: (error: Error | null) => void) => {
      if (!this.armed || query !== 'COMMIT') return exec.call(db, query, callback);
      this.hold().then(() => exec.call(db, query, callback), (failure: Error) => callback?.(failure));
      return db;
    }) as typeof db.exec;
  }
  override async beforeTransactionCommit(): Promise<void> {}
}

/** SQLite's writer connection, as its pool of one hands it out. */
async function writerConnection(): Promise<sqlite3.Database> {
  const client = (t.orm.em.getConnection('write') as unknown as { getKnex(): { client: PooledClient<sqlite3.Database> } }).getKnex().client;
  const writer = await client.acquireConnection();
  await client.releaseConnection(writer);
  return writer;
}

/** The advisory lock the PostgreSQL gate holds a commit on. */
const GATE_KEY = 4_240_799_001;

/**
 * On PostgreSQL, where a read's entry is committed in a message of its own (not through the ORM's
 * transaction): a deferred trigger on the audit log, run at the commit, waits for an advisory lock
 * the gate holds, then fails the commit if told to.
 */
class PostgresCommitGate implements Gate {
  entered!: Promise<void>;
  private holder?: pg.Client;
  async install(): Promise<void> {
    await withClient(t.databaseUrl, async (client) => {
      await client.query('create table audit_test_gate (fail text)');
      await client.query(`create function audit_test_gate() returns trigger language plpgsql as $$
        declare failure text;
        begin
          perform pg_advisory_xact_lock_shared(${GATE_KEY});
          select fail into failure from audit_test_gate limit 1;
          if failure is not null then raise exception '%', failure; end if;
          return null;
        end $$`);
      await client.query('create constraint trigger audit_test_gate after insert on audit_entry deferrable initially deferred for each row execute function audit_test_gate()');
    });
  }
  async remove(): Promise<void> {
    await withClient(t.databaseUrl, async (client) => {
      await client.query('drop trigger audit_test_gate on audit_entry');
      await client.query('drop function audit_test_gate()');
      await client.query('drop table audit_test_gate');
    });
  }
  async arm(): Promise<void> {
    this.holder = new pg.Client({ connectionString: t.databaseUrl });
    await this.holder.connect();
    await this.holder.query('delete from audit_test_gate');
    await this.holder.query('select pg_advisory_lock($1)', [GATE_KEY]);
    const holder = this.holder;
    this.entered = (async () => {
      // A commit waiting on the lock.
      while (!Number((await holder.query("select count(*) as n from pg_locks where locktype = 'advisory' and objid = $1 and not granted", [GATE_KEY])).rows[0].n))
        await new Promise((resolve) => setTimeout(resolve, 5));
    })();
  }
  async release(failure?: Error): Promise<void> {
    const holder = this.holder!;
    if (failure) await holder.query('insert into audit_test_gate (fail) values ($1)', [failure.message]);
    await holder.query('select pg_advisory_unlock($1)', [GATE_KEY]);
    // The commit has read what to do by the time the lock is taken and let go again.
    await holder.query('select pg_advisory_lock($1)', [GATE_KEY]);
    await holder.query('delete from audit_test_gate');
    await holder.end();
  }
}

describe('the read audit holds the answer until it is committed', () => {
  let gate: Gate;
  beforeAll(async () => {
    if (engineOf(t.orm.em) === 'postgresql') {
      const postgres = new PostgresCommitGate();
      await postgres.install();
      gate = postgres;
    } else gate = new DriverCommitGate(await writerConnection());
  });
  afterAll(async () => {
    if (gate instanceof PostgresCommitGate) await gate.remove();
  });

  async function held(outcome: Error | undefined) {
    const { partnerships } = dataOf(await t.gql('{ partnerships { code } }'));
    const before = await entryCount();
    const sent = madeTextCounts.sent;
    await gate.arm(await lastEntry());
    let answered = false;
    const answer = overHttp(FLAT, { p: (partnerships as { code: string }[])[0].code }).finally(() => (answered = true));
    await gate.entered;
    // The commit is on its way and held: the answer's text is made meanwhile, but nothing leaves.
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(answered).toBe(false);
    const released = gate.release(outcome);
    const { status, text } = await answer;
    await released;
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
    // Nothing left open: the next read is audited and answered.
    const { partnerships } = dataOf(await t.gql('{ partnerships { code } }'));
    const before = await entryCount();
    expect((await overHttp(FLAT, { p: (partnerships as { code: string }[])[0].code })).status).toBe(200);
    expect(await entryCount()).toBe(before + 1);
    expect((await verifyAuditChain(t.orm.em.fork())).problem).toBeNull();
  });
});
