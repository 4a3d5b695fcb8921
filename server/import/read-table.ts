/**
 * Streams the rows of a CSV (csv-parse) or XLSX (exceljs' streaming WorkbookReader, first sheet)
 * file as text cells, the header row first, without holding the file in memory.
 */
import { Transform, type Readable } from 'node:stream';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';

export type TableFormat = 'csv' | 'xlsx';

/** A problem with the file as a whole (not UTF-8, not a workbook…): the import stops with it. */
export class ImportFileError extends Error {}

export interface TableSource {
  format: TableFormat;
  /** The name shown in reports and the audit log. */
  name: string;
  /** Opens the file from the start (each pass reads it again). */
  open(): Readable;
}

export interface RawRow {
  /** 1 is the header row, as a spreadsheet numbers it. */
  row: number;
  cells: string[];
}

/** Refuses bytes that are not UTF-8, naming the line, as they stream past (TextDecoder's fatal mode). */
function utf8Check(): Transform {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let line = 1;
  let offset = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      try {
        const text = decoder.decode(chunk, { stream: true });
        for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) line++;
        offset += chunk.length;
        done(null, chunk);
      } catch {
        // Where in this chunk: the lines before the first character that does not decode.
        const text = new TextDecoder('utf-8').decode(chunk);
        const bad = text.indexOf('\uFFFD');
        for (let i = text.indexOf('\n'); i !== -1 && i < bad; i = text.indexOf('\n', i + 1)) line++;
        done(new ImportFileError(`the file is not UTF-8 text (an invalid byte on line ${line}, near byte ${offset + Buffer.byteLength(text.slice(0, Math.max(bad, 0))) + 1}); save it as "CSV UTF-8".`));
      }
    },
    flush(done) {
      try {
        decoder.decode();
        done();
      } catch {
        done(new ImportFileError(`the file is not UTF-8 text (it ends in the middle of a character, line ${line}); save it as "CSV UTF-8".`));
      }
    },
  });
}

/**
 * What a stream has buffered, as arrays, waiting only when it has nothing: one wait per chunk of
 * input rather than one per record (a million-row file is a million records).
 */
async function* buffered<T>(stream: Readable): AsyncGenerator<T[]> {
  let failure = null as { error: unknown } | null;
  let ended = false;
  let wake: (() => void) | null = null;
  const onReadable = () => wake?.();
  const onEnd = () => {
    ended = true;
    wake?.();
  };
  const onError = (error: unknown) => {
    failure ??= { error };
    wake?.();
  };
  const rethrow = () => {
    if (failure) throw failure.error;
  };
  stream.on('readable', onReadable).on('end', onEnd).on('close', onEnd).on('error', onError);
  try {
    for (;;) {
      rethrow();
      const batch: T[] = [];
      for (let item = stream.read(); item !== null; item = stream.read()) batch.push(item as T);
      if (batch.length) {
        yield batch;
        continue;
      }
      rethrow();
      if (ended) return;
      await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
    }
  } finally {
    stream.off('readable', onReadable).off('end', onEnd).off('close', onEnd).off('error', onError);
  }
}

async function* csvRows(source: TableSource): AsyncGenerator<RawRow[]> {
  const input = source.open();
  const check = utf8Check();
  const parser = parse({ bom: true, skip_empty_lines: true, relax_column_count: true, trim: false });
  input.on('error', (error) => check.destroy(error));
  check.on('error', (error) => parser.destroy(error));
  input.pipe(check).pipe(parser);
  let row = 0;
  try {
    for await (const records of buffered<string[]>(parser)) {
      const rows: RawRow[] = [];
      for (const record of records) {
        row++;
        if (row > 1 && record.every((cell) => !cell.trim())) continue;
        rows.push({ row, cells: record });
      }
      if (rows.length) yield rows;
    }
  } catch (error) {
    if (error instanceof ImportFileError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new ImportFileError(`the file is not readable as CSV: ${message}`);
  } finally {
    input.destroy();
  }
}

/** A cell of a streamed worksheet as text: dates as YYYY-MM-DD, formulas by their result, rich text joined. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    const v = value as { result?: unknown; richText?: { text: string }[]; text?: string; error?: string };
    if (v.richText) return v.richText.map((part) => part.text).join('');
    if ('result' in v) return cellText(v.result);
    if (v.text !== undefined) return String(v.text);
    if (v.error) return v.error;
    return '';
  }
  return String(value);
}

async function* xlsxRows(source: TableSource): AsyncGenerator<RawRow[]> {
  const input = source.open();
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, { sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'emit' });
  const rows: RawRow[] = [];
  try {
    for await (const sheet of reader) {
      for await (const row of sheet) {
        const values = (row.values as unknown[]) ?? [];
        const cells = Array.from({ length: Math.max(0, values.length - 1) }, (_, i) => cellText(values[i + 1]));
        if (cells.every((cell) => !cell.trim())) continue;
        rows.push({ row: row.number, cells });
        if (rows.length >= 500) yield rows.splice(0);
      }
      if (rows.length) yield rows;
      return; // the first sheet only
    }
  } catch (error) {
    if (error instanceof ImportFileError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new ImportFileError(`the file is not readable as an Excel workbook (.xlsx): ${message}`);
  } finally {
    input.destroy();
  }
}

/** The file's rows in file order, a run of them at a time (as the parser has them). */
export function readTableRuns(source: TableSource): AsyncGenerator<RawRow[]> {
  return source.format === 'xlsx' ? xlsxRows(source) : csvRows(source);
}

export async function* readTable(source: TableSource): AsyncGenerator<RawRow> {
  for await (const rows of readTableRuns(source)) yield* rows;
}

/** The format a file name implies: .xlsx is a workbook, everything else is read as CSV. */
export function formatOf(fileName: string): TableFormat {
  if (/\.xlsx$/i.test(fileName)) return 'xlsx';
  if (/\.xls$/i.test(fileName)) throw new ImportFileError('the old .xls format is not read; save the workbook as .xlsx or CSV UTF-8.');
  return 'csv';
}
