import { badInput } from '../../errors/domain-error.js';
import { parseFinancialYear } from '../../financial-year/financial-year.js';
import { shareCost, type CostShareBasis } from '../../finance/cost-share/cost-share.js';
import { sumPence } from '../../money/pence.js';
import { AT_RISK, type FundingCertainty } from '../../funding/funding-position.js';

/**
 * A medium-term financial plan: the partnership's cost, funding and gap over the next few years,
 * from what is recorded and a few assumptions. A year with its own establishment or non-pay costs
 * uses them; a later year carries the last recorded one forward (pay by the pay award, and posts by
 * increments as well; non-pay by inflation), each year's figure rounded once from the recorded one.
 * Funding streams count for the years they cover and end on their end dates. Partners contribute
 * the agreed version of each year, or, for a year not yet agreed, shares of the year's establishment
 * (or of the last agreed total, grown by an assumed rate) on the last agreed basis or an assumed one.
 */

export interface PlanLine {
  kind: 'POST' | 'ALLOWANCES' | 'OVERTIME';
  budgetPence: number;
  fteHundredths: number;
  employingAgency: string | null;
}

export interface PlanStream {
  id: string;
  label: string;
  fromYear: string;
  toYear: string;
  endDate: string | null;
  certainty: FundingCertainty;
  /** Per year: the expected amount, or the agreed one; null when not stated (counted as 0). */
  pence: number | null;
}

export interface PlanShare {
  agency: string;
  agencyName: string;
  weight: number;
}

/** A year's agreed cost share, as frozen. */
export interface AgreedPlan {
  planVersion: number;
  basis: CostShareBasis;
  totalPence: number;
  shares: readonly (PlanShare & { percentHundredths: number; contributionPence: number })[];
}

/** What is recorded for the partnership, by financial year label. */
export interface PlanRecords {
  establishment: ReadonlyMap<string, readonly PlanLine[]>;
  nonPayPence: ReadonlyMap<string, number>;
  streams: readonly PlanStream[];
  /** The sum of each year's stated risk exposures. */
  riskExposurePence: ReadonlyMap<string, number>;
  /** The latest agreed version of each year's cost share. */
  agreed: ReadonlyMap<string, AgreedPlan>;
}

export interface PlanAssumptions {
  /** A year's pay award, on every pay line, in hundredths of a percent. */
  payAwardBasisPoints: number;
  /** A year's incremental progression, on posts only, in hundredths of a percent. */
  incrementsBasisPoints: number;
  nonPayInflationBasisPoints: number;
  /** How partners' contributions grow a year from the last agreed total; null: they cover each year's establishment. */
  contributionGrowthBasisPoints: number | null;
  /** Shares for the years not agreed; null: the last agreed version's basis and weights. */
  shares: { basis: CostShareBasis; weights: readonly PlanShare[] } | null;
}

export interface PlanContribution {
  agency: string;
  agencyName: string;
  percentHundredths: number;
  contributionPence: number;
}

export interface PlanYear {
  financialYear: string;
  establishmentPence: number;
  /** The year the establishment comes from: this year when recorded, an earlier one when carried forward; null when none is recorded. */
  establishmentFrom: string | null;
  nonPayPence: number;
  nonPayFrom: string | null;
  costPence: number;
  streams: { id: string; label: string; certainty: FundingCertainty; pence: number; atRisk: boolean }[];
  streamsPence: number;
  contributions: PlanContribution[];
  contributionsPence: number;
  /** Where the contributions come from: `agreed 2014/15 version 1`, `shares of agreed 2014/15 version 1`, or `assumed shares`. */
  contributionsFrom: string;
  fundingPence: number;
  gapPence: number;
  riskExposurePence: number;
  gapIfRisksMaterialisePence: number;
}

const TEN_THOUSAND = 10_000n;

/** value × (1 + rate)^years, rounded half up to the penny once. */
function grown(pence: number, basisPoints: number, years: number): number {
  return roundHalfUp(BigInt(pence) * BigInt(10_000 + basisPoints) ** BigInt(years), TEN_THOUSAND ** BigInt(years));
}

function roundHalfUp(numerator: bigint, denominator: bigint): number {
  return Number((numerator * 2n + denominator) / (denominator * 2n));
}

/** The labels of `years` financial years from `from`. */
export function planYears(field: string, from: string, years: number): string[] {
  const start = parseFinancialYear(field, from).startYear;
  if (!Number.isInteger(years) || years < 3 || years > 5) throw badInput('years', `a medium-term plan covers 3 to 5 years (got ${years}).`);
  return Array.from({ length: years }, (_, i) => parseFinancialYear(field, `${start + i}/${String((start + i + 1) % 100).padStart(2, '0')}`).label);
}

const startYearOf = (label: string) => Number(label.slice(0, 4));

/** The latest year at or before `year` that has a record. */
function latestRecorded<T>(records: ReadonlyMap<string, T>, year: string): string | null {
  return [...records.keys()].filter((label) => label <= year).sort().pop() ?? null;
}

/** The establishment of a year: recorded, or the last recorded carried forward with the pay award (and increments on posts), rounded once. */
function establishmentOf(records: PlanRecords, year: string, assumptions: PlanAssumptions): { pence: number; from: string | null; lines: readonly PlanLine[] } {
  const from = latestRecorded(records.establishment, year);
  if (!from) return { pence: 0, from: null, lines: [] };
  const lines = records.establishment.get(from) as readonly PlanLine[];
  const n = BigInt(startYearOf(year) - startYearOf(from));
  const award = BigInt(10_000 + assumptions.payAwardBasisPoints) ** n;
  const increments = BigInt(10_000 + assumptions.incrementsBasisPoints) ** n;
  const numerator = lines.reduce((sum, line) => sum + BigInt(line.budgetPence) * award * (line.kind === 'POST' ? increments : TEN_THOUSAND ** n), 0n);
  return { pence: roundHalfUp(numerator, TEN_THOUSAND ** (2n * n)), from, lines };
}

/** Days of a financial year a stream still runs, when it ends within it: a stream ending on 30 September runs 183 of 365 days. */
function streamShareOfYear(stream: PlanStream, year: string): { days: number; of: number } {
  const span = parseFinancialYear('financialYear', year);
  const day = (date: string) => Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / 86_400_000;
  const of = day(span.endDate) - day(span.startDate) + 1;
  if (!stream.endDate || stream.endDate >= span.endDate) return { days: of, of };
  return { days: Math.max(0, day(stream.endDate) - day(span.startDate) + 1), of };
}

function streamsOf(records: PlanRecords, year: string): PlanYear['streams'] {
  return records.streams
    .filter((stream) => stream.fromYear <= year && stream.toYear >= year)
    .map((stream) => {
      const { days, of } = streamShareOfYear(stream, year);
      return { id: stream.id, label: stream.label, certainty: stream.certainty, pence: roundHalfUp(BigInt(stream.pence ?? 0) * BigInt(days), BigInt(of)), atRisk: AT_RISK.includes(stream.certainty) };
    })
    .filter((stream) => stream.pence > 0 || records.streams.find((s) => s.id === stream.id)?.pence === null);
}

/** The weights shares are worked out from: FTE hosted is read from the year's establishment (carried-forward posts keep their FTE). */
function weightsFor(shares: { basis: CostShareBasis; weights: readonly PlanShare[] }, lines: readonly PlanLine[]): PlanShare[] {
  if (shares.basis !== 'PRO_RATA_FTE_HOSTED') return [...shares.weights];
  return shares.weights.map((share) => ({ ...share, weight: sumPence(lines.filter((line) => line.employingAgency === share.agency).map((line) => line.fteHundredths)) }));
}

export function projectMediumTermPlan(records: PlanRecords, years: readonly string[], assumptions: PlanAssumptions): PlanYear[] {
  const first = { year: years[0], pence: establishmentOf(records, years[0], assumptions).pence };
  return years.map((year) => {
    const establishment = establishmentOf(records, year, assumptions);
    const nonPayFrom = latestRecorded(records.nonPayPence, year);
    const nonPayPence = nonPayFrom ? grown(records.nonPayPence.get(nonPayFrom) as number, assumptions.nonPayInflationBasisPoints, startYearOf(year) - startYearOf(nonPayFrom)) : 0;
    const streams = streamsOf(records, year);
    const { contributions, contributionsFrom } = contributionsOf(records, year, establishment, first, assumptions);
    const costPence = establishment.pence + nonPayPence;
    const streamsPence = sumPence(streams.map((stream) => stream.pence));
    const contributionsPence = sumPence(contributions.map((c) => c.contributionPence));
    const gapPence = costPence - contributionsPence - streamsPence;
    const riskExposurePence = records.riskExposurePence.get(year) ?? 0;
    return {
      financialYear: year,
      establishmentPence: establishment.pence,
      establishmentFrom: establishment.from,
      nonPayPence,
      nonPayFrom,
      costPence,
      streams,
      streamsPence,
      contributions,
      contributionsPence,
      contributionsFrom,
      fundingPence: contributionsPence + streamsPence,
      gapPence,
      riskExposurePence,
      gapIfRisksMaterialisePence: gapPence + riskExposurePence,
    };
  });
}

function contributionsOf(
  records: PlanRecords,
  year: string,
  establishment: { pence: number; lines: readonly PlanLine[] },
  first: { year: string; pence: number },
  assumptions: PlanAssumptions,
): { contributions: PlanContribution[]; contributionsFrom: string } {
  const own = records.agreed.get(year);
  if (own)
    return {
      contributions: own.shares.map(({ agency, agencyName, percentHundredths, contributionPence }) => ({ agency, agencyName, percentHundredths, contributionPence })),
      contributionsFrom: `agreed ${year} version ${own.planVersion}`,
    };
  const lastAgreedYear = latestRecorded(records.agreed, year);
  const lastAgreed = lastAgreedYear ? (records.agreed.get(lastAgreedYear) as AgreedPlan) : null;
  const basis = assumptions.shares ?? (lastAgreed && { basis: lastAgreed.basis, weights: lastAgreed.shares });
  if (!basis) throw badInput('assumptions.shares', `no cost share has been agreed for ${year} or before it; give the shares to assume.`);
  // Growing contributions start from the last agreed total, or with none agreed from the plan's first year's establishment.
  const base = lastAgreed && lastAgreedYear ? { year: lastAgreedYear, pence: lastAgreed.totalPence } : first;
  const total =
    assumptions.contributionGrowthBasisPoints === null
      ? establishment.pence
      : grown(base.pence, assumptions.contributionGrowthBasisPoints, startYearOf(year) - startYearOf(base.year));
  const weights = weightsFor(basis, establishment.lines);
  if (!weights.some((w) => w.weight > 0)) throw badInput('assumptions.shares', `the shares for ${year} have no weight above zero to share by.`);
  const shares = shareCost(total, weights);
  return {
    contributions: shares.map((share, i) => ({ agency: share.agency, agencyName: weights[i].agencyName, percentHundredths: share.percentHundredths, contributionPence: share.contributionPence })),
    contributionsFrom: assumptions.shares ? 'assumed shares' : `shares of agreed ${lastAgreedYear} version ${lastAgreed?.planVersion}`,
  };
}
