/**
 * A batch runs many queries in one HTTP request (the add-in's formula cells of one recalculation):
 * each is parsed, validated, limited, authorised, executed and its errors formatted exactly as if
 * it had come alone (the hub runs it through its own request pipeline), and answers alone; a batch
 * is at most MAX_BATCH_REQUESTS operations, so its cost is bounded by that many requests' limits.
 */
import { Kind, parse, visit, type DocumentNode, type GraphQLFormattedError } from 'graphql';
import type { HubContext } from '../context.js';
import { badInput } from '../errors/domain-error.js';
import { loadReportLibrary } from '../reports/report-library.js';
import type { ReportLayoutResult } from '../reports/report-layout.types.js';
import type { BatchError, BatchRequest, BatchResult } from './batch.types.js';

export const MAX_BATCH_REQUESTS = 500;

/** Runs one operation as a request of its own (set by the hub on every request's context). */
export type OperationRunner = NonNullable<HubContext['runOperation']>;

const failed = (message: string, code: string): BatchResult => ({ data: null, errors: [{ message, code }] });

/** Why an operation cannot go in a batch, or undefined when it can: it must parse, be a query, and hold no batch. */
export function refusal(query: string, operationName?: string | null): BatchResult | undefined {
  let document: DocumentNode;
  try {
    document = parse(query);
  } catch (error) {
    return failed(`Syntax Error: ${(error as Error).message.replace(/^Syntax Error: /, '')}`, 'GRAPHQL_PARSE_FAILED');
  }
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  const chosen = operationName ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
  if (chosen && chosen.operation !== 'query') return failed(`A batch runs queries only; this operation is a ${chosen.operation}.`, 'BAD_USER_INPUT');
  let nested = false;
  visit(document, { Field: (node) => void (node.name.value === 'batch' && (nested = true)) });
  if (nested) return failed('A batch cannot contain another batch.', 'BAD_USER_INPUT');
  return undefined;
}

function batchError(error: GraphQLFormattedError): BatchError {
  const { code, ...extensions } = (error.extensions ?? {}) as Record<string, unknown>;
  return {
    message: error.message,
    code: typeof code === 'string' ? code : undefined,
    path: error.path?.map(String),
    extensions: Object.keys(extensions).length ? extensions : undefined,
  };
}

/** The query text of a request: its own, or its saved report's. */
function queryOf(request: BatchRequest): string | BatchResult {
  if ((request.query == null) === (request.report == null)) return failed('Give each operation of a batch a `query` or a `report`, not both.', 'BAD_USER_INPUT');
  if (request.query != null) return request.query;
  const library = loadReportLibrary();
  const saved = library.find((r) => r.name === request.report!.trim());
  return saved ? saved.query : failed(`The hub has no saved report "${request.report}". Saved reports: ${library.map((r) => r.name).join(', ')}.`, 'NOT_FOUND');
}

/** The layout of a query, or null when it cannot be laid out (the operation's own errors say why). */
function layoutFor(layoutOf: LayoutOf, query: string, operationName?: string | null): ReportLayoutResult | null {
  try {
    return layoutOf(query, operationName);
  } catch {
    return null;
  }
}

/** A query's table layout (`reportLayout`), for an operation that asks for it; throws on a query it cannot lay out. */
export type LayoutOf = (query: string, operationName?: string | null) => ReportLayoutResult;

/** Every operation's answer, in order; one that fails does not stop the others. */
export async function runBatch(requests: BatchRequest[], run: OperationRunner, layoutOf?: LayoutOf): Promise<BatchResult[]> {
  if (requests.length > MAX_BATCH_REQUESTS) throw badInput('requests', `a batch holds at most ${MAX_BATCH_REQUESTS} operations (this one has ${requests.length}); send the rest in another.`);
  const results: BatchResult[] = [];
  for (const request of requests) {
    const query = queryOf(request);
    const refused = typeof query === 'string' ? refusal(query, request.operationName) : query;
    if (refused || typeof query !== 'string') {
      results.push(refused!);
      continue;
    }
    // An operation laid out as a table runs its layout's query: its own, or with what tells published from computed figures added.
    const layout = request.layout && layoutOf ? { layout: layoutFor(layoutOf, query, request.operationName) } : {};
    const answer = await run({ query: layout.layout?.query ?? query, variables: request.variables, operationName: request.operationName });
    results.push({ data: (answer.data as Record<string, unknown> | null | undefined) ?? null, errors: (answer.errors ?? []).map(batchError), ...layout });
  }
  return results;
}
