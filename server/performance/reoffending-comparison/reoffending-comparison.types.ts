import { Field, Float, Int, ObjectType } from 'type-graphql';
import { MeasureDefinition, measureDefinition } from '../../measures/measure-definition.js';
import type { ComparisonRow } from './reoffending-comparison.js';

export const REOFFENDING_COMPARISON = measureDefinition(
  'Reoffending comparison',
  1,
  'Reoffending comparison v1: actual vs predicted proven reoffending by local area. Rates and differencePercent = (actual − predicted) / predicted are ' +
    'as published. rankByDifference and rankByActual rank within the loaded set (1 = lowest; equal values share a rank); the published ' +
    'national ranks are kept beside. Board tokens: cohortSize is rounded to base 5; a row whose actualRate × cohortSize gives 1 to 4 ' +
    'reoffenders is left out, and the ranks are within the rows shown.',
);

@ObjectType({ description: REOFFENDING_COMPARISON.definition })
export class ReoffendingComparisonRow {
  @Field(() => MeasureDefinition, { description: 'The measure these figures come from: its version and definition.' })
  get measure(): MeasureDefinition {
    return REOFFENDING_COMPARISON;
  }

  @Field(() => String, { nullable: true, description: 'Null where the publication leaves it blank.' }) localAuthority!: string | null;
  @Field(() => String) force!: string;
  @Field(() => Int) cohortSize!: number;
  @Field(() => Float, { description: 'Percent.' }) actualRate!: number;
  @Field(() => Float, { description: 'Percent.' }) predictedRate!: number;
  @Field(() => Float, { description: 'Percent.' }) differencePercent!: number;
  @Field(() => Int) rankByDifference!: number;
  @Field(() => Int) rankByActual!: number;
  @Field(() => Int, { nullable: true }) publishedRankByDifference!: number | null;
  @Field(() => Int, { nullable: true }) publishedRankByActual!: number | null;
  @Field(() => String, { nullable: true }) note!: string | null;
  @Field(() => String) source!: string;
  @Field(() => String) reference!: string;

  static from(row: ComparisonRow): ReoffendingComparisonRow {
    return Object.assign(new ReoffendingComparisonRow(), row);
  }
}
