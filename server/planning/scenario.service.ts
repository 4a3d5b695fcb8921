import type { EntityManager } from '@mikro-orm/core';
import { badInput } from '../errors/domain-error.js';
import { requireText, requireWholeNumber } from '../errors/validate.js';
import { writeTransaction } from '../db/write.js';
import { poundsToPence } from '../money/pence.js';
import { toHundredths } from '../money/hundredths.js';
import { requireAgency, requirePartnership } from '../partnership/lookup.js';
import type { Partnership } from '../partnership/partnership.entity.js';
import type { FinancialYear } from '../financial-year/financial-year.entity.js';
import type { PayAssumption } from '../finance/establishment/establishment.js';
import type { CostShareView } from '../finance/cost-share/cost-share.service.js';
import { readTogether } from '../db/entity-rows.js';
import { validateShares, type ShareWeight } from '../finance/cost-share/cost-share.js';
import { loadFundingPosition, type FundingPositionView } from '../funding/funding.service.js';
import { phasedTarget, type StaffingRatio as Ratio } from '../partnership/staffing/staffing.js';
import { staffingRatioFrom, staffingRatiosOf, targetOn } from '../partnership/staffing/staffing.service.js';
import type { StaffingRatio } from '../partnership/staffing/staffing.entity.js';
import { SavedScenario } from './saved-scenario.entity.js';
import { modelScenario, type ScenarioResult } from './scenario.js';
import type { ScenarioInput } from './scenario.input.js';

export interface ScenarioView {
  partnership: Partnership;
  year: FinancialYear;
  input: ScenarioInput;
  pay: ReadonlyMap<string, PayAssumption>;
  nonPayPence: number;
  confirmedFundingPence: number;
  agencyNames: ReadonlyMap<string, string>;
  result: ScenarioResult;
  /** The cohort size staffed for, and where it comes from (null: given in the input). */
  cohortTarget: number;
  cohortTargetSource: string | null;
}

/**
 * The cohort size to staff for: as given, or what the stored cohort target in force at the end of
 * the year plans for by then (its phases included), saying which target.
 */
async function cohortTargetFor(em: EntityManager, partnership: Partnership, year: FinancialYear, input: ScenarioInput): Promise<{ size: number; source: string | null }> {
  if (input.cohortTarget !== null && input.cohortTarget !== undefined) return { size: requireWholeNumber('input.cohortTarget', input.cohortTarget, { max: 1_000_000 }), source: null };
  const target = await targetOn(em, partnership, year.endDate);
  const size = target && phasedTarget(target, year.endDate);
  if (!target || size === null) throw badInput('input.cohortTarget', `give a cohort size: ${partnership.code} has no cohort target set by the end of ${year.label} (${year.endDate}).`);
  const stage = year.endDate >= target.targetDate ? `its target of ${target.target} by ${target.targetDate}` : `its plan by ${year.endDate} on the way to ${target.target} by ${target.targetDate}`;
  return { size, source: `The stored cohort target from ${target.baseline} on ${target.baselineDate}: ${stage}${target.source ? ` (${target.source})` : ''}.` };
}

async function ratiosFor(em: EntityManager, partnership: Partnership, input: ScenarioInput, read: StaffingRatio[] | undefined): Promise<Ratio[]> {
  if (input.ratios) return input.ratios.map((ratio, i) => staffingRatioFrom(`input.ratios[${i}]`, ratio));
  const recorded = read ?? (await staffingRatiosOf(em, partnership));
  const caseloads = [...new Set(recorded.map((r) => r.caseload ?? null))];
  const chosen = input.caseload ? recorded.filter((r) => r.caseload === input.caseload) : recorded;
  if (recorded.length === 0) throw badInput('input.ratios', `${partnership.name} has no recorded staffing standards; give the ratios.`);
  if (input.caseload && chosen.length === 0) throw badInput('input.caseload', `${partnership.name} has no standards for caseload "${input.caseload}" (it has ${caseloads.join(', ')}).`);
  if (!input.caseload && caseloads.length > 1)
    throw badInput('input.caseload', `${partnership.name} has standards for several caseloads (${caseloads.join(', ')}); choose one or give the ratios.`);
  return chosen.map((r) => ({ grade: r.grade, fteHundredths: r.fteHundredths, perNominals: r.perNominals }));
}

/** The cohort size and the staffing standards: read at once on the lean path, a problem with the cohort size still told first. */
async function targetAndRatios(em: EntityManager, { partnership, year, staffingRatios }: FundingPositionView, input: ScenarioInput): Promise<{ target: { size: number; source: string | null }; ratios: Ratio[] }> {
  const [target, ratios] = await readTogether(em, [() => cohortTargetFor(em, partnership, year, input), () => ratiosFor(em, partnership, input, staffingRatios)] as const);
  return { target, ratios };
}

function payFrom(input: ScenarioInput): Map<string, PayAssumption> {
  const pay = new Map<string, PayAssumption>();
  input.pay.forEach((assumption, i) => {
    const field = `input.pay[${i}]`;
    const grade = requireText(`${field}.grade`, assumption.grade);
    if (pay.has(grade)) throw badInput(`${field}.grade`, `"${grade}" has more than one pay assumption.`);
    pay.set(grade, {
      costPerFtePence: poundsToPence(`${field}.costPerFte`, assumption.costPerFte),
      onCostBasisPoints: toHundredths(`${field}.onCostPercent`, assumption.onCostPercent, { max: 1000 }),
      abatementBasisPoints: toHundredths(`${field}.abatementPercent`, assumption.abatementPercent, { max: 100 }),
    });
  });
  return pay;
}

async function sharesFor(em: EntityManager, partnership: Partnership, input: ScenarioInput, names: Map<string, string>, current: CostShareView | null): Promise<ShareWeight[]> {
  if (!input.costShare) {
    current?.shares.forEach((share) => names.set(share.agency, share.agencyRecord.name));
    return current ? current.shares.map((share) => ({ agency: share.agency, weight: share.weight })) : [];
  }
  const { basis, shares } = input.costShare;
  if (basis === 'PRO_RATA_FTE_HOSTED') throw badInput('input.costShare.basis', 'a scenario\'s posts are not yet hosted by any agency; share it by fixed percentages, cohort or population.');
  const weights = await Promise.all(
    shares.map(async (share, i) => {
      const field = `input.costShare.shares[${i}]`;
      const agency = await requireAgency(em, `${field}.agency`, partnership, share.agency);
      names.set(agency.code, agency.name);
      const value = basis === 'FIXED_PERCENTAGES' ? share.percent : share.weight;
      if (value === null || value === undefined) throw badInput(`${field}.${basis === 'FIXED_PERCENTAGES' ? 'percent' : 'weight'}`, 'is needed for this basis.');
      return { agency: agency.code, weight: basis === 'FIXED_PERCENTAGES' ? toHundredths(`${field}.percent`, value, { max: 100 }) : requireWholeNumber(`${field}.weight`, value) };
    }),
  );
  validateShares('input.costShare.shares', basis, weights);
  return weights;
}

/** Models a plan from the input and the year's recorded non-pay costs and confirmed funding. Saves nothing. */
export async function runScenario(em: EntityManager, input: ScenarioInput): Promise<ScenarioView> {
  // The recorded staffing standards, when the input gives no ratios, are read with the funding position (lean read path).
  const position = await loadFundingPosition(em, input.partnership, input.financialYear, { staffingRatios: !input.ratios });
  const { partnership, year } = position;
  const { target: { size: cohortTarget, source: cohortTargetSource }, ratios } = await targetAndRatios(em, position, input);
  const pay = payFrom(input);
  const agencyNames = new Map<string, string>();
  // The year's own cost share, when the input gives none, is the one the funding position read.
  const shares = await sharesFor(em, partnership, input, agencyNames, position.costShare);
  const result = modelScenario({ cohortTarget, ratios, pay, shares, nonPayPence: position.nonPayPence, confirmedFundingPence: position.position.confirmedPence });
  return { partnership, year, input, pay, nonPayPence: position.nonPayPence, confirmedFundingPence: position.position.confirmedPence, agencyNames, result, cohortTarget, cohortTargetSource };
}

/** Runs the scenario and keeps it, with its headline results, under a name. */
export async function saveScenario(em: EntityManager, name: string, input: ScenarioInput): Promise<SavedScenario> {
  const scenarioName = requireText('name', name);
  return writeTransaction(em, async (tx) => {
    const view = await runScenario(tx, input);
    const saved = tx.create(SavedScenario, {
      partnership: view.partnership,
      year: view.year,
      name: scenarioName,
      input: JSON.parse(JSON.stringify(input)) as Record<string, unknown>,
      cohortTarget: view.cohortTarget,
      totalFteHundredths: view.result.totalFteHundredths,
      plannedCostPence: view.result.plannedCostPence,
      fundingGapPence: view.result.fundingGapPence,
    } as SavedScenario);
    await tx.flush();
    return saved;
  });
}

export async function loadSavedScenarios(em: EntityManager, partnershipCode: string): Promise<SavedScenario[]> {
  const partnership = await requirePartnership(em, 'partnership', partnershipCode);
  return em.find(SavedScenario, { partnership }, { orderBy: { savedAt: 'desc', id: 'desc' } });
}
