import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { HubContext } from '../context.js';
import { SavedScenario } from './saved-scenario.entity.js';
import { ScenarioInput } from './scenario.input.js';
import { Scenario } from './scenario.types.js';
import { loadSavedScenarios, runScenario, saveScenario } from './scenario.service.js';

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
}
