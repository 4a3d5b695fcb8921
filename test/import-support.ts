import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { MikroORM } from '@mikro-orm/core';
import { asSystem } from '../server/access/caller.js';
import { runImport, type ImportReport } from '../server/import/import.service.js';

/** A table as a test writes it: the header row, then data rows (cells as text). */
export type Table = string[][];

/** CSV text of a table, quoting every cell (so commas in "£1,200" survive). */
export function csvOf(table: Table): string {
  return table.map((row) => row.map((cell) => `"${cell.replaceAll('"', '""')}"`).join(',')).join('\r\n') + '\r\n';
}

/** A real .xlsx written with exceljs: dates as date cells, plain numbers as number cells, the rest as text. */
export async function xlsxOf(table: Table): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Import');
  table.forEach((row, i) =>
    sheet.addRow(
      row.map((cell) => {
        if (i === 0) return cell;
        if (/^\d{4}-\d{2}-\d{2}$/.test(cell)) return new Date(`${cell}T00:00:00Z`);
        if (/^-?\d+(\.\d+)?$/.test(cell)) return Number(cell);
        return cell;
      }),
    ),
  );
  sheet.getColumn(1).numFmt = '@';
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export interface ImportCall {
  kind: string;
  partnership?: string;
  dryRun?: boolean;
  format?: 'csv' | 'xlsx';
}

/** Runs an import of bytes as the command line does (the hub acting for itself). */
export async function importBytes(orm: MikroORM, bytes: Buffer | string, call: ImportCall): Promise<ImportReport> {
  const data = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
  const format = call.format ?? 'csv';
  return runImport(asSystem(orm.em, 'import'), {
    kind: call.kind,
    partnership: call.partnership,
    dryRun: call.dryRun,
    source: { format, name: `${call.kind}.${format}`, open: () => Readable.from([data]) },
  });
}

/** Imports a table as CSV or as an .xlsx file on disk. */
export async function importTable(orm: MikroORM, table: Table, call: ImportCall): Promise<ImportReport> {
  if (call.format !== 'xlsx') return importBytes(orm, csvOf(table), call);
  const dir = mkdtempSync(join(tmpdir(), 'iom-hub-import-'));
  try {
    const file = join(dir, `${call.kind}.xlsx`);
    writeFileSync(file, await xlsxOf(table));
    return await runImport(asSystem(orm.em, 'import'), {
      kind: call.kind, partnership: call.partnership, dryRun: call.dryRun, source: { format: 'xlsx', name: `${call.kind}.xlsx`, open: () => createReadStream(file) },
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
