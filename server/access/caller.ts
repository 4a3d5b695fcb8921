import type { EntityManager } from '@mikro-orm/core';
import { PARTNERSHIP_SCOPE } from '../db/partnership-scope.js';
import { Role } from './role.js';

/**
 * Who is asking: the token's id and role and the partnerships it may see. It travels with the
 * request's EntityManager (as the parameters of the partnership-scope filter), so every query,
 * every transaction fork and the audit log see the same caller without being handed it.
 */
export interface Caller {
  /** The token's id; null for the hub itself (start-up, demo data, the command line). */
  tokenId: number | null;
  role: Role;
  /** Ids of the partnerships the caller may see, or 'ALL'. */
  partnershipIds: readonly number[] | 'ALL';
  /** The mutation being run, for the audit log. */
  operation: string;
}

export { PARTNERSHIP_SCOPE };

export interface ScopeParams {
  caller: Caller;
}

/**
 * The hub acting for itself: loading demo data, start-up, the command line. As another role (the
 * command line's `--as board`), it sees every partnership with that role's rules: a board's counts.
 */
export function systemCaller(operation = 'system', role: Role = Role.ADMIN): Caller {
  return { tokenId: null, role, partnershipIds: 'ALL', operation };
}

export function callerFor(tokenId: number | null, role: Role, partnershipIds: readonly number[] | 'ALL'): Caller {
  return {
    tokenId,
    role,
    partnershipIds: role === Role.ADMIN ? 'ALL' : partnershipIds,
    operation: 'request',
  };
}

/** A fork of `em` that acts for `caller`: every query it (and its transactions) runs is scoped to the caller's partnerships. */
export function actingAs(em: EntityManager, caller: Caller): EntityManager {
  const fork = em.fork();
  fork.setFilterParams(PARTNERSHIP_SCOPE, { caller } satisfies ScopeParams);
  return fork;
}

/** A fork of `em` for the hub itself (all partnerships). */
export function asSystem(em: EntityManager, operation = 'system'): EntityManager {
  return actingAs(em, systemCaller(operation));
}

/** The caller `em` acts for; an EntityManager that acts for nobody is a programming error. */
export function callerOf(em: EntityManager): Caller {
  const params = em.getFilterParams<ScopeParams>(PARTNERSHIP_SCOPE);
  if (!params?.caller) throw new Error('This EntityManager acts for nobody: fork it with actingAs() or asSystem().');
  return params.caller;
}
