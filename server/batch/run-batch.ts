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
import { createHash } from 'node:crypto';
import type { RequestLineage } from '../reports/lineage.js';
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

/** The report library as the caller sees it: a report's query by name, and its parameter sets' variables. */
export interface BatchLibrary {
  names(): Promise<string[]>;
  query(report: string): Promise<string | null>;
  /** The named parameter set's variables, or null when the caller has none of that name; with the names of those they have. */
  parameterSet(report: string, name: string): Promise<{ variables: Record<string, unknown> | null; known: string[] }>;
}

/** The built-in reports only (no parameter sets): for a batch run without the hub's database. */
export const builtInLibrary: BatchLibrary = {
  names: async () => loadReportLibrary().map((r) => r.name),
  query: async (name) => loadReportLibrary().find((r) => r.name === name)?.query ?? null,
  parameterSet: async () => ({ variables: null, known: [] }),
};

/** The query text and variables of a request: its own, or its saved report's (with its parameter set's variables under those given). */
async function operationOf(request: BatchRequest, library: BatchLibrary): Promise<{ query: string; variables?: Record<string, unknown> } | BatchResult> {
  if ((request.query == null) === (request.report == null)) return failed('Give each operation of a batch a `query` or a `report`, not both.', 'BAD_USER_INPUT');
  if (request.query != null) {
    if (request.parameters != null) return failed('A parameter set (`parameters`) goes with a saved report (`report`), not with query text.', 'BAD_USER_INPUT');
    return { query: request.query, variables: request.variables };
  }
  const name = request.report!.trim();
  const query = await library.query(name);
  if (query === null) return failed(`The hub has no saved report "${request.report}". Saved reports: ${(await library.names()).join(', ')}.`, 'NOT_FOUND');
  if (request.parameters == null) return { query, variables: request.variables };
  const set = await library.parameterSet(name, request.parameters);
  if (!set.variables) return failed(`The report ${name} has no parameter set "${request.parameters}" you may use (${set.known.length ? `it has ${set.known.map((n) => `"${n}"`).join(', ')}` : 'it has none'}).`, 'NOT_FOUND');
  return { query, variables: { ...set.variables, ...(request.variables ?? {}) } };
}

/**
 * The lineage of one operation of a batch made for a workbook (the add-in's formula cells): the
 * workbook's, under a binding of its own per saved report (`cell-functions:cost-share`) or query
 * text (`cell-functions:` and the start of the text's hash), so each one the formulas use is counted.
 */
export function operationLineage(batch: RequestLineage, request: BatchRequest, query: string): RequestLineage {
  const which = request.report?.trim().replace(/[^A-Za-z0-9._-]/g, '-') || createHash('sha256').update(query, 'utf8').digest('hex').slice(0, 16);
  return { ...batch, binding: `${batch.binding}:${which}`.slice(0, 64) };
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
export async function runBatch(requests: BatchRequest[], run: OperationRunner, layoutOf?: LayoutOf, { library = builtInLibrary, lineage }: { library?: BatchLibrary; lineage?: RequestLineage | null } = {}): Promise<BatchResult[]> {
  if (requests.length > MAX_BATCH_REQUESTS) throw badInput('requests', `a batch holds at most ${MAX_BATCH_REQUESTS} operations (this one has ${requests.length}); send the rest in another.`);
  const results: BatchResult[] = [];
  for (const request of requests) {
    const operation = await operationOf(request, library);
    const refused = 'query' in operation ? refusal(operation.query, request.operationName) : operation;
    if (refused || !('query' in operation)) {
      results.push(refused!);
      continue;
    }
    const { query, variables } = operation;
    // An operation laid out as a table runs its layout's query: its own, or with what tells published from computed figures added.
    const layout = request.layout && layoutOf ? { layout: layoutFor(layoutOf, query, request.operationName) } : {};
    const answer = await run({ query: layout.layout?.query ?? query, variables, operationName: request.operationName, lineage: lineage && operationLineage(lineage, request, query) });
    results.push({ data: (answer.data as Record<string, unknown> | null | undefined) ?? null, errors: (answer.errors ?? []).map(batchError), ...layout });
  }
  return results;
}
