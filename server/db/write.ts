import { LockMode, type EntityClass, type EntityManager } from '@mikro-orm/core';
import type { EntityManager as SqlEntityManager } from '@mikro-orm/knex';
import { conflict, notFound } from '../errors/domain-error.js';
import type { Versioned } from './versioned.js';
import { engineOf } from './dialect.js';
import { applyFields, type FieldRules } from './fields.js';
import { inWrite } from './write-storages.js';

/**
 * The PostgreSQL advisory lock every hub write holds until it commits: the hub's writers take turns
 * across all its processes, as they do on SQLite, while readers never wait.
 */
export const WRITE_LOCK_KEY = 4_240_700_001;

/**
 * Runs a write as one transaction on a fork of `em`. It takes the write lock up front: on SQLite
 * BEGIN IMMEDIATE, on PostgreSQL the transaction's advisory lock (pg_advisory_xact_lock), so every
 * read-then-write (a version check, "is there a draft yet", an import's duplicates check) sees the
 * last committed write and no update is lost. On any error it rolls back, so a rejected write
 * changes nothing. Inside another write (loading the demo data, an import) it becomes a savepoint
 * of that one.
 */
export function writeTransaction<T>(em: EntityManager, work: (tx: EntityManager) => Promise<T>): Promise<T> {
  const fork = em.fork({ keepTransactionContext: true });
  if (engineOf(em) === 'sqlite') return inWrite(() => fork.transactional(work));
  return inWrite(() =>
    fork.transactional(async (tx) => {
      await (tx as SqlEntityManager).execute('select pg_advisory_xact_lock(?)', [WRITE_LOCK_KEY]);
      return work(tx);
    }),
  );
}

/** Parses a GraphQL ID as a row id; anything else is treated as an id that does not exist. */
export function rowId(what: string, id: string): number {
  const value = Number(id);
  if (!Number.isSafeInteger(value) || value <= 0 || String(value) !== String(id).trim()) throw notFound(what, id);
  return value;
}

/**
 * Loads a versioned record inside a write transaction and checks the caller's version: a missing
 * record is NOT_FOUND, a newer one is CONFLICT with the current version. The lock taken by the
 * transaction means nobody else can change it between this check and the commit: SQLite's write
 * lock, or on PostgreSQL the row's lock (SELECT … FOR UPDATE), under which a concurrent writer waits
 * and then reads the committed version.
 */
export async function loadForUpdate<T extends Versioned & { id: number }>(
  tx: EntityManager,
  entity: EntityClass<T>,
  what: string,
  id: string,
  expectedVersion: number,
  populate: readonly string[] = [],
): Promise<T> {
  const where = { id: rowId(what, id) } as never;
  const record =
    engineOf(tx) === 'postgresql'
      ? await lockedRow(tx, entity, where, populate)
      : await tx.findOne(entity, where, { populate: populate as never, refresh: true });
  if (!record) throw notFound(what, id);
  if (record.version !== expectedVersion) throw conflict(`${what[0].toUpperCase()}${what.slice(1)} ${id}`, expectedVersion, record.version);
  // An accepted update is a new version even when it repeats the values it had: the saver's
  // expectedVersion moves on like everyone else's, and the audit log shows who saved it.
  record.updatedAt = new Date();
  return record;
}

/** Locks the row first (FOR UPDATE may not reach the outer-joined side of a populate), then loads its relations. */
async function lockedRow<T extends object>(tx: EntityManager, entity: EntityClass<T>, where: never, populate: readonly string[]): Promise<T | null> {
  const record = await tx.findOne(entity, where, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
  if (record && populate.length) await tx.populate(record, populate as never, { refresh: true });
  return record;
}

/** Removes a versioned record after the same checks as an update. */
export async function removeVersioned<T extends Versioned & { id: number }>(
  em: EntityManager,
  entity: EntityClass<T>,
  what: string,
  id: string,
  expectedVersion: number,
): Promise<boolean> {
  return writeTransaction(em, async (tx) => {
    tx.remove(await loadForUpdate(tx, entity, what, id, expectedVersion));
    await tx.flush();
    return true;
  });
}

/** A kind of versioned record as the API writes it: its fields, and the checks that span them. */
export interface RecordKind<T extends Versioned & { id: number }> {
  entity: EntityClass<T>;
  /** For messages: `establishment line`. */
  what: string;
  fields: FieldRules<T>;
  /** Relations the fields and checks read, loaded with the record on update. */
  populate?: readonly string[];
  /** Checks across fields and values derived from others, once the sent fields are in. */
  complete?(record: T, field: string, tx: EntityManager, input: object): void | Promise<void>;
}

/** Adds a record: `owner` gives what the input does not (partnership, year, position); `input`'s fields go through the kind's rules. */
export async function addVersioned<T extends Versioned & { id: number }>(
  em: EntityManager,
  kind: RecordKind<T>,
  owner: (tx: EntityManager) => Promise<Partial<T>>,
  input: object,
  field: string,
): Promise<T> {
  return writeTransaction(em, async (tx) => {
    const record = tx.create(kind.entity, (await owner(tx)) as never);
    await applyFields(tx, kind.fields, record, input, field, true);
    await kind.complete?.(record, field, tx, input);
    await tx.flush();
    return record;
  });
}

/** Changes the fields `input` sends (null clears one) after the version check; the rest keep their values. */
export async function updateVersioned<T extends Versioned & { id: number }>(
  em: EntityManager,
  kind: RecordKind<T>,
  id: string,
  expectedVersion: number,
  input: object,
  field: string,
): Promise<T> {
  return writeTransaction(em, async (tx) => {
    const record = await loadForUpdate(tx, kind.entity, kind.what, id, expectedVersion, kind.populate);
    await applyFields(tx, kind.fields, record, input, field, false);
    await kind.complete?.(record, field, tx, input);
    await tx.flush();
    return record;
  });
}
