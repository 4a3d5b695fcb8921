import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { DomainError } from './domain-error.js';
import { ReplicaUnavailableError } from '../database/replicas.js';

/** Errors raised by GraphQL itself about the request, safe to show as they are. */
const REQUEST_ERROR_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

export type ErrorLogger = (error: unknown) => void;

/**
 * The one place errors are turned into responses. A DomainError keeps its code, message and
 * details; an error GraphQL raised about the request passes through; anything else is masked
 * as INTERNAL_SERVER_ERROR (and logged), so no stack trace, SQL or file path reaches a client.
 */
export function createFormatError(log: ErrorLogger = (error) => console.error(error)) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };
    if (original instanceof DomainError) {
      return { ...base, message: original.message, extensions: { code: original.code, ...original.details } };
    }
    if (original instanceof ReplicaUnavailableError) {
      return { ...base, message: original.message, extensions: { code: 'DATABASE_UNAVAILABLE' } };
    }
    if (original instanceof UniqueConstraintViolationException) {
      return { ...base, message: 'A record with the same key already exists.', extensions: { code: 'CONFLICT' } };
    }
    const code = formatted.extensions?.code;
    if (original instanceof GraphQLError && typeof code === 'string' && REQUEST_ERROR_CODES.has(code)) {
      return { ...base, extensions: { code } };
    }
    log(original);
    return { message: 'Internal server error', locations: formatted.locations, path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}
