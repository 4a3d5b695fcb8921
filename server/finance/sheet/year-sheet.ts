import type { EntityManager } from '@mikro-orm/core';
import { submitSheet, type RemovedRow, type SheetResult, type SheetRow } from '../../db/sheet.js';
import type { Versioned } from '../../db/versioned.js';
import type { RecordKind } from '../../db/write.js';
import { requireFinancialYear } from '../../financial-year/lookup.js';
import type { FinancialYear } from '../../financial-year/financial-year.entity.js';
import { requirePartnership } from '../../partnership/lookup.js';
import type { Partnership } from '../../partnership/partnership.entity.js';

/** A sheet of one kind of record of a partnership's year: the establishment, its non-pay costs, its funding-risk register. */
export interface YearSheet<T extends Versioned & { id: number; partnership: Partnership; year: FinancialYear }> {
  kind: RecordKind<T>;
  /** `establishment`, `funding-risk register`. */
  noun: string;
  /** The argument the rows come in: `lines`, `risks`. */
  field: string;
  orderBy: Record<string, 'asc'>;
  label(record: T): string | null;
  /** What a new record starts with besides its partnership and year (the next position), given the year's records. */
  start?(current: readonly T[]): () => Partial<T>;
  /** Another record's code for its id in a change. */
  referenceName?(tx: EntityManager, partnership: Partnership): Promise<(property: string, id: unknown) => string | undefined>;
}

/**
 * Writes an edited sheet of a partnership's records for a year (each row with its id and the version
 * it was read at, new rows without) as one change, or with `dryRun` says what it would change.
 * Refused with CONFLICT, writing nothing, if any record changed, appeared or went since the sheet was read.
 */
export function submitYearSheet<T extends Versioned & { id: number; partnership: Partnership; year: FinancialYear }>(
  em: EntityManager,
  sheet: YearSheet<T>,
  partnershipCode: string,
  yearLabel: string,
  rows: readonly (SheetRow & object)[],
  removed: readonly RemovedRow[],
  dryRun: boolean,
): Promise<SheetResult> {
  return submitSheet(em, async (tx) => {
    const partnership = await requirePartnership(tx, 'partnership', partnershipCode);
    const year = await requireFinancialYear(tx, 'financialYear', yearLabel);
    const current = await tx.find(sheet.kind.entity, { partnership, year } as never, { orderBy: sheet.orderBy as never });
    const next = sheet.start?.(current) ?? (() => ({}));
    return {
      kind: sheet.kind,
      what: `the ${year.label} ${sheet.noun} of ${partnership.name}`,
      field: sheet.field,
      current,
      create: (t) => t.create(sheet.kind.entity, { partnership, year, ...next() } as never),
      label: sheet.label,
      referenceName: await sheet.referenceName?.(tx, partnership),
    };
  }, rows, removed, dryRun);
}
