/**
 * A record's stored values read the way the API shows them, and the fields that differ between two
 * versions of it. Stored values follow the hub's conventions: money in pence (`budgetPence`), FTE
 * and percentages in hundredths (`fteHundredths`, `onCostBasisPoints`), a financial year by its
 * label (`year`, `fromYear`), another record by its id (`employingAgency`). The snapshots are what
 * the audit log keeps (property → stored value) or what a change is about to write.
 */

export interface FieldChange {
  /** The API's name for the field: `budget`, `fte`, `onCostPercent`, `financialYear`. */
  field: string;
  /** The value before, as the API shows it (pounds, FTE, percent, a code); null when empty. */
  from: string | null;
  to: string | null;
}

export type Snapshot = Readonly<Record<string, unknown>>;

/** Bookkeeping, not content: never listed as a change. */
const BOOKKEEPING = new Set(['id', 'version', 'updatedAt', 'partnership']);

const SCALED: readonly [suffix: string, apiSuffix: string][] = [
  ['BasisPoints', 'Percent'],
  ['Hundredths', ''],
  ['Pence', ''],
];

/** The API's name for a stored property: `budgetPence` → `budget`, `onCostBasisPoints` → `onCostPercent`, `fromYear` → `fromFinancialYear`. */
export function apiFieldName(property: string): { field: string; scaled: boolean } {
  for (const [suffix, apiSuffix] of SCALED)
    if (property.endsWith(suffix) && property.length > suffix.length) return { field: property.slice(0, -suffix.length) + apiSuffix, scaled: true };
  if (property === 'year') return { field: 'financialYear', scaled: false };
  if (property.endsWith('Year')) return { field: `${property.slice(0, -4)}FinancialYear`, scaled: false };
  return { field: property, scaled: false };
}

/** Hundredths and pence as the decimal they stand for, exactly: 5037000 → "50370", 5 → "0.05". */
function fromHundredths(value: number): string {
  const sign = value < 0 ? '-' : '';
  const whole = Math.floor(Math.abs(value) / 100);
  const cents = Math.abs(value) % 100;
  return `${sign}${whole}${cents ? `.${String(cents).padStart(2, '0').replace(/0$/, '')}` : ''}`;
}

/**
 * A stored value as the API shows it. `referenceName` turns another record's id into its code
 * (an agency's id into `norfolk-constabulary`); without it the id is shown.
 */
export function readableValue(property: string, value: unknown, referenceName?: (property: string, id: unknown) => string | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (apiFieldName(property).scaled && typeof value === 'number') return fromHundredths(value);
  const name = referenceName?.(property, value);
  if (name !== undefined) return name;
  if (value instanceof Date) return value.toISOString();
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * The fields that differ between two snapshots, in the order of the record's properties; a created
 * record (no `before`) lists every field it has a value for, a removed one (no `after`) every field it had.
 */
export function readableChanges(
  before: Snapshot | null,
  after: Snapshot | null,
  referenceName?: (property: string, id: unknown) => string | undefined,
): FieldChange[] {
  const properties = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])].filter((p) => !BOOKKEEPING.has(p));
  const changes: FieldChange[] = [];
  for (const property of properties) {
    const from = before ? readableValue(property, before[property], referenceName) : null;
    const to = after ? readableValue(property, after[property], referenceName) : null;
    if (from !== to) changes.push({ field: apiFieldName(property).field, from, to });
  }
  return changes;
}
