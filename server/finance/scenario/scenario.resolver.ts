import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { HubContext } from '../../context.js';
import { CohortTarget, SavedScenario, StaffingRatio } from './planning.entity.js';
import { CohortTargetInput, ScenarioInput, StaffingRatioInput } from './scenario.input.js';
import { Scenario } from './scenario.types.js';
import { addCohortTarget, addStaffingRatio, loadSavedScenarios, runScenario, saveScenario } from './scenario.service.js';

@Resolver(() => Scenario)
export class ScenarioResolver {
  @Query(() => Scenario, { description: 'Models a plan: FTE by grade for a cohort target, its budget, each partner\'s contribution and the funding gap. Saves nothing.' })
  async scenario(@Arg('input', () => ScenarioInput) input: ScenarioInput, @Ctx() { em }: HubContext): Promise<Scenario> {
    return Scenario.from(await runScenario(em, input));
  }

  @Query(() => [SavedScenario], { description: 'Scenarios saved for a partnership, newest first.' })
  savedScenarios(@Arg('partnership', () => String) partnership: string, @Ctx() { em }: HubContext): Promise<SavedScenario[]> {
    return loadSavedScenarios(em, partnership);
  }

  @Mutation(() => SavedScenario, { description: 'Models a plan and keeps it under a name.' })
  saveScenario(@Arg('name', () => String) name: string, @Arg('input', () => ScenarioInput) input: ScenarioInput, @Ctx() { em }: HubContext): Promise<SavedScenario> {
    return saveScenario(em, name, input);
  }

  @Mutation(() => StaffingRatio, { description: 'Records a staffing standard for a partnership (e.g. Pan London: one police officer per 40 nominals).' })
  addStaffingRatio(@Arg('partnership', () => String) partnership: string, @Arg('ratio', () => StaffingRatioInput) ratio: StaffingRatioInput, @Ctx() { em }: HubContext): Promise<StaffingRatio> {
    return addStaffingRatio(em, partnership, ratio);
  }

  @Mutation(() => CohortTarget, { description: 'Records a cohort size the partnership commits to reach by a date.' })
  addCohortTarget(@Arg('partnership', () => String) partnership: string, @Arg('target', () => CohortTargetInput) target: CohortTargetInput, @Ctx() { em }: HubContext): Promise<CohortTarget> {
    return addCohortTarget(em, partnership, target);
  }
}
