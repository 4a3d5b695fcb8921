import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, Info, Query, Resolver } from 'type-graphql';
import type { HubContext } from '../context.js';
import { reportLayout } from '../reports/report-layout.js';
import type { ReportLayoutResult } from '../reports/report-layout.types.js';
import { BatchRequest, BatchResult } from './batch.types.js';
import { MAX_BATCH_REQUESTS, runBatch, type BatchLibrary } from './run-batch.js';
import { findReport, listReports } from '../reports/library.service.js';
import { parameterSetsOf } from '../reports/parameter-sets.js';

@Resolver()
export class BatchResolver {
  @Query(() => [BatchResult], {
    description: `Runs up to ${MAX_BATCH_REQUESTS} queries in one request, each exactly as if it had been sent alone: validated, held to the same depth, alias, token and cost limits, authorised for the caller, and answered with its own data and errors, in the order given. For clients with many small queries at once (the add-in's formula cells). Mutations and nested batches are refused.`,
  })
  batch(@Arg('requests', () => [BatchRequest]) requests: BatchRequest[], @Ctx() context: HubContext, @Info() info: GraphQLResolveInfo): Promise<BatchResult[]> {
    const run = context.runOperation;
    if (!run) throw new Error('This hub cannot run batches: its context has no operation runner.');
    const { em } = context;
    // The library as the caller sees it (built-in and published reports), with the parameter sets they may use.
    const library: BatchLibrary = {
      names: async () => (await listReports(em)).map((r) => r.name),
      query: async (name) => (await findReport(em, name))?.query ?? null,
      parameterSet: async (report, name) => {
        const sets = await parameterSetsOf(em, report);
        const set = sets.find((s) => s.name === name);
        return { variables: set ? (JSON.parse(set.variables) as Record<string, unknown>) : null, known: sets.map((s) => s.name) };
      },
    };
    return runBatch(requests, run, (query, operationName) => reportLayout(info.schema, query, operationName) as ReportLayoutResult, { library, lineage: context.lineage });
  }
}
