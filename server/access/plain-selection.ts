import {
  Kind, getArgumentValues, getNullableType, isLeafType, isListType, isNonNullType, isObjectType,
  type FieldNode, type GraphQLField, type GraphQLLeafType, type GraphQLObjectType, type GraphQLOutputType,
} from 'graphql';
import type { HubContext } from '../context.js';
import { plainFieldOf, type PlainField } from './authorize.js';
import { refuseBadText } from './input-guard.js';
import type { Role } from './role.js';

/**
 * A query field's value asked with a selection of plain fields (authorize.ts's PlainField: a
 * property of the row, or a light resolver of the row, its arguments and the context), and objects
 * and lists of them nested as deep as asked, planned once and shown without graphql-js: each field
 * read by the light resolver the schema's guard wraps, a leaf serialized by its own scalar or enum,
 * as graphql-js completes it. Used by the plain lists and pages (server/access/plain-lists.ts) and
 * the direct answers (server/direct-answers.ts).
 */

/** How a value of a field's type is made: a leaf serialized, a list of values, an object's selection. */
export type Shape =
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

export interface Column {
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

export interface PlainValue {
  shape: Shape;
  /** Every field asked. */
  guarded: PlainField[];
  /** The roles that may read every field asked (each field's guard refuses the rest). */
  roles: ReadonlySet<Role>;
  /** The fields taking arguments, whose arguments are worked out once for each request (`argumentsOf`). */
  argued: Column[];
}

/** Something graphql-js must answer instead. */
export const UNPLAIN = Symbol('unplain');
const NO_ARGUMENTS: Record<string, unknown> = Object.freeze({}) as Record<string, unknown>;

/**
 * How a value of `type` asked by `node` is made, or null when it cannot be made plainly: a fragment,
 * a directive, a field without a light resolver, an argument to a field that takes none, a key asked
 * twice, a list of lists, an interface or union, an object type with its own `isTypeOf`, or no
 * field of a row asked at all.
 */
export function planValue(type: GraphQLOutputType, node: FieldNode): PlainValue | null {
  const guarded: PlainField[] = [];
  const argued: Column[] = [];
  const shape = shapeOf(type, node, guarded, argued);
  if (!shape || !guarded.length) return null;
  const roles = new Set((guarded[0].roles ?? []).filter((role) => guarded.every((field) => field.roles?.includes(role))));
  return { shape, guarded, roles, argued };
}

/** The fields selected under `node`, or [] when a selection is not a plain field (a fragment, a directive). */
export function selectionsOf(node: FieldNode): readonly FieldNode[] {
  const fields = node.selectionSet?.selections ?? [];
  return fields.every((s): s is FieldNode => s.kind === Kind.FIELD && !s.directives?.length) ? fields : [];
}

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
  if (!selections.length || type.isTypeOf) return null;
  const columns: Column[] = [];
  const keys = new Set<string>();
  let nominalLevel: string | null = null;
  for (const selection of selections) {
    const key = selection.alias?.value ?? selection.name.value;
    if (keys.has(key)) return null;
    keys.add(key);
    if (selection.name.value === '__typename') {
      if (selection.selectionSet) return null;
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

/** Each argued field's arguments as graphql-js gives them to its resolver, checked as its guard checks them (throws what the guard throws). */
export function argumentsOf(argued: readonly Column[], variables: Record<string, unknown>): Record<string, unknown>[] {
  return argued.map((column) => {
    const values = getArgumentValues(column.definition!, column.node, variables);
    if (column.node.arguments?.length) refuseBadText(values);
    return values;
  });
}

export interface Making {
  context: HubContext;
  /** Each argued field's arguments (PlainValue.argued, `argumentsOf`). */
  args: Record<string, unknown>[];
  /** The rows noted for the audit, in the order the guard would note them: type, row, type, row… */
  notes: unknown[];
  /**
   * Where a field's value that is a promise is waited for: its promise, filling the key in place, is
   * added here (`settled` waits for them); without it such a value is not answered plainly.
   */
  pending?: Promise<void>[];
}

/** The value as the answer shows it, or UNPLAIN where graphql-js would not answer plainly (a value a promise, a null where none may be, a value its type refuses, a resolver that throws). */
export function made(shape: Shape, value: unknown, making: Making): unknown {
  try {
    return madeOf(shape, value, making);
  } catch {
    return UNPLAIN;
  }
}

/** Waits for every promise `made` added to `pending`, and those they add in turn; rejects where one was not answered plainly. */
export async function settled(pending: Promise<void>[]): Promise<void> {
  while (pending.length) await Promise.all(pending.splice(0));
}

const ignore = (): void => undefined;
const isPromise = (value: unknown): value is Promise<unknown> => value !== null && typeof value === 'object' && typeof (value as { then?: unknown }).then === 'function';

function madeOf(shape: Shape, value: unknown, making: Making): unknown {
  if (value === null || value === undefined) return shape.nonNull ? UNPLAIN : null;
  // A promise not waited for gives the answer up to graphql-js, which reads it afresh: this one's
  // failure (a row read for the plain answer may lack what the field's resolver reads) goes unheard.
  if (isPromise(value)) {
    value.then(undefined, ignore);
    return UNPLAIN;
  }
  // graphql-js gives an error for a value that is one, and for a leaf its type serializes to nothing.
  if (value instanceof Error) return UNPLAIN;
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
  const { context, args, pending } = making;
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
    const resolved = column.field.resolve(value, column.argued < 0 ? NO_ARGUMENTS : args[column.argued], context);
    if (pending && isPromise(resolved)) {
      shown[column.key] = null;
      pending.push(resolved.then((later) => {
        const made = madeOf(column.shape!, later, making);
        if (made === UNPLAIN) throw new Error('not answered plainly');
        shown[column.key] = made;
      }));
      continue;
    }
    const made = madeOf(column.shape!, resolved, making);
    if (made === UNPLAIN) return UNPLAIN;
    shown[column.key] = made;
  }
  return shown;
}
