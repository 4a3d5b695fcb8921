import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { HubContext } from '../../context.js';
import { CohortCapacity, CohortTarget, StaffingRatio } from './staffing.entity.js';
import { CohortCapacityInput, CohortTargetInput, StaffingRatioInput } from './staffing.input.js';
import { addCohortTarget, addStaffingRatio, setCohortCapacity } from './staffing.service.js';

/** Recording a partnership's staffing standards: its staffing ratios and cohort targets. */
@Resolver()
export class StaffingResolver {
  @Mutation(() => StaffingRatio, { description: 'Records a staffing standard for a partnership (e.g. Pan London: one police officer per 40 nominals).' })
  addStaffingRatio(@Arg('partnership', () => String) partnership: string, @Arg('ratio', () => StaffingRatioInput) ratio: StaffingRatioInput, @Ctx() { em }: HubContext): Promise<StaffingRatio> {
    return addStaffingRatio(em, partnership, ratio);
  }

  @Mutation(() => CohortTarget, { description: 'Records a cohort size the partnership commits to reach by a date, with the sizes planned on the way (`phases`).' })
  addCohortTarget(@Arg('partnership', () => String) partnership: string, @Arg('target', () => CohortTargetInput) target: CohortTargetInput, @Ctx() { em }: HubContext): Promise<CohortTarget> {
    return addCohortTarget(em, partnership, target);
  }

  @Mutation(() => CohortCapacity, { description: 'Records how many nominals the partnership is staffed to manage from a date (Norfolk & Suffolk: 150).' })
  setCohortCapacity(@Arg('partnership', () => String) partnership: string, @Arg('capacity', () => CohortCapacityInput) capacity: CohortCapacityInput, @Ctx() { em }: HubContext): Promise<CohortCapacity> {
    return setCohortCapacity(em, partnership, capacity);
  }
}
