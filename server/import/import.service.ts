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
import { writeTransaction } from '../db/write.js';
import { appendAuditEntries } from '../access/audit-chain.js';
import { callerOf } from '../access/caller.js';
import { roleName } from '../access/role.js';
import { Partnership } from '../partnership/partnership.entity.js';
import type { ImportProblem } from './columns.js';
import { importKind, IMPORT_KINDS } from './kinds/registry.js';
import type { ImportKind, PartnershipRef } from './kinds/import-kind.js';
import { ImportFileError, type TableSource } from './read-table.js';
import { finishStatements, hasNoKeyedRows, type RowStatus } from './upsert.js';
import { engineOf } from '../db/dialect.js';
import { checkedRecords, Problems, unknownPartnershipReason, type CheckedRun } from './check-rows.js';
import { checkInWorker, startCheckWorker, WORKER_MIN_BYTES } from './check-in-worker.js';
import type { Worker } from 'node:worker_threads';

export { PROBLEM_LIMIT } from './check-rows.js';
/**
 * Rows handed to a kind's write at a time (upsert.ts splits statements under SQLite's bound-value
 * limit; on PostgreSQL a batch is one statement of one array per column, whatever its size).
 */
export const BATCH_ROWS = { sqlite: 2000, postgresql: 10_000 } as const;

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
  /**
   * Read and check the rows in a worker thread, while the hub's event loop writes the rows
   * already checked (and answers requests). Default: on SQLite, for a file of WORKER_MIN_BYTES or
   * more (on PostgreSQL the database's own backend needs the second core: the import is faster
   * checked on the event loop, so the hub asks for the worker where it must answer requests meanwhile).
   */
  worker?: boolean;
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
  const unknownPartnership = unknownPartnershipReason(caller.partnershipIds === 'ALL', [...partnerships.keys()]);
  let defaultPartnership: PartnershipRef | null = null;
  if (kind.scoped && options.partnership) {
    defaultPartnership = partnerships.get(options.partnership) ?? null;
    if (!defaultPartnership) {
      problems.add({ row: null, column: null, reason: `partnership: ${unknownPartnership(options.partnership)}` });
      return finish();
    }
  }
  const scope = defaultPartnership ? [defaultPartnership] : [...partnerships.values()];
  // A big file is checked in a worker thread, started now, outside the transaction (check-in-worker.ts).
  const inWorker = options.worker ?? (engineOf(em) === 'sqlite' && (options.source.size ?? 0) >= WORKER_MIN_BYTES);
  let warm: Worker | null = inWorker ? startCheckWorker(kind.name) : null;

  /**
   * The one pass: each run of checked rows joins the batch, and a full batch is written (or, dry,
   * only classified) while the next rows are read and checked; the database works on its own
   * thread, so reading overlaps writing, and batches reach the connection one at a time (on
   * PostgreSQL, rows all new to a one-statement kind: two at a time, so the database starts the next
   * statement as soon as the one before is done, not when the event loop comes back to it). From the
   * first problem on nothing more is written (the caller rolls back what was), but every row is
   * still checked, so the report lists every problem.
   */
  const pass = async (db: Knex, write: boolean) => {
    const fresh = new Set<string>();
    for (const table of kind.tables) if (await hasNoKeyedRows(db, table)) fresh.add(table.table);
    const setup = {
      kind, source: options.source, partnerships, defaultPartnership, unknownPartnership, lookups: await kind.load(db, scope), problems, seen: new Map<string, number>(),
      onHeader: (unknown: string[]) => (report.unknownColumns = unknown),
    };
    const worker = inWorker ? (warm ?? startCheckWorker(kind.name)) : null;
    warm = null;
    const records: AsyncGenerator<CheckedRun, number> = worker ? checkInWorker(worker, setup, caller.partnershipIds === 'ALL') : checkedRecords(setup);
    const stage = write ? 'writing' : 'checking';
    const batchRows = BATCH_ROWS[engineOf(em)];
    const inFlight = write && engineOf(em) === 'postgresql' && kind.oneStatementWhenFresh && kind.tables.every((t) => fresh.has(t.table)) ? 2 : 1;
    let batch: unknown[] = [];
    /** Writes handed to the connection and not yet awaited, oldest first: a failed one's error is the first thrown. */
    const writes: Promise<void>[] = [];
    const flush = async () => {
      const ready = batch;
      batch = [];
      while (writes.length >= (problems.count || !ready.length ? 1 : inFlight)) await writes.shift();
      if (problems.count || !ready.length) return;
      const writing = kind.write(db, ready, write, fresh).then((statuses: RowStatus[]) => {
        for (const status of statuses) report[status]++;
      });
      writing.catch(() => {}); // awaited below; never an unhandled rejection meanwhile
      writes.push(writing);
    };
    let rows = 0;
    try {
      for (;;) {
        const next = await records.next();
        if (next.done) {
          report.rows = next.value;
          break;
        }
        if (!problems.count) for (const record of next.value.records) batch.push(record);
        if (batch.length >= batchRows || problems.count) await flush();
        const before = rows;
        rows = next.value.lastRow - 1;
        if (Math.floor(rows / 10_000) > Math.floor(before / 10_000)) progress(stage, rows);
      }
      await flush();
    } finally {
      await records.return(0); // a worker that still reads is stopped
      for (const writing of writes) await writing.catch(() => {});
      await finishStatements(db);
    }
    for (const writing of writes) await writing;
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
  } finally {
    await warm?.terminate(); // a worker no pass used
  }
}
