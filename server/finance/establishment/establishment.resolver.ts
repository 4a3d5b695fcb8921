import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../context.js';
import { rowById } from '../../db/batch.js';
import { Agency } from '../../partnership/partnership.entity.js';
import { EstablishmentLine, NonPayLine } from './establishment-line.entity.js';
import { EstablishmentLineInput, NonPayLineInput } from './establishment.input.js';
import { Establishment } from './establishment.types.js';
import {
  addEstablishmentLine, addNonPayLine, loadEstablishment, removeEstablishmentLine, removeNonPayLine, updateEstablishmentLine, updateNonPayLine,
} from './establishment.service.js';

@Resolver(() => Establishment)
export class EstablishmentResolver {
  @Query(() => Establishment, { description: 'The staffing establishment of a partnership for a financial year (e.g. `2014/15`).' })
  async establishment(
    @Arg('partnership', () => String) partnership: string,
    @Arg('financialYear', () => String) financialYear: string,
    @Ctx() { em }: HubContext,
  ): Promise<Establishment> {
    return Establishment.from(await loadEstablishment(em, partnership, financialYear));
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
    return line.employingAgency ? rowById(ctx, Agency).load(line.employingAgency.id) : Promise.resolve(null);
  }
}
