import type { EntityManager } from '@mikro-orm/core';
import { callerOf } from '../../access/caller.js';
import { sql } from '../../db/sql.js';
import { protectSmallCounts, requestedThreshold } from '../../disclosure/small-counts.js';
import { countCohortSnapshot } from '../cohort-snapshot/cohort-snapshot.service.js';
import { needsSql } from './needs.sql.js';
import { MEMBERS_DISCLOSURE, NEEDS_DISCLOSURE, needCounts, rankShown, type ShownNeed } from './needs.js';

export interface NeedsView {
  partnership: string;
  date: string;
  members: number | null;
  rows: ShownNeed[];
}

/** Needs breakdown v1 at `date`: members on the scheme by the pathways of their needs, small counts protected for the caller. */
export async function loadNeedsBreakdown(em: EntityManager, code: string, date: string, suppressUnder?: number | null): Promise<NeedsView> {
  const requested = requestedThreshold(suppressUnder);
  const snapshot = await countCohortSnapshot(em, code, date, null, 'NONE');
  const rows = await sql<{ pathway: string; members: number }>(em, needsSql(em), { partnershipId: snapshot.partnership.id, date: snapshot.date });
  const caller = callerOf(em);
  const [whole] = protectSmallCounts(caller, requested, MEMBERS_DISCLOSURE, [{ members: snapshot.overall.total }]);
  const needs = protectSmallCounts(caller, requested, NEEDS_DISCLOSURE, needCounts(rows, snapshot.overall.total));
  return { partnership: snapshot.partnership.code, date: snapshot.date, members: whole.members, rows: rankShown(needs) };
}
