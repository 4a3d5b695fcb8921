import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import type { EntityManager as SqlEntityManager } from '@mikro-orm/knex';
import type pg from 'pg';
import type sqlite3 from 'sqlite3';
import { allPrepared, finalizeKeptOnClose, type ClosingClient } from '../db/sqlite-statements.js';
import { engineOf } from '../db/dialect.js';
import { rollBackOrDiscard } from '../db/pooled-connection.js';
import { READ_BLOCK_BITS } from './audit-entry.entity.js';
import { HUB_POLICY } from './policy.js';
import { asStored } from './input-guard.js';

/**
 * The audit log as a chain. Every entry is appended here, and only here: under one lock (SQLite's
 * write lock; on PostgreSQL a transaction advisory lock), each entry gets the next id and a hash
 * of the entry before's hash and its own content, the nominals a read returned included. An entry
 * edited, replaced or removed behind the hub's back no longer matches, and `verifyAuditChain`
 * names the first one. Someone who can write the database could rewrite the whole chain from
 * the edited entry on; the head (`id:hash`) kept somewhere else (`audit verify` prints it) shows that.
 */

/** The PostgreSQL advisory lock under which entries are appended (the writers' lock is WRITE_LOCK_KEY). */
export const AUDIT_CHAIN_LOCK_KEY = 4_240_700_002;

/** An entry to append: what happened, by whom. The chain gives it its id, time and hash. */
export interface AuditRecord {
  tokenId: number | null;
  role: string;
  operation: string;
  entity: string;
  entityId?: string | null;
  action: string;
  before?: string | null;
  after?: string | null;
  nominals?: number | null;
  identitiesShown?: boolean | null;
  /** The partnership the changed record belongs to. */
  partnershipId?: number | null;
  /** For a read: the nominals returned, and whether each one's identity was shown. */
  nominalReads?: ReadonlyMap<number, boolean>;
}

/** The fields of an entry that its hash covers. */
export interface ChainedFields {
  id: number;
  at: Date;
  tokenId: number | null;
  role: string;
  operation: string;
  entity: string;
  entityId: string | null;
  action: string;
  before: string | null;
  after: string | null;
  nominals: number | null;
  identitiesShown: boolean | null;
  partnershipId: number | null;
}

/** SHA-256 of the entry before's hash ('' for the first) and this entry's fields and reads, in a fixed order. */
export function entryHash(previous: string, entry: ChainedFields, reads: ReadonlyMap<number, boolean> = new Map()): string {
  const body = JSON.stringify([
    entry.id, entry.at.toISOString(), entry.tokenId, entry.role, entry.operation, entry.entity, entry.entityId, entry.action,
    entry.before, entry.after, entry.nominals, entry.identitiesShown, 0, entry.partnershipId,
  ]);
  // The nominals' place (the 0 before the last value) written by readsText, as JSON.stringify would write them.
  const at = body.lastIndexOf(',0,');
  return createHash('sha256').update(previous).update('\n').update(body.slice(0, at + 1)).update(readsText(reads)).update(body.slice(at + 2)).digest('hex');
}

/**
 * A read's nominals as the hash covers them, `[[id, shown], …]` by id (shown 1 or 0), the text
 * JSON.stringify gives: for a long list's thousands of ids, sorted as numbers in a typed array and
 * written as text, not sorted as pairs and stringified.
 */
function readsText(reads: ReadonlyMap<number, boolean>): string {
  const ids = Float64Array.from(reads.keys());
  if (!ids.every(Number.isSafeInteger)) return JSON.stringify([...reads].sort(([a], [b]) => a - b).map(([id, shown]) => [id, shown ? 1 : 0]));
  ids.sort();
  let text = '[';
  for (let i = 0; i < ids.length; i++) text += `${i ? ',' : ''}[${ids[i]},${reads.get(ids[i]) ? 1 : 0}]`;
  return `${text}]`;
}

/** One entry's read as stored: a row for each block of 32 nominal ids it returned any of. */
export interface ReadBlock {
  entryId: number;
  block: number;
  nominals: number;
  identities: number;
}

/** A read's nominals (id → identity shown) as the rows of `audit_read_block`. */
export function readBlocksOf(entryId: number, reads: ReadonlyMap<number, boolean>): ReadBlock[] {
  const blocks = new Map<number, ReadBlock>();
  for (const [nominalId, identityShown] of reads) {
    const block = Math.floor(nominalId / READ_BLOCK_BITS);
    const bit = 2 ** (nominalId % READ_BLOCK_BITS);
    let row = blocks.get(block);
    if (!row) blocks.set(block, (row = { entryId, block, nominals: 0, identities: 0 }));
    row.nominals += bit;
    if (identityShown) row.identities += bit;
  }
  return [...blocks.values()];
}

/**
 * The nominals (id → identity shown) stored blocks hold, added to `into`. A bit set in either mask
 * counts as a nominal read, so a mask altered behind the hub's back changes what the hash covers.
 */
export function readsOfBlocks(blocks: Iterable<{ block: number | string; nominals: number | string; identities: number | string }>, into = new Map<number, boolean>()): Map<number, boolean> {
  for (const row of blocks) {
    const block = Number(row.block);
    const nominals = Number(row.nominals);
    const identities = Number(row.identities);
    for (let bit = 0; bit < READ_BLOCK_BITS; bit++) {
      const read = (nominals >>> bit) & 1;
      const shown = (identities >>> bit) & 1;
      if (read || shown) into.set(block * READ_BLOCK_BITS + bit, shown === 1);
    }
  }
  return into;
}

/** The last entry: its id and hash (0 and '' for an empty log). */
export async function chainHead(em: SqlEntityManager): Promise<{ id: number; hash: string }> {
  return headOf((await em.execute<HeadRow[]>(HEAD))[0]);
}

type HeadRow = { id: number | string; hash: string | null } | undefined;

/** The head out of HEAD's row (none for an empty log). */
const headOf = (row: HeadRow): { id: number; hash: string } => (row ? { id: Number(row.id), hash: row.hash ?? '' } : { id: 0, hash: '' });

/** `records` as the entries that follow `head` in the chain (ids, times, hashes), with their read blocks. */
export function chainedEntries(head: { id: number; hash: string }, records: readonly AuditRecord[]): { entries: (ChainedFields & { hash: string })[]; blocks: ReadBlock[] } {
  let { id, hash } = head;
  const entries: (ChainedFields & { hash: string })[] = [];
  const blocks: ReadBlock[] = [];
  for (const record of records) {
    const fields: ChainedFields = {
      // Text as the database will store it, so that the hash covers what a check reads back.
      id: ++id, at: new Date(), tokenId: record.tokenId, role: asStored(record.role), operation: asStored(record.operation), entity: asStored(record.entity), entityId: asStored(record.entityId ?? null),
      action: asStored(record.action), before: asStored(record.before ?? null), after: asStored(record.after ?? null), nominals: record.nominals ?? null, identitiesShown: record.identitiesShown ?? null,
      partnershipId: record.partnershipId ?? null,
    };
    hash = entryHash(hash, fields, record.nominalReads);
    entries.push({ ...fields, hash });
    if (record.nominalReads) blocks.push(...readBlocksOf(fields.id, record.nominalReads));
  }
  return { entries, blocks };
}

/**
 * Appends entries to the log, in the transaction `em` is in (the change they record), or in one of
 * their own. Nothing else writes to audit_entry or audit_read_block.
 *
 * `whileCommitting`, for entries in a transaction of their own: work for the event loop while that
 * transaction commits (SQLite's fsync in the driver's thread, PostgreSQL's at the server). It is
 * called once the entries are on their way with the commit (on SQLite once they are written, as the
 * commit is asked for; on PostgreSQL once the one message holding the entries and the `COMMIT` is
 * sent), and not when a statement before fails; it must not throw. The entries are committed, or
 * not, whatever it does: a caller must still wait for the returned promise before taking them as
 * written.
 */
export async function appendAuditEntries(em: EntityManager, records: readonly AuditRecord[], whileCommitting?: () => void): Promise<void> {
  if (!records.length) return;
  const sql = em as SqlEntityManager;
  const engine = engineOf(em);
  if (em.isInTransaction()) {
    if (engine === 'postgresql') await sql.execute('select pg_advisory_xact_lock(?)', [AUDIT_CHAIN_LOCK_KEY]);
    const { entries, blocks } = chainedEntries(await chainHead(sql), records);
    return insertEntries(sql, engine, entries, blocks);
  }
  if (engine === 'postgresql') return appendInTwoTrips(sql, records, whileCommitting);
  return appendOnTheWriter(sql, records, whileCommitting);
}

const ENTRY_COLUMNS = 'id, at, token_id, role, operation, entity, entity_id, action, "before", "after", nominals, identities_shown, partnership_id, hash';

/** An entry's values in ENTRY_COLUMNS' order, its flag as the ORM stores it (0 / 1 on SQLite), its time as `at` gives it. */
function entryValues(e: ChainedFields & { hash: string }, engine: string, at: (time: Date) => unknown = (time) => time): unknown[] {
  const flag = e.identitiesShown === null || engine === 'postgresql' ? e.identitiesShown : Number(e.identitiesShown);
  return [e.id, at(e.at), e.tokenId, e.role, e.operation, e.entity, e.entityId, e.action, e.before, e.after, e.nominals, flag, e.partnershipId, e.hash];
}

const HEAD = 'select id, hash from audit_entry order by id desc limit 1';
const INSERT_ENTRY = `insert into audit_entry (${ENTRY_COLUMNS}) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
const INSERT_BLOCKS = "insert into audit_read_block (entry_id, block, nominals, identities) select json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'), json_extract(value, '$[3]') from json_each(?)";

/** The ORM's write connection: its pool of the driver's connections (of one on SQLite), and the ORM's log of each statement. */
interface WriterConnection<Db> {
  ensureConnection(): Promise<void>;
  getKnex(): { client: { acquireConnection(): Promise<Db>; releaseConnection(db: Db): Promise<unknown> } };
  executeQuery<T>(query: string, run: () => Promise<T>, context: object): Promise<T>;
}

/**
 * `work` on a driver connection taken from the writers' pool for a transaction of its own, and given
 * back to the pool after. Should `work` fail, its transaction is rolled back (`rollback`) on that
 * connection first, or the connection is discarded (rollBackOrDiscard).
 */
async function onTheWriter<Db extends object>(connection: WriterConnection<Db>, rollback: (db: Db) => Promise<unknown>, work: (db: Db) => Promise<void>): Promise<void> {
  await connection.ensureConnection();
  const client = connection.getKnex().client;
  const db = await client.acquireConnection();
  try {
    await work(db);
  } catch (error) {
    await rollBackOrDiscard(db, rollback);
    throw error;
  } finally {
    await client.releaseConnection(db);
  }
}

/**
 * On SQLite, entries in a transaction of their own (a read's), on the writer connection taken from
 * the pool for the whole transaction (no other write comes between: the ORM's transactions wait
 * for it in the pool), without the ORM or knex: `BEGIN IMMEDIATE` (the write lock, waited for under
 * the connection's busy timeout), the head read, the entries and their blocks written, `COMMIT`.
 * `BEGIN IMMEDIATE`, `COMMIT` and `ROLLBACK` go as text (one trip to node-sqlite3's thread each,
 * nothing prepared); the head and the inserts through statements the writer keeps prepared
 * (../db/sqlite-statements.ts), their values bound. The values stored are those the ORM wrote
 * (the time as whole milliseconds: a number past 32 bits is bound as a real, and the column's
 * NUMERIC affinity keeps it as the integer; a flag as 0 / 1); the blocks go as one JSON text of
 * their whole numbers, so one statement holds any number of them. Each statement is logged as
 * the ORM logs its own. A failure is rolled back on the writer (onTheWriter).
 */
async function appendOnTheWriter(em: SqlEntityManager, records: readonly AuditRecord[], whileCommitting?: () => void): Promise<void> {
  const connection = em.getConnection('write') as unknown as WriterConnection<sqlite3.Database>;
  const run = (db: sqlite3.Database, query: string, params: unknown[]) => connection.executeQuery(query, () => allPrepared(db, query, params), { query, params });
  const exec = (db: sqlite3.Database, query: string) => connection.executeQuery(query, () => execOn(db, query), { query });
  await connection.ensureConnection();
  finalizeKeptOnClose(connection.getKnex().client as unknown as ClosingClient);
  await onTheWriter(connection, (db) => exec(db, 'ROLLBACK'), async (db) => {
    await exec(db, 'BEGIN IMMEDIATE');
    const [head] = await run(db, HEAD, []);
    const { entries, blocks } = chainedEntries(headOf(head as HeadRow), records);
    for (const entry of entries) await run(db, INSERT_ENTRY, entryValues(entry, 'sqlite', (time) => time.getTime()));
    if (blocks.length) await run(db, INSERT_BLOCKS, [JSON.stringify(blocks.map((b) => [b.entryId, b.block, b.nominals, b.identities]))]);
    const committed = exec(db, 'COMMIT');
    // The COMMIT is in the driver's thread already (text is not prepared first).
    if (whileCommitting) setImmediate(whileCommitting);
    await committed;
  });
}

const execOn = (db: sqlite3.Database, query: string) => new Promise<void>((resolve, reject) => db.exec(query, (error: Error | null) => (error ? reject(error) : resolve())));

/**
 * Entries and their read blocks as plain statements, each value written in by the platform as the
 * ORM writes it (a time as milliseconds on SQLite, a timestamp on PostgreSQL), in chunks of 500
 * entries and 1,000 blocks. On PostgreSQL a request's entries and blocks (one chunk of each) go in
 * one statement, the entries inserted by its WITH: one round trip to the server, not two.
 */
async function insertEntries(em: SqlEntityManager, engine: string, entries: readonly (ChainedFields & { hash: string })[], blocks: readonly ReadBlock[]): Promise<void> {
  for (const { query, params } of entryStatements(engine, entries, blocks)) await em.execute(query, params);
}

/** The statements that write `entries` and `blocks` (insertEntries), each with its values to write in. */
function entryStatements(engine: string, entries: readonly (ChainedFields & { hash: string })[], blocks: readonly ReadBlock[]): { query: string; params: unknown[] }[] {
  const entryRows = (chunk: readonly (ChainedFields & { hash: string })[]) => {
    const params: unknown[] = [];
    for (const e of chunk) params.push(...entryValues(e, engine));
    return { values: chunk.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', '), params };
  };
  if (engine === 'postgresql' && entries.length <= 500 && blocks.length && blocks.length <= 1000) {
    const { values, params } = entryRows(entries);
    return [{ query: `with entry as (insert into audit_entry (${ENTRY_COLUMNS}) values ${values}) insert into audit_read_block (entry_id, block, nominals, identities) values ${readBlockValues(blocks)}`, params }];
  }
  const statements: { query: string; params: unknown[] }[] = [];
  for (let i = 0; i < entries.length; i += 500) {
    const { values, params } = entryRows(entries.slice(i, i + 500));
    statements.push({ query: `insert into audit_entry (${ENTRY_COLUMNS}) values ${values}`, params });
  }
  for (let i = 0; i < blocks.length; i += 1000) statements.push({ query: `insert into audit_read_block (entry_id, block, nominals, identities) values ${readBlockValues(blocks.slice(i, i + 1000))}`, params: [] });
  return statements;
}

/** The first of a PostgreSQL append's two messages: the transaction, the chain's lock, then its head (each statement its own snapshot, taken once the lock is held). */
const BEGIN_LOCK_HEAD = `BEGIN; select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK_KEY}); ${HEAD}`;

interface PostgresWriterConnection extends WriterConnection<pg.Client> {
  config: { get(key: 'onQuery'): (sql: string, params: readonly unknown[]) => string };
  platform: { formatQuery(sql: string, params: readonly unknown[]): string };
}

/**
 * On PostgreSQL, entries in a transaction of their own (a read's), in two round trips to the server
 * where the ORM's transaction took five: on a connection of the writers' pool, one message of
 * constants (`BEGIN`, the chain's advisory lock, the chain's head), then one holding the entries'
 * statements and `COMMIT`. The statements are those insertEntries runs in a transaction, their
 * values written in by the platform as the ORM writes them (pg's escapeLiteral for text), so the
 * entries are stored as before. Within one message each statement takes its own snapshot (read
 * committed): the head is read once the lock is held, as before. After a failed statement the rest
 * of its message is skipped and the transaction left open and aborted: it is rolled back on the
 * connection (onTheWriter), so nothing is written and the connection is left usable.
 */
async function appendInTwoTrips(em: SqlEntityManager, records: readonly AuditRecord[], whileCommitting?: () => void): Promise<void> {
  const connection = em.getConnection('write') as unknown as PostgresWriterConnection;
  const onQuery = connection.config.get('onQuery');
  // Logged as the ORM logs every statement.
  const send = (db: pg.Client, query: string) => connection.executeQuery(query, () => db.query(query) as unknown as Promise<pg.QueryResult[]>, { query, params: [] });
  await onTheWriter(connection, (db) => db.query('ROLLBACK'), async (db) => {
    const [, , head] = await send(db, onQuery(BEGIN_LOCK_HEAD, []));
    const { entries, blocks } = chainedEntries(headOf(head.rows[0] as HeadRow), records);
    const statements = entryStatements('postgresql', entries, blocks).map(({ query, params }) => connection.platform.formatQuery(onQuery(query, params), params));
    const committed = send(db, `${statements.join('; ')}; COMMIT`);
    if (whileCommitting) setImmediate(whileCommitting);
    await committed;
  });
}

/**
 * Rows of audit_read_block as the VALUES of one statement, their whole numbers written as they
 * are: the ORM's insertMany took longer to make the statement for a long list's 74 rows than
 * SQLite took to write them.
 */
function readBlockValues(blocks: readonly ReadBlock[]): string {
  const whole = (value: number) => {
    if (!Number.isSafeInteger(value) || value < 0) throw new Error(`An audit read block holds ${value}, not a whole number.`);
    return value;
  };
  return blocks.map((b) => `(${whole(b.entryId)}, ${whole(b.block)}, ${whole(b.nominals)}, ${whole(b.identities)})`).join(', ');
}

/** Which properties of which entities hold identity values: the access policy's identity fields. */
export const IDENTITY_PROPERTIES: Readonly<Record<string, readonly string[]>> = Object.entries(HUB_POLICY.fields)
  .filter(([, rule]) => rule.kind === 'identity')
  .reduce<Record<string, string[]>>((byEntity, [key]) => {
    const [entity, property] = key.split('.');
    (byEntity[entity] ??= []).push(property);
    return byEntity;
  }, {});

type Snapshot = Record<string, unknown> | null;

/**
 * A change of an identity record as the audit log keeps it: its other properties (ids) as they
 * are, and instead of the identity values, `changed`: the identity fields given a value (CREATE),
 * changed (UPDATE) or removed (DELETE). Other entities' records are kept whole.
 */
export function withoutIdentity(entity: string, action: string, before: Snapshot, after: Snapshot): { before: Snapshot; after: Snapshot } {
  const fields = IDENTITY_PROPERTIES[entity];
  const holdsIdentity = (snapshot: Snapshot) => Boolean(snapshot && fields?.some((field) => field in snapshot));
  // Nothing to take out (another entity, or an entry kept this way already): as it is.
  if (!fields || (!holdsIdentity(before) && !holdsIdentity(after))) return { before, after };
  const rest = (snapshot: Snapshot) => snapshot && Object.fromEntries(Object.entries(snapshot).filter(([key]) => !fields.includes(key)));
  const held = (snapshot: Snapshot) => fields.filter((field) => snapshot?.[field] !== null && snapshot?.[field] !== undefined);
  if (action === 'CREATE') return { before: rest(before), after: after && { ...rest(after), changed: held(after) } };
  if (action === 'DELETE') return { before: before && { ...rest(before), changed: held(before) }, after: rest(after) };
  const changed = fields.filter((field) => JSON.stringify(before?.[field] ?? null) !== JSON.stringify(after?.[field] ?? null));
  return { before: rest(before), after: after && { ...rest(after), changed } };
}

export interface ChainReport {
  entries: number;
  /** The last entry, `id:hash`: keep it elsewhere, and give it to a later check (`expectHead`). */
  head: string | null;
  /** The first thing wrong, naming the entry; null when the chain is intact. */
  problem: string | null;
}

interface StoredEntry {
  id: number | string;
  at: Date | number | string;
  token_id: number | string | null;
  role: string;
  operation: string;
  entity: string;
  entity_id: string | null;
  action: string;
  before: string | null;
  after: string | null;
  nominals: number | string | null;
  identities_shown: boolean | number | null;
  partnership_id?: number | string | null;
  hash: string | null;
}

const numberOrNull = (value: unknown) => (value === null || value === undefined ? null : Number(value));

/** An entry as read back with plain SQL (SQLite gives times as milliseconds and booleans as 0 / 1), under `id`. */
function chainedFields(row: StoredEntry, id = Number(row.id)): ChainedFields {
  return {
    id, at: new Date(typeof row.at === 'string' && /^\d+$/.test(row.at) ? Number(row.at) : row.at), tokenId: numberOrNull(row.token_id), role: row.role,
    operation: row.operation, entity: row.entity, entityId: row.entity_id ?? null, action: row.action, before: row.before ?? null, after: row.after ?? null,
    nominals: numberOrNull(row.nominals), identitiesShown: row.identities_shown === null || row.identities_shown === undefined ? null : Boolean(row.identities_shown),
    partnershipId: numberOrNull(row.partnership_id),
  };
}

type Execute = (sql: string, params?: unknown[]) => Promise<unknown[]>;

/**
 * For the migration that started the chain, once: takes identity values out of the entries written
 * before they were kept out (as `withoutIdentity` does for new ones), numbers the entries 1, 2, 3…
 * in the order they were written (PostgreSQL's sequence could leave gaps) and chains them. The
 * caller turns the database's guard off around it.
 */
export async function sealAuditLog(execute: Execute): Promise<number> {
  let previous = { id: 0, hash: '' };
  let lastOld = 0;
  const parse = (text: string | null) => (text ? (JSON.parse(text) as Record<string, unknown>) : null);
  for (;;) {
    const batch = (await execute('select * from audit_entry where id > ? order by id limit 1000', [lastOld])) as StoredEntry[];
    if (!batch.length) break;
    for (const row of batch) {
      lastOld = Number(row.id);
      const fields = chainedFields(row, previous.id + 1);
      if (IDENTITY_PROPERTIES[row.entity]) {
        const redacted = withoutIdentity(row.entity, row.action, parse(row.before), parse(row.after));
        fields.before = redacted.before ? JSON.stringify(redacted.before) : null;
        fields.after = redacted.after ? JSON.stringify(redacted.after) : null;
      }
      const hash = entryHash(previous.hash, fields);
      await execute('update audit_entry set id = ?, "before" = ?, "after" = ?, hash = ? where id = ?', [fields.id, fields.before, fields.after, hash, lastOld]);
      previous = { id: fields.id, hash };
    }
  }
  return previous.id;
}

/**
 * Walks the whole log in id order, a batch at a time, recomputing each entry's hash from the one
 * before: the first entry whose id is not the next one (removed), or whose hash does not match
 * its content (edited or replaced), is the problem reported. `expectHead` (`id:hash` from an
 * earlier check) also finds entries removed from the end.
 */
export async function verifyAuditChain(em: EntityManager, { expectHead, progress }: { expectHead?: string; progress?: (entries: number) => void } = {}): Promise<ChainReport> {
  const sql = em as SqlEntityManager;
  let previous = { id: 0, hash: '' };
  let entries = 0;
  const report = (problem: string | null): ChainReport => ({ entries, head: previous.id ? `${previous.id}:${previous.hash}` : null, problem });
  for (;;) {
    const batch = await sql.execute<StoredEntry[]>('select * from audit_entry where id > ? order by id limit 1000', [previous.id]);
    if (!batch.length) break;
    const last = Number(batch[batch.length - 1].id);
    const reads = new Map<number, Map<number, boolean>>();
    for (const read of await sql.execute<{ entry_id: number | string; block: number | string; nominals: number | string; identities: number | string }[]>(
      'select entry_id, block, nominals, identities from audit_read_block where entry_id > ? and entry_id <= ?',
      [previous.id, last],
    )) {
      const entry = Number(read.entry_id);
      if (!reads.has(entry)) reads.set(entry, new Map());
      readsOfBlocks([read], reads.get(entry));
    }
    for (const row of batch) {
      const id = Number(row.id);
      if (id !== previous.id + 1) {
        const missing = id - 1 === previous.id + 1 ? `entry ${previous.id + 1} was removed` : `entries ${previous.id + 1} to ${id - 1} were removed`;
        return report(`${missing}: entry ${id} follows ${previous.id ? `entry ${previous.id}` : 'nothing'}.`);
      }
      const fields = chainedFields(row);
      if (!row.hash) return report(`entry ${id} has no hash: it was written behind the hub's back.`);
      if (entryHash(previous.hash, fields, reads.get(id)) !== row.hash) return report(`entry ${id} was edited or replaced: its content no longer matches its hash.`);
      previous = { id, hash: row.hash };
      entries++;
    }
    progress?.(entries);
  }
  if (expectHead) {
    const [id, hash] = expectHead.split(':');
    const [known] = await sql.execute<{ hash: string | null }[]>('select hash from audit_entry where id = ?', [Number(id)]);
    if (!known) return report(`entry ${id} (the head given) was removed: the log ends at entry ${previous.id}.`);
    if (known.hash !== hash) return report(`entry ${id} (the head given) was edited or replaced, and the chain rewritten after it.`);
  }
  const [orphans] = await sql.execute<{ n: number | string }[]>('select count(*) as n from audit_read_block r where not exists (select 1 from audit_entry e where e.id = r.entry_id)');
  if (Number(orphans.n)) return report(`${orphans.n} nominal reads belong to no entry: they were added behind the hub's back.`);
  return report(null);
}
