import type { EntityManager } from '@mikro-orm/core';
import { badInput } from '../../errors/domain-error.js';
import { requireText } from '../../errors/validate.js';
import { StaffingRatio } from '../../partnership/staffing/staffing.entity.js';
import { toHundredths } from '../../money/hundredths.js';
import { loadCohortSnapshot } from '../cohort-snapshot/cohort-snapshot.service.js';
import { capacityRows, type CapacityRow } from './capacity.js';

export interface CapacityView {
  partnership: string;
  date: string;
  members: number;
  rows: CapacityRow[];
}

/** Staff in post by grade, in hundredths of an FTE; a grade listed twice is refused. */
function staffInPost(staff: readonly { grade: string; fte: number }[]): Map<string, number> {
  const inPost = new Map<string, number>();
  staff.forEach((s, i) => {
    const grade = requireText(`staff[${i}].grade`, s.grade);
    if (inPost.has(grade)) throw badInput(`staff[${i}].grade`, `"${grade}" is listed twice.`);
    inPost.set(grade, toHundredths(`staff[${i}].fte`, s.fte));
  });
  return inPost;
}

/**
 * Capacity v1: members on the scheme at the date (cohort snapshot v1, by statutory status, as the
 * caller may see them) against each of the partnership's staffing standards, with nominals per FTE
 * of the staff in post: every figure is worked out from the snapshot's protected counts.
 */
export async function loadCapacity(em: EntityManager, code: string, date: string, staff: readonly { grade: string; fte: number }[] = []): Promise<CapacityView> {
  const snapshot = await loadCohortSnapshot(em, code, date, null, 'STATUTORY_STATUS');
  const inPost = staffInPost(staff);
  const ratios = await em.find(StaffingRatio, { partnership: { code: snapshot.partnership } }, { orderBy: { id: 'asc' } });
  // No threshold is asked for, so no count is null.
  const members = snapshot.overall.total ?? 0;
  const byCaseload = new Map(snapshot.groups.map((g) => [g.group, g.total ?? 0]));
  return { partnership: snapshot.partnership, date: snapshot.date, members, rows: capacityRows(members, byCaseload, ratios, inPost) };
}
