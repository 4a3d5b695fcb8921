import type { EntityManager } from '@mikro-orm/core';
import { badInput } from '../errors/domain-error.js';
import { UnitCostOfCrime } from './crime-category.entity.js';

/** The unit-cost table a measure uses: the one named, or the latest loaded (null when none is). */
export async function requireUnitCostTable(em: EntityManager, field: string, version?: string | null): Promise<string | null> {
  if (version) {
    if (!(await em.count(UnitCostOfCrime, { tableVersion: version }))) throw badInput(field, `there is no unit-cost table "${version}".`);
    return version;
  }
  const latest = await em.findOne(UnitCostOfCrime, { id: { $gt: 0 } }, { orderBy: { id: 'desc' } });
  return latest?.tableVersion ?? null;
}
