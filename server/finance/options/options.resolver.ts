import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { HubContext } from '../../context.js';
import { AppraisalOption } from './appraisal-option.entity.js';
import { AppraisalOptionInput } from './options.input.js';
import { addAppraisalOption, loadOptionsAppraisal, removeAppraisalOption, updateAppraisalOption } from './options.service.js';

@Resolver(() => AppraisalOption)
export class OptionsAppraisalResolver {
  @Query(() => [AppraisalOption], { description: 'A partnership\'s options appraisal, as published: each option with its saving and whether it was preferred or discounted.' })
  optionsAppraisal(
    @Arg('partnership', () => String) partnership: string,
    @Arg('programme', () => String, { nullable: true }) programme: string | null,
    @Ctx() { em }: HubContext,
  ): Promise<AppraisalOption[]> {
    return loadOptionsAppraisal(em, partnership, programme);
  }

  @Mutation(() => AppraisalOption, { description: 'Adds an option to a partnership\'s options appraisal.' })
  addAppraisalOption(@Arg('partnership', () => String) partnership: string, @Arg('option', () => AppraisalOptionInput) option: AppraisalOptionInput, @Ctx() { em }: HubContext): Promise<AppraisalOption> {
    return addAppraisalOption(em, partnership, option);
  }

  @Mutation(() => AppraisalOption, { description: 'Changes the fields of an option that the input sends (null clears one; the rest keep their values); refused with CONFLICT if it changed since `expectedVersion`.' })
  updateAppraisalOption(
    @Arg('id', () => ID) id: string,
    @Arg('expectedVersion', () => Int) expectedVersion: number,
    @Arg('option', () => AppraisalOptionInput) option: AppraisalOptionInput,
    @Ctx() { em }: HubContext,
  ): Promise<AppraisalOption> {
    return updateAppraisalOption(em, id, expectedVersion, option);
  }

  @Mutation(() => Boolean, { description: 'Removes an option; refused with CONFLICT if it changed since `expectedVersion`.' })
  removeAppraisalOption(@Arg('id', () => ID) id: string, @Arg('expectedVersion', () => Int) expectedVersion: number, @Ctx() { em }: HubContext): Promise<boolean> {
    return removeAppraisalOption(em, id, expectedVersion);
  }
}
