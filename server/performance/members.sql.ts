import type { EntityManager } from '@mikro-orm/core';
import { jsonArrayJoinSql } from '../db/dialect.js';
import type { CohortGrouping } from './cohort-grouping.js';

/** The SQL expression each grouping of members groups by (offence groups are grouped on the offences). */
export const NOMINAL_GROUP_SQL: Record<Exclude<CohortGrouping, 'OFFENCE_GROUP'>, string> = {
  NONE: "'all'",
  PARTNERSHIP: 'p.code',
  AREA: "COALESCE(h.name, 'not recorded')",
  LOCAL_AUTHORITY: "COALESCE(n.local_authority, 'not recorded')",
  GENDER: 'n.gender',
  AGE_BAND: 'n.age_band',
  ETHNICITY: 'n.ethnicity',
  STATUTORY_STATUS: 'n.statutory_status',
  PATHWAY: "COALESCE(need.value, 'none recorded')",
};

/** Members through the partnership's nominals first (CROSS JOIN fixes SQLite's join order), so cost follows the partnership, not the whole history. */
export const MEMBERS_FROM = 'FROM nominal n CROSS JOIN membership m ON m.nominal_id = n.id JOIN partnership p ON p.id = n.partnership_id LEFT JOIN hub h ON h.id = n.hub_id';

/** MEMBERS_FROM for a grouping: by PATHWAY, a member's row once for each recorded need (`need`.value). */
export function membersFrom(em: Pick<EntityManager, 'config'>, groupBy: CohortGrouping): string {
  return groupBy === 'PATHWAY' ? `${MEMBERS_FROM} ${jsonArrayJoinSql(em, 'n.needs', 'need')}` : MEMBERS_FROM;
}
