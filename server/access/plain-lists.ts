import type { ApolloServerPlugin, GraphQLRequestContext } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import {
  Kind, getArgumentValues, getNullableType, getVariableValues, isLeafType, isListType, isNonNullType, isObjectType,
  type FieldNode, type GraphQLField, type GraphQLLeafType, type GraphQLObjectType, type GraphQLOutputType, type GraphQLSchema, type OperationDefinitionNode,
} from 'graphql';
import type { HubContext } from '../context.js';
import { checkOperation, plainFieldOf, type PlainField } from './authorize.js';
import { refuseBadText } from './input-guard.js';
import type { AccessPolicy } from './policy.js';

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

/** How a value of a field's type is made: a leaf serialized, a list of values, an object's selection. */
type Shape =
  | { kind: 'leaf'; nonNull: boolean; type: GraphQLLeafType }
  | { kind: 'list'; nonNull: boolean; of: Shape }
  | { kind: 'object'; nonNull: boolean; selection: Selection };

/** One object type's fields asked. */
interface Selection {
  type: GraphQLObjectType;
  columns: Column[];
  /** The type whose rows are noted as read (every field of a row type has its type's note, authorize.ts), or null. */
  nominalLevel: string | null;
}

interface Column {
  /** The response key (an alias, or the field's name). */
  key: string;
  /** null for `__typename`. */
  field: PlainField | null;
  definition: GraphQLField<unknown, unknown> | null;
  node: FieldNode;
  shape: Shape | null;
  /** Its place in the plan's `argued` (a field taking arguments), else -1. */
  argued: number;
}

interface Plan {
  node: FieldNode;
  field: GraphQLField<unknown, unknown>;
  root: PlainRoot;
  shape: Shape;
  /** The fields asked of the root's object type. */
  fields: string[];
  /** Every field asked, for the roles' check. */
  guarded: PlainField[];
  /** The fields taking arguments, whose arguments are worked out once for each request. */
  argued: Column[];
}

/** Something graphql-js must answer instead. */
const UNPLAIN = Symbol('unplain');
const NO_ARGUMENTS: Record<string, unknown> = Object.freeze({}) as Record<string, unknown>;

/**
 * Queries answered without graphql-js, when one asks for nothing but one such query field (`roots`:
 * the flat referral list, the cohort page) and, under it, fields of plain shape: a row's plain
 * fields, and objects and lists of them, nested as deep as asked: `{ referrals(partnership: "p001")
 * { id referralDate agency } }`, or a cohort page with each member's nominal, latest review and
 * offences. graphql-js resolves and completes every field of every row on its own (a resolve-info
 * object, the guard, the audit's note, a serialization each), which for thousands of fields is most
 * of the answer's time; here each field's check is made once for the query (the role, the arguments
 * once worked out from the variables), each row's fields are read by the same light resolvers the
 * schema's guard wraps (server/schema.ts) and serialized by the field's own scalar or enum, and the
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

export function plainListsPlugin(policy: AccessPolicy, roots: Readonly<Record<string, PlainRoot>>): ApolloServerPlugin<HubContext> {
  // Apollo keeps one parsed document per query text, so a query asked again is planned once.
  const plans = new WeakMap<OperationDefinitionNode, Plan | null>();
  return {
    requestDidStart: async () => ({
      responseForOperation: async ({ operation, schema, request, contextValue }: GraphQLRequestContext<HubContext>) => {
        if (!operation) return null;
        let plan = plans.get(operation);
        if (plan === undefined) plans.set(operation, (plan = planOf(schema, operation, roots)));
        if (!plan) return null;
        const data = await answer(policy, schema, operation, plan, request.variables ?? {}, contextValue);
        if (data) plainListCounts.answered++;
        return data ? { http: { headers: new HeaderMap() }, body: { kind: 'single' as const, singleResult: { data } } } : null;
      },
    }),
  };
}

/** How to answer `operation` plainly, or null when it is not one root field's plain selection. */
function planOf(schema: GraphQLSchema, operation: OperationDefinitionNode, roots: Readonly<Record<string, PlainRoot>>): Plan | null {
  if (operation.operation !== 'query' || operation.directives?.length || operation.selectionSet.selections.length !== 1) return null;
  const [node] = operation.selectionSet.selections;
  if (node.kind !== Kind.FIELD || node.directives?.length || !node.selectionSet || !Object.hasOwn(roots, node.name.value)) return null;
  const field = schema.getQueryType()?.getFields()[node.name.value];
  if (!field) return null;
  const guarded: PlainField[] = [];
  const argued: Column[] = [];
  const shape = shapeOf(field.type, node, guarded, argued);
  if (!shape || !guarded.length) return null;
  const fields = [...new Set(selectionsOf(node).flatMap((s) => (s.name.value === '__typename' ? [] : [s.name.value])))];
  return { node, field, root: roots[node.name.value], shape, fields, guarded, argued };
}

/** The fields selected under `node`, or [] when a selection is not a plain field (a fragment, a directive). */
function selectionsOf(node: FieldNode): readonly FieldNode[] {
  const fields = node.selectionSet?.selections ?? [];
  return fields.every((s): s is FieldNode => s.kind === Kind.FIELD && !s.directives?.length) ? fields : [];
}

/** How a value of `type` asked by `node` is made, or null when it cannot be made plainly. */
function shapeOf(type: GraphQLOutputType, node: FieldNode, guarded: PlainField[], argued: Column[]): Shape | null {
  const nonNull = isNonNullType(type);
  const inner = getNullableType(type);
  if (isListType(inner)) {
    const of = shapeOf(inner.ofType, node, guarded, argued);
    return of && of.kind !== 'list' ? { kind: 'list', nonNull, of } : null;
  }
  if (isLeafType(inner)) return node.selectionSet ? null : { kind: 'leaf', nonNull, type: inner };
  if (!isObjectType(inner) || !node.selectionSet) return null;
  const selection = selectionOf(inner, node, guarded, argued);
  return selection && { kind: 'object', nonNull, selection };
}

function selectionOf(type: GraphQLObjectType, node: FieldNode, guarded: PlainField[], argued: Column[]): Selection | null {
  const selections = selectionsOf(node);
  if (!selections.length) return null;
  const columns: Column[] = [];
  const keys = new Set<string>();
  let nominalLevel: string | null = null;
  for (const selection of selections) {
    const key = selection.alias?.value ?? selection.name.value;
    if (keys.has(key)) return null;
    keys.add(key);
    if (selection.name.value === '__typename') {
      columns.push({ key, field: null, definition: null, node: selection, shape: null, argued: -1 });
      continue;
    }
    const definition = type.getFields()[selection.name.value];
    const plain = definition && plainFieldOf(definition);
    if (!plain || (!plain.takesArguments && selection.arguments?.length)) return null;
    const shape = shapeOf(definition.type, selection, guarded, argued);
    if (!shape) return null;
    const column: Column = { key, field: plain, definition, node: selection, shape, argued: plain.takesArguments ? argued.length : -1 };
    if (plain.takesArguments) argued.push(column);
    guarded.push(plain);
    nominalLevel = plain.nominalLevel;
    columns.push(column);
  }
  return { type, columns, nominalLevel };
}

/** The answer's `data`, or null to let graphql-js answer. */
async function answer(policy: AccessPolicy, schema: GraphQLSchema, operation: OperationDefinitionNode, plan: Plan, variables: Record<string, unknown>, context: HubContext): Promise<Record<string, unknown> | null> {
  const role = context.caller.role;
  if (plan.guarded.some((field) => !field.roles?.includes(role))) return null;
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
  if (coerced.errors) return null;
  let value: unknown;
  let args: Record<string, unknown>[];
  try {
    // Each field's arguments as graphql-js gives them to its resolver, checked as its guard checks them.
    args = plan.argued.map((column) => {
      const values = getArgumentValues(column.definition!, column.node, coerced.coerced);
      if (column.node.arguments?.length) refuseBadText(values);
      return values;
    });
    const rootArgs = getArgumentValues(plan.field, plan.node, coerced.coerced);
    checkOperation(policy, 'Query', plan.field.name, rootArgs, context);
    value = await plan.root(rootArgs, context, { node: plan.node, variables: coerced.coerced, fields: plan.fields });
  } catch {
    return null;
  }
  const notes: unknown[] = [];
  const out = made(plan.shape, value, { context, args, notes });
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

interface Making {
  context: HubContext;
  /** Each argued field's arguments (Plan.argued). */
  args: Record<string, unknown>[];
  /** The rows noted for the audit, in the order the guard would note them: type, row, type, row… */
  notes: unknown[];
}

/** The value as the answer shows it, or UNPLAIN where graphql-js would not answer plainly (a value a promise, a null where none may be, a value its type refuses, a resolver that throws). */
function made(shape: Shape, value: unknown, making: Making): unknown {
  try {
    return madeOf(shape, value, making);
  } catch {
    return UNPLAIN;
  }
}

function madeOf(shape: Shape, value: unknown, making: Making): unknown {
  if (value === null || value === undefined) return shape.nonNull ? UNPLAIN : null;
  // graphql-js gives an error for a value that is one, and for a leaf its type serializes to nothing.
  if (typeof (value as { then?: unknown }).then === 'function' || value instanceof Error) return UNPLAIN;
  if (shape.kind === 'leaf') {
    const serialized = shape.type.serialize(value);
    return serialized === undefined || serialized === null ? UNPLAIN : serialized;
  }
  if (shape.kind === 'list') {
    if (!Array.isArray(value)) return UNPLAIN;
    const out: unknown[] = new Array(value.length);
    for (let i = 0; i < value.length; i++) {
      const item = madeOf(shape.of, value[i], making);
      if (item === UNPLAIN) return UNPLAIN;
      out[i] = item;
    }
    return out;
  }
  if (typeof value !== 'object') return UNPLAIN;
  const { selection } = shape;
  const { context, args } = making;
  // The guard notes the row as its first field resolves; __typename, before it, notes nothing.
  if (selection.nominalLevel) making.notes.push(selection.nominalLevel, value);
  const shown: Record<string, unknown> = {};
  const { columns } = selection;
  for (let i = 0; i < columns.length; i++) {
    const column = columns[i];
    if (!column.field) {
      shown[column.key] = selection.type.name;
      continue;
    }
    const made = madeOf(column.shape!, column.field.resolve(value, column.argued < 0 ? NO_ARGUMENTS : args[column.argued], context), making);
    if (made === UNPLAIN) return UNPLAIN;
    shown[column.key] = made;
  }
  return shown;
}
