/**
 * Collects the calls of one recalculation and serves them all from one HTTP request. Identical
 * calls share one field; a failed request rejects every pending call (no cell is left waiting);
 * a document refused as a whole is retried call by call so one bad formula fails alone.
 */
import { HubError, type GraphQLResponse } from './hub-client.js';
import { mergeQueries, parseQueryOperation, splitMergedResponse, type QueryCall } from './merge-operations.js';

export type Send = (query: string, variables: Record<string, unknown>) => Promise<GraphQLResponse>;

interface Pending extends QueryCall {
  resolve(data: Record<string, unknown>): void;
  reject(error: Error): void;
}

export interface Batcher {
  run(query: string, variables?: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** Sends what is queued now (the scheduler calls this; tests may too). */
  flush(): Promise<void>;
}

export function createBatcher(send: () => Send, { delayMs = 20, schedule }: { delayMs?: number; schedule?: (flush: () => void) => void } = {}): Batcher {
  let queue: Pending[] = [];
  let scheduled = false;
  const later = schedule ?? ((flush: () => void) => setTimeout(flush, delayMs));

  function errorFrom(errors: { message: string }[]): Error {
    return new HubError('graphql', errors.map((e) => e.message).join('\n'), errors as never);
  }

  async function sendGroup(groups: Map<string, Pending[]>, transport: Send): Promise<void> {
    const calls = [...groups.values()].map((group) => group[0]);
    const merged = mergeQueries(calls);
    let response: GraphQLResponse;
    try {
      response = await transport(merged.query, merged.variables);
    } catch (error) {
      const refusedAsWhole = error instanceof HubError && error.kind === 'graphql' && calls.length > 1;
      if (refusedAsWhole) {
        await Promise.all([...groups.values()].map((group) => sendGroup(new Map([['one', group]]), transport)));
        return;
      }
      for (const group of groups.values()) for (const call of group) call.reject(error as Error);
      return;
    }
    const parts = splitMergedResponse(merged, response);
    [...groups.values()].forEach((group, index) => {
      const part = parts[index];
      for (const call of group) {
        if ('data' in part) call.resolve(part.data);
        else call.reject(errorFrom(part.errors));
      }
    });
  }

  async function flush(): Promise<void> {
    scheduled = false;
    const batch = queue;
    queue = [];
    if (!batch.length) return;
    const groups = new Map<string, Pending[]>();
    for (const call of batch) {
      const key = JSON.stringify([call.query, call.variables]);
      groups.set(key, [...(groups.get(key) ?? []), call]);
    }
    let transport: Send;
    try {
      transport = send();
    } catch (error) {
      for (const call of batch) call.reject(error as Error);
      return;
    }
    await sendGroup(groups, transport);
  }

  return {
    run(query, variables = {}) {
      return new Promise((resolve, reject) => {
        try {
          parseQueryOperation(query);
        } catch (error) {
          reject(error as Error);
          return;
        }
        queue.push({ query, variables, resolve, reject });
        if (!scheduled) {
          scheduled = true;
          later(() => void flush());
        }
      });
    },
    flush,
  };
}
