import { GraphQLID, GraphQLInt, GraphQLString, isEnumType, type GraphQLLeafType } from 'graphql';
import { Count, DateScalar, Percent, Score } from '../units/scalars.js';
import type { Shape } from './plain-selection.js';
import { answerFrame } from './read-audit.js';

/**
 * A plain list's answer written as its JSON text by SQLite (server/access/plain-lists.ts): each
 * row a `json_object` of the fields asked, in the order asked, under their response keys, so that
 * the hub only puts the text in the answer, where it otherwise parses the rows, makes them, shows
 * each field and writes the answer's text again. The text is the one JSON.stringify gives of the
 * answer graphql-js would give, character for character: only leaves whose serialization SQLite
 * can match are written this way (`sqliteLeaf`), and the statement checks every value as the
 * field's scalar or enum would (a whole number in range, a date's form, a value of the enum, a
 * text); a value that fails, or any other field, and the list is answered as before.
 */

/** One field of a row asked: its response key, its field (null for `__typename`), its leaf type. */
export interface TextColumn {
  key: string;
  field: string | null;
  type: GraphQLLeafType | null;
  nonNull: boolean;
}

/** What a list answered as text is asked: its rows' type and their fields, in order. */
export interface PlainTextAsked {
  typeName: string;
  columns: readonly TextColumn[];
  /** The answer's text before the list's text and after it (answerFrame in server/access/read-audit.ts). */
  frame: readonly [string, string];
}

/**
 * The answer's whole text, the list's JSON text in `asked.frame`, made as one string (dataOfText in
 * server/access/read-audit.ts), and the nominal of each row in order (for the read audit); or null
 * to answer it as before.
 */
export type PlainTextRoot = (args: Record<string, unknown>, context: import('../context.js').HubContext, asked: PlainTextAsked) => Promise<{ text: string; nominals: readonly number[] } | null>;

const NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;

/** The fields of a list of rows all asked for leaves (or `__typename`), answered under `key`, or null when the shape is anything else. */
export function textColumnsOf(shape: Shape, key: string): PlainTextAsked | null {
  if (shape.kind !== 'list' || shape.of.kind !== 'object' || !shape.of.nonNull) return null;
  const { selection } = shape.of;
  const columns: TextColumn[] = [];
  for (const column of selection.columns) {
    if (!NAME.test(column.key)) return null;
    if (!column.field) {
      columns.push({ key: column.key, field: null, type: null, nonNull: true });
      continue;
    }
    if (!column.shape || column.shape.kind !== 'leaf' || column.argued >= 0) return null;
    columns.push({ key: column.key, field: column.definition!.name, type: column.shape.type, nonNull: column.shape.nonNull });
  }
  return { typeName: selection.type.name, columns, frame: answerFrame(key) };
}

const INT_RANGE = 'BETWEEN -2147483648 AND 2147483647';
// A whole number past 2^53 is not the double JSON.stringify writes.
const SAFE_RANGE = 'BETWEEN -9007199254740991 AND 9007199254740991';

/**
 * How SQLite writes `expression` as `type` shows it (the value for `json_object`), and the check
 * its every row must pass for that to be the text graphql-js gives; null for a type not written
 * this way. Only a value of the column's own kind passes (a whole number, a text): anything a
 * scalar would convert (a number as a String, a text as an Int) is left to the usual answer.
 */
export function sqliteLeaf(type: GraphQLLeafType, nonNull: boolean, expression: string): { value: string; check: string } | null {
  const of = (value: string, check: string) => ({ value, check: nonNull ? `(${expression} IS NOT NULL AND ${check})` : `(${expression} IS NULL OR ${check})` });
  if (type === GraphQLID) return of(`CAST(${expression} AS TEXT)`, `(typeof(${expression}) = 'integer' AND ${expression} ${SAFE_RANGE})`);
  if (type === GraphQLInt || type === Score || type === Count) return of(expression, `(typeof(${expression}) = 'integer' AND ${expression} ${INT_RANGE})`);
  if (type === Percent) return of(expression, `(typeof(${expression}) = 'integer' AND ${expression} ${SAFE_RANGE})`);
  if (type === GraphQLString) return of(expression, `typeof(${expression}) = 'text'`);
  if (type === DateScalar) return of(`substr(${expression}, 1, 10)`, `(typeof(${expression}) = 'text' AND ${expression} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*')`);
  if (isEnumType(type)) {
    const values = type.getValues();
    // Shown by its name: only where each value is its own name.
    if (!values.length || values.some((v) => v.value !== v.name || !NAME.test(v.name))) return null;
    return of(expression, `(typeof(${expression}) = 'text' AND ${expression} IN (${values.map((v) => `'${v.name}'`).join(', ')}))`);
  }
  return null;
}

/**
 * The `json_object(…)` of a row (keys as asked, each value by `sqliteLeaf`, `__typename` the
 * type's name) and the check every row must pass, for `columns` read from `expressions` (a field's
 * SQL expression by its name); null when a field has none or its type is not written this way.
 */
export function sqliteRowObject(asked: PlainTextAsked, expressions: Readonly<Record<string, string>>): { object: string; check: string } | null {
  if (!NAME.test(asked.typeName)) return null;
  const parts: string[] = [];
  const checks: string[] = [];
  for (const column of asked.columns) {
    if (!column.field) {
      parts.push(`'${column.key}', '${asked.typeName}'`);
      continue;
    }
    const expression = Object.hasOwn(expressions, column.field) ? expressions[column.field] : undefined;
    const leaf = expression && column.type ? sqliteLeaf(column.type, column.nonNull, expression) : null;
    if (!leaf) return null;
    parts.push(`'${column.key}', ${leaf.value}`);
    checks.push(leaf.check);
  }
  return { object: `json_object(${parts.join(', ')})`, check: checks.length ? checks.join(' AND ') : '1' };
}
