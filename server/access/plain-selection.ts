import {
  Kind, getNamedType, getNullableType, isLeafType, isListType, isNonNullType, isObjectType,
  type GraphQLLeafType, type GraphQLObjectType, type GraphQLOutputType, type SelectionSetNode,
} from 'graphql';
import type { HubContext } from '../context.js';
import { plainFieldOf, type PlainField } from './authorize.js';
import type { Role } from './role.js';

/**
 * A selection of plain fields (authorize.ts's PlainField: a property of the row, or a light resolver
 * of the row and the context, no arguments) planned once, and shown for a row without graphql-js:
 * each field read by the light resolver the schema's guard wraps, a leaf serialized by its own scalar
 * or enum, as graphql-js completes it. Used by the plain lists (server/access/plain-lists.ts) and the
 * direct answers (server/direct-answers.ts).
 */
export interface Column {
  /** The response key (an alias, or the field's name). */
  key: string;
  /** null for `__typename`. */
  field: PlainField | null;
  nonNull: boolean;
  /** Set when the field is a list: whether its items may be null. */
  list: { itemNonNull: boolean } | null;
  /** A leaf's type, or null. */
  leaf: GraphQLLeafType | null;
  /** An object's type and the columns asked of it, or null. */
  object: { type: GraphQLObjectType; columns: Column[] } | null;
}

/** Thrown where graphql-js would not answer plainly: a null where none may be, a value its type refuses, a promise where none is waited for. */
export const NOT_PLAIN = Symbol('not answered plainly');

export interface SelectionOptions {
  /** Objects and lists of leaves allowed under the row (else leaves only). */
  nested: boolean;
  /** Fields of nominal-level rows allowed (else refused: their reads would be noted for the audit log). */
  nominal: boolean;
}

/**
 * The columns of `selectionSet` on `type`, or null when it is not plain: a fragment, a directive,
 * an argument, a key asked twice, a field that is not a PlainField, a list of lists, an interface or
 * union, an object type with its own `isTypeOf`.
 */
export function planColumns(type: GraphQLObjectType, selectionSet: SelectionSetNode, options: SelectionOptions): Column[] | null {
  if (type.isTypeOf) return null;
  const columns: Column[] = [];
  const keys = new Set<string>();
  for (const selection of selectionSet.selections) {
    if (selection.kind !== Kind.FIELD || selection.directives?.length || selection.arguments?.length) return null;
    const key = selection.alias?.value ?? selection.name.value;
    if (keys.has(key)) return null;
    keys.add(key);
    if (selection.name.value === '__typename') {
      if (selection.selectionSet) return null;
      columns.push({ key, field: null, nonNull: true, list: null, leaf: null, object: null });
      continue;
    }
    const field = type.getFields()[selection.name.value];
    const plain = field && plainFieldOf(field);
    if (!plain || (plain.nominalLevel && !options.nominal)) return null;
    const column = columnOf(key, plain, field.type, selection.selectionSet, options);
    if (!column) return null;
    columns.push(column);
  }
  return columns;
}

/**
 * The column of a value of `type` asked with `selectionSet` (`field`: the PlainField giving it, or
 * null for a query field's value, which its own resolver gives), or null when it is not plain.
 */
export function columnOf(key: string, field: PlainField | null, type: GraphQLOutputType, selectionSet: SelectionSetNode | undefined, options: SelectionOptions): Column | null {
  const nullable = getNullableType(type);
  let list: Column['list'] = null;
  if (isListType(nullable)) {
    if (!options.nested || isListType(getNullableType(nullable.ofType))) return null;
    list = { itemNonNull: isNonNullType(nullable.ofType) };
  }
  const named = getNamedType(type);
  const column: Column = { key, field, nonNull: isNonNullType(type), list, leaf: null, object: null };
  if (isLeafType(named)) {
    if (selectionSet) return null;
    column.leaf = named;
    return column;
  }
  if (!options.nested || !isObjectType(named) || !selectionSet) return null;
  const columns = planColumns(named, selectionSet, options);
  if (!columns) return null;
  column.object = { type: named, columns };
  return column;
}

/** Every PlainField of `columns`, at any depth. */
export function plainFieldsOf(columns: readonly Column[]): PlainField[] {
  return columns.flatMap((column) => (column.field ? [column.field, ...(column.object ? plainFieldsOf(column.object.columns) : [])] : []));
}

/** The roles that may read every field of `columns` (each field's guard refuses the rest). */
export function rolesReadingAll(columns: readonly Column[]): ReadonlySet<Role> {
  const fields = plainFieldsOf(columns);
  return new Set((fields[0]?.roles ?? []).filter((role) => fields.every((field) => field.roles?.includes(role))));
}

/**
 * `row` as the answer shows `columns` of it (a `typeName` row). A value that is a promise is waited
 * for when `pending` is given (its promise, filling the key in place, is added to it), else refused;
 * throws NOT_PLAIN (or what a resolver or serializer throws) where graphql-js would not answer plainly.
 */
export function showRow(columns: readonly Column[], typeName: string, row: object, context: HubContext, pending?: Promise<void>[]): Record<string, unknown> {
  const shown: Record<string, unknown> = {};
  for (const column of columns) {
    if (!column.field) {
      shown[column.key] = typeName;
      continue;
    }
    const value = column.field.resolve(row, context);
    if (value !== null && typeof value === 'object' && typeof (value as { then?: unknown }).then === 'function') {
      if (!pending) throw NOT_PLAIN;
      shown[column.key] = null;
      pending.push((value as Promise<unknown>).then((resolved) => {
        shown[column.key] = showValue(column, resolved, context, pending);
      }));
      continue;
    }
    shown[column.key] = showValue(column, value, context, pending);
  }
  return shown;
}

/** A column's value as the answer shows it. */
export function showValue(column: Column, value: unknown, context: HubContext, pending?: Promise<void>[]): unknown {
  if (value === null || value === undefined) {
    if (column.nonNull) throw NOT_PLAIN;
    return null;
  }
  if (!column.list) return showItem(column, value, context, pending);
  if (!Array.isArray(value)) throw NOT_PLAIN;
  const out: unknown[] = new Array(value.length);
  for (let i = 0; i < value.length; i++) {
    const item: unknown = value[i];
    if (item === null || item === undefined) {
      if (column.list.itemNonNull) throw NOT_PLAIN;
      out[i] = null;
    } else out[i] = showItem(column, item, context, pending);
  }
  return out;
}

function showItem(column: Column, value: unknown, context: HubContext, pending?: Promise<void>[]): unknown {
  if (typeof value === 'object' && typeof (value as { then?: unknown }).then === 'function') throw NOT_PLAIN;
  if (column.object) {
    if (typeof value !== 'object') throw NOT_PLAIN;
    return showRow(column.object.columns, column.object.type.name, value as object, context, pending);
  }
  const serialized: unknown = column.leaf!.serialize(value);
  if (serialized === null || serialized === undefined) throw NOT_PLAIN;
  return serialized;
}

/** Waits for every promise `showRow` added to `pending`, and those they add in turn. */
export async function settled(pending: Promise<void>[]): Promise<void> {
  while (pending.length) await Promise.all(pending.splice(0));
}
