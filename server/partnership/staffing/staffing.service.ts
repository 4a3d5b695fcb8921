import type { EntityManager } from '@mikro-orm/core';
import { badInput } from '../../errors/domain-error.js';
import { optionalText, requireDate, requireText, requireWholeNumber } from '../../errors/validate.js';
import { writeTransaction } from '../../db/write.js';
import { toHundredths } from '../../money/hundredths.js';
import { requirePartnership } from '../lookup.js';
import { CohortTarget, StaffingRatio } from './staffing.entity.js';
import type { StaffingRatio as Ratio } from './staffing.js';
import type { CohortTargetInput, StaffingRatioInput } from './staffing.input.js';

/** A staffing ratio from its input, checked: the fields named under `field`. */
export function staffingRatioFrom(field: string, ratio: StaffingRatioInput): Ratio {
  return {
    grade: requireText(`${field}.grade`, ratio.grade),
    fteHundredths: toHundredths(`${field}.fte`, ratio.fte),
    perNominals: requireWholeNumber(`${field}.perNominals`, ratio.perNominals, { min: 1 }),
  };
}

export async function addStaffingRatio(em: EntityManager, partnershipCode: string, input: StaffingRatioInput): Promise<StaffingRatio> {
  return writeTransaction(em, async (tx) => {
    const partnership = await requirePartnership(tx, 'partnership', partnershipCode);
    const ratio = staffingRatioFrom('ratio', input);
    const record = tx.create(StaffingRatio, {
      partnership,
      ...ratio,
      caseload: optionalText('ratio.caseload', input.caseload, 60),
      source: optionalText('ratio.source', input.source),
    } as StaffingRatio);
    await tx.flush();
    return record;
  });
}

export async function addCohortTarget(em: EntityManager, partnershipCode: string, input: CohortTargetInput): Promise<CohortTarget> {
  return writeTransaction(em, async (tx) => {
    const partnership = await requirePartnership(tx, 'partnership', partnershipCode);
    const baselineDate = requireDate('target.baselineDate', input.baselineDate);
    const targetDate = requireDate('target.targetDate', input.targetDate);
    if (targetDate <= baselineDate) throw badInput('target.targetDate', `${targetDate} is not after the baseline date ${baselineDate}.`);
    const record = tx.create(CohortTarget, {
      partnership,
      baseline: requireWholeNumber('target.baseline', input.baseline),
      baselineDate,
      target: requireWholeNumber('target.target', input.target),
      targetDate,
      notes: optionalText('target.notes', input.notes),
      source: optionalText('target.source', input.source),
    });
    await tx.flush();
    return record;
  });
}
