import { Arg, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { HubContext } from '../../context.js';
import { CostShareInput } from './cost-share.input.js';
import { CostShare, CostShareDiff, CostShareVersionResult } from './cost-share.types.js';
import { loadCostShare, loadCostShareDiff, loadCostShareVersions, previewCostShareDraft, saveCostShareDraft, setCostShareStatus } from './cost-share.service.js';

@Resolver(() => CostShare)
export class CostShareResolver {
  @Query(() => CostShare, {
    nullable: true,
    description: 'How the establishment budget for a year is shared between agencies: the current version, agreed (frozen) or draft; null if no cost share has been drafted.',
  })
  async costShare(
    @Arg('partnership', () => String) partnership: string,
    @Arg('financialYear', () => String) financialYear: string,
    @Ctx() { em }: HubContext,
  ): Promise<CostShare | null> {
    const view = await loadCostShare(em, partnership, financialYear);
    return view && CostShare.from(view);
  }

  @Query(() => [CostShareVersionResult], { description: 'Every version of a year\'s cost share, oldest first: each agreed version as it was agreed, then the draft if there is one.' })
  async costShareVersions(
    @Arg('partnership', () => String) partnership: string,
    @Arg('financialYear', () => String) financialYear: string,
    @Ctx() { em }: HubContext,
  ): Promise<CostShareVersionResult[]> {
    const versions = await loadCostShareVersions(em, partnership, financialYear);
    return versions.map((view, i) => CostShareVersionResult.from(view, i === versions.length - 1));
  }

  @Query(() => CostShareDiff, { description: 'Each agency\'s old and new percentage and contribution between two versions of a year\'s cost share (`to` omitted: the current version).' })
  async costShareDiff(
    @Arg('partnership', () => String) partnership: string,
    @Arg('financialYear', () => String) financialYear: string,
    @Arg('from', () => Int) from: number,
    @Arg('to', () => Int, { nullable: true }) to: number | null,
    @Ctx() { em }: HubContext,
  ): Promise<CostShareDiff> {
    return CostShareDiff.from(await loadCostShareDiff(em, partnership, financialYear, from, to));
  }

  @Query(() => CostShareDiff, {
    description:
      'What saving `input` as the draft would give, worked out on the establishment now, against the current version: each agency\'s percentage and ' +
      'contribution before and after. Checked as a save would be; nothing is saved.',
  })
  async previewCostShareDraft(
    @Arg('partnership', () => String) partnership: string,
    @Arg('financialYear', () => String) financialYear: string,
    @Arg('input', () => CostShareInput) input: CostShareInput,
    @Ctx() { em }: HubContext,
  ): Promise<CostShareDiff> {
    return CostShareDiff.from(await previewCostShareDraft(em, partnership, financialYear, input));
  }

  @Mutation(() => CostShare, {
    description:
      'Creates the year\'s draft cost share (omit `expectedVersion`) or replaces the draft (give the version you read). ' +
      'Refused with CONFLICT if someone else changed it first, with BAD_USER_INPUT if fixed percentages do not sum to 100%, and with BAD_USER_INPUT ' +
      'naming the status (extensions.status AGREED) if the current version is agreed: reopen it first.',
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

  @Mutation(() => CostShare, {
    description:
      'Agrees the draft: its figures, worked out on the establishment now, are frozen as an agreed version with who agreed it, when, and the `note` ' +
      '(a minute reference). Refused with CONFLICT if it changed since `expectedVersion`.',
  })
  async agreeCostShare(
    @Arg('partnership', () => String) partnership: string,
    @Arg('financialYear', () => String) financialYear: string,
    @Arg('expectedVersion', () => Int) expectedVersion: number,
    @Arg('note', () => String, { nullable: true, description: 'A minute reference or note, e.g. `JIOM Governance Board, 12 March 2015, minute 4`.' }) note: string | null,
    @Ctx() { em }: HubContext,
  ): Promise<CostShare> {
    return CostShare.from(await setCostShareStatus(em, partnership, financialYear, expectedVersion, 'AGREED', note));
  }

  @Mutation(() => CostShare, {
    description: 'Reopens the agreed version as the next version, a draft starting from the agreed shares; the agreed version stays as it was. Refused with CONFLICT if it changed since `expectedVersion`.',
  })
  async reopenCostShare(
    @Arg('partnership', () => String) partnership: string,
    @Arg('financialYear', () => String) financialYear: string,
    @Arg('expectedVersion', () => Int) expectedVersion: number,
    @Ctx() { em }: HubContext,
  ): Promise<CostShare> {
    return CostShare.from(await setCostShareStatus(em, partnership, financialYear, expectedVersion, 'DRAFT'));
  }
}
