import DataLoader from 'dataloader';
import type { EntityClass, EntityManager } from '@mikro-orm/core';
import type { HubContext } from '../context.js';
import { plainEntitiesOf, readsLean } from './entity-rows.js';
import { scopeOf } from './partnership-scope.js';

/**
 * Loads the rows of `entity` that belong to many parents in one query per request (no N+1):
 * `childrenOf(ctx, StaffingRatio, 'partnership').load(partnership.id)`.
 */
export function childrenOf<T extends object>(ctx: HubContext, entity: EntityClass<T>, parentProperty: keyof T & string): DataLoader<number, T[]> {
  const key = `${entity.name}.${parentProperty}`;
  let loader = ctx.loaders.get(key) as DataLoader<number, T[]> | undefined;
  if (!loader) {
    loader = new DataLoader<number, T[]>(async (parentIds) => {
      const rows = await ctx.em.find(entity, { [parentProperty]: { $in: [...parentIds] } } as never, { orderBy: { id: 'asc' } as never });
      const byParent = new Map<number, T[]>(parentIds.map((id) => [id, []]));
      for (const row of rows) byParent.get((row[parentProperty] as { id: number }).id)?.push(row);
      return parentIds.map((id) => byParent.get(id) ?? []);
    });
    ctx.loaders.set(key, loader);
  }
  return loader;
}

/**
 * Loads rows by id, many ids in one query per request: `rowById(ctx, Agency).load(id)`. With
 * `lean` (an entity with a `partnership` of its own, test/lean-reads.test.ts comparing its reports
 * both ways), a query's rows are read with flat SQL in the caller's partnership scope
 * (entity-rows.ts) rather than through the ORM's query builder.
 */
export function rowById<T extends { id: number }>(ctx: HubContext, entity: EntityClass<T>, { lean = false } = {}): DataLoader<number, T | null> {
  const key = `${entity.name}.id`;
  let loader = ctx.loaders.get(key) as DataLoader<number, T | null> | undefined;
  if (!loader) {
    loader = new DataLoader<number, T | null>(async (ids) => {
      const rows = lean && readsLean(ctx.em) ? await leanRowsById(ctx.em, entity, ids) : await ctx.em.find(entity, { id: { $in: [...ids] } } as never);
      const byId = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id) ?? null);
    });
    ctx.loaders.set(key, loader);
  }
  return loader;
}

/** Rows by id with flat SQL, in the caller's partnership scope on the entity's own `partnership` column. */
function leanRowsById<T extends object>(em: EntityManager, entity: EntityClass<T>, ids: readonly number[]): Promise<T[]> {
  const meta = em.getMetadata().get(entity.name);
  const partnership = meta.properties.partnership as { fieldNames?: string[] } | undefined;
  const column = partnership?.fieldNames?.[0];
  if (!column || meta.primaryKeys.join() !== 'id') throw new Error(`${entity.name} is not read lean by id: it has no partnership column of its own, or its key is not id.`);
  const scope = scopeOf(em, `t.${column}`);
  return plainEntitiesOf(em, entity, `SELECT t.* FROM ${meta.tableName} t WHERE t.id IN (:ids) AND ${scope.where}`, { ids: [...ids], ...scope.params });
}
