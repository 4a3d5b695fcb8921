import type { EntityManager } from '@mikro-orm/core';
import { callerOf } from '../../access/caller.js';
import { protectSmallCounts, requestedThreshold } from '../../disclosure/small-counts.js';
import { capacityOn, targetOn } from '../../partnership/staffing/staffing.service.js';
import { countCohortSnapshot } from '../cohort-snapshot/cohort-snapshot.service.js';
import { TARGET_PROGRESS_DISCLOSURE, type ShownTargetProgress } from './cohort-target-progress.js';

export interface TargetProgressView extends ShownTargetProgress {
  partnership: string;
  date: string;
  targetSource: string | null;
  capacitySource: string | null;
}

/** Cohort target progress v1 on `date`: members (cohort snapshot v1) against the target in force, its phasing and capacity; small counts protected. */
export async function loadCohortTargetProgress(em: EntityManager, code: string, date: string, suppressUnder?: number | null): Promise<TargetProgressView> {
  const requested = requestedThreshold(suppressUnder);
  const snapshot = await countCohortSnapshot(em, code, date, null, 'NONE');
  const target = await targetOn(em, snapshot.partnership, snapshot.date);
  const places = await capacityOn(em, snapshot.partnership, snapshot.date);
  const [figures] = protectSmallCounts(callerOf(em), requested, TARGET_PROGRESS_DISCLOSURE, [{ plan: target, date: snapshot.date, members: snapshot.overall.total, capacity: places?.capacity ?? null }]);
  return { partnership: snapshot.partnership.code, date: snapshot.date, ...figures, targetSource: target?.source ?? null, capacitySource: places?.source ?? null };
}
