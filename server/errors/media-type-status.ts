import Negotiator from 'negotiator';
import type { ApolloServerPlugin } from '@apollo/server';
import type { HubContext } from '../context.js';

/** Errors in a well-formed request's GraphQL itself: the document, its variables, which operation, or what the caller may ask. */
const GRAPHQL_REQUEST_ERRORS = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT', 'OPERATION_RESOLUTION_FAILURE', 'FORBIDDEN']);

/** The media type the answer is sent as, chosen as Apollo Server chooses it (same package, same order). */
export function answerMediaType(accept: string | undefined): string {
  if (!accept) return 'application/json';
  return new Negotiator({ headers: { accept } }).mediaType(['application/json', 'application/graphql-response+json']) ?? 'application/json';
}

/**
 * GraphQL over HTTP: a client that takes `application/json` gets 200 for a request whose GraphQL
 * is refused (a document that does not parse or validate, variables that do not fit, the hub's
 * limits) and reads the errors from the body, as the specification asks; a client that takes
 * `application/graphql-response+json` gets the 4xx status. Requests that are not well-formed
 * (no query, a body that is not JSON) and refusals before GraphQL (401, 413, 429) keep theirs.
 */
export function mediaTypeStatusPlugin(): ApolloServerPlugin<HubContext> {
  return {
    async requestDidStart({ request }) {
      const json = answerMediaType(request.http?.headers.get('accept')) === 'application/json';
      return {
        async willSendResponse({ response }) {
          const status = response.http.status ?? 200;
          if (!json || status < 400 || status >= 500 || response.body.kind !== 'single') return;
          const { data, errors } = response.body.singleResult;
          if (data === undefined && errors?.length && errors.every((error) => GRAPHQL_REQUEST_ERRORS.has(String(error.extensions?.code)))) response.http.status = 200;
        },
      };
    },
  };
}
