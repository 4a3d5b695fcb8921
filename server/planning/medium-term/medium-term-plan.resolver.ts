import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../context.js';
import { MediumTermAssumptionsInput } from './medium-term-plan.input.js';
import { MediumTermPlan, MediumTermPlanComparisonRow, MediumTermPlanVariantResult } from './medium-term-plan.types.js';
import {
  compareMediumTermPlans, loadMediumTermPlan, loadMediumTermPlanVariants, removeMediumTermPlanVariant, saveMediumTermPlanVariant, variantPlan,
} from './medium-term-plan.service.js';

@Resolver(() => MediumTermPlanVariantResult)
export class MediumTermPlanResolver {
  @Query(() => MediumTermPlan, { description: 'The partnership\'s cost, funding and gap over 3 to 5 years from `from` (e.g. `2014/15`), under the assumptions. Saves nothing.' })
  async mediumTermPlan(
    @Arg('partnership', () => String) partnership: string,
    @Arg('from', () => String) from: string,
    @Arg('years', () => Int) years: number,
    @Arg('assumptions', () => MediumTermAssumptionsInput, { nullable: true }) assumptions: MediumTermAssumptionsInput | null,
    @Ctx() { em }: HubContext,
  ): Promise<MediumTermPlan> {
    return MediumTermPlan.from(await loadMediumTermPlan(em, partnership, from, years, assumptions));
  }

  @Query(() => [MediumTermPlanVariantResult], { description: 'The partnership\'s saved medium-term plans, by name.' })
  async mediumTermPlanVariants(@Arg('partnership', () => String) partnership: string, @Ctx() { em }: HubContext): Promise<MediumTermPlanVariantResult[]> {
    return (await loadMediumTermPlanVariants(em, partnership)).map(MediumTermPlanVariantResult.from);
  }

  @Query(() => [MediumTermPlanComparisonRow], { description: 'Saved medium-term plans side by side: a row for each year and plan, in the order named, with each gap against the first plan\'s.' })
  async compareMediumTermPlans(
    @Arg('partnership', () => String) partnership: string,
    @Arg('variants', () => [String], { description: 'Names of saved plans; the first is the one the others are compared with.' }) variants: string[],
    @Ctx() { em }: HubContext,
  ): Promise<MediumTermPlanComparisonRow[]> {
    return (await compareMediumTermPlans(em, partnership, variants)).map(MediumTermPlanComparisonRow.from);
  }

  @FieldResolver(() => MediumTermPlan, { description: 'The plan under these assumptions, worked out on what is recorded now.' })
  async plan(@Root() variant: MediumTermPlanVariantResult, @Ctx() { em }: HubContext): Promise<MediumTermPlan> {
    return MediumTermPlan.from(await variantPlan(em, variant.variant));
  }

  @Mutation(() => MediumTermPlanVariantResult, {
    description: 'Saves a medium-term plan under a name (omit `expectedVersion`), or replaces the saved one (give the version you read); refused with CONFLICT if it changed since.',
  })
  async saveMediumTermPlanVariant(
    @Arg('partnership', () => String) partnership: string,
    @Arg('name', () => String) name: string,
    @Arg('from', () => String) from: string,
    @Arg('years', () => Int) years: number,
    @Arg('assumptions', () => MediumTermAssumptionsInput, { nullable: true }) assumptions: MediumTermAssumptionsInput | null,
    @Arg('notes', () => String, { nullable: true }) notes: string | null,
    @Arg('expectedVersion', () => Int, { nullable: true }) expectedVersion: number | null,
    @Ctx() { em }: HubContext,
  ): Promise<MediumTermPlanVariantResult> {
    return MediumTermPlanVariantResult.from(await saveMediumTermPlanVariant(em, partnership, name, from, years, assumptions, notes, expectedVersion));
  }

  @Mutation(() => Boolean, { description: 'Removes a saved medium-term plan; refused with CONFLICT if it changed since `expectedVersion`.' })
  removeMediumTermPlanVariant(@Arg('id', () => ID) id: string, @Arg('expectedVersion', () => Int) expectedVersion: number, @Ctx() { em }: HubContext): Promise<boolean> {
    return removeMediumTermPlanVariant(em, id, expectedVersion);
  }
}
