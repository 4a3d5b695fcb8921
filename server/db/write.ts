import type { EntityClass, EntityManager } from '@mikro-orm/core';
import { conflict, notFound } from '../errors/domain-error.js';
import type { Versioned } from './versioned.js';

/**
 * Runs a write as one transaction on a fork of `em`: it takes the write lock up front
 * (BEGIN IMMEDIATE), and on any error rolls back, so a rejected write changes nothing.
 * Inside another write (loading the demo data, an import) it becomes a savepoint of that one.
 */
export function writeTransaction<T>(em: EntityManager, work: (tx: EntityManager) => Promise<T>): Promise<T> {
  return em.fork({ keepTransactionContext: true }).transactional(work);
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
 * transaction means nobody else can change it between this check and the commit.
 */
export async function loadForUpdate<T extends Versioned & { id: number }>(
  tx: EntityManager,
  entity: EntityClass<T>,
  what: string,
  id: string,
  expectedVersion: number,
  populate: readonly string[] = [],
): Promise<T> {
  const record = await tx.findOne(entity, { id: rowId(what, id) } as never, { populate: populate as never, refresh: true });
  if (!record) throw notFound(what, id);
  if (record.version !== expectedVersion) throw conflict(`${what[0].toUpperCase()}${what.slice(1)} ${id}`, expectedVersion, record.version);
  // An accepted update is a new version even when it repeats the values it had: the saver's
  // expectedVersion moves on like everyone else's, and the audit log shows who saved it.
  record.updatedAt = new Date();
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
