import type { EntityManager } from '@mikro-orm/core';
import { callerOf } from '../../access/caller.js';
import { sql } from '../../db/sql.js';
import { protectSmallCounts } from '../../disclosure/small-counts.js';
import { requirePartnership } from '../../partnership/lookup.js';
import { REOFFENDING_COMPARISON_SQL } from './reoffending-comparison.sql.js';
import { COMPARISON_DISCLOSURE, comparisonRows, rankedInSet, type ComparisonRow } from './reoffending-comparison.js';

/**
 * Actual vs predicted reoffending v1: the published rows as printed (those the caller may see: see
 * COMPARISON_DISCLOSURE), ranked within that set (1 = lowest; equal values share a rank). The
 * published national ranks are kept beside.
 */
export async function loadReoffendingComparison(em: EntityManager, code: string): Promise<ComparisonRow[]> {
  const partnership = await requirePartnership(em, 'partnership', code);
  const published = comparisonRows(await sql(em, REOFFENDING_COMPARISON_SQL, { partnershipId: partnership.id }));
  return rankedInSet(protectSmallCounts(callerOf(em), null, COMPARISON_DISCLOSURE, published));
}
