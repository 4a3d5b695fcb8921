import { GraphQLError, type DocumentNode, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';
import type { HubContext } from '../context.js';
import { limitViolations, measureDocument, QUERY_LIMITS, type QueryLimits } from './limits.js';

/** The hub's limits broken by a document with its variables (the second look), or none. */
export type VariableLimits = (schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown>) => string[];

/**
 * The second look at a request's limits, once its variables are known: a page size or a list
 * given by a variable (`cohort(first: $n)`) is measured with its value. A request without
 * variables breaks none here.
 */
export function variableLimits(limits: QueryLimits = QUERY_LIMITS): VariableLimits {
  // Apollo keeps one parsed document per query text: a report refreshed with the same variables is measured once.
  const measured = new WeakMap<DocumentNode, { variables: string; violations: string[] }>();
  return (schema, document, variables) => {
    if (!Object.keys(variables).length) return [];
    const text = JSON.stringify(variables);
    const last = measured.get(document);
    if (last?.variables === text) return last.violations;
    const violations = limitViolations(measureDocument(schema, document, variables, limits), limits);
    // Small variables only (a report's): an import's rows are not kept.
    if (text.length <= 4096) measured.set(document, { variables: text, violations });
    return violations;
  };
}

/**
 * The second look at a request's limits, once its variables are known (variableLimits), before the
 * operation runs. (The first look, without variables, is `queryLimitsRule`, before graphql-js's validation.)
 */
export function queryLimitsPlugin(limits: QueryLimits = QUERY_LIMITS, violations = variableLimits(limits)): ApolloServerPlugin<HubContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, request, schema }) {
          if (!request.variables) return;
          const broken = violations(schema, document, request.variables);
          if (broken.length) throw new GraphQLError(broken.join(' '), { extensions: { code: 'GRAPHQL_VALIDATION_FAILED', http: { status: 400 } } });
        },
      };
    },
  };
}

/**
 * graphql-js's own words for a document refused while it is parsed, in the hub's: the token limit
 * (parsing stops there), and a document nested so deeply that the parser ran out of stack.
 */
export function explainParseLimits(error: GraphQLFormattedError, limits: QueryLimits = QUERY_LIMITS): GraphQLFormattedError {
  if (error.extensions?.code !== 'GRAPHQL_PARSE_FAILED') return error;
  if (/Document contains more th\w+ \d+ tokens/.test(error.message))
    return { ...error, message: `The query has more than ${limits.maxTokens} tokens; the hub accepts at most ${limits.maxTokens}.` };
  if (/Maximum call stack size exceeded/.test(error.message)) return { ...error, message: 'The query is nested too deeply to read.' };
  return error;
}
