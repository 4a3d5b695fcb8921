import type { EntityManager } from '@mikro-orm/core';
import { sql } from '../../db/sql.js';
import { requirePartnership } from '../../partnership/lookup.js';
import { REOFFENDING_COMPARISON_SQL } from './reoffending-comparison.sql.js';
import { comparisonRows, type ComparisonRow } from './reoffending-comparison.js';

/**
 * Actual vs predicted reoffending v1: the published rows as printed, ranked within the loaded set
 * (1 = lowest; equal values share a rank). The published national ranks are kept beside.
 */
export async function loadReoffendingComparison(em: EntityManager, code: string): Promise<ComparisonRow[]> {
  const partnership = await requirePartnership(em, 'partnership', code);
  return comparisonRows(await sql(em, REOFFENDING_COMPARISON_SQL, { partnershipId: partnership.id }));
}
