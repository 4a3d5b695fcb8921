import { Arg, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { HubContext } from '../../context.js';
import { CostShareInput } from './cost-share.input.js';
import { CostShare } from './cost-share.types.js';
import { loadCostShare, saveCostShareDraft, setCostShareStatus } from './cost-share.service.js';

@Resolver(() => CostShare)
export class CostShareResolver {
  @Query(() => CostShare, { nullable: true, description: 'How the establishment budget for a year is shared between agencies; null if no cost share has been drafted.' })
  async costShare(
    @Arg('partnership', () => String) partnership: string,
    @Arg('financialYear', () => String) financialYear: string,
    @Ctx() { em }: HubContext,
  ): Promise<CostShare | null> {
    const view = await loadCostShare(em, partnership, financialYear);
    return view && CostShare.from(view);
  }

  @Mutation(() => CostShare, {
    description:
      'Creates the year\'s draft cost share (omit `expectedVersion`) or replaces the draft (give the version you read). ' +
      'Refused with CONFLICT if someone else changed it first, and with BAD_USER_INPUT if fixed percentages do not sum to 100%.',
  })
  async saveCostShareDraft(
    @Arg('partnership', () => String) partnership: string,
    @Arg('financialYear', () => String) financialYear: string,
    @Arg('input', () => CostShareInput) input: CostShareInput,
    @Arg('expectedVersion', () => Int, { nullable: true }) expectedVersion: number | null,
    @Ctx() { em }: HubContext,
  ): Promise<CostShare> {
    return CostShare.from(await saveCostShareDraft(em, partnership, financialYear, expectedVersion, input));
  }

  @Mutation(() => CostShare, { description: 'Agrees the draft cost share, locking it; refused with CONFLICT if it changed since `expectedVersion`.' })
  async agreeCostShare(
    @Arg('partnership', () => String) partnership: string,
    @Arg('financialYear', () => String) financialYear: string,
    @Arg('expectedVersion', () => Int) expectedVersion: number,
    @Ctx() { em }: HubContext,
  ): Promise<CostShare> {
    return CostShare.from(await setCostShareStatus(em, partnership, financialYear, expectedVersion, 'AGREED'));
  }

  @Mutation(() => CostShare, { description: 'Reopens an agreed cost share as a draft; refused with CONFLICT if it changed since `expectedVersion`.' })
  async reopenCostShare(
    @Arg('partnership', () => String) partnership: string,
    @Arg('financialYear', () => String) financialYear: string,
    @Arg('expectedVersion', () => Int) expectedVersion: number,
    @Ctx() { em }: HubContext,
  ): Promise<CostShare> {
    return CostShare.from(await setCostShareStatus(em, partnership, financialYear, expectedVersion, 'DRAFT'));
  }
}
