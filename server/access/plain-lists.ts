import type { ApolloServerPlugin, GraphQLRequestContext } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import {
  Kind, getArgumentValues, getNamedType, getNullableType, getVariableValues, isLeafType, isListType, isNonNullType, isObjectType,
  type FieldNode, type GraphQLField, type GraphQLLeafType, type GraphQLObjectType, type GraphQLSchema, type OperationDefinitionNode,
} from 'graphql';
import type { HubContext } from '../context.js';
import { checkOperation, plainFieldOf, type PlainField } from './authorize.js';
import type { AccessPolicy } from './policy.js';

/**
 * A query field answering a long list of rows: its rows, from its arguments, as its own resolver
 * reads them; `fields` (the row type's fields asked, all plain) lets it read only what they show.
 */
export type PlainListRows = (args: Record<string, unknown>, context: HubContext, fields: readonly string[]) => Promise<readonly object[]>;

interface Column {
  /** The response key (an alias, or the field's name). */
  key: string;
  /** null for `__typename`. */
  field: PlainField | null;
  type: GraphQLLeafType | null;
  nonNull: boolean;
}

interface Plan {
  node: FieldNode;
  field: GraphQLField<unknown, unknown>;
  rowType: GraphQLObjectType;
  rows: PlainListRows;
  columns: Column[];
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
  const columns: Column[] = [];
  const keys = new Set<string>();
  for (const selection of node.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD || selection.directives?.length || selection.arguments?.length || selection.selectionSet) return null;
    const key = selection.alias?.value ?? selection.name.value;
    if (keys.has(key)) return null;
    keys.add(key);
    if (selection.name.value === '__typename') {
      columns.push({ key, field: null, type: null, nonNull: true });
      continue;
    }
    const rowField = rowType.getFields()[selection.name.value];
    const plain = rowField && plainFieldOf(rowField);
    const type = rowField && getNamedType(rowField.type);
    if (!plain || !isLeafType(type) || isListType(getNullableType(rowField.type))) return null;
    columns.push({ key, field: plain, type, nonNull: isNonNullType(rowField.type) });
  }
  const guarded = columns.filter((c) => c.field);
  if (!guarded.length) return null;
  // Every field of a row type has the same note (authorize.ts): the type's.
  const fields = [...new Set(node.selectionSet.selections.flatMap((s) => (s.kind === Kind.FIELD && s.name.value !== '__typename' ? [s.name.value] : [])))];
  return { node, field, rowType, rows: lists[node.name.value], columns, fields, nominalLevel: guarded[0].field!.nominalLevel };
}

/** The answer's `data`, or null to let graphql-js answer. */
async function answer(policy: AccessPolicy, schema: GraphQLSchema, operation: OperationDefinitionNode, plan: Plan, variables: Record<string, unknown>, context: HubContext): Promise<Record<string, unknown> | null> {
  const role = context.caller.role;
  if (plan.columns.some((c) => c.field && !c.field.roles?.includes(role))) return null;
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
  const { columns } = plan;
  const typeName = plan.rowType.name;
  try {
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i];
      const shown: Record<string, unknown> = {};
      for (const column of columns) {
        if (!column.field) {
          shown[column.key] = typeName;
          continue;
        }
        const value = column.field.resolve(row, context);
        if (value === null || value === undefined) {
          if (column.nonNull) return null;
          shown[column.key] = null;
          continue;
        }
        if (typeof (value as { then?: unknown }).then === 'function') return null;
        const serialized = column.type!.serialize(value);
        if (serialized === undefined) return null;
        shown[column.key] = serialized;
      }
      out[i] = shown;
    }
  } catch {
    return null;
  }
  return out;
}
