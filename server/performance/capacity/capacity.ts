import { fromHundredths } from '../../money/hundredths.js';
import type { StaffingRatio } from '../../partnership/staffing/staffing.entity.js';
import { requiredFte } from '../../partnership/staffing/staffing.js';
import { roundHalfAway } from '../rounding.js';

/** One staffing standard against the cohort; FTE in hundredths. */
export interface CapacityRow {
  grade: string;
  caseload: string | null;
  standardFteHundredths: number;
  perNominals: number;
  /** Members the standard applies to. */
  nominals: number;
  fteNeededHundredths: number;
  staffFteHundredths: number | null;
  /** Members covered by all of this grade's standards ÷ the grade's staff in post. */
  nominalsPerFte: number | null;
  /** The standard as nominals per FTE: perNominals ÷ standard FTE. */
  standardNominalsPerFte: number;
}

/** Nominals per FTE of a role, to two decimals; null with no FTE. */
export function nominalsPerFte(nominals: number, fte: number): number | null {
  return fte === 0 ? null : roundHalfAway(nominals / fte, 2);
}

/**
 * Capacity v1: for each staffing standard, the members it applies to (a caseload standard counts
 * only members of that statutory status, `byCaseload`), the FTE they need (⌈nominals × FTE ÷
 * per-nominals⌉ to the hundredth) and, with the staff in post by grade (hundredths), nominals per FTE.
 */
export function capacityRows(members: number, byCaseload: ReadonlyMap<string, number>, ratios: readonly StaffingRatio[], inPost: ReadonlyMap<string, number>): CapacityRow[] {
  const standards = ratios.map((ratio) => {
    const nominals = ratio.caseload ? (byCaseload.get(ratio.caseload) ?? 0) : members;
    return { ratio, nominals, staffFteHundredths: inPost.get(ratio.grade) ?? null };
  });
  return standards.map(({ ratio, nominals, staffFteHundredths }) => {
    const gradeNominals = standards.filter((other) => other.ratio.grade === ratio.grade).reduce((sum, other) => sum + other.nominals, 0);
    return {
      grade: ratio.grade,
      caseload: ratio.caseload ?? null,
      standardFteHundredths: ratio.fteHundredths,
      perNominals: ratio.perNominals,
      nominals,
      fteNeededHundredths: requiredFte(nominals, ratio),
      staffFteHundredths,
      nominalsPerFte: staffFteHundredths === null ? null : nominalsPerFte(gradeNominals, fromHundredths(staffFteHundredths)),
      standardNominalsPerFte: nominalsPerFte(ratio.perNominals, fromHundredths(ratio.fteHundredths)) ?? 0,
    };
  });
}
