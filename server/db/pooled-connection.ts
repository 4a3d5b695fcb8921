/**
 * Ends the transaction a driver connection taken from a knex pool was left in, before it goes back
 * to the pool: `rollback` runs on it; should the rollback itself fail (not for want of a transaction:
 * the failure may have ended it; a connection that was lost, say), the connection is marked for the
 * pool to close and replace, as knex marks a broken one, so it is never handed on inside a transaction.
 */
export async function rollBackOrDiscard<C extends object>(connection: C, rollback: (connection: C) => Promise<unknown>): Promise<void> {
  try {
    await rollback(connection);
  } catch (failed) {
    if (!/no transaction is active/.test((failed as Error).message)) (connection as C & { __knex__disposed?: unknown }).__knex__disposed = failed;
  }
}
