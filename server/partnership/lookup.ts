import type { EntityManager } from '@mikro-orm/core';
import { badInput } from '../errors/domain-error.js';
import { Agency, Partnership } from './partnership.entity.js';

/** The partnership with this code, or BAD_USER_INPUT naming the field. */
export async function requirePartnership(em: EntityManager, field: string, code: string): Promise<Partnership> {
  const partnership = await em.findOne(Partnership, { code });
  if (!partnership) throw badInput(field, `there is no partnership "${code}".`);
  return partnership;
}

/** The partnership's agency with this code, or BAD_USER_INPUT naming the field. */
export async function requireAgency(em: EntityManager, field: string, partnership: Partnership, code: string): Promise<Agency> {
  const agency = await em.findOne(Agency, { partnership, code });
  if (!agency) throw badInput(field, `${partnership.name} has no agency "${code}".`);
  return agency;
}
