import type { FormattedExecutionResult } from 'graphql';
import { afterAll, beforeAll, expect } from 'vitest';
import type { Caller } from '../../server/access/caller.js';
import { plainListCounts } from '../../server/access/plain-lists.js';
import { createHub, type Hub } from '../../server/app.js';
import { startTestHub, type TestHub } from './hub.js';

/**
 * A test hub (`t`), and a second hub on its database with the plain answers off (`old`: graphql-js
 * answers every query), started before the file's tests and stopped after them.
 */
export function plainAndGraphqlHubs(): { t: TestHub; old: Hub } {
  const hubs = {} as { t: TestHub; old: Hub };
  beforeAll(async () => {
    hubs.t = await startTestHub();
    hubs.old = await createHub({ orm: hubs.t.orm, plainLists: false });
  });
  afterAll(async () => {
    await hubs.old?.stop();
    await hubs.t?.close();
  });
  return hubs;
}

/** The latest audit entry: what it says, and the nominal reads it recorded. */
export async function lastAudit(t: TestHub): Promise<unknown> {
  const connection = t.orm.em.getConnection();
  const [entry] = await connection.execute<{ id: number }[]>('SELECT id, operation, entity, action, nominals, identities_shown, role, token_id FROM audit_entry ORDER BY id DESC LIMIT 1');
  const reads = await connection.execute(`SELECT nominal_id, identity_shown FROM audit_nominal_read WHERE entry_id = ${Number(entry.id)} ORDER BY nominal_id`);
  const { id: _id, ...rest } = entry as Record<string, unknown>;
  return { ...rest, reads: reads.map((r: any) => [Number(r.nominal_id), Number(r.identity_shown)]) };
}

/** `query` asked of `hub` as `caller`: the answer, and the latest audit entry after it. */
export async function ask(t: TestHub, hub: Hub, query: string, variables: Record<string, unknown> | undefined, caller: Caller): Promise<{ answer: FormattedExecutionResult; audit: unknown }> {
  const response = await hub.apollo.executeOperation({ query, variables }, { contextValue: hub.contextFor({ ...caller }) });
  if (response.body.kind !== 'single') throw new Error('expected a single result');
  return { answer: response.body.singleResult, audit: await lastAudit(t) };
}

/**
 * The answer and audit with the plain answers (the test hub's) and with graphql-js (`old`: a hub on
 * the same database with `plainLists: false`); whether the query was answered plainly.
 */
export async function bothWays(t: TestHub, old: Hub, query: string, variables: Record<string, unknown> | undefined, caller: Caller) {
  const before = plainListCounts.answered;
  const plain = await ask(t, t.hub, query, variables, caller);
  const plainly = plainListCounts.answered === before + 1;
  const graphql = await ask(t, old, query, variables, caller);
  expect(plainListCounts.answered).toBe(before + (plainly ? 1 : 0));
  return { plain, graphql, plainly };
}
