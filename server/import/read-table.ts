/**
 * Streams the rows of a CSV (./csv.ts) or XLSX (the first sheet, read with exceljs' streaming
 * reader's parts) file as text cells, the header row first, without holding a CSV file or a
 * workbook's rows in memory.
 */
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { CsvError, CsvReader } from './csv.js';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';

export type TableFormat = 'csv' | 'xlsx';

/** A problem with the file as a whole (not UTF-8, not a workbook…): the import stops with it. */
export class ImportFileError extends Error {}

export interface TableSource {
  format: TableFormat;
  /** The name shown in reports and the audit log. */
  name: string;
  /** Opens the file from the start (each pass reads it again). */
  open(): Readable;
  /** Its size in bytes, where known: a big file is checked in a worker thread (import.service.ts). */
  size?: number;
}

export interface RawRow {
  /** 1 is the header row, as a spreadsheet numbers it. */
  row: number;
  cells: string[];
}

/** The bytes at the start of `chunk` are not UTF-8: where, as the lines before the first character that does not decode. */
function notUtf8(chunk: Uint8Array, line: number, offset: number): ImportFileError {
  const text = new TextDecoder('utf-8').decode(chunk);
  const bad = text.indexOf('\uFFFD');
  for (let i = text.indexOf('\n'); i !== -1 && i < bad; i = text.indexOf('\n', i + 1)) line++;
  return new ImportFileError(`the file is not UTF-8 text (an invalid byte on line ${line}, near byte ${offset + Buffer.byteLength(text.slice(0, Math.max(bad, 0))) + 1}); save it as "CSV UTF-8".`);
}

/**
 * The CSV's rows a chunk of the file at a time: each chunk is decoded (TextDecoder's fatal mode
 * refuses bytes that are not UTF-8, naming the line) and read by the CSV reader (server/import/csv.ts).
 */
async function* csvRows(source: TableSource): AsyncGenerator<RawRow[]> {
  const input = source.open();
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const reader = new CsvReader();
  let row = 0;
  let offset = 0;
  const rowsOf = (records: string[][]): RawRow[] => {
    const rows: RawRow[] = [];
    for (const cells of records) {
      row++;
      if (row > 1 && cells.every((cell) => !cell.trim())) continue;
      rows.push({ row, cells });
    }
    return rows;
  };
  try {
    for await (const chunk of input as AsyncIterable<Uint8Array | string>) {
      let text: string;
      if (typeof chunk === 'string') text = chunk;
      else {
        try {
          text = decoder.decode(chunk, { stream: true });
        } catch {
          throw notUtf8(chunk, reader.line, offset);
        }
        offset += chunk.length;
      }
      const records: string[][] = [];
      reader.push(text, records);
      const rows = rowsOf(records);
      if (rows.length) yield rows;
    }
    const records: string[][] = [];
    try {
      reader.push(decoder.decode(), records);
    } catch (error) {
      if (error instanceof CsvError) throw error;
      throw new ImportFileError(`the file is not UTF-8 text (it ends in the middle of a character, line ${reader.line}); save it as "CSV UTF-8".`);
    }
    reader.end(records);
    const rows = rowsOf(records);
    if (rows.length) yield rows;
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

/** The parts of exceljs' streaming reader that read one part of a workbook each (lib/stream/xlsx/workbook-reader.js). */
interface WorkbookParts {
  model?: { sheets?: { rId: string }[] };
  workbookRels?: { Id: string; Target: string }[];
  _parseRels(entry: NodeJS.ReadableStream): Promise<void>;
  _parseWorkbook(entry: NodeJS.ReadableStream): Promise<void>;
  _parseSharedStrings(entry: NodeJS.ReadableStream): AsyncGenerator<unknown>;
  _parseStyles(entry: NodeJS.ReadableStream): Promise<void>;
  _parseWorksheet(iterator: AsyncIterable<unknown>, sheetNo: string): Generator<{ eventType: string; value: ExcelJS.stream.xlsx.WorksheetReader }>;
}

const SHEET_PART = /^xl\/worksheets\/sheet(\d+)\.xml$/;

/**
 * The first worksheet of a workbook, its rows streamed. The file's parts are found through the
 * archive's central directory and read in the order they depend on each other (relationships,
 * workbook, shared text, styles, then the sheet), whatever order the writer stored them in.
 * exceljs' own pass over the archive reads the parts as stored and can lose the last ones when
 * the file ends first (seen as "reading 'sheets'" under load), so it is not used.
 */
async function firstSheet(bytes: Buffer): Promise<ExcelJS.stream.xlsx.WorksheetReader | undefined> {
  const zip = await JSZip.loadAsync(bytes);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([]), { sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'ignore' }) as unknown as WorkbookParts;
  const part = (path: string) => zip.file(path)?.nodeStream();
  const rels = part('xl/_rels/workbook.xml.rels');
  if (rels) await reader._parseRels(rels);
  const workbook = part('xl/workbook.xml');
  if (!workbook) throw new ImportFileError('the file is not an Excel workbook (.xlsx): it has no workbook part (xl/workbook.xml).');
  await reader._parseWorkbook(workbook);
  const strings = part('xl/sharedStrings.xml');
  if (strings) for await (const _ of reader._parseSharedStrings(strings));
  const styles = part('xl/styles.xml');
  if (styles) await reader._parseStyles(styles);
  const sheets = Object.keys(zip.files).flatMap((path) => (SHEET_PART.test(path) ? [path] : []));
  const byNumber = (path: string) => Number(SHEET_PART.exec(path)![1]);
  sheets.sort((a, b) => byNumber(a) - byNumber(b));
  // The first tab as the workbook lists its sheets, else the lowest-numbered sheet part.
  const firstRel = reader.workbookRels?.find((rel) => rel.Id === reader.model?.sheets?.[0]?.rId);
  const listed = firstRel && sheets.find((path) => path === `xl/${firstRel.Target.replace(/^\/?xl\//, '')}`);
  const path = listed ?? sheets[0];
  if (!path) return undefined;
  const [{ value }] = [...reader._parseWorksheet(part(path) as AsyncIterable<unknown> & NodeJS.ReadableStream, String(byNumber(path)))];
  return value;
}

/**
 * A workbook's rows, its worksheet streamed (the compressed file is held whole). A text cell
 * whose shared string is missing is refused with its cell, never read as a blank.
 */
async function* xlsxRows(source: TableSource): AsyncGenerator<RawRow[]> {
  const rows: RawRow[] = [];
  try {
    const input = source.open();
    const sheet = await firstSheet(await buffer(input).finally(() => input.destroy()));
    if (!sheet) return;
    for await (const row of sheet) {
      const values = (row.values as unknown[]) ?? [];
      const unresolved = values.findIndex((value) => typeof value === 'object' && value !== null && 'sharedString' in value);
      if (unresolved > 0) throw new ImportFileError(`cell ${row.getCell(unresolved).address}: its text is in the workbook's shared strings, which could not be read; nothing was imported. Import the file again.`);
      const cells = Array.from({ length: Math.max(0, values.length - 1) }, (_, i) => cellText(values[i + 1]));
      if (cells.every((cell) => !cell.trim())) continue;
      rows.push({ row: row.number, cells });
      if (rows.length >= 500) yield rows.splice(0);
    }
    if (rows.length) yield rows;
  } catch (error) {
    if (error instanceof ImportFileError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new ImportFileError(`the file is not readable as an Excel workbook (.xlsx): ${message}`);
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
