import type { EntityManager } from '@mikro-orm/core';
import { badInput } from '../../errors/domain-error.js';
import { InputChecks } from '../../errors/problems.js';
import { optionalText, requireDate, requireText, requireWholeNumber } from '../../errors/validate.js';
import { writeTransaction } from '../../db/write.js';
import { toHundredths } from '../../money/hundredths.js';
import { requirePartnership, type JoinedRead } from '../lookup.js';
import { columnsOf, plainEntitiesOf, plainParts, readsLean } from '../../db/entity-rows.js';
import { scopeOf } from '../../db/partnership-scope.js';
import { CohortCapacity, CohortTarget, StaffingRatio } from './staffing.entity.js';
import type { StaffingRatio as Ratio } from './staffing.js';
import type { CohortCapacityInput, CohortTargetInput, StaffingRatioInput } from './staffing.input.js';

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

/** A cohort target's fields, checked: the target after its baseline, each phase between them in date order; every problem at once. */
export function cohortTargetFields(field: string, input: CohortTargetInput) {
  const checks = new InputChecks();
  const baselineDate = checks.check(() => requireDate(`${field}.baselineDate`, input.baselineDate));
  const targetDate = checks.check(() => requireDate(`${field}.targetDate`, input.targetDate));
  if (baselineDate && targetDate && targetDate <= baselineDate) checks.add(badInput(`${field}.targetDate`, `${targetDate} is not after the baseline date ${baselineDate}.`));
  let previous = baselineDate;
  const phases = (input.phases ?? []).map((phase, i) => {
    const date = checks.check(() => requireDate(`${field}.phases[${i}].date`, phase.date));
    if (date && previous && date <= previous) checks.add(badInput(`${field}.phases[${i}].date`, `${date} is not after ${previous}: phases go in date order after the baseline.`));
    if (date && targetDate && date >= targetDate) checks.add(badInput(`${field}.phases[${i}].date`, `${date} is not before the target date ${targetDate}.`));
    previous = date ?? previous;
    return { date: date!, size: checks.check(() => requireWholeNumber(`${field}.phases[${i}].size`, phase.size)) ?? 0 };
  });
  const fields = {
    baseline: checks.check(() => requireWholeNumber(`${field}.baseline`, input.baseline))!,
    baselineDate: baselineDate!,
    target: checks.check(() => requireWholeNumber(`${field}.target`, input.target))!,
    targetDate: targetDate!,
    phases: phases.length ? phases : null,
    notes: checks.check(() => optionalText(`${field}.notes`, input.notes)) ?? null,
    source: checks.check(() => optionalText(`${field}.source`, input.source)) ?? null,
  };
  checks.done();
  return fields;
}

export async function addCohortTarget(em: EntityManager, partnershipCode: string, input: CohortTargetInput): Promise<CohortTarget> {
  return writeTransaction(em, async (tx) => {
    const partnership = await requirePartnership(tx, 'partnership', partnershipCode);
    const record = tx.create(CohortTarget, { partnership, ...cohortTargetFields('target', input) });
    await tx.flush();
    return record;
  });
}

/** Records how many nominals the partnership is staffed to manage from a date (replacing what was recorded for that date). */
export async function setCohortCapacity(em: EntityManager, partnershipCode: string, input: CohortCapacityInput): Promise<CohortCapacity> {
  return writeTransaction(em, async (tx) => {
    const partnership = await requirePartnership(tx, 'partnership', partnershipCode);
    const checks = new InputChecks();
    const fields = {
      capacity: checks.check(() => requireWholeNumber('capacity.capacity', input.capacity, { min: 1 }))!,
      fromDate: checks.check(() => requireDate('capacity.fromDate', input.fromDate))!,
      source: checks.check(() => optionalText('capacity.source', input.source)) ?? null,
    };
    checks.done();
    const record = (await tx.findOne(CohortCapacity, { partnership, fromDate: fields.fromDate })) ?? tx.create(CohortCapacity, { partnership, ...fields });
    Object.assign(record, fields);
    await tx.flush();
    return record;
  });
}

/** The capacity in force on `date`: the one recorded from the latest date on or before it; null when none. */
export async function capacityOn(em: EntityManager, partnership: { id: number }, date: string): Promise<CohortCapacity | null> {
  return em.findOne(CohortCapacity, { partnership: partnership.id, fromDate: { $lte: date } }, { orderBy: { fromDate: 'desc' } });
}

/** The cohort target in force on `date`: of those set by then (baseline on or before it), the latest set. */
export async function targetOn(em: EntityManager, partnership: { id: number }, date: string): Promise<CohortTarget | null> {
  if (!readsLean(em)) return em.findOne(CohortTarget, { partnership: partnership.id, baselineDate: { $lte: date } }, { orderBy: { baselineDate: 'desc', id: 'desc' } });
  const scope = scopeOf(em, 't.partnership_id');
  const query = `SELECT t.* FROM cohort_target t WHERE t.partnership_id = :partnershipId AND t.baseline_date <= :date AND ${scope.where} ORDER BY t.baseline_date DESC, t.id DESC LIMIT 1`;
  return (await plainEntitiesOf(em, CohortTarget, query, { partnershipId: partnership.id, date, ...scope.params }))[0] ?? null;
}

/** The partnership's recorded staffing standards, oldest first. */
export function staffingRatiosOf(em: EntityManager, partnership: { id: number }): Promise<StaffingRatio[]> {
  if (!readsLean(em)) return em.find(StaffingRatio, { partnership: partnership.id }, { orderBy: { id: 'asc' } });
  const scope = scopeOf(em, 's.partnership_id');
  return plainEntitiesOf(em, StaffingRatio, `SELECT s.* FROM staffing_ratio s WHERE s.partnership_id = :partnershipId AND ${scope.where} ORDER BY s.id`, { partnershipId: partnership.id, ...scope.params });
}

/** The same on the lean read path, in a report's look-up statement (lookUpWith): the looked-up partnership's standards, oldest first. */
export function leanStaffingRatios(em: EntityManager): JoinedRead<StaffingRatio[]> {
  const columns = columnsOf(em, 'StaffingRatio');
  return {
    tables: { sr: 'StaffingRatio' },
    joins: (only) => `LEFT JOIN staffing_ratio sr ON ${only} AND sr.partnership_id = p.id`,
    orderBy: ['sr.id'],
    take: (rows) => plainParts(em, StaffingRatio, rows, 'sr', columns),
  };
}
