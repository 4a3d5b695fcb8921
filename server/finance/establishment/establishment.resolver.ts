import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../context.js';
import { rowById } from '../../db/batch.js';
import { Agency } from '../../partnership/partnership.entity.js';
import { EstablishmentLine, NonPayLine } from './establishment-line.entity.js';
import { EstablishmentLineInput, EstablishmentSheetLineInput, NonPayLineInput, NonPaySheetLineInput } from './establishment.input.js';
import { RemovedRowInput, SheetSubmission } from '../sheet/sheet.types.js';
import { Establishment } from './establishment.types.js';
import {
  ESTABLISHMENT_SHEET, NON_PAY_SHEET, addEstablishmentLine, addNonPayLine, loadEstablishment, removeEstablishmentLine, removeNonPayLine, updateEstablishmentLine,
  updateNonPayLine,
} from './establishment.service.js';
import { submitYearSheet } from '../sheet/year-sheet.js';

const SHEET =
  'Every line the sheet was read with must be there (with `id` and `expectedVersion`, and the fields that changed or all of them) or in `removed`; ' +
  'lines without `id` are added. If any line changed, appeared or went since the sheet was read, the whole submission is refused with CONFLICT ' +
  'and nothing is written. `dryRun: true` checks everything and returns the changes without saving them (the review before submitting).';

@Resolver(() => Establishment)
export class EstablishmentResolver {
  @Query(() => Establishment, { description: 'The staffing establishment of a partnership for a financial year (e.g. `2014/15`).' })
  async establishment(
    @Arg('partnership', () => String) partnership: string,
    @Arg('financialYear', () => String) financialYear: string,
    @Ctx() ctx: HubContext,
  ): Promise<Establishment> {
    const view = await loadEstablishment(ctx.em, partnership, financialYear);
    // The employing agencies came with the lines (lean read path): the lines' agency field finds them without another statement.
    if (view.employingAgencies) for (const [id, agency] of view.employingAgencies) rowById(ctx, Agency, { lean: true }).prime(id, agency);
    return Establishment.from(view);
  }

  @Mutation(() => EstablishmentLine, { description: 'Adds a line to a partnership\'s establishment for a year.' })
  addEstablishmentLine(
    @Arg('partnership', () => String) partnership: string,
    @Arg('financialYear', () => String) financialYear: string,
    @Arg('line', () => EstablishmentLineInput) line: EstablishmentLineInput,
    @Ctx() { em }: HubContext,
  ): Promise<EstablishmentLine> {
    return addEstablishmentLine(em, partnership, financialYear, line);
  }

  @Mutation(() => EstablishmentLine, { description: 'Changes the fields of an establishment line that the input sends (null clears one; the rest keep their values); refused with CONFLICT if it has changed since `expectedVersion`.' })
  updateEstablishmentLine(
    @Arg('id', () => ID) id: string,
    @Arg('expectedVersion', () => Int) expectedVersion: number,
    @Arg('line', () => EstablishmentLineInput) line: EstablishmentLineInput,
    @Ctx() { em }: HubContext,
  ): Promise<EstablishmentLine> {
    return updateEstablishmentLine(em, id, expectedVersion, line);
  }

  @Mutation(() => Boolean, { description: 'Removes a line; refused with CONFLICT if it has changed since `expectedVersion`.' })
  removeEstablishmentLine(@Arg('id', () => ID) id: string, @Arg('expectedVersion', () => Int) expectedVersion: number, @Ctx() { em }: HubContext): Promise<boolean> {
    return removeEstablishmentLine(em, id, expectedVersion);
  }

  @Mutation(() => SheetSubmission, { description: `Writes an edited establishment sheet for a partnership and year as one change. ${SHEET}` })
  async submitEstablishment(
    @Arg('partnership', () => String) partnership: string,
    @Arg('financialYear', () => String) financialYear: string,
    @Arg('lines', () => [EstablishmentSheetLineInput]) lines: EstablishmentSheetLineInput[],
    @Arg('removed', () => [RemovedRowInput], { nullable: true, defaultValue: [] }) removed: RemovedRowInput[],
    @Arg('dryRun', () => Boolean, { nullable: true, defaultValue: false }) dryRun: boolean,
    @Ctx() { em }: HubContext,
  ): Promise<SheetSubmission> {
    return SheetSubmission.from(await submitYearSheet(em, ESTABLISHMENT_SHEET, partnership, financialYear, lines, removed ?? [], dryRun ?? false));
  }

  @Mutation(() => SheetSubmission, { description: `Writes an edited sheet of a year's non-pay costs as one change. ${SHEET}` })
  async submitNonPayLines(
    @Arg('partnership', () => String) partnership: string,
    @Arg('financialYear', () => String) financialYear: string,
    @Arg('lines', () => [NonPaySheetLineInput]) lines: NonPaySheetLineInput[],
    @Arg('removed', () => [RemovedRowInput], { nullable: true, defaultValue: [] }) removed: RemovedRowInput[],
    @Arg('dryRun', () => Boolean, { nullable: true, defaultValue: false }) dryRun: boolean,
    @Ctx() { em }: HubContext,
  ): Promise<SheetSubmission> {
    return SheetSubmission.from(await submitYearSheet(em, NON_PAY_SHEET, partnership, financialYear, lines, removed ?? [], dryRun ?? false));
  }

  @Mutation(() => NonPayLine, { description: 'Adds a non-pay cost for a partnership and year.' })
  addNonPayLine(
    @Arg('partnership', () => String) partnership: string,
    @Arg('financialYear', () => String) financialYear: string,
    @Arg('line', () => NonPayLineInput) line: NonPayLineInput,
    @Ctx() { em }: HubContext,
  ): Promise<NonPayLine> {
    return addNonPayLine(em, partnership, financialYear, line);
  }

  @Mutation(() => NonPayLine, { description: 'Changes the fields of a non-pay cost that the input sends (null clears one; the rest keep their values); refused with CONFLICT if it has changed since `expectedVersion`.' })
  updateNonPayLine(
    @Arg('id', () => ID) id: string,
    @Arg('expectedVersion', () => Int) expectedVersion: number,
    @Arg('line', () => NonPayLineInput) line: NonPayLineInput,
    @Ctx() { em }: HubContext,
  ): Promise<NonPayLine> {
    return updateNonPayLine(em, id, expectedVersion, line);
  }

  @Mutation(() => Boolean, { description: 'Removes a non-pay cost; refused with CONFLICT if it has changed since `expectedVersion`.' })
  removeNonPayLine(@Arg('id', () => ID) id: string, @Arg('expectedVersion', () => Int) expectedVersion: number, @Ctx() { em }: HubContext): Promise<boolean> {
    return removeNonPayLine(em, id, expectedVersion);
  }
}

@Resolver(() => EstablishmentLine)
export class EstablishmentLineResolver {
  @FieldResolver(() => Agency, { nullable: true, description: 'The agency that employs the posts.' })
  employingAgency(@Root() line: EstablishmentLine, @Ctx() ctx: HubContext): Promise<Agency | null> {
    return line.employingAgency ? rowById(ctx, Agency, { lean: true }).load(line.employingAgency.id) : Promise.resolve(null);
  }
}
