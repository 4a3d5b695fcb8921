import type { EntityManager } from '@mikro-orm/core';
import type { FormattedExecutionResult } from 'graphql';
import { actingAs, type Caller } from './access/caller.js';

/**
 * What every resolver gets: the caller (token, role, partnerships), its own forked
 * EntityManager acting for that caller (every query scoped to the caller's partnerships), and
 * per-request batch loaders.
 */
export interface HubContext {
  em: EntityManager;
  caller: Caller;
  loaders: Map<string, unknown>;
  /** Runs one more operation for the same caller as a request of its own (parsed, validated, limited, formatted); set by the hub for `batch`. */
  runOperation?: (request: { query: string; variables?: Record<string, unknown> | null; operationName?: string | null }) => Promise<FormattedExecutionResult>;
}

export function createContext(em: EntityManager, caller: Caller): HubContext {
  return { em: actingAs(em, caller), caller, loaders: new Map() };
}
