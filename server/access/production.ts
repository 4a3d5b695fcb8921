import { GraphQLError, Kind, visit, type DocumentNode, type GraphQLFormattedError } from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';
import type { HubContext } from '../context.js';
import { DomainError } from '../errors/domain-error.js';
import { Role } from './role.js';

type FormatError = (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;

/** graphql-js's "Did you mean …?" hints, which would tell a stranger the names of fields and values. */
export function withoutSuggestions(error: GraphQLFormattedError): GraphQLFormattedError {
  return { ...error, message: error.message.replace(/\s*Did you mean [^?]*\?/g, '') };
}

/**
 * The hub's formatError with the access layer's additions: a DomainError raised before execution
 * (the introspection gate) keeps its code, and in production no error suggests names.
 */
export function accessFormatError(base: FormatError, production: boolean): FormatError {
  return (formatted, error) => {
    const cause = error instanceof GraphQLError && !error.path && error.originalError instanceof DomainError ? error.originalError : null;
    const result = cause ? { message: cause.message, locations: formatted.locations, extensions: { code: cause.code, ...cause.details } } : base(formatted, error);
    return production ? withoutSuggestions(result) : result;
  };
}

/** Roles whose tokens may introspect the schema in production (the query editors need it). */
export const INTROSPECTION_ROLES: readonly Role[] = [Role.ANALYST, Role.ADMIN];

export function usesIntrospection(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    [Kind.FIELD](node) {
      if (node.name.value === '__schema' || node.name.value === '__type') found = true;
    },
  });
  return found;
}

/** In production, introspection (`__schema`, `__type`) is refused with FORBIDDEN unless the token is an analyst's or an admin's. */
export function introspectionGate(production: boolean): ApolloServerPlugin<HubContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, contextValue }) {
          if (!production || INTROSPECTION_ROLES.includes(contextValue.caller.role) || !usesIntrospection(document)) return;
          throw new GraphQLError('Introspection is open to analyst and admin tokens only.', {
            originalError: new DomainError('FORBIDDEN', 'Introspection is open to analyst and admin tokens only.'),
            extensions: { http: { status: 403 } },
          });
        },
      };
    },
  };
}
