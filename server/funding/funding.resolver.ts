import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../context.js';
import { FundingRisk, FundingStream } from './funding.entity.js';
import { FundingRiskInput, FundingRiskSheetRowInput, FundingStreamInput } from './funding.input.js';
import { RemovedRowInput, SheetSubmission } from '../finance/sheet/sheet.types.js';
import { submitYearSheet } from '../finance/sheet/year-sheet.js';
import { FundingFigure, FundingPartResult, FundingPositionResult } from './funding.types.js';
import {
  FUNDING_RISK_SHEET, addFundingRisk, addFundingStream, loadFundingPosition, loadFundingRisks, loadFundingStreams, removeFundingRisk, removeFundingStream, updateFundingRisk,
  updateFundingStream,
} from './funding.service.js';

@Resolver(() => FundingPositionResult)
export class FundingResolver {
  @FieldResolver(() => [FundingPartResult], { description: 'What makes up each figure (or the one asked for): which lines, contributions, streams and risks; a figure\'s parts add up to it.' })
  parts(@Root() position: FundingPositionResult, @Arg('figure', () => FundingFigure, { nullable: true }) figure: FundingFigure | null): FundingPartResult[] {
    return position.allParts.filter((part) => !figure || part.figure === figure).map(FundingPartResult.from);
  }

  @Query(() => FundingPositionResult, { description: 'Planned cost against funding by certainty, with risk exposure and the gap, for a partnership and year.' })
  async fundingPosition(
    @Arg('partnership', () => String) partnership: string,
    @Arg('financialYear', () => String) financialYear: string,
    @Ctx() { em }: HubContext,
  ): Promise<FundingPositionResult> {
    return FundingPositionResult.from(await loadFundingPosition(em, partnership, financialYear));
  }

  @Query(() => [FundingStream], { description: 'Funding streams covering a financial year.' })
  fundingStreams(
    @Arg('partnership', () => String) partnership: string,
    @Arg('financialYear', () => String) financialYear: string,
    @Ctx() { em }: HubContext,
  ): Promise<FundingStream[]> {
    return loadFundingStreams(em, partnership, financialYear);
  }

  @Query(() => [FundingRisk], { description: 'The funding-risk register for a financial year.' })
  fundingRisks(
    @Arg('partnership', () => String) partnership: string,
    @Arg('financialYear', () => String) financialYear: string,
    @Ctx() { em }: HubContext,
  ): Promise<FundingRisk[]> {
    return loadFundingRisks(em, partnership, financialYear);
  }

  @Mutation(() => FundingStream, { description: 'Adds a funding stream to a partnership.' })
  addFundingStream(@Arg('partnership', () => String) partnership: string, @Arg('stream', () => FundingStreamInput) stream: FundingStreamInput, @Ctx() { em }: HubContext): Promise<FundingStream> {
    return addFundingStream(em, partnership, stream);
  }

  @Mutation(() => FundingStream, { description: 'Changes the fields of a funding stream that the input sends (null clears one; the rest keep their values); refused with CONFLICT if it changed since `expectedVersion`.' })
  updateFundingStream(
    @Arg('id', () => ID) id: string,
    @Arg('expectedVersion', () => Int) expectedVersion: number,
    @Arg('stream', () => FundingStreamInput) stream: FundingStreamInput,
    @Ctx() { em }: HubContext,
  ): Promise<FundingStream> {
    return updateFundingStream(em, id, expectedVersion, stream);
  }

  @Mutation(() => Boolean, { description: 'Removes a funding stream; refused with CONFLICT if it changed since `expectedVersion`.' })
  removeFundingStream(@Arg('id', () => ID) id: string, @Arg('expectedVersion', () => Int) expectedVersion: number, @Ctx() { em }: HubContext): Promise<boolean> {
    return removeFundingStream(em, id, expectedVersion);
  }

  @Mutation(() => FundingRisk, { description: 'Adds a risk to the funding-risk register for a year.' })
  addFundingRisk(
    @Arg('partnership', () => String) partnership: string,
    @Arg('financialYear', () => String) financialYear: string,
    @Arg('risk', () => FundingRiskInput) risk: FundingRiskInput,
    @Ctx() { em }: HubContext,
  ): Promise<FundingRisk> {
    return addFundingRisk(em, partnership, financialYear, risk);
  }

  @Mutation(() => FundingRisk, { description: 'Changes the fields of a funding risk that the input sends (null clears one; the rest keep their values); refused with CONFLICT if it changed since `expectedVersion`.' })
  updateFundingRisk(
    @Arg('id', () => ID) id: string,
    @Arg('expectedVersion', () => Int) expectedVersion: number,
    @Arg('risk', () => FundingRiskInput) risk: FundingRiskInput,
    @Ctx() { em }: HubContext,
  ): Promise<FundingRisk> {
    return updateFundingRisk(em, id, expectedVersion, risk);
  }

  @Mutation(() => SheetSubmission, {
    description:
      'Writes an edited funding-risk register for a partnership and year as one change. Every risk the sheet was read with must be there (with `id` ' +
      'and `expectedVersion`) or in `removed`; risks without `id` are added. If any risk changed, appeared or went since the sheet was read, the whole ' +
      'submission is refused with CONFLICT and nothing is written. `dryRun: true` returns the changes without saving them.',
  })
  async submitFundingRisks(
    @Arg('partnership', () => String) partnership: string,
    @Arg('financialYear', () => String) financialYear: string,
    @Arg('risks', () => [FundingRiskSheetRowInput]) risks: FundingRiskSheetRowInput[],
    @Arg('removed', () => [RemovedRowInput], { nullable: true, defaultValue: [] }) removed: RemovedRowInput[],
    @Arg('dryRun', () => Boolean, { nullable: true, defaultValue: false }) dryRun: boolean,
    @Ctx() { em }: HubContext,
  ): Promise<SheetSubmission> {
    return SheetSubmission.from(await submitYearSheet(em, FUNDING_RISK_SHEET, partnership, financialYear, risks, removed ?? [], dryRun ?? false));
  }

  @Mutation(() => Boolean, { description: 'Removes a funding risk; refused with CONFLICT if it changed since `expectedVersion`.' })
  removeFundingRisk(@Arg('id', () => ID) id: string, @Arg('expectedVersion', () => Int) expectedVersion: number, @Ctx() { em }: HubContext): Promise<boolean> {
    return removeFundingRisk(em, id, expectedVersion);
  }
}
