import type { EntityManager } from '@mikro-orm/core';
import { DomainError, badInput, conflict } from '../errors/domain-error.js';
import { applyFields } from './fields.js';
import { readableChanges, type FieldChange } from './readable-changes.js';
import type { Versioned } from './versioned.js';
import { writeTransaction, type RecordKind } from './write.js';

/** A row of an edited sheet: an existing record (its id and the version the sheet was read at) or a new one (no id), with the fields to set. */
export interface SheetRow {
  id?: string | null;
  expectedVersion?: number | null;
}

/** A record the sheet no longer has, with the version it was read at. */
export interface RemovedRow {
  id: string;
  expectedVersion: number;
}

export type SheetAction = 'CREATE' | 'UPDATE' | 'DELETE' | 'UNCHANGED';

export interface SheetRowResult {
  /** The row's place in the list sent (1 for the first); null for a removal. */
  row: number | null;
  id: string | null;
  /** The record's version after the submission (null for a removal, or a new record in a dry run). */
  version: number | null;
  action: SheetAction;
  label: string | null;
  changes: FieldChange[];
}

export interface SheetResult {
  dryRun: boolean;
  rows: SheetRowResult[];
}

/** What a sheet of one kind of record is: the records it shows, how a new one starts, and how its rows are named. */
export interface SheetSpec<T extends Versioned & { id: number }> {
  kind: RecordKind<T>;
  /** For messages: `the 2014/15 establishment of Norfolk & Suffolk 180 Joint IOM`. */
  what: string;
  /** The argument the rows come in: `lines`. */
  field: string;
  /** Every record the sheet shows, read inside the submission's transaction. */
  current: T[];
  /** A new record for a row without an id (its partnership, year, position). */
  create(tx: EntityManager): T;
  label(record: T): string | null;
  /** Another record's code for its id in a change (an agency's code). */
  referenceName?(property: string, id: unknown): string | undefined;
}

class DryRun extends Error {
  constructor(readonly result: SheetResult) {
    super('dry run');
  }
}

/**
 * Writes an edited sheet as one change: rows with an id update their record (only the fields they
 * send; a row that changes nothing is left alone), rows without one add a record, and `removed`
 * records are removed. The sheet must account for every record it showed: a record someone added,
 * changed or removed since the sheet was read makes the whole submission a CONFLICT, and nothing is
 * written. With `dryRun` the same checks run and the changes are returned, but nothing is kept.
 */
export async function submitSheet<T extends Versioned & { id: number }>(
  em: EntityManager,
  load: (tx: EntityManager) => Promise<SheetSpec<T>>,
  rows: readonly (SheetRow & object)[],
  removed: readonly RemovedRow[],
  dryRun: boolean,
): Promise<SheetResult> {
  try {
    return await writeTransaction(em, async (tx) => {
      const spec = await load(tx);
      const records = checkVersions(spec, rows, removed);
      const snapshot = (record: T) => tx.getComparator().prepareEntity(record) as Record<string, unknown>;
      const results: SheetRowResult[] = [];
      const written: T[] = [];
      for (const [i, row] of rows.entries()) {
        const existing = row.id ? (records.get(String(row.id)) as T) : null;
        const before = existing ? snapshot(existing) : null;
        const record = existing ?? spec.create(tx);
        written.push(record);
        const field = `${spec.field}[${i}]`;
        const { id: _id, expectedVersion: _version, ...input } = row;
        await applyFields(tx, spec.kind.fields, record, input, field, !existing);
        await spec.kind.complete?.(record, field, tx, input);
        const changes = readableChanges(before, snapshot(record), spec.referenceName);
        const action: SheetAction = !existing ? 'CREATE' : changes.length ? 'UPDATE' : 'UNCHANGED';
        results.push({ row: i + 1, id: existing ? String(existing.id) : null, version: null, action, label: spec.label(record), changes });
      }
      const gone = removed.map((row) => records.get(String(row.id)) as T);
      for (const record of gone) {
        results.push({ row: null, id: String(record.id), version: null, action: 'DELETE', label: spec.label(record), changes: readableChanges(snapshot(record), null, spec.referenceName) });
        tx.remove(record);
      }
      if (dryRun) throw new DryRun({ dryRun, rows: results });
      await tx.flush();
      return { dryRun, rows: results.map((result, i) => (i < written.length ? { ...result, id: String(written[i].id), version: written[i].version } : result)) };
    });
  } catch (error) {
    if (error instanceof DryRun) return error.result;
    throw error;
  }
}

/** The records the rows and removals name, after checking each against the version the sheet was read at and that none is missing. */
function checkVersions<T extends Versioned & { id: number }>(spec: SheetSpec<T>, rows: readonly SheetRow[], removed: readonly RemovedRow[]): Map<string, T> {
  const byId = new Map(spec.current.map((record) => [String(record.id), record]));
  const named = new Map<string, T>();
  const name = (record: T) => `${spec.kind.what} ${record.id}${spec.label(record) ? ` (${spec.label(record)})` : ''}`;
  const check = (field: string, id: string, expectedVersion: number | null | undefined) => {
    if (named.has(id)) throw badInput(`${field}.id`, `${spec.kind.what} ${id} is in the sheet more than once.`);
    if (expectedVersion === null || expectedVersion === undefined) throw badInput(`${field}.expectedVersion`, `give the version ${spec.kind.what} ${id} was read at.`);
    const record = byId.get(id);
    if (!record)
      throw new DomainError('CONFLICT', `${spec.kind.what[0].toUpperCase()}${spec.kind.what.slice(1)} ${id} is no longer in ${spec.what}: someone removed it since your sheet was read. Reload the sheet and apply your change again; nothing was saved.`, { id });
    if (record.version !== expectedVersion) throw conflict(`${name(record)[0].toUpperCase()}${name(record).slice(1)}`, expectedVersion, record.version);
    named.set(id, record);
  };
  rows.forEach((row, i) => row.id !== null && row.id !== undefined && check(`${spec.field}[${i}]`, String(row.id).trim(), row.expectedVersion));
  removed.forEach((row, i) => check(`removed[${i}]`, String(row.id).trim(), row.expectedVersion));
  const unseen = spec.current.find((record) => !named.has(String(record.id)));
  if (unseen)
    throw new DomainError(
      'CONFLICT',
      `${name(unseen)[0].toUpperCase()}${name(unseen).slice(1)} is in ${spec.what} but not in your sheet: someone added it since your sheet was read. Reload the sheet and apply your change again; nothing was saved.`,
      { id: String(unseen.id) },
    );
  return named;
}
