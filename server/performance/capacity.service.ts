import type { EntityManager } from '@mikro-orm/core';
import { badInput } from '../errors/domain-error.js';
import { toHundredths } from '../money/hundredths.js';
import { requireText } from '../errors/validate.js';
import { StaffingRatio } from '../finance/scenario/planning.entity.js';
import { requiredFte } from '../finance/scenario/scenario.js';
import { loadEstablishment } from '../finance/establishment/establishment.service.js';
import { sql } from '../db/sql.js';
import { loadCohortSnapshot, requireUnitCostTable } from './measures.service.js';

export interface CapacityRow {
  grade: string;
  caseload: string | null;
  standardFteHundredths: number;
  perNominals: number;
  nominals: number;
  fteNeededHundredths: number;
  staffFteHundredths: number | null;
}

export interface CapacityView {
  partnership: string;
  date: string;
  members: number;
  rows: CapacityRow[];
}

/**
 * Capacity v1: members on the scheme at the date (cohort snapshot v1), and for each of the
 * partnership's staffing standards the FTE they need (⌈nominals × FTE ÷ per-nominals⌉ to the
 * hundredth; a caseload standard counts only members of that statutory status). With the staff
 * in post, nominals per FTE of each grade.
 */
export async function loadCapacity(em: EntityManager, code: string, date: string, staff: readonly { grade: string; fte: number }[] = []): Promise<CapacityView> {
  const snapshot = await loadCohortSnapshot(em, code, date, null, 'STATUTORY_STATUS');
  const byCaseload = new Map(snapshot.groups.map((g) => [g.group, g.total]));
  const inPost = new Map<string, number>();
  staff.forEach((s, i) => {
    const grade = requireText(`staff[${i}].grade`, s.grade);
    if (inPost.has(grade)) throw badInput(`staff[${i}].grade`, `"${grade}" is listed twice.`);
    inPost.set(grade, toHundredths(`staff[${i}].fte`, s.fte));
  });
  const ratios = await em.find(StaffingRatio, { partnership: snapshot.partnership }, { orderBy: { id: 'asc' } });
  return {
    partnership: snapshot.partnership.code,
    date: snapshot.date,
    members: snapshot.overall.total,
    rows: ratios.map((ratio) => {
      const nominals = ratio.caseload ? (byCaseload.get(ratio.caseload) ?? 0) : snapshot.overall.total;
      return {
        grade: ratio.grade,
        caseload: ratio.caseload ?? null,
        standardFteHundredths: ratio.fteHundredths,
        perNominals: ratio.perNominals,
        nominals,
        fteNeededHundredths: requiredFte(nominals, ratio),
        staffFteHundredths: inPost.get(ratio.grade) ?? null,
      };
    }),
  };
}

export interface ValueForMoneyView {
  partnership: string;
  financialYear: string;
  runningCostPence: number;
  runningCostComplete: boolean;
  managed: number;
  offences: number;
  averageOffenceCostPence: number | null;
  unitCostTable: string | null;
}

/**
 * Value for money v1 for a financial year: running cost = the year's establishment budget +
 * non-pay costs; managed = memberships on the scheme at any time in the year; average offence
 * cost = mean unit cost of the partnership's proven offences dated in the year.
 */
export async function loadValueForMoney(em: EntityManager, code: string, yearLabel: string, unitCostTable?: string | null): Promise<ValueForMoneyView> {
  const establishment = await loadEstablishment(em, code, yearLabel);
  const { partnership, year } = establishment;
  const table = await requireUnitCostTable(em, 'unitCostTable', unitCostTable);
  const [row] = await sql<{ managed: number; offences: number; average: number | null }>(
    em,
    `SELECT
       (SELECT COUNT(*) FROM nominal n CROSS JOIN membership m ON m.nominal_id = n.id
         WHERE n.partnership_id = :partnershipId AND m.start_date <= :yearEnd AND (m.end_date IS NULL OR m.end_date > :yearStart)) AS managed,
       COUNT(u.cost_pence) AS offences, AVG(u.cost_pence) AS average
     FROM offence o JOIN nominal n ON n.id = o.nominal_id JOIN crime_category c ON c.id = o.category_id
       JOIN unit_cost_of_crime u ON u.banding = c.banding AND u.table_version = :unitCostTable
     WHERE n.partnership_id = :partnershipId AND o.offence_date >= :yearStart AND o.offence_date <= :yearEnd`,
    { partnershipId: partnership.id, yearStart: year.startDate, yearEnd: year.endDate, unitCostTable: table },
  );
  return {
    partnership: partnership.code,
    financialYear: year.label,
    runningCostPence: establishment.totals.knownBudgetPence + establishment.nonPayPence,
    runningCostComplete: establishment.totals.totalBudgetPence !== null,
    managed: Number(row.managed),
    offences: Number(row.offences),
    averageOffenceCostPence: row.average === null ? null : Math.round(Number(row.average)),
    unitCostTable: table,
  };
}
