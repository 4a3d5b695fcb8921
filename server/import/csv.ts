/**
 * A CSV reader for imports (RFC 4180 as spreadsheets write it), fed text a chunk at a time: cells
 * separated by commas, records by LF, CRLF or CR; a cell in double quotes may hold commas, line
 * breaks and doubled quotes; a byte-order mark at the start is dropped; an empty line is no record;
 * records may differ in length. A quote inside an unquoted cell, text after a closing quote, or a
 * quote left open at the end is an error naming the line. Cells are slices of the text: no
 * per-character work beyond finding the next comma, quote or line break. Pure.
 */

/** The text is not CSV (a stray or unclosed quote); the message names the line. */
export class CsvError extends Error {}

const COMMA = 44;
const QUOTE = 34;
const LF = 10;
const CR = 13;

const enum State {
  /** At the start of a cell. */
  Start,
  /** In an unquoted cell (part of it may be in `cell` from an earlier chunk). */
  Unquoted,
  /** Inside quotes. */
  Quoted,
  /** Just after a quote inside quotes: the closing one, or the first of a doubled one. */
  QuoteSeen,
}

export class CsvReader {
  private state = State.Start;
  private record: string[] = [];
  private cell = '';
  private started = false;
  /** The previous chunk ended with CR: a LF at the start of this one belongs to it. */
  private afterCr = false;
  /** The line of the quote that opened the current quoted cell. */
  private quoteLine = 0;
  /** The line the reader is on (1-based; line breaks inside quoted cells count). */
  line = 1;

  /** Reads `text` (the next chunk) and appends the records it completes to `out`. */
  push(text: string, out: string[][]): void {
    const n = text.length;
    let i = 0;
    if (!this.started && n) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) i = 1;
    }
    if (this.afterCr) {
      this.afterCr = false;
      if (text.charCodeAt(i) === LF) i++;
    }
    while (i < n) {
      switch (this.state) {
        case State.Start:
        case State.Unquoted: {
          if (this.state === State.Start) {
            const c = text.charCodeAt(i);
            if (c === QUOTE) {
              this.state = State.Quoted;
              this.quoteLine = this.line;
              i++;
              continue;
            }
            if ((c === LF || c === CR) && this.record.length === 0) {
              i = this.lineBreak(text, i); // an empty line: no record
              continue;
            }
          }
          let j = i;
          let c = 0;
          for (; j < n; j++) {
            c = text.charCodeAt(j);
            if (c === COMMA || c === LF || c === CR || c === QUOTE) break;
          }
          const value = this.state === State.Unquoted ? this.cell + text.slice(i, j) : text.slice(i, j);
          if (j === n) {
            this.cell = value;
            this.state = State.Unquoted;
            return;
          }
          if (c === QUOTE) throw new CsvError(`a quote inside an unquoted cell on line ${this.line} (cell ${this.record.length + 1}): a cell with a quote in it is written in quotes, the quote doubled.`);
          this.record.push(value);
          this.cell = '';
          this.state = State.Start;
          if (c === COMMA) i = j + 1;
          else {
            out.push(this.record);
            this.record = [];
            i = this.lineBreak(text, j);
          }
          break;
        }
        case State.Quoted: {
          const k = text.indexOf('"', i);
          const part = k === -1 ? text.slice(i) : text.slice(i, k);
          for (let b = part.indexOf('\n'); b !== -1; b = part.indexOf('\n', b + 1)) this.line++;
          this.cell += part;
          if (k === -1) return;
          this.state = State.QuoteSeen;
          i = k + 1;
          break;
        }
        case State.QuoteSeen: {
          const c = text.charCodeAt(i);
          if (c === QUOTE) {
            this.cell += '"';
            this.state = State.Quoted;
            i++;
            break;
          }
          if (c !== COMMA && c !== LF && c !== CR) throw new CsvError(`text after a closing quote on line ${this.line} (cell ${this.record.length + 1}): a quoted cell ends at a comma or the end of the line.`);
          this.record.push(this.cell);
          this.cell = '';
          this.state = State.Start;
          if (c === COMMA) i++;
          else {
            out.push(this.record);
            this.record = [];
            i = this.lineBreak(text, i);
          }
          break;
        }
      }
    }
  }

  /** The end of the text: the last record if it has no line break after it. */
  end(out: string[][]): void {
    switch (this.state) {
      case State.Quoted:
        throw new CsvError(`the quote that opens a cell on line ${this.quoteLine} is never closed.`);
      case State.QuoteSeen:
      case State.Unquoted:
        this.record.push(this.cell);
        break;
      case State.Start:
        if (this.record.length) this.record.push(''); // the last line ends with a comma
        break;
    }
    if (this.record.length) out.push(this.record);
    this.record = [];
    this.cell = '';
    this.state = State.Start;
  }

  /** Past the line break at `i` (LF, CRLF or CR); the next line. */
  private lineBreak(text: string, i: number): number {
    this.line++;
    if (text.charCodeAt(i) === CR) {
      if (i + 1 === text.length) {
        this.afterCr = true;
        return i + 1;
      }
      if (text.charCodeAt(i + 1) === LF) return i + 2;
    }
    return i + 1;
  }
}

/** Every record of a whole text (tests and small inputs). */
export function parseCsv(text: string): string[][] {
  const reader = new CsvReader();
  const out: string[][] = [];
  reader.push(text, out);
  reader.end(out);
  return out;
}
