import type { ApolloServerPlugin, GraphQLRequestContext } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import {
  Kind, getArgumentValues, getNullableType, getVariableValues, isListType, isNonNullType, isObjectType,
  type FieldNode, type GraphQLField, type GraphQLObjectType, type GraphQLSchema, type OperationDefinitionNode,
} from 'graphql';
import type { HubContext } from '../context.js';
import { checkOperation } from './authorize.js';
import { planColumns, rolesReadingAll, showRow, type Column } from './plain-selection.js';
import type { AccessPolicy } from './policy.js';
import type { Role } from './role.js';

/**
 * A query field answering a long list of rows: its rows, from its arguments, as its own resolver
 * reads them; `fields` (the row type's fields asked, all plain) lets it read only what they show.
 */
export type PlainListRows = (args: Record<string, unknown>, context: HubContext, fields: readonly string[]) => Promise<readonly object[]>;

interface Plan {
  node: FieldNode;
  field: GraphQLField<unknown, unknown>;
  rowType: GraphQLObjectType;
  rows: PlainListRows;
  columns: Column[];
  /** Who may read every column. */
  roles: ReadonlySet<Role>;
  /** The row type's fields asked. */
  fields: string[];
  /** The row type whose rows are noted as read (the guard's), or null. */
  nominalLevel: string | null;
}

/**
 * Long lists answered without graphql-js, when a query asks for nothing but one such list's plain
 * fields: `{ referrals(partnership: "p001") { id referralDate agency } }`. graphql-js resolves and
 * completes every field of every row on its own (a resolve-info object, the guard, the audit's note,
 * a serialization each), which for a list of thousands is most of the answer's time; here each
 * column's check is made once, each row's fields are read by the same light resolvers the schema's
 * guard wraps (server/schema.ts) and serialized by the field's own scalar or enum, and the rows are
 * noted for the audit log as the guard notes them. The answer is the one graphql-js would give.
 *
 * Anything else, or anything that would not go as plainly (a fragment, a directive, a field
 * with arguments or a resolver of its own, a refused role or argument, a variable that does not
 * coerce, a value a promise, a null where none may be, a read that fails), is answered by
 * graphql-js as usual, which then gives whatever error it gives: the rows read so far are dropped
 * and nothing of them was noted.
 */
/** How many answers were made plainly since the hub started (for the tests). */
export const plainListCounts = { answered: 0 };

export function plainListsPlugin(policy: AccessPolicy, lists: Readonly<Record<string, PlainListRows>>): ApolloServerPlugin<HubContext> {
  // Apollo keeps one parsed document per query text, so a list asked again is planned once.
  const plans = new WeakMap<OperationDefinitionNode, Plan | null>();
  return {
    requestDidStart: async () => ({
      responseForOperation: async ({ operation, schema, request, contextValue }: GraphQLRequestContext<HubContext>) => {
        if (!operation) return null;
        let plan = plans.get(operation);
        if (plan === undefined) plans.set(operation, (plan = planOf(schema, operation, lists)));
        if (!plan) return null;
        const data = await answer(policy, schema, operation, plan, request.variables ?? {}, contextValue);
        if (data) plainListCounts.answered++;
        return data ? { http: { headers: new HeaderMap() }, body: { kind: 'single' as const, singleResult: { data } } } : null;
      },
    }),
  };
}

/** How to answer `operation` plainly, or null when it is not one list's plain fields. */
function planOf(schema: GraphQLSchema, operation: OperationDefinitionNode, lists: Readonly<Record<string, PlainListRows>>): Plan | null {
  if (operation.operation !== 'query' || operation.directives?.length || operation.selectionSet.selections.length !== 1) return null;
  const [node] = operation.selectionSet.selections;
  if (node.kind !== Kind.FIELD || node.directives?.length || !node.selectionSet || !Object.hasOwn(lists, node.name.value)) return null;
  const field = schema.getQueryType()?.getFields()[node.name.value];
  if (!field) return null;
  const list = getNullableType(field.type);
  if (!isListType(list) || !isNonNullType(list.ofType) || !isObjectType(list.ofType.ofType)) return null;
  const rowType = list.ofType.ofType;
  const columns = planColumns(rowType, node.selectionSet, { nested: false, nominal: true });
  const guarded = columns?.filter((c) => c.field);
  if (!columns || !guarded?.length) return null;
  // Every field of a row type has the same note (authorize.ts): the type's.
  const fields = [...new Set(node.selectionSet.selections.flatMap((s) => (s.kind === Kind.FIELD && s.name.value !== '__typename' ? [s.name.value] : [])))];
  return { node, field, rowType, rows: lists[node.name.value], columns, roles: rolesReadingAll(columns), fields, nominalLevel: guarded[0].field!.nominalLevel };
}

/** The answer's `data`, or null to let graphql-js answer. */
async function answer(policy: AccessPolicy, schema: GraphQLSchema, operation: OperationDefinitionNode, plan: Plan, variables: Record<string, unknown>, context: HubContext): Promise<Record<string, unknown> | null> {
  if (!plan.roles.has(context.caller.role)) return null;
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
  if (coerced.errors) return null;
  let rows: readonly object[];
  try {
    const args = getArgumentValues(plan.field, plan.node, coerced.coerced);
    checkOperation(policy, 'Query', plan.field.name, args, context);
    rows = await plan.rows(args, context, plan.fields);
  } catch {
    return null;
  }
  const out = made(plan, rows, context);
  if (!out) return null;
  const key = plan.node.alias?.value ?? plan.node.name.value;
  context.reads?.beginField(key, plan.field.name);
  if (plan.nominalLevel) context.reads?.noteRows(key, plan.nominalLevel, rows);
  return { [key]: out };
}

/** The rows as the answer shows them, or null where graphql-js would not answer plainly (a value a promise, a null where none may be, a value its type refuses). */
function made(plan: Plan, rows: readonly object[], context: HubContext): Record<string, unknown>[] | null {
  const out: Record<string, unknown>[] = new Array(rows.length);
  const typeName = plan.rowType.name;
  try {
    for (let i = 0; i < rows.length; i++) out[i] = showRow(plan.columns, typeName, rows[i], context);
  } catch {
    return null;
  }
  return out;
}
