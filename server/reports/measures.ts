import type { MeasureDefinition } from '../measures/measure-definition.js';
import { ESTABLISHMENT_TOTALS } from '../finance/establishment/establishment.types.js';
import { COST_SHARE } from '../finance/cost-share/cost-share.types.js';
import { FUNDING_POSITION } from '../funding/funding.types.js';
import { SCENARIO } from '../planning/scenario.types.js';
import { MEDIUM_TERM_PLAN } from '../planning/medium-term/medium-term-plan.types.js';
import { COHORT_SNAPSHOT } from '../performance/cohort-snapshot/cohort-snapshot.types.js';
import { PRIORITY_CRIME_RATE } from '../performance/priority-crime-rate/priority-crime-rate.types.js';
import { REOFFENDING_COMPARISON } from '../performance/reoffending-comparison/reoffending-comparison.types.js';
import { COST_OF_CRIME } from '../performance/cost-of-crime/cost-of-crime.types.js';
import { REOFFENDING_RATES } from '../performance/reoffending-rates/reoffending-rates.types.js';
import { CAPACITY } from '../performance/capacity/capacity.types.js';
import { VALUE_FOR_MONEY } from '../performance/value-for-money/value-for-money.types.js';

/** Every measure, by the GraphQL types whose figures it makes (each of them has a `measure` field giving the same). */
export const MEASURES_BY_TYPE: ReadonlyMap<string, MeasureDefinition> = new Map([
  ['Establishment', ESTABLISHMENT_TOTALS],
  ['CostShare', COST_SHARE],
  ['FundingPosition', FUNDING_POSITION],
  ['Scenario', SCENARIO],
  ['MediumTermPlan', MEDIUM_TERM_PLAN],
  ['CohortSnapshot', COHORT_SNAPSHOT],
  ['PriorityCrimeRateRow', PRIORITY_CRIME_RATE],
  ['ReoffendingComparisonRow', REOFFENDING_COMPARISON],
  ['CostOfCrimeRow', COST_OF_CRIME],
  ['ReoffendingRates', REOFFENDING_RATES],
  ['ReoffendingRateRow', REOFFENDING_RATES],
  ['Capacity', CAPACITY],
  ['ValueForMoney', VALUE_FOR_MONEY],
]);

/** Each measure once, in the order above. */
export const MEASURES: readonly MeasureDefinition[] = [...new Set(MEASURES_BY_TYPE.values())];
