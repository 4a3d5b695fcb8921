import type { EntityManager } from '@mikro-orm/core';
import { badInput } from '../errors/domain-error.js';
import { InputChecks } from '../errors/problems.js';
import { optionalDate, optionalText, requireText, requireWholeNumber } from '../errors/validate.js';
import { poundsToPence } from '../money/pence.js';
import { toHundredths } from '../money/hundredths.js';

/**
 * How one field of an input reaches a record: which property it sets and how a value the client
 * sent becomes the stored one (pounds → pence, a code → the agency). A record kind lists its
 * fields once; adding, updating and submitting a sheet all go through them, so an update changes
 * exactly the fields it sends and an explicit null clears a field.
 */
export interface FieldRule<R> {
  /** The record's property: `budgetPence` for the API's `budget`. */
  property: keyof R & string;
  /** Converts a sent value (never null or undefined), refusing bad input naming `field`. */
  parse(value: any, field: string, tx: EntityManager, record: R): unknown;
  /** A new record must send it (unless it has a fallback); implies not nullable. */
  required?: boolean;
  /** Whether null clears it (default: unless required). */
  nullable?: boolean;
  /** What a new record holds when the field is not sent (otherwise what the record was created with, or null). */
  fallback?: unknown;
}

export type FieldRules<R> = Readonly<Record<string, FieldRule<R>>>;

/**
 * Applies the fields an input sends to a record: a field left out (undefined) keeps its value,
 * null clears it (a required field refuses null), anything else is checked and converted. When
 * `adding`, a field left out gets its fallback, or keeps what the record was created with, or is
 * null; a required one without a fallback is refused.
 */
export async function applyFields<R extends object>(tx: EntityManager, rules: FieldRules<R>, record: R, input: object, field: string, adding: boolean): Promise<void> {
  for (const [name, rule] of Object.entries(rules)) await applyField(rule, (input as Record<string, unknown>)[name], `${field}.${name}`, record, adding, tx);
}

/**
 * The stored values of a whole input, as a new record would hold them, for rules that need no
 * database (an import checks its rows in memory with these). An empty cell (null) is a field not given.
 */
export function storedValues<R extends object>(rules: FieldRules<R>, input: object, field: string): Partial<R> {
  const record = {} as R;
  const checks = new InputChecks();
  for (const [name, rule] of Object.entries(rules)) {
    const done = checks.check(() => applyField(rule, (input as Record<string, unknown>)[name] ?? undefined, `${field}.${name}`, record, true, undefined));
    if (done instanceof Promise) throw new Error(`${field}.${name} needs the database; check it with applyFields.`);
  }
  checks.done();
  return record;
}

function applyField<R>(rule: FieldRule<R>, value: unknown, field: string, record: R, adding: boolean, tx: EntityManager | undefined): void | Promise<void> {
  const target = record as Record<string, unknown>;
  if (value === undefined) {
    if (!adding) return;
    if (rule.fallback !== undefined) target[rule.property] = rule.fallback;
    else if (rule.required) throw badInput(field, 'is required.');
    else if (target[rule.property] === undefined) target[rule.property] = null;
    return;
  }
  if (value === null) {
    if (rule.required || rule.nullable === false) throw badInput(field, 'cannot be cleared (null); give a value.');
    target[rule.property] = null;
    return;
  }
  const parsed = rule.parse(value, field, tx as EntityManager, record);
  if (parsed instanceof Promise) return parsed.then((stored) => void (target[rule.property] = stored));
  target[rule.property] = parsed;
}

// The usual kinds of field. `{ required: true }` for one a record cannot do without.

type Options = Pick<FieldRule<never>, 'required' | 'nullable' | 'fallback'>;

export function textField<R>(property: keyof R & string, max = 2000, options: Options = {}): FieldRule<R> {
  return { property, parse: (value: string, field) => (options.required ? requireText(field, value, max) : optionalText(field, value, max)), ...options };
}

export function poundsField<R>(property: keyof R & string, options: Options = {}): FieldRule<R> {
  return { property, parse: (value: number, field) => poundsToPence(field, value), ...options };
}

/** FTE, percentages and other numbers held in hundredths (two decimals at most). */
export function hundredthsField<R>(property: keyof R & string, range: { min?: number; max?: number } = {}, options: Options = {}): FieldRule<R> {
  return { property, parse: (value: number, field) => toHundredths(field, value, range), ...options };
}

export function wholeNumberField<R>(property: keyof R & string, range: { min?: number; max?: number } = {}, options: Options = {}): FieldRule<R> {
  return { property, parse: (value: number, field) => requireWholeNumber(field, value, range), ...options };
}

export function dateField<R>(property: keyof R & string, options: Options = {}): FieldRule<R> {
  return { property, parse: (value: string, field) => optionalDate(field, value), ...options };
}

/** An enum value: GraphQL has checked it is one of the enum's values. */
export function valueField<R>(property: keyof R & string, options: Options = {}): FieldRule<R> {
  return { property, parse: (value: unknown) => value, ...options };
}

/** An input that may send any of a record's fields, or null to clear one: `implements Patch<Pick<EstablishmentLine, 'grade' | 'notes'>>`. */
export type Patch<T> = { [K in keyof T]?: T[K] | null };
