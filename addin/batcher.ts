/**
 * Collects the calls of one recalculation and serves them all from one HTTP request: the hub's
 * `batch` field runs each distinct query (or saved report) with its variables as a request of its
 * own, so every cell gets its own value or its own error. Identical calls share one operation; a
 * batch holds at most MAX_BATCH operations and about BATCH_BYTES of JSON (the hub's body limit is
 * 1 MB), so only a recalculation of more distinct queries than that takes a second request. A
 * failed request rejects every call it carried (no cell is left waiting).
 */
import { Kind, parse, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import { HubError, type GraphQLErrorItem, type GraphQLResponse } from './hub-client.js';
import { LAYOUT_FIELDS } from './report-layout.js';
import type { ReportLayout } from './result-table.js';

export type Send = (query: string, variables: Record<string, unknown>) => Promise<GraphQLResponse>;

/** The hub's limit on operations in one batch (server/batch/run-batch.ts). */
export const MAX_BATCH = 500;
/** JSON a batch request may carry: under the hub's 1 MB body limit with room to spare. */
export const BATCH_BYTES = 800_000;

export const BATCH_QUERY = `query IOMBatch($requests: [BatchRequest!]!) { batch(requests: $requests) { data errors { message code path extensions } layout ${LAYOUT_FIELDS} } }`;

/** One operation for the hub: a query's text or a saved report's name, with its variables. */
export interface Operation {
  query?: string;
  report?: string;
  /** With `report`: one of its parameter sets by name; `variables` override its values. */
  parameters?: string;
  variables: Record<string, unknown>;
  /** Also ask for the query's table layout (for a cell that spills a table). */
  layout?: boolean;
}

/** An operation's data, with its table layout when it was asked for. */
export interface Answered {
  data: Record<string, unknown>;
  layout?: ReportLayout | null;
}

interface Pending {
  resolve(answer: Answered): void;
  reject(error: Error): void;
}

interface BatchAnswer {
  data: Record<string, unknown> | null;
  layout?: ReportLayout | null;
  errors: Array<{ message: string; code?: string | null; path?: string[] | null; extensions?: Record<string, unknown> | null }>;
}

export interface Batcher {
  /** A query's answer, sent with the other calls of this recalculation. */
  run(query: string, variables?: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** A saved report's answer, by the report's name. */
  runReport(report: string, variables?: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** A query's (text with `{`) or saved report's answer with its table layout, in the same request as the rest; a saved report may take one of its parameter sets by name. */
  runTable(queryOrReport: string, variables?: Record<string, unknown>, parameters?: string): Promise<Answered>;
  /** Sends what is queued now (the scheduler calls this; tests may too). */
  flush(): Promise<void>;
}

/** Parses a query a formula gives, refusing what the hub would not run in a batch. */
export function parseQueryOperation(query: string): OperationDefinitionNode {
  const document: DocumentNode = parse(query);
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (operations.length !== 1) throw new Error('The query must contain exactly one operation.');
  if (operations[0].operation !== 'query') throw new Error('Only queries can be used here, not mutations.');
  return operations[0];
}

/** Consecutive slices of operations, each within MAX_BATCH operations and BATCH_BYTES of JSON. */
export function planBatches<T extends Operation>(operations: T[], maxOperations = MAX_BATCH, maxBytes = BATCH_BYTES): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const operation of operations) {
    const size = JSON.stringify(operation).length;
    if (current.length && (current.length >= maxOperations || bytes + size > maxBytes)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(operation);
    bytes += size;
  }
  if (current.length) batches.push(current);
  return batches;
}

function errorOf(answer: BatchAnswer): HubError {
  const errors: GraphQLErrorItem[] = answer.errors.map((e) => ({ message: e.message, path: e.path ?? undefined, extensions: { ...(e.extensions ?? {}), ...(e.code ? { code: e.code } : {}) } }));
  return new HubError('graphql', errors.map((e) => e.message).join('\n'), errors);
}

export function createBatcher(send: () => Send, { delayMs = 20, schedule }: { delayMs?: number; schedule?: (flush: () => void) => void } = {}): Batcher {
  let queue = new Map<string, Operation & { waiting: Pending[] }>();
  let scheduled = false;
  const later = schedule ?? ((flush: () => void) => setTimeout(flush, delayMs));

  async function sendBatch(operations: Array<Operation & { waiting: Pending[] }>, transport: Send): Promise<void> {
    const fail = (error: Error) => operations.forEach((o) => o.waiting.forEach((call) => call.reject(error)));
    let response: GraphQLResponse;
    try {
      response = await transport(BATCH_QUERY, { requests: operations.map(({ query, report, parameters, variables, layout }) => ({ ...(query !== undefined ? { query } : { report }), ...(parameters !== undefined ? { parameters } : {}), variables, ...(layout ? { layout } : {}) })) });
    } catch (error) {
      return fail(error as Error);
    }
    const answers = (response.data as { batch?: BatchAnswer[] } | null | undefined)?.batch;
    if (!Array.isArray(answers) || answers.length !== operations.length) {
      return fail(new HubError('graphql', response.errors?.map((e) => e.message).join('\n') || 'The hub did not answer the batch.', response.errors ?? []));
    }
    operations.forEach((operation, index) => {
      const answer = answers[index];
      for (const call of operation.waiting) {
        if (answer.errors.length) call.reject(errorOf(answer));
        else call.resolve({ data: answer.data ?? {}, layout: answer.layout });
      }
    });
  }

  async function flush(): Promise<void> {
    scheduled = false;
    const operations = [...queue.values()];
    queue = new Map();
    if (!operations.length) return;
    let transport: Send;
    try {
      transport = send();
    } catch (error) {
      operations.forEach((o) => o.waiting.forEach((call) => call.reject(error as Error)));
      return;
    }
    await Promise.all(planBatches(operations).map((batch) => sendBatch(batch, transport)));
  }

  function enqueue(operation: Operation): Promise<Answered> {
    return new Promise((resolve, reject) => {
      const key = JSON.stringify([operation.query ?? null, operation.report ?? null, operation.parameters ?? null, operation.variables, operation.layout ?? false]);
      const queued = queue.get(key) ?? { ...operation, waiting: [] };
      queued.waiting.push({ resolve, reject });
      queue.set(key, queued);
      if (!scheduled) {
        scheduled = true;
        later(() => void flush());
      }
    });
  }

  return {
    run(query, variables = {}) {
      try {
        parseQueryOperation(query);
      } catch (error) {
        return Promise.reject(error as Error);
      }
      return enqueue({ query, variables }).then((answer) => answer.data);
    },
    runReport(report, variables = {}) {
      return enqueue({ report: report.trim(), variables }).then((answer) => answer.data);
    },
    runTable(queryOrReport, variables = {}, parameters) {
      if (!/[{]/.test(queryOrReport)) return enqueue({ report: queryOrReport.trim(), ...(parameters !== undefined ? { parameters } : {}), variables, layout: true });
      if (parameters !== undefined) return Promise.reject(new Error('A parameter set goes with a saved report\'s name, not with query text.'));
      try {
        parseQueryOperation(queryOrReport);
      } catch (error) {
        return Promise.reject(error as Error);
      }
      return enqueue({ query: queryOrReport, variables, layout: true });
    },
    flush,
  };
}
