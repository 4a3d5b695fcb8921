import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { HubContext } from '../context.js';
import { FinancialYear } from './financial-year.entity.js';
import { openFinancialYear } from './financial-year.service.js';

@Resolver(() => FinancialYear)
export class FinancialYearResolver {
  @Query(() => [FinancialYear], { description: 'The financial years open for planning, oldest first.' })
  financialYears(@Ctx() { em }: HubContext): Promise<FinancialYear[]> {
    return em.find(FinancialYear, {}, { orderBy: { label: 'asc' } });
  }

  @Mutation(() => FinancialYear, { description: 'Opens a financial year (e.g. `2016/17`) so finance data can be entered for it.' })
  openFinancialYear(@Arg('label', () => String) label: string, @Ctx() { em }: HubContext): Promise<FinancialYear> {
    return openFinancialYear(em, label);
  }
}
