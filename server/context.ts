import type { EntityManager } from '@mikro-orm/core';
import type { FormattedExecutionResult } from 'graphql';
import { actingAs, type Caller } from './access/caller.js';
import { NominalReads } from './access/nominal-reads.js';

/**
 * What every resolver gets: the caller (token, role, partnerships), its own forked
 * EntityManager acting for that caller (every query scoped to the caller's partnerships), and
 * per-request batch loaders, and the nominals its answer holds (for the audit log).
 */
export interface HubContext {
  em: EntityManager;
  caller: Caller;
  loaders: Map<string, unknown>;
  /** The nominals the answer holds, for the audit log (server/access/read-audit.ts). */
  reads?: NominalReads;
  /** Runs one more operation for the same caller as a request of its own (parsed, validated, limited, formatted); set by the hub for `batch`. */
  runOperation?: (request: { query: string; variables?: Record<string, unknown> | null; operationName?: string | null; lineage?: RequestLineage | null }) => Promise<FormattedExecutionResult>;
  /** The workbook's binding this request is made for (the lineage headers; for an operation of a batch, the batch's workbook), set by the reports plugin. */
  lineage?: RequestLineage | null;
}

/** The workbook and binding a request is made for (server/reports/lineage.ts reads it from the headers). */
export interface RequestLineage {
  workbook: string;
  binding: string;
  title?: string | null;
}

export function createContext(em: EntityManager, caller: Caller): HubContext {
  return { em: actingAs(em, caller), caller, loaders: new Map(), reads: new NominalReads() };
}
