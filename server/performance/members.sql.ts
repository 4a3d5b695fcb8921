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

/**
 * MEMBERS_FROM read from the memberships first, each with its nominal by id: cheaper on SQLite when
 * every partnership's members are asked for (a pass over the memberships, not a look-up for every
 * nominal). SQLite only: NOT INDEXED keeps SQLite 3.44 (node-sqlite3's) from reading nearly every
 * membership through the index on its start date (at scale M the statement took 1.7 times as long).
 */
export const MEMBERS_FROM_MEMBERSHIPS = 'FROM membership m NOT INDEXED CROSS JOIN nominal n ON n.id = m.nominal_id JOIN partnership p ON p.id = n.partnership_id LEFT JOIN hub h ON h.id = n.hub_id';

/** `from` (which reads nominals as `n`), by PATHWAY joined to each recorded need as `need`. */
const withNeeds = (em: Pick<EntityManager, 'config'>, groupBy: CohortGrouping, from: string): string =>
  groupBy === 'PATHWAY' ? `${from} ${jsonArrayJoinSql(em, 'n.needs', 'need')}` : from;

/** Each nominal once with its partnership and hub (no memberships): for a statement that asks of the memberships on its own. */
const NOMINALS_FROM = 'FROM nominal n JOIN partnership p ON p.id = n.partnership_id LEFT JOIN hub h ON h.id = n.hub_id';

/** NOMINALS_FROM for a grouping: by PATHWAY, a nominal's row once for each recorded need (`need`.value). */
export function nominalsFrom(em: Pick<EntityManager, 'config'>, groupBy: CohortGrouping): string {
  return withNeeds(em, groupBy, NOMINALS_FROM);
}

/**
 * MEMBERS_FROM (or with `fromMemberships`, MEMBERS_FROM_MEMBERSHIPS) for a grouping: by PATHWAY, a
 * member's row once for each recorded need (`need`.value).
 */
export function membersFrom(em: Pick<EntityManager, 'config'>, groupBy: CohortGrouping, fromMemberships = false): string {
  return withNeeds(em, groupBy, fromMemberships ? MEMBERS_FROM_MEMBERSHIPS : MEMBERS_FROM);
}
