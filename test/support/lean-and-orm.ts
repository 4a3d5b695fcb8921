import type { FormattedExecutionResult } from 'graphql';
import type { Caller } from '../../server/access/caller.js';
import type { TestHub } from './hub.js';

/** The nominal reads the latest audit entry recorded. */
export async function lastAuditedReads(t: TestHub): Promise<unknown[]> {
  const connection = t.orm.em.getConnection();
  const [{ id }] = await connection.execute<{ id: number }[]>('SELECT MAX(entry_id) AS id FROM audit_nominal_read');
  return connection.execute(`SELECT nominal_id, identity_shown FROM audit_nominal_read WHERE entry_id = ${Number(id)} ORDER BY nominal_id`);
}

/** A query on the lean read path (as a query runs) and on the ORM's (inside a transaction), with the nominal reads each left in the audit log. */
export async function leanAndOrm(t: TestHub, query: string, variables: Record<string, unknown>, caller: Caller): Promise<{ lean: FormattedExecutionResult; orm: FormattedExecutionResult; leanReads: unknown[]; ormReads: unknown[] }> {
  const lean = await t.gql(query, variables, caller);
  const leanReads = await lastAuditedReads(t);
  const context = t.hub.contextFor({ ...caller });
  const orm = await context.em.transactional(async (tx) => {
    const response = await t.hub.apollo.executeOperation({ query, variables }, { contextValue: { ...context, em: tx } });
    if (response.body.kind !== 'single') throw new Error('expected a single result');
    return response.body.singleResult;
  });
  return { lean, orm, leanReads, ormReads: await lastAuditedReads(t) };
}
