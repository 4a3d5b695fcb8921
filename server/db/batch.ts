import DataLoader from 'dataloader';
import type { EntityClass } from '@mikro-orm/core';
import type { HubContext } from '../context.js';

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

/** Loads rows by id, many ids in one query per request: `rowById(ctx, Agency).load(id)`. */
export function rowById<T extends { id: number }>(ctx: HubContext, entity: EntityClass<T>): DataLoader<number, T | null> {
  const key = `${entity.name}.id`;
  let loader = ctx.loaders.get(key) as DataLoader<number, T | null> | undefined;
  if (!loader) {
    loader = new DataLoader<number, T | null>(async (ids) => {
      const rows = await ctx.em.find(entity, { id: { $in: [...ids] } } as never);
      const byId = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id) ?? null);
    });
    ctx.loaders.set(key, loader);
  }
  return loader;
}
