/**
 * The checking half of an import: the file's rows read, matched to the kind's columns and checked
 * one by one, every problem collected with its row and column. Pure apart from reading the file:
 * no database, so it runs on the hub's event loop or in a worker thread (./check-worker.ts) alike.
 */
import { DomainError } from '../errors/domain-error.js';
import { problemsOf } from '../errors/problems.js';
import { CellError, readCell, type CellValue } from './cells.js';
import { matchHeaders, type ColumnSpec, type ImportProblem } from './columns.js';
import type { ImportKind, PartnershipRef, RowContext, Values } from './kinds/import-kind.js';
import { readTableRuns, type TableSource } from './read-table.js';

/** The report lists this many problems; `problemCount` says how many there were in all. */
export const PROBLEM_LIMIT = 100;

export class Problems {
  list: ImportProblem[] = [];
  count = 0;
  add(problem: ImportProblem): void {
    this.count++;
    if (this.list.length < PROBLEM_LIMIT) this.list.push(problem);
  }
}

/** Every problem a row's check found (a check that lists several gives each, on its own column). */
function problemsOfRow(error: unknown, row: number, byKey: ReadonlyMap<string, ColumnSpec>): ImportProblem[] {
  if (error instanceof DomainError && error.code === 'BAD_USER_INPUT') {
    return problemsOf(error).map(({ field, message }) => {
      const key = field.replace(/^row\.?/, '').split(/[.[]/)[0];
      const reason = message.startsWith(`${field}: `) ? message.slice(field.length + 2) : message;
      return { row, column: byKey.get(key)?.header ?? null, reason };
    });
  }
  return [{ row, column: null, reason: `could not be read (${error instanceof Error ? error.message : String(error)}).` }];
}

export interface PassSetup<L> {
  kind: ImportKind<L>;
  source: TableSource;
  partnerships: ReadonlyMap<string, PartnershipRef>;
  defaultPartnership: PartnershipRef | null;
  lookups: L;
  problems: Problems;
  /** Why a partnership code is refused (there is none, or none the caller's token covers). */
  unknownPartnership: (code: string) => string;
  /** Keys seen so far, for duplicate rows within the file. */
  seen: Map<string, number>;
  onHeader?: (unknown: string[]) => void;
}

/** A run of the file's rows, checked: the records for the kind's write (rows with problems give none), and the number of the run's last row. */
export interface CheckedRun {
  records: unknown[];
  lastRow: number;
}

/**
 * Streams the file's checked records, a run of rows at a time; every problem goes to
 * `setup.problems` and rows with problems give no record. Returns the number of data rows.
 */
export async function* checkedRecords<L>(setup: PassSetup<L>): AsyncGenerator<CheckedRun, number> {
  const { kind, problems } = setup;
  const byKey = new Map(kind.columns.map((c) => [c.key, c]));
  const optionalPartnership = setup.defaultPartnership || !kind.scoped ? new Set(['partnership']) : new Set<string>();
  let columns: (ColumnSpec | null)[] | null = null;
  let dataRows = 0;
  for await (const rows of readTableRuns(setup.source)) {
    const records: unknown[] = [];
    for (const { row, cells } of rows) {
      if (!columns) {
        const match = matchHeaders(kind.columns, cells, optionalPartnership);
        setup.onHeader?.(match.unknown);
        for (const problem of match.problems) problems.add(problem);
        if (match.problems.length) return 0;
        columns = match.columns;
        continue;
      }
      dataRows++;
      const record = checkRow(setup, byKey, columns, row, cells);
      if (record !== NO_RECORD) records.push(record);
    }
    if (rows.length && columns) yield { records, lastRow: rows[rows.length - 1].row };
  }
  if (kind.checkRows) for (const { row, error } of kind.checkRows(setup.lookups)) for (const problem of problemsOfRow(error, row, byKey)) problems.add(problem);
  if (!columns && !problems.count) problems.add({ row: null, column: null, reason: 'the file is empty: it has no header row and no data.' });
  else if (columns && dataRows === 0) problems.add({ row: null, column: null, reason: 'the file has a header row but no data rows.' });
  return dataRows;
}

const NO_RECORD = Symbol('no record');

/** Checks one data row: its record, or NO_RECORD when the row has problems (each one added to `setup.problems`). */
function checkRow<L>(setup: PassSetup<L>, byKey: ReadonlyMap<string, ColumnSpec>, columns: readonly (ColumnSpec | null)[], row: number, cells: readonly string[]): unknown {
  const { kind, problems } = setup;
  const values: Values = {};
  /** The keys of the columns whose cell could not be read, and the headers of the columns the row already has a problem on (made only for a row with a problem). */
  let unreadable: Set<string> | null = null;
  let flagged: Set<string | null> | null = null;
  let bad = false;
  for (let i = 0; i < cells.length; i++) {
    const spec = columns[i];
    if (!spec) {
      if (i >= columns.length && cells[i].trim()) {
        problems.add({ row, column: null, reason: `a value in column ${i + 1}, which has no header: "${cells[i].trim()}".` });
        bad = true;
      }
      continue;
    }
    try {
      values[spec.key] = readCell(spec, cells[i]);
    } catch (error) {
      if (!(error instanceof CellError)) throw error;
      problems.add({ row, column: spec.header, reason: error.message });
      (flagged ??= new Set()).add(spec.header);
      (unreadable ??= new Set()).add(spec.key);
      bad = true;
    }
  }
  for (const spec of kind.columns) {
    if (!(spec.key in values)) values[spec.key] = readCell(spec, undefined);
    const value: CellValue = values[spec.key];
    if (spec.required && value === null && !unreadable?.has(spec.key) && !(spec.key === 'partnership' && setup.defaultPartnership)) {
      problems.add({ row, column: spec.header, reason: 'must not be empty.' });
      (flagged ??= new Set()).add(spec.header);
      bad = true;
    }
  }
  let partnership: PartnershipRef | null = null;
  if (kind.scoped) {
    const code = values.partnership as string | null;
    if (code && setup.defaultPartnership && code !== setup.defaultPartnership.code) {
      problems.add({ row, column: 'Partnership', reason: `"${code}" is not the partnership being imported into (${setup.defaultPartnership.code}).` });
      bad = true;
    } else if (code) {
      partnership = setup.partnerships.get(code) ?? null;
      if (!partnership) {
        problems.add({ row, column: 'Partnership', reason: setup.unknownPartnership(code) });
        bad = true;
      }
    } else partnership = setup.defaultPartnership;
  }
  const ctx: RowContext<L> = { partnership, lookups: setup.lookups, row, fileName: setup.source.name };
  if (bad) {
    // The row's other columns still go through the kind's checks, so the report lists every
    // problem of the row; the columns already reported (and what follows from them) are not repeated.
    if (kind.scoped && !partnership) return NO_RECORD;
    try {
      kind.check(values, ctx);
    } catch (error) {
      if (error instanceof DomainError && error.code === 'BAD_USER_INPUT')
        for (const problem of problemsOfRow(error, row, byKey)) if (problem.column && !flagged?.has(problem.column)) problems.add(problem);
    }
    return NO_RECORD;
  }
  let record: unknown;
  try {
    record = kind.check(values, ctx);
  } catch (error) {
    for (const problem of problemsOfRow(error, row, byKey)) problems.add(problem);
    return NO_RECORD;
  }
  const dup = kind.duplicateKey(record, ctx, values);
  const first = setup.seen.get(dup.key);
  if (first !== undefined) {
    problems.add({ row, column: byKey.get(dup.column)?.header ?? dup.column, reason: `"${dup.value}" is already on row ${first} of this file.` });
    return NO_RECORD;
  }
  setup.seen.set(dup.key, row);
  return record;
}

/** Why a partnership code is refused: there is none, or none among those the caller's token covers (`all`: it covers every partnership). */
export function unknownPartnershipReason(all: boolean, codes: readonly string[]): (code: string) => string {
  // Another partnership's code reads as one that does not exist, as everywhere in the hub.
  return (code) => (all ? `there is no partnership "${code}".` : `there is no partnership "${code}" among those this token may import into (${codes.join(', ') || 'none'}).`);
}
