import type { EntityManager } from '@mikro-orm/core';
import { badInput, conflict, notFound } from '../../errors/domain-error.js';
import { optionalText, requireText } from '../../errors/validate.js';
import { removeVersioned, writeTransaction } from '../../db/write.js';
import { toHundredths } from '../../money/hundredths.js';
import { callerOf } from '../../access/caller.js';
import { AccessToken } from '../../access/access-token.entity.js';
import { requirePartnership } from '../../partnership/lookup.js';
import type { Partnership } from '../../partnership/partnership.entity.js';
import { EstablishmentLine, NonPayLine } from '../../finance/establishment/establishment-line.entity.js';
import { nonPayPenceOf } from '../../finance/establishment/establishment.js';
import { entriesFrom, latestAgreedVersions } from '../../finance/cost-share/cost-share.service.js';
import { FundingRisk, FundingStream } from '../../funding/funding.entity.js';
import { MediumTermPlanVariant } from './medium-term-plan.entity.js';
import type { MediumTermAssumptionsInput } from './medium-term-plan.input.js';
import { planYears, projectMediumTermPlan, type AgreedPlan, type PlanAssumptions, type PlanLine, type PlanRecords, type PlanYear } from './medium-term-plan.js';

export interface MediumTermPlanView {
  partnership: Partnership;
  from: string;
  years: PlanYear[];
}

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) groups.set(key(row), [...(groups.get(key(row)) ?? []), row]);
  return groups;
}

/** What the partnership has recorded up to the plan's last year: establishments, non-pay, streams, risks and agreed cost shares. */
async function planRecords(em: EntityManager, partnership: Partnership, lastYear: string): Promise<PlanRecords> {
  const upTo = { partnership, year: { label: { $lte: lastYear } } };
  const lines = await em.find(EstablishmentLine, upTo, { populate: ['employingAgency'], orderBy: { position: 'asc', id: 'asc' } });
  const nonPay = await em.find(NonPayLine, upTo);
  const risks = await em.find(FundingRisk, upTo);
  const streams = await em.find(FundingStream, { partnership }, { orderBy: { id: 'asc' } });
  const agreed = await latestAgreedVersions(em, partnership);
  const toLine = (line: EstablishmentLine): PlanLine => ({ kind: line.kind, budgetPence: line.budgetPence ?? 0, fteHundredths: line.fteHundredths, employingAgency: line.employingAgency?.code ?? null });
  return {
    establishment: new Map([...groupBy(lines, (line) => line.year.label)].map(([year, rows]) => [year, rows.map(toLine)])),
    nonPayPence: new Map([...groupBy(nonPay, (line) => line.year.label)].map(([year, rows]) => [year, nonPayPenceOf(rows)])),
    riskExposurePence: new Map([...groupBy(risks, (risk) => risk.year.label)].map(([year, rows]) => [year, rows.reduce((sum, risk) => sum + (risk.exposurePence ?? 0), 0)])),
    streams: streams.map((stream) => ({
      id: String(stream.id), label: `${stream.funder}: ${stream.purpose}`, fromYear: stream.fromYear.label, toYear: stream.toYear.label, endDate: stream.endDate ?? null,
      certainty: stream.certainty, pence: stream.amountExpectedPence ?? stream.amountAgreedPence ?? null,
    })),
    agreed: new Map(
      [...agreed]
        .filter(([year]) => year <= lastYear)
        .map(([year, view]): [string, AgreedPlan] => [year, {
          planVersion: view.planVersion, basis: view.basis, totalPence: view.totalPence,
          shares: view.shares.map(({ agency, agencyName, weight, percentHundredths, contributionPence }) => ({ agency, agencyName, weight, percentHundredths, contributionPence })),
        }]),
    ),
  };
}

const percent = (field: string, value: number | null | undefined) => toHundredths(field, value ?? 0, { min: -100, max: 100 });

/** The assumptions checked and in hundredths; assumed shares looked up among the partnership's agencies. */
async function assumptionsFrom(em: EntityManager, partnership: Partnership, input: MediumTermAssumptionsInput | null | undefined): Promise<PlanAssumptions> {
  const given = input ?? {};
  const field = 'assumptions';
  const shares = given.shares
    ? {
        basis: given.shares.basis,
        weights: (await entriesFrom(em, partnership, given.shares, `${field}.shares`)).map(({ agency, weight }) => ({ agency: agency.code, agencyName: agency.name, weight })),
      }
    : null;
  if (shares?.basis === 'FIXED_PERCENTAGES' && shares.weights.reduce((sum, w) => sum + w.weight, 0) !== 10_000)
    throw badInput(`${field}.shares`, 'fixed percentages must sum to 100%.');
  return {
    payAwardBasisPoints: percent(`${field}.payAwardPercent`, given.payAwardPercent),
    incrementsBasisPoints: percent(`${field}.incrementsPercent`, given.incrementsPercent),
    nonPayInflationBasisPoints: percent(`${field}.nonPayInflationPercent`, given.nonPayInflationPercent),
    contributionGrowthBasisPoints: given.contributionGrowthPercent == null ? null : percent(`${field}.contributionGrowthPercent`, given.contributionGrowthPercent),
    shares,
  };
}

async function planFor(em: EntityManager, partnership: Partnership, from: string, years: number, input: MediumTermAssumptionsInput | null | undefined): Promise<MediumTermPlanView> {
  const labels = planYears('from', from, years);
  const assumptions = await assumptionsFrom(em, partnership, input);
  const records = await planRecords(em, partnership, labels[labels.length - 1]);
  return { partnership, from: labels[0], years: projectMediumTermPlan(records, labels, assumptions) };
}

/** The partnership's cost, funding and gap over 3 to 5 years from `from`, under the assumptions. */
export async function loadMediumTermPlan(em: EntityManager, partnershipCode: string, from: string, years: number, input: MediumTermAssumptionsInput | null | undefined): Promise<MediumTermPlanView> {
  return planFor(em, await requirePartnership(em, 'partnership', partnershipCode), from, years, input);
}

/** A saved variant's plan, worked out on what is recorded now. */
export function variantPlan(em: EntityManager, variant: MediumTermPlanVariant): Promise<MediumTermPlanView> {
  return planFor(em, variant.partnership, variant.fromYear, variant.years, variant.assumptions);
}

export async function loadMediumTermPlanVariants(em: EntityManager, partnershipCode: string): Promise<MediumTermPlanVariant[]> {
  const partnership = await requirePartnership(em, 'partnership', partnershipCode);
  return em.find(MediumTermPlanVariant, { partnership }, { orderBy: { name: 'asc' } });
}

async function savedBy(tx: EntityManager): Promise<string> {
  const { tokenId } = callerOf(tx);
  if (tokenId === null) return 'the hub';
  return (await tx.findOne(AccessToken, { id: tokenId }))?.label || `token ${tokenId}`;
}

/**
 * Saves a named variant (no `expectedVersion`) or replaces it (`expectedVersion` = the version read).
 * It is worked out once first, so a variant that cannot be worked out is refused, naming the field.
 */
export async function saveMediumTermPlanVariant(
  em: EntityManager,
  partnershipCode: string,
  name: string,
  from: string,
  years: number,
  assumptions: MediumTermAssumptionsInput | null | undefined,
  notes: string | null | undefined,
  expectedVersion: number | null | undefined,
): Promise<MediumTermPlanVariant> {
  return writeTransaction(em, async (tx) => {
    const partnership = await requirePartnership(tx, 'partnership', partnershipCode);
    const title = requireText('name', name, 100);
    const plan = await planFor(tx, partnership, from, years, assumptions);
    const existing = await tx.findOne(MediumTermPlanVariant, { partnership, name: title });
    const what = `The medium-term plan "${title}" of ${partnership.name}`;
    if (existing && expectedVersion == null) throw conflict(what, 0, existing.version);
    if (!existing && expectedVersion != null) throw notFound('medium-term plan', `"${title}" of ${partnership.code}`);
    if (existing && existing.version !== expectedVersion) throw conflict(what, expectedVersion as number, existing.version);
    const variant = existing ?? tx.create(MediumTermPlanVariant, { partnership, name: title } as MediumTermPlanVariant);
    Object.assign(variant, { fromYear: plan.from, years, assumptions: JSON.parse(JSON.stringify(assumptions ?? {})), notes: optionalText('notes', notes), savedBy: await savedBy(tx) });
    variant.updatedAt = new Date();
    await tx.flush();
    return variant;
  });
}

export function removeMediumTermPlanVariant(em: EntityManager, id: string, expectedVersion: number): Promise<boolean> {
  return removeVersioned(em, MediumTermPlanVariant, 'medium-term plan', id, expectedVersion);
}

export interface ComparisonRow {
  variant: string;
  year: PlanYear;
  /** The gap against the first variant's in the same year. */
  gapChangePence: number;
}

/** Saved variants side by side, year by year: each year's figures under each variant, in the order asked. */
export async function compareMediumTermPlans(em: EntityManager, partnershipCode: string, names: readonly string[]): Promise<ComparisonRow[]> {
  const partnership = await requirePartnership(em, 'partnership', partnershipCode);
  if (names.length === 0) throw badInput('variants', 'name at least one saved medium-term plan.');
  const plans: { name: string; plan: MediumTermPlanView }[] = [];
  for (const [i, name] of names.entries()) {
    const variant = await em.findOne(MediumTermPlanVariant, { partnership, name });
    if (!variant) throw badInput(`variants[${i}]`, `${partnership.name} has no saved medium-term plan "${name}".`);
    plans.push({ name, plan: await variantPlan(em, variant) });
  }
  const years = [...new Set(plans.flatMap(({ plan }) => plan.years.map((year) => year.financialYear)))].sort();
  return years.flatMap((label) => {
    const first = plans[0].plan.years.find((year) => year.financialYear === label);
    return plans.flatMap(({ name, plan }) => {
      const year = plan.years.find((y) => y.financialYear === label);
      return year ? [{ variant: name, year, gapChangePence: year.gapPence - (first?.gapPence ?? 0) }] : [];
    });
  });
}
