import type { EntityManager } from '@mikro-orm/core';

/** What every resolver gets: its own forked EntityManager, and per-request batch loaders. */
export interface HubContext {
  em: EntityManager;
  loaders: Map<string, unknown>;
}

export function createContext(em: EntityManager): HubContext {
  return { em: em.fork(), loaders: new Map() };
}
