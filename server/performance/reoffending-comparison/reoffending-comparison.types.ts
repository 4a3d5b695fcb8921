import { Field, Int, ObjectType } from 'type-graphql';
import { MeasureDefinition, measureDefinition } from '../../measures/measure-definition.js';
import type { ComparisonRow } from './reoffending-comparison.js';
import { Label, Measure } from '../../units/label.js';
import { Count, Percent } from '../../units/scalars.js';

export const REOFFENDING_COMPARISON = measureDefinition(
  'Reoffending comparison',
  1,
  'Reoffending comparison v1: actual vs predicted proven reoffending by local area. Rates and differencePercent = (actual − predicted) / predicted are ' +
    'as published. rankByDifference and rankByActual rank within the loaded set (1 = lowest; equal values share a rank); the published ' +
    'national ranks are kept beside. Board tokens: cohortSize is rounded to base 5; a row whose actualRate × cohortSize gives 1 to 4 ' +
    'reoffenders is left out, and the ranks are within the rows shown.',
);

@Measure('Reoffending comparison', 1)
@ObjectType({ description: REOFFENDING_COMPARISON.definition })
export class ReoffendingComparisonRow {
  @Field(() => MeasureDefinition, { description: 'The measure these figures come from: its version and definition.' })
  get measure(): MeasureDefinition {
    return REOFFENDING_COMPARISON;
  }

  @Field(() => String, { nullable: true, description: 'Null where the publication leaves it blank.' }) @Label('Local authority') localAuthority!: string | null;
  @Field(() => String) force!: string;
  @Field(() => Count) @Label('Cohort size') cohortSize!: number;
  @Field(() => Percent, { description: 'Percent.' }) @Label('Actual rate') actualRate!: number;
  @Field(() => Percent, { description: 'Percent.' }) @Label('Predicted rate') predictedRate!: number;
  @Field(() => Percent, { description: 'Percent.' }) @Label('Difference') differencePercent!: number;
  @Field(() => Int) @Label('Rank by difference') rankByDifference!: number;
  @Field(() => Int) @Label('Rank by actual rate') rankByActual!: number;
  @Field(() => Int, { nullable: true }) @Label('Published rank by difference') publishedRankByDifference!: number | null;
  @Field(() => Int, { nullable: true }) @Label('Published rank by actual rate') publishedRankByActual!: number | null;
  @Field(() => String, { nullable: true }) note!: string | null;
  @Field(() => String) @Label('Source') source!: string;
  @Field(() => String) reference!: string;

  static from(row: ComparisonRow): ReoffendingComparisonRow {
    return Object.assign(new ReoffendingComparisonRow(), row);
  }
}
