import { Field, ObjectType } from 'type-graphql';
import { Count } from '../../units/scalars.js';
import { TARGET_PROGRESS_DEFINITION } from './cohort-target-progress.js';
import type { TargetProgressView } from './cohort-target-progress.service.js';

@ObjectType({ description: TARGET_PROGRESS_DEFINITION })
export class CohortTargetProgress {
  @Field(() => String) partnership!: string;
  @Field(() => String) date!: string;
  @Field(() => Count, { nullable: true, description: 'The size the target in force commits to reach by `targetDate`.' }) target!: number | null;
  @Field(() => String, { nullable: true }) targetDate!: string | null;
  @Field(() => Count, { nullable: true, description: 'The size the plan expects on the date.' }) phasedTarget!: number | null;
  @Field(() => Count, { nullable: true, description: 'On the scheme at the date; null: suppressed.' }) members!: number | null;
  @Field(() => Count, { nullable: true, description: 'Places staffed for on the date.' }) capacity!: number | null;
  @Field(() => Count, { nullable: true, description: 'phasedTarget − members.' }) shortfall!: number | null;
  @Field(() => String, { nullable: true, description: 'The next step of the plan after the date (a phase or the target), YYYY-MM-DD.' }) nextStepDate!: string | null;
  @Field(() => Count, { nullable: true }) nextStepSize!: number | null;
  @Field(() => String, { nullable: true }) targetSource!: string | null;
  @Field(() => String, { nullable: true }) capacitySource!: string | null;
  @Field(() => String) definition!: string;

  static from(view: TargetProgressView): CohortTargetProgress {
    return Object.assign(new CohortTargetProgress(), {
      partnership: view.partnership, date: view.date, target: view.target, targetDate: view.targetDate, phasedTarget: view.phasedTarget, members: view.members, capacity: view.capacity,
      shortfall: view.shortfall, nextStepDate: view.nextStepDate, nextStepSize: view.nextStepSize, targetSource: view.targetSource, capacitySource: view.capacitySource,
      definition: TARGET_PROGRESS_DEFINITION,
    });
  }
}
