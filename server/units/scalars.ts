/**
 * What every number the hub serves is: money, a percentage, a count, a rate, FTE, a date or a
 * month, each a GraphQL scalar that clients read by introspection. The JSON value stays a plain
 * number (or a `YYYY-MM-DD` / `YYYY-MM` string); the scalar's name and description say what it
 * means. Beside each, how a spreadsheet shows it: the add-in, `export` and `refresh` take a
 * column's number format and header unit from here, never from a field's name.
 */
import { GraphQLBoolean, GraphQLFloat, GraphQLID, GraphQLInt, GraphQLScalarType, GraphQLString, Kind, type ValueNode } from 'graphql';
import type { CellKind } from '../../wire/report-layout.js';

export type { CellKind };

export interface SpreadsheetForm {
  kind: CellKind;
  /** The Excel number format code. */
  numberFormat: string;
  /** The unit as a column header shows it, `(£)`; null when the values speak for themselves. */
  unit: string | null;
}

const number = (name: string, description: string, integer = false) =>
  new GraphQLScalarType<number, number>({
    name,
    description,
    serialize: (value) => (integer ? GraphQLInt : GraphQLFloat).serialize(value),
    parseValue: (value) => (integer ? GraphQLInt : GraphQLFloat).parseValue(value),
    parseLiteral: (ast: ValueNode) => (integer ? GraphQLInt : GraphQLFloat).parseLiteral(ast),
  });

const DATE = /^\d{4}-\d{2}-\d{2}/;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

const dateText = (name: string, pattern: RegExp, length: number, written: string, description: string) => {
  const check = (value: unknown): string => {
    const text = value instanceof Date && !Number.isNaN(value.getTime()) ? value.toISOString() : value;
    if (typeof text !== 'string' || !pattern.test(text)) throw new TypeError(`${name} cannot represent ${JSON.stringify(value)}: write it as ${written}.`);
    return text.slice(0, length);
  };
  return new GraphQLScalarType<string, string>({
    name,
    description,
    serialize: check,
    parseValue: check,
    parseLiteral: (ast) => {
      if (ast.kind !== Kind.STRING) throw new TypeError(`${name} must be a string written ${written}.`);
      return check(ast.value);
    },
  });
};

export const Money = number('Money', 'An amount in pounds sterling (GBP), to the penny: 578528.36 is £578,528.36. Held as whole pence, so amounts add up exactly.');
export const Percent = number('Percent', 'A percentage as published: 56.5 means 56.5% (not 0.565). Shares, changes, rates of a whole (reoffenders of members) and ORGS scores.');
export const Count = number('Count', 'A whole number of things: people, offences, records, posts.', true);
export const Fte = number('Fte', 'Full-time equivalent posts, to the hundredth: 1.5 is one full-time and one half-time post.');
export const RatePerMember = number('RatePerMember', 'So many per member of the cohort, to the hundredth: 1.43 priority offences per member. The field says what is counted.');
export const RatePer100Members = number('RatePer100Members', 'So many per 100 members of the cohort, to the hundredth: 37.5 offences per 100 members.');
export const RatePerReoffender = number('RatePerReoffender', 'So many per member who reoffended, to the hundredth: 2.5 offences per reoffender.');
export const RatePerFte = number('RatePerFte', 'So many per full-time equivalent post, to the hundredth: 40 nominals per FTE.');
export const Weight = number('Weight', 'A cost share\'s weight in its basis\'s own terms (the percent, the cohort, the FTE hosted or the population): only its proportion to the other weights matters.');
export const Score = number('Score', 'Points on a scoring scale, such as a partnership\'s referral matrix.', true);
export const DateScalar = dateText('Date', DATE, 10, 'YYYY-MM-DD', 'A calendar date, `YYYY-MM-DD` (2012-09-30).');
export const Month = dateText('Month', MONTH, 7, 'YYYY-MM', 'A calendar month, `YYYY-MM` (2013-09).');

const TWO_DECIMALS = '#,##0.00';
const text: SpreadsheetForm = { kind: 'TEXT', numberFormat: '@', unit: null };

/** Each output type's spreadsheet form, by GraphQL type name. */
const FORMS: Record<string, SpreadsheetForm> = {
  [Money.name]: { kind: 'NUMBER', numberFormat: '£#,##0.00;[Red]-£#,##0.00', unit: '£' },
  [Percent.name]: { kind: 'NUMBER', numberFormat: '0.00"%"', unit: '%' },
  [Count.name]: { kind: 'NUMBER', numberFormat: '#,##0', unit: null },
  [Fte.name]: { kind: 'NUMBER', numberFormat: TWO_DECIMALS, unit: 'FTE' },
  [RatePerMember.name]: { kind: 'NUMBER', numberFormat: TWO_DECIMALS, unit: 'per member' },
  [RatePer100Members.name]: { kind: 'NUMBER', numberFormat: TWO_DECIMALS, unit: 'per 100 members' },
  [RatePerReoffender.name]: { kind: 'NUMBER', numberFormat: TWO_DECIMALS, unit: 'per reoffender' },
  [RatePerFte.name]: { kind: 'NUMBER', numberFormat: TWO_DECIMALS, unit: 'per FTE' },
  [Weight.name]: { kind: 'NUMBER', numberFormat: 'General', unit: null },
  [Score.name]: { kind: 'NUMBER', numberFormat: '0', unit: null },
  [DateScalar.name]: { kind: 'DATE', numberFormat: 'd mmm yyyy', unit: null },
  [Month.name]: { kind: 'MONTH', numberFormat: 'mmm yyyy', unit: null },
  DateTimeISO: { kind: 'DATE_TIME', numberFormat: 'd mmm yyyy hh:mm', unit: 'UTC' },
  // Ids, versions and positions: whole numbers without a unit (the listed exceptions).
  [GraphQLInt.name]: { kind: 'NUMBER', numberFormat: '0', unit: null },
  // No output field is a bare Float (a test walks the schema); General shows it as it is.
  [GraphQLFloat.name]: { kind: 'NUMBER', numberFormat: 'General', unit: null },
  [GraphQLBoolean.name]: { kind: 'BOOLEAN', numberFormat: 'General', unit: null },
  [GraphQLString.name]: text,
  [GraphQLID.name]: text,
};

/** The spreadsheet form of a leaf type (enums and unknown scalars are text). */
export function spreadsheetForm(typeName: string): SpreadsheetForm {
  return FORMS[typeName] ?? text;
}

/** The unit scalars, for the schema build (so a scalar no field uses yet is still declared). */
export const UNIT_SCALARS = [Money, Percent, Count, Fte, RatePerMember, RatePer100Members, RatePerReoffender, RatePerFte, Weight, Score, DateScalar, Month];
