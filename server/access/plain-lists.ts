import type { ApolloServerPlugin, GraphQLRequestContext } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import { Kind, getArgumentValues, getVariableValues, type FieldNode, type GraphQLField, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import type { HubContext } from '../context.js';
import { checkOperation } from './authorize.js';
import { UNPLAIN, argumentsOf, made, planValue, selectionsOf, type PlainValue } from './plain-selection.js';
import type { AccessPolicy } from './policy.js';
import { textColumnsOf, type PlainTextAsked, type PlainTextRoot } from './plain-text.js';
import { dataOfText } from './read-audit.js';

/** What a query field answered plainly is asked: its node, the variables coerced, and the fields asked of the object (or each row) it gives. */
export interface PlainAsked {
  node: FieldNode;
  variables: Record<string, unknown>;
  /** The fields asked of the value's object type (of each row, for a list), `__typename` left out. */
  fields: readonly string[];
}

/**
 * A query field answered plainly: its value from its arguments, as its own resolver gives it (a
 * list's rows, a page). `asked.fields` lets a list read only the columns its fields show.
 */
export type PlainRoot = (args: Record<string, unknown>, context: HubContext, asked: PlainAsked) => Promise<unknown>;

interface Plan {
  node: FieldNode;
  field: GraphQLField<unknown, unknown>;
  root: PlainRoot;
  value: PlainValue;
  /** The fields asked of the root's object type. */
  fields: string[];
  /** The list's text made by the database, when it has a way (`texts`) and every field asked is a leaf. */
  text: { root: PlainTextRoot; asked: PlainTextAsked } | null;
}

/**
 * Queries answered without graphql-js, when one asks for nothing but one such query field (`roots`:
 * the flat referral list, the cohort page) and, under it, fields of plain shape: a row's plain
 * fields, and objects and lists of them, nested as deep as asked: `{ referrals(partnership: "p001")
 * { id referralDate agency } }`, or a cohort page with each member's nominal, latest review and
 * offences. graphql-js resolves and completes every field of every row on its own (a resolve-info
 * object, the guard, the audit's note, a serialization each), which for thousands of fields is most
 * of the answer's time; here each field's check is made once for the query (the role, the arguments
 * once worked out from the variables), each row's fields are read by the same light resolvers the
 * schema's guard wraps (server/schema.ts) and serialized (server/access/plain-selection.ts) by the field's own scalar or enum, and the
 * rows are noted for the audit log as the guard notes them, in the same order. The answer is the
 * one graphql-js would give, key for key.
 *
 * Anything else, or anything that would not go as plainly (a fragment, a directive, a field
 * without a light resolver, one asked twice under one key, a refused role or argument, a variable
 * that does not coerce, a value a promise, a null where none may be, a read that fails), is answered
 * by graphql-js as usual, which then gives whatever error it gives: the rows read so far are dropped
 * (and the request's loaders with them) and nothing of them was noted.
 */
/** How many answers were made plainly since the hub started (for the tests). */
export const plainListCounts = { answered: 0 };

/** How many answers were given as the text their database made (server/access/plain-text.ts), since the hub started (for the tests). */
export const plainTextCounts = { answered: 0 };

/**
 * `texts`: query fields of `roots` whose list, asked for leaves alone, the database may write as
 * its JSON text (server/access/plain-text.ts); the rows are read as usual when it gives none.
 */
export function plainListsPlugin(policy: AccessPolicy, roots: Readonly<Record<string, PlainRoot>>, texts: Readonly<Record<string, PlainTextRoot>> = {}): ApolloServerPlugin<HubContext> {
  // Apollo keeps one parsed document per query text, so a query asked again is planned once.
  const plans = new WeakMap<OperationDefinitionNode, Plan | null>();
  return {
    requestDidStart: async () => ({
      responseForOperation: async ({ operation, schema, request, contextValue }: GraphQLRequestContext<HubContext>) => {
        if (!operation) return null;
        let plan = plans.get(operation);
        if (plan === undefined) plans.set(operation, (plan = planOf(schema, operation, roots, texts)));
        if (!plan) return null;
        const data = await answer(policy, schema, operation, plan, request.variables ?? {}, contextValue);
        if (data) plainListCounts.answered++;
        return data ? { http: { headers: new HeaderMap() }, body: { kind: 'single' as const, singleResult: { data } } } : null;
      },
    }),
  };
}

/** How to answer `operation` plainly, or null when it is not one root field's plain selection. */
function planOf(schema: GraphQLSchema, operation: OperationDefinitionNode, roots: Readonly<Record<string, PlainRoot>>, texts: Readonly<Record<string, PlainTextRoot>>): Plan | null {
  if (operation.operation !== 'query' || operation.directives?.length || operation.selectionSet.selections.length !== 1) return null;
  const [node] = operation.selectionSet.selections;
  if (node.kind !== Kind.FIELD || node.directives?.length || !node.selectionSet || !Object.hasOwn(roots, node.name.value)) return null;
  const field = schema.getQueryType()?.getFields()[node.name.value];
  if (!field) return null;
  const value = planValue(field.type, node);
  if (!value) return null;
  const fields = [...new Set(selectionsOf(node).flatMap((s) => (s.name.value === '__typename' ? [] : [s.name.value])))];
  const asked = Object.hasOwn(texts, node.name.value) ? textColumnsOf(value.shape, node.alias?.value ?? node.name.value) : null;
  return { node, field, root: roots[node.name.value], value, fields, text: asked && { root: texts[node.name.value], asked } };
}

/** The answer's `data`, or null to let graphql-js answer. */
async function answer(policy: AccessPolicy, schema: GraphQLSchema, operation: OperationDefinitionNode, plan: Plan, variables: Record<string, unknown>, context: HubContext): Promise<Record<string, unknown> | null> {
  if (!plan.value.roles.has(context.caller.role)) return null;
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
  if (coerced.errors) return null;
  let value: unknown;
  let args: Record<string, unknown>[];
  try {
    args = argumentsOf(plan.value.argued, coerced.coerced);
    const rootArgs = getArgumentValues(plan.field, plan.node, coerced.coerced);
    checkOperation(policy, 'Query', plan.field.name, rootArgs, context);
    const text = plan.text && (await plan.text.root(rootArgs, context, plan.text.asked));
    if (text) {
      // Each row is noted as `made` notes it (the rows' type is nominal-level, its nominal given), in order.
      const key = plan.node.alias?.value ?? plan.node.name.value;
      context.reads?.beginField(key, plan.field.name);
      context.reads?.noteNominals(key, text.nominals);
      plainTextCounts.answered++;
      return dataOfText(key, text.text);
    }
    value = await plan.root(rootArgs, context, { node: plan.node, variables: coerced.coerced, fields: plan.fields });
  } catch {
    return null;
  }
  const notes: unknown[] = [];
  const out = made(plan.value.shape, value, { context, args, notes });
  if (out === UNPLAIN) {
    // What was read and held for the request is dropped: graphql-js reads it again as it would have.
    context.loaders.clear();
    return null;
  }
  const key = plan.node.alias?.value ?? plan.node.name.value;
  context.reads?.beginField(key, plan.field.name);
  context.reads?.notePairs(key, notes);
  return { [key]: out };
}
