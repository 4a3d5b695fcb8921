/**
 * The columns an import kind reads: one table per kind drives header matching, cell parsing,
 * validation messages and `iom-hub import <kind> --help`. Pure: no database, no GraphQL.
 */

export type ColumnType = 'text' | 'date' | 'month' | 'integer' | 'number' | 'pounds' | 'boolean' | 'enum' | 'list' | 'year';

export interface ColumnSpec {
  /** The property of the service's input the column fills (problems name the column by its header). */
  key: string;
  /** The header the hub writes and documents. */
  header: string;
  /** Other headers partners use for it ("Date of Offence", "CRIMSEC3 code"). */
  aliases?: readonly string[];
  required: boolean;
  type: ColumnType;
  /** The allowed values of an enum or list column. */
  values?: readonly string[];
  description: string;
}

/** A problem with the file or one of its rows: row 1 is the header row; null when it concerns the whole file. */
export interface ImportProblem {
  row: number | null;
  column: string | null;
  reason: string;
}

/** Headers compare with case, spaces and punctuation ignored: "Date of Offence" = "date_of_offence" = "DATEOFOFFENCE". */
export function headerKey(header: string): string {
  return header.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}

export interface HeaderMatch {
  /** For each position in the header row, the column it fills, or null (unknown or blank). */
  columns: (ColumnSpec | null)[];
  /** Headers that name no column of the kind, as written. */
  unknown: string[];
  problems: ImportProblem[];
}

/**
 * Matches a header row against a kind's columns. A required column that is missing, or two
 * headers that name the same column, are problems; headers that name no column are listed.
 */
export function matchHeaders(specs: readonly ColumnSpec[], headers: readonly string[], optional: ReadonlySet<string> = new Set()): HeaderMatch {
  const byKey = new Map<string, ColumnSpec>();
  for (const spec of specs) for (const name of [spec.header, ...(spec.aliases ?? [])]) byKey.set(headerKey(name), spec);
  const seen = new Map<ColumnSpec, string>();
  const problems: ImportProblem[] = [];
  const unknown: string[] = [];
  const columns = headers.map((header) => {
    const text = header.trim();
    if (!text) return null;
    const spec = byKey.get(headerKey(text)) ?? null;
    if (!spec) {
      unknown.push(text);
      return null;
    }
    const earlier = seen.get(spec);
    if (earlier !== undefined) {
      problems.push({ row: 1, column: text, reason: earlier === text ? `the header "${text}" appears twice.` : `"${text}" and "${earlier}" both name the column "${spec.header}".` });
      return null;
    }
    seen.set(spec, text);
    return spec;
  });
  for (const spec of specs)
    if (spec.required && !seen.has(spec) && !optional.has(spec.key))
      problems.push({ row: 1, column: spec.header, reason: `the required column "${spec.header}" is missing${spec.aliases?.length ? ` (also accepted: ${spec.aliases.map((a) => `"${a}"`).join(', ')})` : ''}.` });
  return { columns, unknown, problems };
}

/** The `--help` table of a kind's columns. */
export function describeColumns(specs: readonly ColumnSpec[]): string {
  const width = Math.max(...specs.map((s) => s.header.length));
  return specs
    .map((spec) => {
      const type = spec.type === 'enum' || spec.type === 'list' ? `${spec.type === 'list' ? 'list of ' : 'one of '}${spec.values?.join(', ')}` : TYPE_NAMES[spec.type];
      const aliases = spec.aliases?.length ? ` Also: ${spec.aliases.map((a) => `"${a}"`).join(', ')}.` : '';
      return `  ${spec.header.padEnd(width)}  ${spec.required ? 'required' : 'optional'}  ${[`${type}.`, spec.description, aliases.trim()].filter(Boolean).join(' ')}`;
    })
    .join('\n');
}

const TYPE_NAMES: Record<ColumnType, string> = {
  text: 'text',
  date: 'date (YYYY-MM-DD or DD/MM/YYYY)',
  month: 'month (YYYY-MM)',
  integer: 'whole number',
  number: 'number (at most two decimals)',
  pounds: 'pounds (e.g. 1,234.56 or £1234.56)',
  boolean: 'yes/no',
  enum: 'one value',
  list: 'list',
  year: 'financial year (e.g. 2014/15)',
};
