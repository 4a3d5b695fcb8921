/**
 * Reading one edited cell as the hub's input wants it: text, money in pounds with at most two
 * decimals, a number, a percentage, a whole number or one of an enum's values. Empty is null.
 */
export type FieldKind = 'text' | 'money' | 'decimal' | 'whole' | 'enum';

export type Parsed = { value: string | number | null } | { problem: string };

const isEmpty = (cell: unknown) => cell === null || cell === undefined || (typeof cell === 'string' && cell.trim() === '');

/** Text as the user sees it: a leading apostrophe that only kept text from becoming a formula is dropped. */
function text(cell: unknown): string {
  const value = String(cell).trim();
  return /^'[=+\-@]/.test(value) ? value.slice(1) : value;
}

function number(cell: unknown): number | undefined {
  if (typeof cell === 'number') return Number.isFinite(cell) ? cell : undefined;
  if (typeof cell === 'boolean') return undefined;
  const cleaned = text(cell).replace(/^£/, '').replace(/,/g, '').replace(/%$/, '');
  if (!/^-?(\d+\.?\d*|\.\d+)$/.test(cleaned)) return undefined;
  return Number(cleaned);
}

const decimals = (n: number) => Math.abs(n * 100 - Math.round(n * 100)) > 1e-6;

export function parseCell(cell: unknown, kind: FieldKind, values: readonly string[] = []): Parsed {
  if (isEmpty(cell)) return { value: null };
  if (kind === 'text') return { value: text(cell) };
  if (kind === 'enum') {
    const upper = text(cell).toUpperCase().replace(/[\s-]+/g, '_');
    return values.includes(upper) ? { value: upper } : { problem: `"${text(cell)}" is not one of ${values.join(', ')}.` };
  }
  const n = number(cell);
  if (n === undefined) return { problem: `"${text(cell)}" is not a number.` };
  if (n < 0) return { problem: `${n} is negative.` };
  if (kind === 'whole' && !Number.isInteger(n)) return { problem: `${n} is not a whole number.` };
  if ((kind === 'money' || kind === 'decimal') && decimals(n)) return { problem: `${n} has more than two decimals${kind === 'money' ? ' (money is in pounds and pence)' : ''}.` };
  return { value: n };
}

/** Two parsed values are the same (numbers to the penny). */
export function sameValue(a: string | number | null, b: string | number | null): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Math.round(a * 100) === Math.round(b * 100);
  return a === b;
}
