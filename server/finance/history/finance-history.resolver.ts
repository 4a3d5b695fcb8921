import { Arg, Ctx, GraphQLISODateTime, ID, Int, Query, Resolver } from 'type-graphql';
import type { HubContext } from '../../context.js';
import { MAX_PAGE_SIZE } from '../../access/limits.js';
import { loadFinanceHistory, type FinanceRecord } from './finance-history.service.js';
import { FinanceChangeResult, FinanceHistoryPage, FinanceRecordKind } from './finance-history.types.js';

@Resolver()
export class FinanceHistoryResolver {
  @Query(() => FinanceHistoryPage, {
    description:
      `A partnership's finance changes, newest first (at most ${MAX_PAGE_SIZE} a page): who changed which field of which establishment line, ` +
      'non-pay line, funding stream, funding risk, option or cost share, from what to what, and when; removed records keep their last values. ' +
      'Finance tokens read their own partnerships\' history.',
  })
  async financeHistory(
    @Arg('partnership', () => String) partnership: string,
    @Arg('record', () => FinanceRecordKind, { nullable: true, description: 'Only changes to this kind of record.' }) record: FinanceRecord | null,
    @Arg('id', () => ID, { nullable: true, description: 'Only changes to the record with this id (give `record` too).' }) id: string | null,
    @Arg('from', () => GraphQLISODateTime, { nullable: true, description: 'From this moment (inclusive).' }) from: Date | null,
    @Arg('to', () => GraphQLISODateTime, { nullable: true, description: 'Before this moment.' }) to: Date | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first: number | null,
    @Arg('offset', () => Int, { nullable: true, defaultValue: 0 }) offset: number | null,
    @Ctx() { em }: HubContext,
  ): Promise<FinanceHistoryPage> {
    const page = await loadFinanceHistory(em, partnership, { record, id, from, to }, first, offset);
    return Object.assign(new FinanceHistoryPage(), { total: page.total, changes: page.changes.map(FinanceChangeResult.from) });
  }
}
