import { Field, GraphQLISODateTime, ID, Int, ObjectType } from 'type-graphql';
import { MeasureDefinition, measureDefinition } from '../../measures/measure-definition.js';
import { Count, Money, Percent } from '../../units/scalars.js';
import { fromHundredths } from '../../money/hundredths.js';
import { penceToPounds } from '../../money/pence.js';
import { FundingCertainty } from '../../funding/funding.entity.js';
import type { MediumTermPlanVariant } from './medium-term-plan.entity.js';
import type { PlanYear } from './medium-term-plan.js';
import type { ComparisonRow, MediumTermPlanView } from './medium-term-plan.service.js';

@ObjectType({ description: 'A partner\'s contribution in a year of a medium-term plan.' })
export class MediumTermContribution {
  @Field(() => String, { description: 'Agency name.' })
  agency!: string;

  @Field(() => String)
  agencyCode!: string;

  @Field(() => Percent, { description: 'Share in percent.' })
  percent!: number;

  @Field(() => Money, { description: 'Pounds; the contributions of a year add up to its total to the penny.' })
  contribution!: number;
}

@ObjectType({ description: 'A funding stream in a year of a medium-term plan: its amount for the year (part of it when it ends within the year).' })
export class MediumTermStream {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'Funder and purpose.' })
  label!: string;

  @Field(() => FundingCertainty)
  certainty!: FundingCertainty;

  @Field(() => Money, { description: 'Pounds for the year; 0 when the stream states no amount.' })
  amount!: number;
}

@ObjectType({ description: 'One year of a medium-term plan. Money in pounds.' })
export class MediumTermPlanYear {
  @Field(() => String)
  financialYear!: string;

  @Field(() => Money, { description: 'The establishment budget: recorded, or carried forward from `establishmentFrom`.' })
  establishment!: number;

  @Field(() => String, { nullable: true, description: 'The year the establishment comes from (this year when recorded); null when none is recorded.' })
  establishmentFrom!: string | null;

  @Field(() => Money, { description: 'Non-pay costs: recorded, or carried forward from `nonPayFrom` with inflation.' })
  nonPay!: number;

  @Field(() => String, { nullable: true })
  nonPayFrom!: string | null;

  @Field(() => Money, { description: 'establishment + nonPay.' })
  cost!: number;

  @Field(() => Money, { description: 'contributionsTotal + the streams\' amounts for the year.' })
  funding!: number;

  @Field(() => [MediumTermContribution])
  contributions!: MediumTermContribution[];

  @Field(() => Money)
  contributionsTotal!: number;

  @Field(() => String, { description: 'Where the contributions come from: `agreed 2014/15 version 1`, `shares of agreed 2014/15 version 1`, or `assumed shares`.' })
  contributionsFrom!: string;

  @Field(() => [MediumTermStream])
  streams!: MediumTermStream[];

  @Field(() => Money)
  streamsTotal!: number;

  @Field(() => Money, { description: 'cost − funding; negative is a surplus.' })
  gap!: number;

  @Field(() => Money, { description: 'The year\'s stated funding-risk exposures.' })
  riskExposure!: number;

  @Field(() => Money, { description: 'gap + riskExposure.' })
  gapIfRisksMaterialise!: number;

  static from(year: PlanYear): MediumTermPlanYear {
    return Object.assign(new MediumTermPlanYear(), {
      financialYear: year.financialYear,
      establishment: penceToPounds(year.establishmentPence),
      establishmentFrom: year.establishmentFrom,
      nonPay: penceToPounds(year.nonPayPence),
      nonPayFrom: year.nonPayFrom,
      cost: penceToPounds(year.costPence),
      funding: penceToPounds(year.fundingPence),
      contributions: year.contributions.map((c) =>
        Object.assign(new MediumTermContribution(), { agency: c.agencyName, agencyCode: c.agency, percent: fromHundredths(c.percentHundredths), contribution: penceToPounds(c.contributionPence) }),
      ),
      contributionsTotal: penceToPounds(year.contributionsPence),
      contributionsFrom: year.contributionsFrom,
      streams: year.streams.map((s) => Object.assign(new MediumTermStream(), { id: s.id, label: s.label, certainty: s.certainty, amount: penceToPounds(s.pence) })),
      streamsTotal: penceToPounds(year.streamsPence),
      gap: penceToPounds(year.gapPence),
      riskExposure: penceToPounds(year.riskExposurePence),
      gapIfRisksMaterialise: penceToPounds(year.gapIfRisksMaterialisePence),
    });
  }
}

export const MEDIUM_TERM_PLAN = measureDefinition(
  'Medium-term plan',
  1,
  'A medium-term financial plan: cost, funding and gap year by year. A year\'s own establishment and non-pay are used where recorded; later years carry ' +
  'the last recorded ones forward (pay by the pay award, posts by increments too, non-pay by inflation), each rounded once to the penny. Funding streams ' +
  'count for the years they cover and end on their end dates (part of a year by the days they still run). A year with an agreed cost share uses its agreed ' +
  'contributions; a later year shares its establishment (or the last agreed total grown by `contributionGrowthPercent`) on the last agreed basis or the ' +
  'assumed one.',
);

@ObjectType({ description: MEDIUM_TERM_PLAN.definition })
export class MediumTermPlan {
  @Field(() => MeasureDefinition, { description: 'The measure these figures come from: its version and definition.' })
  get measure(): MeasureDefinition {
    return MEDIUM_TERM_PLAN;
  }

  @Field(() => String)
  partnership!: string;

  @Field(() => String)
  from!: string;

  @Field(() => [MediumTermPlanYear])
  years!: MediumTermPlanYear[];

  static from(view: MediumTermPlanView): MediumTermPlan {
    return Object.assign(new MediumTermPlan(), { partnership: view.partnership.code, from: view.from, years: view.years.map(MediumTermPlanYear.from) });
  }
}

@ObjectType('MediumTermPlanVariant', { description: 'A named set of medium-term plan assumptions the partnership keeps; its plan is worked out on what is recorded now.' })
export class MediumTermPlanVariantResult {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String)
  from!: string;

  @Field(() => Count)
  years!: number;

  @Field(() => Percent)
  payAwardPercent!: number;

  @Field(() => Percent)
  incrementsPercent!: number;

  @Field(() => Percent)
  nonPayInflationPercent!: number;

  @Field(() => Percent, { nullable: true })
  contributionGrowthPercent!: number | null;

  @Field(() => String, { description: 'The assumptions as saved (JSON), to run `mediumTermPlan` with them.' })
  assumptionsJson!: string;

  @Field(() => String, { nullable: true })
  notes!: string | null;

  @Field(() => String, { description: 'Who saved it last.' })
  savedBy!: string;

  @Field(() => Int, { description: 'Send back as `expectedVersion` to replace or remove it.' })
  version!: number;

  @Field(() => GraphQLISODateTime)
  updatedAt!: Date;

  /** The saved record, for the `plan` field. */
  variant!: MediumTermPlanVariant;

  static from(variant: MediumTermPlanVariant): MediumTermPlanVariantResult {
    const a = variant.assumptions;
    return Object.assign(new MediumTermPlanVariantResult(), {
      id: String(variant.id),
      name: variant.name,
      from: variant.fromYear,
      years: variant.years,
      payAwardPercent: a.payAwardPercent ?? 0,
      incrementsPercent: a.incrementsPercent ?? 0,
      nonPayInflationPercent: a.nonPayInflationPercent ?? 0,
      contributionGrowthPercent: a.contributionGrowthPercent ?? null,
      assumptionsJson: JSON.stringify(a),
      notes: variant.notes ?? null,
      savedBy: variant.savedBy,
      version: variant.version,
      updatedAt: variant.updatedAt,
      variant,
    });
  }
}

@ObjectType({ description: 'One year of one saved medium-term plan, for setting plans side by side. Money in pounds.' })
export class MediumTermPlanComparisonRow {
  @Field(() => String)
  financialYear!: string;

  @Field(() => String, { description: 'The saved plan\'s name.' })
  variant!: string;

  @Field(() => Money)
  cost!: number;

  @Field(() => Money)
  funding!: number;

  @Field(() => Money)
  contributionsTotal!: number;

  @Field(() => Money)
  gap!: number;

  @Field(() => Money, { description: 'This gap less the first plan\'s gap in the same year.' })
  gapChange!: number;

  @Field(() => Money)
  gapIfRisksMaterialise!: number;

  static from(row: ComparisonRow): MediumTermPlanComparisonRow {
    const { year } = row;
    return Object.assign(new MediumTermPlanComparisonRow(), {
      financialYear: year.financialYear,
      variant: row.variant,
      cost: penceToPounds(year.costPence),
      funding: penceToPounds(year.fundingPence),
      contributionsTotal: penceToPounds(year.contributionsPence),
      gap: penceToPounds(year.gapPence),
      gapChange: penceToPounds(row.gapChangePence),
      gapIfRisksMaterialise: penceToPounds(year.gapIfRisksMaterialisePence),
    });
  }
}
