import { Arg, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../context.js';
import { childrenOf } from '../db/batch.js';
import { CohortTarget, StaffingRatio } from './staffing/staffing.entity.js';
import { Agency, Hub, Partnership } from './partnership.entity.js';
import { AgencyInput, PartnershipInput } from './partnership.input.js';
import { addAgency, addHub, addPartnership, listPartnerships } from './partnership.service.js';
import { Label } from '../units/label.js';

@Resolver(() => Partnership)
export class PartnershipResolver {
  @Query(() => [Partnership], { description: 'Every partnership in the hub, by name.' })
  partnerships(@Ctx() { em }: HubContext): Promise<Partnership[]> {
    return listPartnerships(em);
  }

  @Query(() => Partnership, { nullable: true, description: 'One partnership by code; null if there is none.' })
  partnership(@Arg('code', () => String) code: string, @Ctx() { em }: HubContext): Promise<Partnership | null> {
    return em.findOne(Partnership, { code });
  }

  @FieldResolver(() => [Agency], { description: 'Member agencies.' })
  @Label('Agency')
  agencies(@Root() partnership: Partnership, @Ctx() ctx: HubContext): Promise<Agency[]> {
    return childrenOf(ctx, Agency, 'partnership').load(partnership.id);
  }

  @FieldResolver(() => [Hub], { description: 'Co-located offices and areas.' })
  hubs(@Root() partnership: Partnership, @Ctx() ctx: HubContext): Promise<Hub[]> {
    return childrenOf(ctx, Hub, 'partnership').load(partnership.id);
  }

  @FieldResolver(() => [StaffingRatio], { description: 'Staffing standards per so many nominals.' })
  staffingRatios(@Root() partnership: Partnership, @Ctx() ctx: HubContext): Promise<StaffingRatio[]> {
    return childrenOf(ctx, StaffingRatio, 'partnership').load(partnership.id);
  }

  @FieldResolver(() => [CohortTarget], { description: 'Cohort sizes the partnership has committed to reach.' })
  cohortTargets(@Root() partnership: Partnership, @Ctx() ctx: HubContext): Promise<CohortTarget[]> {
    return childrenOf(ctx, CohortTarget, 'partnership').load(partnership.id);
  }

  @Mutation(() => Partnership, { description: 'Adds a partnership.' })
  addPartnership(@Arg('input', () => PartnershipInput) input: PartnershipInput, @Ctx() { em }: HubContext): Promise<Partnership> {
    return addPartnership(em, input);
  }

  @Mutation(() => Agency, { description: 'Adds a member agency to a partnership.' })
  addAgency(
    @Arg('partnership', () => String) partnership: string,
    @Arg('input', () => AgencyInput) input: AgencyInput,
    @Ctx() { em }: HubContext,
  ): Promise<Agency> {
    return addAgency(em, partnership, input);
  }

  @Mutation(() => Hub, { description: 'Adds a co-located office or area to a partnership.' })
  addHub(@Arg('partnership', () => String) partnership: string, @Arg('name', () => String) name: string, @Ctx() { em }: HubContext): Promise<Hub> {
    return addHub(em, partnership, name);
  }
}
