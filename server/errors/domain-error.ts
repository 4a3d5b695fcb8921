/**
 * The errors a user can act on. Domain code throws these; `formatError` passes their code and
 * message through and masks everything else, so a client never sees a stack trace or SQL.
 */
export type DomainErrorCode = 'BAD_USER_INPUT' | 'NOT_FOUND' | 'CONFLICT' | 'FORBIDDEN';

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** Bad input, naming the field (`input.shares[1].percent`) so the user knows where to look. */
export function badInput(field: string, message: string): DomainError {
  return new DomainError('BAD_USER_INPUT', `${field}: ${message}`, { field });
}

export function notFound(what: string, key: string): DomainError {
  return new DomainError('NOT_FOUND', `No ${what} ${key}.`);
}

/** A write made from a stale version: the caller re-reads and tries again. */
export function conflict(what: string, expectedVersion: number, currentVersion: number): DomainError {
  return new DomainError(
    'CONFLICT',
    `${what} has changed since you read it (you had version ${expectedVersion}, it is now ` +
      `version ${currentVersion}). Reload it and apply your change again.`,
    { expectedVersion, currentVersion },
  );
}
