/**
 * Variable resolution: the variables an operation declares, and their values for one refresh —
 * literals, or the current value of a named cell read for what it means (a date cell is a date,
 * whatever serial number Excel keeps for it) and converted to the declared type.
 */
import type { VariableSource } from './binding.js';

export interface DeclaredVariable {
  name: string;
  /** The GraphQL type as written, e.g. `String!`, `Int`, `[String!]`. */
  type: string;
  required: boolean;
}

/** A text variable that holds a date (`YYYY-MM-DD`) or a month (`YYYY-MM`), as its argument documents. */
export type VariableFormat = 'date' | 'month';

/** A cell as the workbook gives it: its value (a date is a serial number), its number format and where it is. */
export interface CellReading {
  value: unknown;
  numberFormat?: string;
  address?: string;
}

/** The declarations of the first operation in a query text. */
export function declaredVariables(query: string): DeclaredVariable[] {
  const withoutComments = query.replace(/#[^\n]*/g, '');
  const header = /^\s*(?:query|mutation|subscription)\b[^({]*\(([^)]*)\)/m.exec(withoutComments);
  if (!header) return [];
  const found: DeclaredVariable[] = [];
  const declaration = /\$(\w+)\s*:\s*([\w[\]!]+)/g;
  for (let match = declaration.exec(header[1]); match; match = declaration.exec(header[1])) {
    found.push({ name: match[1], type: match[2], required: match[2].endsWith('!') });
  }
  return found;
}

/** A value that is not what the variable needs: `shown` as the user would see it, `expected` in words. */
export class CoercionError extends Error {
  constructor(
    readonly shown: string,
    readonly expected: string,
  ) {
    super(`${shown} is not ${expected}.`);
  }
}

/** Whether a number format shows a date (d, y or m outside quoted text and [colour] or [$-…] parts, not a time). */
export function isDateFormat(format: string | undefined): boolean {
  const code = (format ?? '').replace(/"[^"]*"|\\.|\[[^\]]*\]/g, '').split(';')[0].toLowerCase();
  return /[dy]/.test(code) || (/m/.test(code) && !/[hs]/.test(code) && !/^[#0.,%\s]*$/.test(code));
}
const showsDay = (format: string | undefined) => /d/.test((format ?? '').replace(/"[^"]*"|\\.|\[[^\]]*\]/g, '').toLowerCase());

const pad = (n: number) => String(n).padStart(2, '0');
const iso = (year: number, month: number, day: number) => `${year}-${pad(month)}-${pad(day)}`;

/** Excel's serial day (1900 date system, with its 29 February 1900) as `YYYY-MM-DD`. */
export function serialToIsoDate(serial: number): string {
  const day = Math.floor(serial);
  const date = new Date(Date.UTC(1899, 11, day < 61 ? 31 : 30) + day * 86_400_000);
  return iso(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const monthOf = (text: string) => (/^\d+$/.test(text) ? Number(text) : MONTHS.indexOf(text.slice(0, 3).toLowerCase()) + 1);
const fullYear = (text: string) => (text.length === 2 ? 2000 + Number(text) : Number(text));

function realDate(year: number, month: number, day: number): string | undefined {
  const date = new Date(Date.UTC(year, month - 1, day));
  return year >= 1900 && date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? iso(year, month, day) : undefined;
}

/** `2012-09-30`, `30/09/2012`, `30/9/12`, `30-09-2012`, `30 Sep 2012` (day first, as in the UK) → `2012-09-30`. */
export function parseDateText(text: string): string | undefined {
  const t = text.trim();
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
  if (m) return realDate(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$/.exec(t);
  if (m) return realDate(fullYear(m[3]), Number(m[2]), Number(m[1]));
  m = /^(\d{1,2})[\s-]+([A-Za-z]{3,9})[\s-]+(\d{2}|\d{4})$/.exec(t);
  if (m && monthOf(m[2]) > 0) return realDate(fullYear(m[3]), monthOf(m[2]), Number(m[1]));
  return undefined;
}

/** `2013-09`, `09/2013`, `Sep 2013`, `September 2013`, or a date → `2013-09`. */
export function parseMonthText(text: string): string | undefined {
  const t = text.trim();
  let m = /^(\d{4})-(\d{1,2})$/.exec(t);
  if (m) return realDate(Number(m[1]), Number(m[2]), 1)?.slice(0, 7);
  m = /^(\d{1,2})[/.-](\d{4})$/.exec(t);
  if (m) return realDate(Number(m[2]), Number(m[1]), 1)?.slice(0, 7);
  m = /^([A-Za-z]{3,9})[\s-]+(\d{2}|\d{4})$/.exec(t);
  if (m && monthOf(m[1]) > 0) return realDate(fullYear(m[2]), monthOf(m[1]), 1)?.slice(0, 7);
  return parseDateText(t)?.slice(0, 7);
}

/** A cell's value as the user sees it, for a message. */
function shown({ value, numberFormat }: CellReading): string {
  if (typeof value === 'number' && isDateFormat(numberFormat)) return `the date ${serialToIsoDate(value)}`;
  return typeof value === 'string' ? `"${value}"` : String(value);
}

/** A cell read for what it means, converted to what the variable's type (and documented format) expects. */
export function coerceCell(reading: CellReading, type: string, format?: VariableFormat): unknown {
  const { value, numberFormat } = reading;
  const named = type.replace(/[!\s]/g, '');
  if (value === '' || value === null || value === undefined) return null;
  if (named.startsWith('[')) {
    const inner = named.slice(1, -1);
    return typeof value === 'string' ? value.split(',').map((part) => coerceCell({ value: part.trim() }, inner, format)) : [coerceCell(reading, inner, format)];
  }
  const dated = typeof value === 'number' && isDateFormat(numberFormat);
  const text = typeof value === 'string' ? value.trim() : undefined;
  const number = typeof value === 'number' ? value : text !== undefined && /^[-+]?[\d,]*\.?\d+$/.test(text) ? Number(text.replace(/,/g, '')) : Number.NaN;
  switch (named) {
    case 'Int':
      if (dated || !Number.isInteger(number)) throw new CoercionError(shown(reading), 'a whole number');
      return number;
    case 'Float':
      if (dated || !Number.isFinite(number)) throw new CoercionError(shown(reading), 'a number');
      return number;
    case 'Boolean': {
      if (typeof value === 'boolean') return value;
      const word = String(value).trim().toLowerCase();
      if (['true', 'yes', 'y', '1'].includes(word)) return true;
      if (['false', 'no', 'n', '0'].includes(word)) return false;
      throw new CoercionError(shown(reading), 'TRUE or FALSE');
    }
    case 'String':
    case 'ID': {
      if (format === 'date' || format === 'month') {
        const date = typeof value === 'number' ? serialToIsoDate(value) : text !== undefined ? (format === 'date' ? parseDateText(text) : parseMonthText(text)) : undefined;
        if (!date) throw new CoercionError(shown(reading), format === 'date' ? 'a date (dd/mm/yyyy or yyyy-mm-dd)' : 'a month (yyyy-mm, or a date in it)');
        return format === 'date' ? date : date.slice(0, 7);
      }
      if (dated) return showsDay(numberFormat) ? serialToIsoDate(value as number) : serialToIsoDate(value as number).slice(0, 7);
      if (typeof value === 'boolean') return value ? 'true' : 'false';
      return text ?? String(value);
    }
    default:
      if (text !== undefined && (text.startsWith('{') || text.startsWith('['))) {
        try {
          return JSON.parse(text);
        } catch {
          throw new CoercionError(shown(reading), `valid JSON for ${named}`);
        }
      }
      return text ?? value;
  }
}

/** A value typed in the pane (or given on the command line), converted to the declared type. */
export function coerceToType(value: unknown, type: string, format?: VariableFormat): unknown {
  return coerceCell({ value }, type, format);
}

export type CellReader = (names: string[]) => Promise<Record<string, unknown>>;

const readingOf = (raw: unknown): CellReading => (raw !== null && typeof raw === 'object' && !Array.isArray(raw) && 'value' in raw ? (raw as CellReading) : { value: raw });

/** The variables to send: literals as they are, named cells read through `readCells` in one go. */
export async function resolveVariables(query: string, sources: Record<string, VariableSource>, readCells: CellReader): Promise<Record<string, unknown>> {
  const declared = new Map(declaredVariables(query).map((v) => [v.name, v]));
  const cellNames = Object.values(sources).flatMap((source) => ('cell' in source ? [source.cell] : []));
  const cells = cellNames.length ? await readCells([...new Set(cellNames)]) : {};
  const variables: Record<string, unknown> = {};
  for (const [name, source] of Object.entries(sources)) {
    if (!('cell' in source)) {
      variables[name] = source.value;
      continue;
    }
    const reading = readingOf(cells[source.cell]);
    try {
      const value = coerceCell(reading, declared.get(name)?.type ?? '', source.format);
      // An optional variable's empty cell is left out, so the query's own default applies (as in the pane).
      if (value === null && !declared.get(name)?.required) continue;
      variables[name] = value;
    } catch (error) {
      const where = `cell ${source.cell}${reading.address ? ` (${reading.address})` : ''}`;
      if (error instanceof CoercionError) throw new Error(`Variable ${name}: ${where} holds ${error.shown}, which is not ${error.expected}.`);
      throw new Error(`Variable ${name} (from ${where}): ${(error as Error).message}`);
    }
  }
  for (const variable of declared.values()) {
    if (variable.required && (variables[variable.name] === undefined || variables[variable.name] === null)) {
      const source = sources[variable.name];
      throw new Error(`Variable ${variable.name} needs a value${source && 'cell' in source ? `: the cell ${source.cell} is empty` : ''}.`);
    }
  }
  return variables;
}
