import type { ApolloServerPlugin } from '@apollo/server';
import Negotiator from 'negotiator';
import {
  Kind, getArgumentValues, getNamedType, getVariableValues, isObjectType,
  type DocumentNode, type FieldNode, type GraphQLField, type GraphQLObjectType, type GraphQLResolveInfo, type GraphQLSchema, type OperationDefinitionNode,
} from 'graphql';
import type { Request, RequestHandler, Response } from 'express';
import type { HubContext } from './context.js';
import { UNPLAIN, made, planValue, settled, type PlainValue } from './access/plain-selection.js';
import type { VariableLimits } from './access/limits-plugin.js';
import { LINEAGE_HEADERS } from './reports/lineage.js';
import { startQuery } from './database/replicas.js';
import type { LongOperations } from './database/long-operations.js';

/** The finance reports' query fields: one value or a short list each, read by a lean read path. */
export const FINANCE_REPORTS: ReadonlySet<string> = new Set(['establishment', 'costShare', 'fundingPosition', 'fundingRisks', 'fundingStreams', 'scenario']);

/** How many requests were answered directly since the hub started (for the tests). */
export const directAnswerCounts = { answered: 0 };

/** Query texts planned (a plan, or null for a text not answered directly) at most; later texts go to Apollo. */
const MAX_PLANS = 500;
/** The longest query text planned (a report's is a few hundred characters): the plans kept stay small. */
const MAX_TEXT = 4096;

interface Plan {
  document: DocumentNode;
  operation: OperationDefinitionNode;
  /** The query field and how graphql-js would call its resolver (the resolve info but for the variables). */
  node: FieldNode;
  field: GraphQLField<unknown, unknown>;
  info: Omit<GraphQLResolveInfo, 'variableValues'>;
  /** The answer's one key. */
  key: string;
  /** How the query field's value is shown. */
  value: PlainValue;
  schema: GraphQLSchema;
}

export interface DirectAnswerOptions {
  /** The query fields answered directly. */
  fields: ReadonlySet<string>;
  /** The request's context, as Apollo's handler makes it. */
  context: (req: Request, res: Response) => HubContext;
  /** The hub's limits with the variables (the limits plugin's). */
  limits: VariableLimits;
  /** The turns of long queries (the replica routing plugin's). */
  long: LongOperations;
}

/**
 * A POST to /graphql asking one finance report's plain fields (`query Establishment($partnership:
 * String!, …) { establishment(…) { totalFte lines { grade fte employingAgency { name } } } }`),
 * answered without Apollo's request pipeline and graphql-js's execution: a query text Apollo has
 * parsed, validated and resolved once is planned (`plugin`, in Apollo's `didResolveOperation`), and
 * the next request with the same text is answered by `handler`, after the token, CORS, rate and body
 * handlers, from the same query field's resolver (the schema's, with the access policy's guard: the
 * operation's roles and arguments checked as graphql-js would have it checked), its value shown by
 * the plan (plain-selection.ts: each field read by the light resolver the guard wraps, a role that
 * may not read every field asked refused), with the status, headers and body text Apollo would give.
 * What Apollo's plugins do for such a query is done here: the limits with the variables, the reads
 * from the replicas and the long operations' turns; there is no read audit (no nominal-level field
 * is planned), no lineage and no explanation (requests with the lineage headers or with
 * `extensions` go to Apollo).
 *
 * Anything else goes on to Apollo, which answers as before, errors included: another text, another
 * body or media type, an `Accept` Apollo answers otherwise, a variable that does not coerce, a broken
 * limit, a role refused, a resolver that throws, a null where none may be, a promise that rejects;
 * what was read is dropped.
 */
export class DirectAnswers {
  private readonly plans = new Map<string, Plan | null>();
  private readonly mediaTypes = new Map<string, string | null>();
  private stopped = false;

  constructor(private readonly options: DirectAnswerOptions) {}

  /** Apollo plugin: plans each query text Apollo resolved (parsed and validated) to an operation. */
  plugin(): ApolloServerPlugin<HubContext> {
    return {
      requestDidStart: async ({ request }) => {
        const query = request.query;
        if (!request.http || typeof query !== 'string' || query.length > MAX_TEXT || this.plans.has(query) || this.plans.size >= MAX_PLANS) return {};
        return {
          didResolveOperation: async ({ document, operation, schema }) => {
            if (!this.plans.has(query)) this.plans.set(query, this.planOf(schema, document, operation));
          },
        };
      },
    };
  }

  /** Requests after this go to Apollo (which answers them as a stopped server does). */
  stop(): void {
    this.stopped = true;
  }

  /** The handler before Apollo's: answers a planned request, or passes it on. */
  handler(): RequestHandler {
    return (req, res, next) => {
      const plan = this.planFor(req);
      if (!plan) return next();
      this.answer(plan, req, res).then((answered) => answered || next(), () => next());
    };
  }

  private planOf(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode | undefined): Plan | null {
    if (!operation || document.definitions.length !== 1 || operation.operation !== 'query' || operation.directives?.length) return null;
    const { selections } = operation.selectionSet;
    const [node] = selections;
    if (selections.length !== 1 || node.kind !== Kind.FIELD || node.directives?.length || !node.selectionSet || !this.options.fields.has(node.name.value)) return null;
    const query = schema.getQueryType();
    const field = query?.getFields()[node.name.value];
    const type = field && getNamedType(field.type);
    if (!query || !field?.resolve || !isObjectType(type)) return null;
    // No field with arguments, none of nominal-level rows (their reads would be noted for the audit log).
    const value = planValue(field.type, node);
    if (!value || value.argued.length || value.guarded.some((plain) => plain.nominalLevel)) return null;
    const key = node.alias?.value ?? node.name.value;
    const info: Plan['info'] = {
      fieldName: field.name, fieldNodes: [node], returnType: field.type, parentType: query as GraphQLObjectType, path: { prev: undefined, key, typename: query.name },
      schema, fragments: {}, rootValue: undefined, operation,
    };
    return { document, operation, node, field, info, key, value, schema };
  }

  /** The plan for a request that may be answered directly, from its body and headers, or null. */
  private planFor(req: Request): Plan | null {
    const body = req.body as Record<string, unknown> | undefined;
    if (this.stopped || !body || typeof body !== 'object' || Array.isArray(body) || typeof body.query !== 'string') return null;
    const plan = this.plans.get(body.query);
    if (!plan) return null;
    for (const key in body) if (key !== 'query' && key !== 'variables' && key !== 'operationName') return null;
    const { variables, operationName } = body;
    if (variables != null && (typeof variables !== 'object' || Array.isArray(variables) || Buffer.isBuffer(variables))) return null;
    if (operationName != null && operationName !== plan.operation.name?.value) return null;
    const { headers } = req;
    const contentType = headers['content-type']?.toLowerCase();
    if (contentType !== 'application/json' && contentType !== 'application/json; charset=utf-8') return null;
    if (headers[LINEAGE_HEADERS.workbook] !== undefined || headers[LINEAGE_HEADERS.binding] !== undefined) return null;
    return plan;
  }

  private async answer(plan: Plan, req: Request, res: Response): Promise<boolean> {
    const mediaType = this.mediaTypeOf(req.headers.accept);
    if (!mediaType) return false;
    const variables = (req.body as { variables?: Record<string, unknown> | null }).variables ?? {};
    if (this.options.limits(plan.schema, plan.document, variables).length) return false;
    const coerced = getVariableValues(plan.schema, plan.operation.variableDefinitions ?? [], variables);
    if (coerced.errors) return false;
    const args = getArgumentValues(plan.field, plan.node, coerced.coerced);
    const context = this.options.context(req, res);
    if (!plan.value.roles.has(context.caller.role)) return false;
    const end = await startQuery(this.options.long, plan.operation, context.em);
    let data: Record<string, unknown>;
    try {
      const value = await plan.field.resolve!(undefined, args, context, { ...plan.info, variableValues: coerced.coerced } as GraphQLResolveInfo);
      const pending: Promise<void>[] = [];
      const out = made(plan.value.shape, value, { context, args: [], notes: [], pending });
      if (out === UNPLAIN) {
        // The values still awaited are dropped, their rejections with them.
        void Promise.allSettled(pending);
        return false;
      }
      await settled(pending);
      data = { [plan.key]: out };
    } catch {
      // A refusal, a resolver's error, a value shown later not plain: Apollo answers it as before.
      return false;
    } finally {
      end();
    }
    if (context.reads?.collected().length) return false;
    const text = `${JSON.stringify({ data })}\n`;
    res.statusCode = 200;
    res.setHeader('content-type', mediaType);
    res.setHeader('Content-Length', Buffer.byteLength(text));
    res.end(text);
    directAnswerCounts.answered++;
    return true;
  }

  /** The answer's Content-Type for an `Accept`, as Apollo chooses it, or null where Apollo would refuse it (406) or answer another way. */
  private mediaTypeOf(accept: string | undefined): string | null {
    if (!accept) return JSON_TYPE;
    let chosen = this.mediaTypes.get(accept);
    if (chosen === undefined) {
      chosen = new Negotiator({ headers: { accept } }).mediaType([JSON_TYPE, GRAPHQL_RESPONSE_TYPE, JSON_CALLBACK_TYPE]) ?? null;
      if (chosen === JSON_CALLBACK_TYPE) chosen = null;
      if (this.mediaTypes.size < 100) this.mediaTypes.set(accept, chosen);
    }
    return chosen;
  }
}

// Apollo Server's own (its MEDIA_TYPES), in the order it offers them.
const JSON_TYPE = 'application/json; charset=utf-8';
const GRAPHQL_RESPONSE_TYPE = 'application/graphql-response+json; charset=utf-8';
const JSON_CALLBACK_TYPE = 'application/json; callbackSpec=1.0; charset=utf-8';
