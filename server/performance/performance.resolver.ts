import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import type { HubContext } from '../context.js';
import { UnitCostOfCrime } from '../reference/crime-category.entity.js';
import { CohortGrouping } from './cohort-grouping.js';
import { OffenceScope } from './offence-scope.js';
import { loadCohortSnapshot } from './cohort-snapshot/cohort-snapshot.service.js';
import { CohortSnapshot } from './cohort-snapshot/cohort-snapshot.types.js';
import { loadPriorityCrimeRate } from './priority-crime-rate/priority-crime-rate.service.js';
import { PriorityRateMethod } from './priority-crime-rate/priority-crime-rate.js';
import { PriorityCrimeRateRow } from './priority-crime-rate/priority-crime-rate.types.js';
import { loadReoffendingComparison } from './reoffending-comparison/reoffending-comparison.service.js';
import { ReoffendingComparisonRow } from './reoffending-comparison/reoffending-comparison.types.js';
import { loadCostOfCrime } from './cost-of-crime/cost-of-crime.service.js';
import { CostOfCrimeRow } from './cost-of-crime/cost-of-crime.types.js';
import { loadReoffendingRates } from './reoffending-rates/reoffending-rates.service.js';
import { ReoffendingRates } from './reoffending-rates/reoffending-rates.types.js';
import { loadCapacity } from './capacity/capacity.service.js';
import { Capacity, StaffInPostInput } from './capacity/capacity.types.js';
import { loadValueForMoney } from './value-for-money/value-for-money.service.js';
import { loadCohortTargetProgress } from './cohort-target-progress/cohort-target-progress.service.js';
import { CohortTargetProgress } from './cohort-target-progress/cohort-target-progress.types.js';
import { loadNeedsBreakdown } from './needs/needs.service.js';
import { NeedsBreakdown } from './needs/needs.types.js';
import { ValueForMoney } from './value-for-money/value-for-money.types.js';

/** The measures: each reads its input, calls its measure's service and returns its GraphQL type. */
@Resolver()
export class PerformanceResolver {
  @Query(() => CohortSnapshot, { description: 'Cohort snapshot v1 at a date: members by RAG status, added, removed and reoffended in the period, optionally broken down and with small counts suppressed.' })
  async cohortSnapshot(
    @Arg('partnership', () => String) partnership: string,
    @Arg('date', () => String, { description: 'YYYY-MM-DD.' }) date: string,
    @Arg('periodStart', () => String, { nullable: true, description: 'Default: three calendar months before `date`.' }) periodStart: string | null,
    @Arg('groupBy', () => CohortGrouping, { nullable: true, defaultValue: 'NONE' }) groupBy: CohortGrouping,
    @Arg('suppressUnder', () => Int, { nullable: true, description: 'Suppress counts from 1 to this − 1 (e.g. 5): of the counts as shown (a board\'s are rounded to base 5).' }) suppressUnder: number | null,
    @Arg('offences', () => OffenceScope, { nullable: true, defaultValue: 'ALL', description: 'Which proven offences count: ALL (default) or PRIORITY crimes only.' }) offences: OffenceScope,
    @Ctx() { em }: HubContext,
  ): Promise<CohortSnapshot> {
    return CohortSnapshot.fromView(await loadCohortSnapshot(em, partnership, date, periodStart, groupBy, suppressUnder, offences));
  }

  @Query(() => [PriorityCrimeRateRow], { description: 'Pre-IOM vs live-IOM priority crime rate by month for an area and a method: rows computed from records, and the published rows of the same area and method; `source` says which.' })
  async priorityCrimeRate(
    @Arg('partnership', () => String) partnership: string,
    @Arg('from', () => String, { description: 'YYYY-MM.' }) from: string,
    @Arg('to', () => String, { description: 'YYYY-MM.' }) to: string,
    @Arg('area', () => String, { nullable: true, description: 'A local authority of the partnership (`Suffolk`); default: the whole partnership.' }) area: string | null,
    @Arg('method', () => PriorityRateMethod, { nullable: true, defaultValue: 'ALL_PRIORITY_OFFENCES' }) method: PriorityRateMethod,
    @Ctx() { em }: HubContext,
    @Arg('source', () => String, { nullable: true, description: '`published` or `computed`: only those rows (default: both).' }) source?: string | null,
  ): Promise<PriorityCrimeRateRow[]> {
    return (await loadPriorityCrimeRate(em, partnership, from, to, area, method, source)).map(PriorityCrimeRateRow.from);
  }

  @Query(() => [ReoffendingComparisonRow], { description: 'Actual vs predicted proven reoffending by local area, ranked within the loaded set.' })
  async reoffendingComparison(@Arg('partnership', () => String) partnership: string, @Ctx() { em }: HubContext): Promise<ReoffendingComparisonRow[]> {
    return (await loadReoffendingComparison(em, partnership)).map(ReoffendingComparisonRow.from);
  }

  @Query(() => [CostOfCrimeRow], { description: 'Cost of crime before / during / after membership: published rows and rows computed from records.' })
  async costOfCrime(
    @Arg('partnership', () => String) partnership: string,
    @Arg('asOf', () => String, { nullable: true, description: 'Default: today.' }) asOf: string | null,
    @Arg('unitCostTable', () => String, { nullable: true, description: 'Default: the latest loaded.' }) unitCostTable: string | null,
    @Arg('offences', () => OffenceScope, { nullable: true, defaultValue: 'ALL', description: 'Which proven offences count: ALL (default) or PRIORITY crimes only.' }) offences: OffenceScope,
    @Ctx() { em }: HubContext,
  ): Promise<CostOfCrimeRow[]> {
    return (await loadCostOfCrime(em, partnership, asOf, unitCostTable, offences)).map(CostOfCrimeRow.from);
  }

  @Query(() => ReoffendingRates, { description: 'Binary, frequency and cost-of-offending rates v1 over a window, grouped by partnership, area, offence group, gender, age band or ethnicity.' })
  async reoffendingRates(
    @Arg('partnerships', () => [String], { nullable: true, description: 'Default: every partnership.' }) partnerships: string[] | null,
    @Arg('from', () => String, { description: 'The window starts after this date.' }) from: string,
    @Arg('to', () => String, { description: 'The window ends on this date.' }) to: string,
    @Arg('groupBy', () => CohortGrouping, { nullable: true, defaultValue: 'PARTNERSHIP' }) groupBy: CohortGrouping,
    @Arg('unitCostTable', () => String, { nullable: true }) unitCostTable: string | null,
    @Arg('suppressUnder', () => Int, { nullable: true, description: 'Suppress counts from 1 to this − 1 and the rates and cost built on them: of the counts as shown (a board\'s are rounded to base 5).' }) suppressUnder: number | null,
    @Arg('offences', () => OffenceScope, { nullable: true, defaultValue: 'ALL', description: 'Which proven offences count: ALL (default) or PRIORITY crimes only.' }) offences: OffenceScope,
    @Ctx() { em }: HubContext,
  ): Promise<ReoffendingRates> {
    return ReoffendingRates.from(await loadReoffendingRates(em, partnerships, from, to, groupBy, unitCostTable, suppressUnder, offences));
  }

  @Query(() => Capacity, { description: 'Capacity v1: members at a date against the staffing standards (Pan London: one police officer per 40 nominals), the FTE they need, and nominals per FTE of the staff in post.' })
  async capacity(
    @Arg('partnership', () => String) partnership: string,
    @Arg('date', () => String) date: string,
    @Arg('staff', () => [StaffInPostInput], { nullable: true, description: 'Staff in post by grade.' }) staff: StaffInPostInput[] | null,
    @Ctx() { em }: HubContext,
  ): Promise<Capacity> {
    return Capacity.from(await loadCapacity(em, partnership, date, staff ?? []));
  }

  @Query(() => ValueForMoney, { description: 'Value for money v1: cost per managed offender and the offences the scheme must prevent to pay for itself.' })
  async valueForMoney(
    @Arg('partnership', () => String) partnership: string,
    @Arg('financialYear', () => String) financialYear: string,
    @Arg('unitCostTable', () => String, { nullable: true }) unitCostTable: string | null,
    @Arg('offences', () => OffenceScope, { nullable: true, defaultValue: 'ALL', description: 'Which proven offences count: ALL (default) or PRIORITY crimes only.' }) offences: OffenceScope,
    @Ctx() { em }: HubContext,
  ): Promise<ValueForMoney> {
    return ValueForMoney.from(await loadValueForMoney(em, partnership, financialYear, unitCostTable, offences));
  }

  @Query(() => CohortTargetProgress, { description: 'Cohort target progress v1: members on the date against the cohort target in force (final and phased) and the places staffed for.' })
  async cohortTargetProgress(
    @Arg('partnership', () => String) partnership: string,
    @Arg('date', () => String, { description: 'YYYY-MM-DD.' }) date: string,
    @Arg('suppressUnder', () => Int, { nullable: true }) suppressUnder: number | null,
    @Ctx() { em }: HubContext,
  ): Promise<CohortTargetProgress> {
    return CohortTargetProgress.from(await loadCohortTargetProgress(em, partnership, date, suppressUnder));
  }

  @Query(() => NeedsBreakdown, { description: 'Needs breakdown v1: members on the scheme at the date by the pathways of their recorded needs, most needed first, small counts protected.' })
  async needsBreakdown(
    @Arg('partnership', () => String) partnership: string,
    @Arg('date', () => String, { description: 'YYYY-MM-DD.' }) date: string,
    @Arg('suppressUnder', () => Int, { nullable: true }) suppressUnder: number | null,
    @Ctx() { em }: HubContext,
  ): Promise<NeedsBreakdown> {
    return NeedsBreakdown.from(await loadNeedsBreakdown(em, partnership, date, suppressUnder));
  }

  @Query(() => [UnitCostOfCrime], { description: 'Unit costs of crime, every table version.' })
  unitCostsOfCrime(@Ctx() { em }: HubContext): Promise<UnitCostOfCrime[]> {
    return em.find(UnitCostOfCrime, {}, { orderBy: { id: 'asc' } });
  }
}
