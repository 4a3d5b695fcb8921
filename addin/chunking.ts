/**
 * Excel on the web refuses a request over about 5 MB, so large results are written in chunks of
 * whole rows under a byte budget, reporting progress and stopping between chunks when cancelled
 * (excel-workbook.ts writes the chunks to a staging sheet, so a cancel never reaches the table).
 */

/** Default budget per chunk: well under the 5 MB limit once Office's own request overhead is added. */
export const CHUNK_BYTES = 2_000_000;

/** Roughly what a row costs in a request: its JSON plus a little per cell for the envelope. */
export function estimateRowBytes(row: ReadonlyArray<unknown>): number {
  return JSON.stringify(row).length * 2 + row.length * 4;
}

/** Row ranges `[start, end)` whose estimated size stays under `maxBytes` (a huge single row gets its own chunk). */
export function planChunks(rows: ReadonlyArray<ReadonlyArray<unknown>>, maxBytes = CHUNK_BYTES): Array<{ start: number; end: number }> {
  const chunks: Array<{ start: number; end: number }> = [];
  let start = 0;
  let size = 0;
  rows.forEach((row, index) => {
    const bytes = estimateRowBytes(row);
    if (index > start && size + bytes > maxBytes) {
      chunks.push({ start, end: index });
      start = index;
      size = 0;
    }
    size += bytes;
  });
  if (rows.length > start) chunks.push({ start, end: rows.length });
  return chunks;
}

/** A write stopped by the user; what was staged is dropped and the table is as it was. */
export class WriteCancelled extends Error {
  constructor(readonly rowsStaged = 0) {
    super('Cancelled: the table was left as it was.');
    this.name = 'WriteCancelled';
  }
}

export interface ChunkProgress {
  rowsWritten: number;
  totalRows: number;
  chunk: number;
  chunks: number;
}

/** Writes rows chunk by chunk through `writeChunk`; checks `signal` between chunks. */
export async function writeInChunks<Row>(
  rows: ReadonlyArray<Row & ReadonlyArray<unknown>>,
  writeChunk: (startRow: number, rows: ReadonlyArray<Row>) => Promise<void>,
  { maxBytes = CHUNK_BYTES, onProgress, signal }: { maxBytes?: number; onProgress?: (progress: ChunkProgress) => void; signal?: AbortSignal } = {},
): Promise<number> {
  const chunks = planChunks(rows, maxBytes);
  let written = 0;
  for (const [index, { start, end }] of chunks.entries()) {
    if (signal?.aborted) throw new WriteCancelled(written);
    await writeChunk(start, rows.slice(start, end));
    written = end;
    onProgress?.({ rowsWritten: written, totalRows: rows.length, chunk: index + 1, chunks: chunks.length });
  }
  return written;
}
