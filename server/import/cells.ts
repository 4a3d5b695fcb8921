/**
 * Cell text → the value the service's input expects (a number, an enum value, a list). Only the
 * form is checked here; the rules on the value (dates, negatives, two decimals…) are the services'
 * own validators, called by each kind. Pure.
 */
import type { ColumnSpec } from './columns.js';

/** A cell that cannot be read as its column's type; the reason is shown with the row and column. */
export class CellError extends Error {}

export type CellValue = string | number | boolean | string[] | null;

const DMY = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$/;
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const TRUE = new Set(['yes', 'y', 'true', '1']);
const FALSE = new Set(['no', 'n', 'false', '0']);

/** "28/02/2014" → "2014-02-28"; anything else is left for requireDate to judge. */
export function isoDate(text: string): string {
  const dmy = DMY.exec(text);
  return dmy ? `${dmy[3]}-${dmy[2].padStart(2, '0')}-${dmy[1].padStart(2, '0')}` : text;
}

/** "£1,234.50" → 1234.5; "(12)" is not accepted (a negative is written -12). */
export function parseNumber(text: string): number {
  const plain = text.replace(/^£/, '').replace(/^-£/, '-').replace(/,(?=\d{3}(\D|$))/g, '').replace(/\s+/g, '').replace(/%$/, '');
  if (!NUMBER.test(plain)) throw new CellError(`"${text}" is not a number.`);
  return Number(plain);
}

/** "in prison" → "IN_PRISON". */
export function enumKey(text: string): string {
  return text.trim().toUpperCase().replace(/[^A-Z0-9]+/g, '_').replace(/^_|_$/g, '');
}

function enumValue(spec: ColumnSpec, text: string): string {
  if (spec.values?.includes(text)) return text; // written as the hub writes it: nothing to fold
  const key = enumKey(text);
  if (!spec.values?.includes(key)) throw new CellError(`"${text}" is not one of ${spec.values?.join(', ')}.`);
  return key;
}

/** Reads one cell; a blank cell is null (required values are then refused by the service's validator or the kind). */
export function readCell(spec: ColumnSpec, raw: string | undefined): CellValue {
  const text = raw?.trim() ?? '';
  if (!text) return spec.type === 'list' ? [] : null;
  switch (spec.type) {
    case 'text':
    case 'month':
    case 'year':
      return text;
    case 'date':
      return isoDate(text);
    case 'integer':
    case 'number':
    case 'pounds':
      return parseNumber(text);
    case 'boolean': {
      const lower = text.toLowerCase();
      if (TRUE.has(lower)) return true;
      if (FALSE.has(lower)) return false;
      throw new CellError(`"${text}" is not yes or no.`);
    }
    case 'enum':
      return enumValue(spec, text);
    case 'list':
      return [...new Set(text.split(/[;,|]/).map((part) => part.trim()).filter(Boolean).map((part) => enumValue(spec, part)))];
  }
}
