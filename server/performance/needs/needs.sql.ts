import type { EntityManager } from '@mikro-orm/core';
import { membersFrom, NOMINAL_GROUP_SQL } from '../members.sql.js';

/** Needs breakdown v1: members on the scheme at :date for :partnershipId, counted under each pathway they have a need recorded against. */
export function needsSql(em: Pick<EntityManager, 'config'>): string {
  return `SELECT ${NOMINAL_GROUP_SQL.PATHWAY} AS pathway, COUNT(DISTINCT m.id) AS members
     ${membersFrom(em, 'PATHWAY')}
     WHERE n.partnership_id = :partnershipId AND m.start_date <= :date AND (m.end_date IS NULL OR m.end_date > :date)
     GROUP BY ${NOMINAL_GROUP_SQL.PATHWAY}`;
}
