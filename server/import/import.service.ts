/**
 * An import in one streaming pass over the file, inside ONE transaction: every row is checked
 * (every problem is collected, so the report lists them all) and written in batches as it goes,
 * with one audit entry at the end. If any row has a problem, nothing more is written and the
 * transaction rolls back, so a file with a problem changes nothing. A dry run makes the same pass
 * without a transaction or a write, to count what would change.
 */
import type { EntityManager } from '@mikro-orm/core';
import type { EntityManager as SqlEntityManager } from '@mikro-orm/knex';
import type { Knex } from 'knex';
import { DomainError } from '../errors/domain-error.js';
import { problemsOf } from '../errors/problems.js';
import { writeTransaction } from '../db/write.js';
import { appendAuditEntries } from '../access/audit-chain.js';
import { callerOf } from '../access/caller.js';
import { roleName } from '../access/role.js';
import { Partnership } from '../partnership/partnership.entity.js';
import { CellError, readCell, type CellValue } from './cells.js';
import { matchHeaders, type ColumnSpec, type ImportProblem } from './columns.js';
import { importKind, IMPORT_KINDS } from './kinds/registry.js';
import type { ImportKind, PartnershipRef, RowContext, Values } from './kinds/import-kind.js';
import { ImportFileError, readTableRuns, type TableSource } from './read-table.js';
import { finishStatements, hasNoKeyedRows, type RowStatus } from './upsert.js';
import { engineOf } from '../db/dialect.js';

/** The report lists this many problems; `problemCount` says how many there were in all. */
export const PROBLEM_LIMIT = 100;
/** Rows handed to a kind's write at a time (upsert.ts splits statements under the bound-value limits). */
const BATCH_ROWS = 2000;

export interface ImportProgress {
  pass: 'checking' | 'writing';
  rows: number;
  elapsedMs: number;
}

export interface ImportOptions {
  kind: string;
  source: TableSource;
  /** The partnership code for rows without a Partnership column. */
  partnership?: string | null;
  dryRun?: boolean;
  onProgress?: (progress: ImportProgress) => void;
}

export interface ImportReport {
  kind: string;
  file: string;
  dryRun: boolean;
  /** Data rows read (blank rows are skipped). */
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  /** Whether anything was written (false for a dry run and for a file with problems). */
  written: boolean;
  /** The first PROBLEM_LIMIT problems, in file order. */
  problems: ImportProblem[];
  problemCount: number;
  /** Headers that name no column of the kind: their cells are not imported. */
  unknownColumns: string[];
}

class Problems {
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

interface PassSetup<L> {
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

/** One checked row of the file: its record for the kind's write, and its row number. */
interface Checked {
  record: unknown;
  row: number;
}

/**
 * Streams the file's checked records, a run of rows at a time; every problem goes to
 * `setup.problems` and rows with problems give no record. Returns the number of data rows.
 */
async function* checkedRecords<L>(setup: PassSetup<L>): AsyncGenerator<Checked[], number> {
  const { kind, problems } = setup;
  const byKey = new Map(kind.columns.map((c) => [c.key, c]));
  const optionalPartnership = setup.defaultPartnership || !kind.scoped ? new Set(['partnership']) : new Set<string>();
  let columns: (ColumnSpec | null)[] | null = null;
  let dataRows = 0;
  for await (const rows of readTableRuns(setup.source)) {
    const checked: Checked[] = [];
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
      if (record !== NO_RECORD) checked.push({ record, row });
    }
    if (checked.length) yield checked;
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

function knexOf(em: EntityManager): Knex {
  return (em.getTransactionContext<Knex.Transaction>() ?? (em as unknown as SqlEntityManager).getKnex()) as Knex;
}

/** Pages SQLite keeps in memory while an import writes (KiB): random inserts into large indexes need them. */
export const IMPORT_CACHE_KIB = 131_072;

/**
 * On SQLite, a bigger page cache for the connection while the import writes (it is the hub's
 * connection, so the previous size is put back); other databases size their caches themselves.
 */
async function withLargeCache<T>(em: EntityManager, work: () => Promise<T>): Promise<T> {
  if (engineOf(em) !== 'sqlite') return work();
  const db = knexOf(em);
  const [{ cache_size: previous }] = (await db.raw('PRAGMA cache_size')) as { cache_size: number }[];
  await db.raw(`PRAGMA cache_size = ${-IMPORT_CACHE_KIB}`);
  try {
    return await work();
  } finally {
    await db.raw(`PRAGMA cache_size = ${Number(previous)}`);
  }
}

export function requireImportKind(name: string): ImportKind {
  const kind = importKind(name);
  if (!kind) throw new DomainError('BAD_USER_INPUT', `kind: "${name}" is not a kind of import (${IMPORT_KINDS.map((k) => k.name).join(', ')}).`, { field: 'kind' });
  return kind;
}

/** Runs an import as the caller `em` acts for; the report says what was (or, dry, would be) inserted, updated and left unchanged. */
export async function runImport(em: EntityManager, options: ImportOptions): Promise<ImportReport> {
  const kind = requireImportKind(options.kind);
  const report: ImportReport = {
    kind: kind.name, file: options.source.name, dryRun: options.dryRun === true, rows: 0, inserted: 0, updated: 0, unchanged: 0, written: false, problems: [], problemCount: 0, unknownColumns: [],
  };
  const problems = new Problems();
  const finish = () => Object.assign(report, { problems: problems.list, problemCount: problems.count });
  const started = Date.now();
  const progress = (pass: ImportProgress['pass'], rows: number) => options.onProgress?.({ pass, rows, elapsedMs: Date.now() - started });

  // A kind is imported by the roles that own its data, into the partnerships the caller's token covers.
  const caller = callerOf(em);
  if (!kind.roles.includes(caller.role)) {
    problems.add({ row: null, column: null, reason: `a ${roleName(caller.role)} token may not import ${kind.name}: they are imported by ${kind.roles.map((role) => roleName(role)).join(' or ')} tokens.` });
    return finish();
  }
  const visible = await em.find(Partnership, {}, { orderBy: { id: 'asc' } });
  const partnerships = new Map(visible.map((p) => [p.code, { id: p.id, code: p.code, name: p.name }]));
  // Another partnership's code reads as one that does not exist, as everywhere in the hub.
  const unknownPartnership = (code: string) =>
    caller.partnershipIds === 'ALL' ? `there is no partnership "${code}".` : `there is no partnership "${code}" among those this token may import into (${[...partnerships.keys()].join(', ') || 'none'}).`;
  let defaultPartnership: PartnershipRef | null = null;
  if (kind.scoped && options.partnership) {
    defaultPartnership = partnerships.get(options.partnership) ?? null;
    if (!defaultPartnership) {
      problems.add({ row: null, column: null, reason: `partnership: ${unknownPartnership(options.partnership)}` });
      return finish();
    }
  }
  const scope = defaultPartnership ? [defaultPartnership] : [...partnerships.values()];

  /**
   * The one pass: each run of checked rows joins the batch, and a full batch is written (or, dry,
   * only classified) while the next rows are read and checked; the database works on its own
   * thread, so reading overlaps writing, and batches reach the connection one at a time. From the
   * first problem on nothing more is written (the caller rolls back what was), but every row is
   * still checked, so the report lists every problem.
   */
  const pass = async (db: Knex, write: boolean) => {
    const fresh = new Set<string>();
    for (const table of kind.tables) if (await hasNoKeyedRows(db, table)) fresh.add(table.table);
    const records = checkedRecords({
      kind, source: options.source, partnerships, defaultPartnership, unknownPartnership, lookups: await kind.load(db, scope), problems, seen: new Map(),
      onHeader: (unknown) => (report.unknownColumns = unknown),
    });
    const stage = write ? 'writing' : 'checking';
    let batch: unknown[] = [];
    let writing: Promise<void> = Promise.resolve();
    const flush = async () => {
      const ready = batch;
      batch = [];
      await writing;
      if (problems.count || !ready.length) return;
      writing = kind.write(db, ready, write, fresh).then((statuses: RowStatus[]) => {
        for (const status of statuses) report[status]++;
      });
      writing.catch(() => {}); // awaited below; never an unhandled rejection meanwhile
    };
    let rows = 0;
    try {
      for (;;) {
        const next = await records.next();
        if (next.done) {
          report.rows = next.value;
          break;
        }
        if (!problems.count) for (const { record } of next.value) batch.push(record);
        if (batch.length >= BATCH_ROWS || problems.count) await flush();
        const before = rows;
        rows = next.value[next.value.length - 1].row - 1;
        if (Math.floor(rows / 10_000) > Math.floor(before / 10_000)) progress(stage, rows);
      }
      await flush();
    } finally {
      await writing.catch(() => {});
      await finishStatements(db);
    }
    await writing;
    progress(stage, report.rows);
  };

  /** Thrown inside the import's transaction when the file has a problem: it rolls back what was written. */
  const refused = new Error('the file has problems');
  try {
    if (report.dryRun) await pass(knexOf(em), false);
    else
      await writeTransaction(em, async (tx) => {
        await withLargeCache(tx, () => pass(knexOf(tx), true));
        if (problems.count) throw refused;
        const caller = callerOf(tx);
        await appendAuditEntries(tx, [{
          tokenId: caller.tokenId, role: caller.role, operation: caller.operation, entity: kind.entity, entityId: null, action: 'IMPORT', before: null,
          after: JSON.stringify({ kind: kind.name, file: report.file, rows: report.rows, inserted: report.inserted, updated: report.updated, unchanged: report.unchanged }),
        }]);
      });
    if (problems.count) Object.assign(report, { inserted: 0, updated: 0, unchanged: 0 });
    else report.written = !report.dryRun && report.inserted + report.updated > 0;
    return finish();
  } catch (error) {
    if (error !== refused && !(error instanceof ImportFileError)) throw error;
    Object.assign(report, { inserted: 0, updated: 0, unchanged: 0, written: false });
    if (error instanceof ImportFileError) problems.add({ row: null, column: null, reason: error.message });
    return finish();
  }
}
