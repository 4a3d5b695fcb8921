import { Field, ObjectType } from 'type-graphql';
import { MeasureDefinition, measureDefinition } from '../../measures/measure-definition.js';
import { OffenceScope } from '../offence-scope.js';
import type { ShownSnapshotCounts } from './cohort-snapshot.js';
import type { CohortSnapshotView } from './cohort-snapshot.service.js';
import { Label, Measure } from '../../units/label.js';
import { Count, DateScalar } from '../../units/scalars.js';

export const SNAPSHOT_DEFINITION =
  'Cohort snapshot v1. Members: memberships with start ≤ date < end (no end: still on). Status: the latest review on or before the date ' +
  '(`unreviewed` when there is none); total = red + amber + green + inPrison + unreviewed. The period is (periodStart, date], periodStart ' +
  'defaulting to three calendar months before the date (the previous quarter end). added: memberships that started in the period. ' +
  'removed: memberships that ended in the period. reoffended: members at the date with at least one proven offence dated in the period, ' +
  'on or after their start, with its conviction or caution dated by the date; `offenceScope` says which offences count (ALL, or PRIORITY crimes only). ' +
  'By PATHWAY a member is counted once under each need recorded. With `suppressUnder`, counts from 1 to suppressUnder − 1 are null. ' +
  'Board tokens: every count is rounded to base 5 (0–2 show as 0, 3–7 as 5, 8–12 as 10), the whole cohort and each group on its own, so a ' +
  'total need not be the sum of its parts; a group whose total and removed both round to 0 is left out; `date` and `periodStart` are taken to ' +
  'the last month end on or before them.';

export const COHORT_SNAPSHOT = measureDefinition('Cohort snapshot', 1, SNAPSHOT_DEFINITION);

@ObjectType({ description: 'Counts of a cohort snapshot (see CohortSnapshot for the definition). Null: suppressed.' })
export class SnapshotCountsResult {
  @Field(() => String, { description: 'The group (`all` for the whole cohort).' }) group!: string;
  @Field(() => Count, { nullable: true }) @Label('Total') total!: number | null;
  @Field(() => Count, { nullable: true }) @Label('Red') red!: number | null;
  @Field(() => Count, { nullable: true }) @Label('Amber') amber!: number | null;
  @Field(() => Count, { nullable: true }) @Label('Green') green!: number | null;
  @Field(() => Count, { nullable: true }) @Label('In prison') inPrison!: number | null;
  @Field(() => Count, { nullable: true }) @Label('Unreviewed') unreviewed!: number | null;
  @Field(() => Count, { nullable: true }) @Label('Added') added!: number | null;
  @Field(() => Count, { nullable: true }) @Label('Removed') removed!: number | null;
  @Field(() => Count, { nullable: true }) @Label('Reoffended') reoffended!: number | null;

  static from(counts: ShownSnapshotCounts): SnapshotCountsResult {
    return Object.assign(new SnapshotCountsResult(), counts);
  }
}

@Measure('Cohort snapshot', 1)
@ObjectType({ description: SNAPSHOT_DEFINITION })
export class CohortSnapshot extends SnapshotCountsResult {
  @Field(() => String) partnership!: string;
  @Field(() => DateScalar, { description: 'YYYY-MM-DD.' }) @Label('Date') date!: string;
  @Field(() => DateScalar, { description: 'The period runs from the day after this date to `date`.' }) @Label('Period starts after') periodStart!: string;
  @Field(() => OffenceScope, { description: 'The offences `reoffended` counts.' }) @Label('Offences counted') offenceScope!: OffenceScope;
  @Field(() => [SnapshotCountsResult], { description: 'The same counts broken down by `groupBy`.' }) @Label('Group') groups!: SnapshotCountsResult[];
  @Field(() => String) definition!: string;
  @Field(() => MeasureDefinition, { description: 'The measure these figures come from: its version and definition.' })
  get measure(): MeasureDefinition {
    return COHORT_SNAPSHOT;
  }

  static fromView(view: CohortSnapshotView): CohortSnapshot {
    return Object.assign(new CohortSnapshot(), view.overall, {
      partnership: view.partnership,
      date: view.date,
      periodStart: view.periodStart,
      offenceScope: view.offenceScope,
      groups: view.groups.map(SnapshotCountsResult.from),
      definition: SNAPSHOT_DEFINITION,
    });
  }
}
