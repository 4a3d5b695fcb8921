/**
 * An in-memory stand-in for Excel's JavaScript API: the calls the add-in's glue makes, over a grid
 * of cells, behaving as Microsoft's documentation says Excel does:
 *
 * - Calls are queued and run in order at `context.sync()`; loaded properties are readable only
 *   after it; a null object's `isNullObject` is known only after it. A batch is not a transaction:
 *   when one queued call fails, the calls before it stay done and the rest are dropped.
 * - One request (one sync) may carry at most 5 MB; a larger one is refused before anything in it runs.
 * - Tables have a name and named columns. Formulas may use structured references
 *   (`=SUM(Costs[Amount])`, `[@Amount]`), re-resolved whenever they are read, so they follow a
 *   table that is resized. `convertToRange()` turns every structured reference to the table into
 *   plain cell references, and charts over it stop following it.
 * - `Table.resize` (ExcelApi 1.13) keeps the header row where it is, needs the new range to overlap
 *   the old one, inserts and moves no cells; rows it adds take the number format of the row above,
 *   and a calculated column (every body cell the same formula) fills down into them.
 * - A chart made from a table's range has one series per column after the first, pointing at the
 *   table's columns, so it grows and shrinks with the table.
 * - Inserting entire rows moves everything below: cells, tables, names, charts, and the references
 *   in formulas.
 * - Each cell has its own number format; writing a value that starts with `=` makes a formula, and
 *   a leading apostrophe keeps text as text.
 * - APIs exist only from their requirement set on: a host created for ExcelApi 1.7 has no `resize`.
 */
export const REQUEST_LIMIT_BYTES = 5_000_000;

type Value = string | number | boolean;
interface CellData {
  value: Value;
  formula?: string;
  format?: string;
}
export interface Box {
  sheet: string;
  r0: number;
  c0: number;
  r1: number;
  c1: number;
}
export interface TableData extends Box {
  name: string;
  columns: string[];
  style?: string;
}
/** A series over a table's column follows the column (by its name) wherever the table and the column go. */
type SeriesRef = { table: TableData; column: string } | { box: Box };
/** A range as a chart's series takes it: a table column's body names its column. */
type RangeSource = { __box: () => Box; __column?: () => { table: TableData; column: string } };
interface ChartData {
  sheet: string;
  title: string;
  at?: { row: number; col: number };
  series: Array<{ name: string; values: SeriesRef; categories?: SeriesRef }>;
}
interface SheetData {
  cells: Map<string, CellData>;
  visibility: 'Visible' | 'Hidden' | 'VeryHidden';
  widths: Map<number, number>;
}

const key = (row: number, col: number) => `${row},${col}`;

function parseCell(address: string): { row: number; col: number } {
  const match = /^\$?([A-Z]{1,3})\$?(\d+)$/i.exec(address.trim());
  if (!match) throw new Error(`InvalidArgument: ${address}`);
  const col = [...match[1].toUpperCase()].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
  return { row: Number(match[2]) - 1, col };
}
function colName(col: number): string {
  let name = '';
  for (let n = col + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}
const a1 = (row: number, col: number) => `${colName(col)}${row + 1}`;
const abs = (row: number, col: number) => `$${colName(col)}$${row + 1}`;
const quoteSheet = (sheet: string) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(sheet) ? sheet : `'${sheet.replace(/'/g, "''")}'`);
const MAX_ROW = 1_048_575;

/** `A1`, `A1:C9`, `A:C` or `3:9` (whole rows) on a sheet. */
function boxOf(sheet: string, address: string): Box {
  const local = address.replace(/^.*!/, '');
  const rows = /^\$?(\d+):\$?(\d+)$/.exec(local);
  if (rows) return { sheet, r0: Number(rows[1]) - 1, r1: Number(rows[2]) - 1, c0: 0, c1: 16_383 };
  const columns = /^\$?([A-Z]{1,3}):\$?([A-Z]{1,3})$/i.exec(local);
  if (columns) return { sheet, r0: 0, r1: MAX_ROW, c0: parseCell(`${columns[1]}1`).col, c1: parseCell(`${columns[2]}1`).col };
  const [from, to = from] = local.split(':');
  const a = parseCell(from);
  const b = parseCell(to);
  return { sheet, r0: Math.min(a.row, b.row), c0: Math.min(a.col, b.col), r1: Math.max(a.row, b.row), c1: Math.max(a.col, b.col) };
}
const boxAddress = (b: Box) => `${quoteSheet(b.sheet)}!${a1(b.r0, b.c0)}${b.r0 === b.r1 && b.c0 === b.c1 ? '' : `:${a1(b.r1, b.c1)}`}`;
const intersects = (a: Box, b: Box) => a.sheet === b.sheet && a.c0 <= b.c1 && b.c0 <= a.c1 && a.r0 <= b.r1 && b.r0 <= a.r1;
const sameBox = (a: Box, b: Box) => a.sheet === b.sheet && a.r0 === b.r0 && a.r1 === b.r1 && a.c0 === b.c0 && a.c1 === b.c1;

// ---- formulas: just enough of Excel's language for the formulas a workbook keeps beside bound tables

/** Structured references: `Table[Col]`, `Table[[Col]]`, `Table[#All]`, `Table[@Col]`, `[@Col]`, `[@[Col]]`. */
const STRUCTURED = /([A-Za-z_\\][\w.]*)?\[((?:[^[\]']|'.|\[(?:[^[\]']|'.)*\])*)\]/g;
/** A1 references outside structured references: `A1`, `$B$2:$C$9`, `Sheet1!A1`, `'My sheet'!A1:B2`. */
const A1_REF = /(?<![\w.$'])((?:'(?:[^']|'')+'|[A-Za-z_][\w.]*)!)?(\$?)([A-Z]{1,3})(\$?)(\d+)(?::(\$?)([A-Z]{1,3})(\$?)(\d+))?(?![\w(])/g;

/** Splits a formula into string literals (kept) and the rest (where references are rewritten). */
function mapOutsideStrings(formula: string, fn: (code: string) => string): string {
  return formula.split(/("(?:[^"]|"")*")/).map((part, i) => (i % 2 ? part : fn(part))).join('');
}
const unescapeColumn = (text: string) => text.replace(/'(.)/g, '$1');

interface StructuredRef {
  table?: string;
  thisRow: boolean;
  area: 'data' | 'all' | 'headers';
  columns?: [string, string?];
}
function parseStructured(table: string | undefined, inside: string): StructuredRef {
  let text = inside.trim();
  let thisRow = false;
  if (text.startsWith('@')) {
    thisRow = true;
    text = text.slice(1).trim();
  }
  const parts = text.startsWith('[') ? [...text.matchAll(/\[((?:[^[\]']|'.)*)\]/g)].map((m) => unescapeColumn(m[1])) : text ? [unescapeColumn(text)] : [];
  let area: StructuredRef['area'] = 'data';
  const names: string[] = [];
  for (const part of parts) {
    if (part.toLowerCase() === '#all') area = 'all';
    else if (part.toLowerCase() === '#headers') area = 'headers';
    else if (part.toLowerCase() === '#data') area = 'data';
    else if (part.toLowerCase() === '#this row') thisRow = true;
    else names.push(part);
  }
  // `[[A]:[B]]`: a column range
  const range = /^\[((?:[^[\]']|'.)*)\]:\[((?:[^[\]']|'.)*)\]$/.exec(text);
  return { table, thisRow, area, columns: range ? [unescapeColumn(range[1]), unescapeColumn(range[2])] : names.length ? [names[0]] : undefined };
}

type Operand = Value | Value[] | { error: string };

const serial = (year: number, month: number, day: number) => Date.UTC(year, month - 1, day) / 86_400_000 + 25_569;
/** What Excel (en-GB) makes of text typed into a General cell. */
function typed(text: string, format: string | undefined): { value: Value; format?: string } {
  const t = text.trim();
  if (/^[-+]?\d+(\.\d+)?$/.test(t)) return { value: Number(t), format };
  if (/^(true|false)$/i.test(t)) return { value: t.toLowerCase() === 'true', format };
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  if (m) return { value: serial(Number(m[1]), Number(m[2]), Number(m[3])), format: format && format !== 'General' ? format : 'yyyy-mm-dd' };
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t);
  if (m && Number(m[2]) <= 12 && Number(m[1]) <= 31) return { value: serial(Number(m[3]), Number(m[2]), Number(m[1])), format: format && format !== 'General' ? format : 'dd/mm/yyyy' };
  m = /^(\d{4})-(\d{2})$/.exec(t);
  if (m && Number(m[2]) <= 12) return { value: serial(Number(m[1]), Number(m[2]), 1), format: format && format !== 'General' ? format : 'mmm-yy' };
  return { value: text, format };
}

export class FakeWorkbook {
  readonly sheetData = new Map<string, SheetData>();
  tables = new Map<string, TableData>();
  names = new Map<string, Box>();
  xmlParts: Array<{ id: string; xml: string }> = [];
  charts = new Map<string, ChartData>();
  /** Each sheet's visibility (`Visible`, `Hidden`, `VeryHidden`). */
  get visibility(): Map<string, string> {
    return new Map([...this.sheetData].map(([name, sheet]) => [name, sheet.visibility]));
  }
  /** Each sheet's page layout as the add-in set it (orientation, zoom, headers and footers, print title rows). */
  pageLayouts = new Map<string, Record<string, unknown>>();
  active = 'Sheet1';
  selection = 'A1';
  syncs = 0;
  largestRequest = 0;
  bold = new Set<string>();

  constructor() {
    this.addSheet('Sheet1');
  }

  addSheet(name: string): void {
    this.sheetData.set(name, { cells: new Map(), visibility: 'Visible', widths: new Map() });
  }
  get sheets(): Map<string, Map<string, CellData>> {
    return new Map([...this.sheetData].map(([name, sheet]) => [name, sheet.cells]));
  }
  grid(sheet: string): Map<string, CellData> {
    const data = this.sheetData.get(sheet);
    if (!data) throw new Error(`ItemNotFound: worksheet ${sheet}`);
    return data.cells;
  }
  table(name: string): TableData | undefined {
    for (const [tableName, table] of this.tables) if (tableName.toLowerCase() === name.toLowerCase()) return table;
    return undefined;
  }

  // ---- what a test reads and writes, as a user at the keyboard would

  /** A cell's value as Excel shows it (formulas calculated). */
  cell(sheet: string, address: string): Value | undefined {
    const { row, col } = parseCell(address);
    const data = this.grid(sheet).get(key(row, col));
    if (!data) return undefined;
    return data.formula ? this.calculate(sheet, row, col) : data.value;
  }
  formulaOf(sheet: string, address: string): string | undefined {
    const { row, col } = parseCell(address);
    return this.grid(sheet).get(key(row, col))?.formula;
  }
  formatOf(sheet: string, address: string): string | undefined {
    const { row, col } = parseCell(address);
    return this.grid(sheet).get(key(row, col))?.format;
  }
  /** Types into a cell: text starting with `=` is a formula; in a table's header it renames the column. */
  setCell(sheet: string, address: string, value: Value): void {
    const { row, col } = parseCell(address);
    this.put(sheet, row, col, value);
  }
  setFormat(sheet: string, address: string, format: string): void {
    const b = boxOf(sheet, address);
    for (let r = b.r0; r <= b.r1; r++) for (let c = b.c0; c <= b.c1; c++) this.cellAt(sheet, r, c).format = format;
  }
  columnWidth(sheet: string, column: string): number | undefined {
    return this.sheetData.get(sheet)?.widths.get(parseCell(`${column}1`).col);
  }
  setColumnWidth(sheet: string, column: string, width: number): void {
    this.sheetData.get(sheet)!.widths.set(parseCell(`${column}1`).col, width);
  }
  /** The values of a table as a grid, header first. */
  tableValues(name: string): Value[][] {
    const table = this.table(name);
    if (!table) throw new Error(`no table ${name}`);
    return this.read(table);
  }
  /** What a user does with the table's drop-down: adds a column at the right, with a formula that fills down. */
  addTableColumn(tableName: string, header: string, formula?: string): void {
    const table = this.table(tableName)!;
    this.insertTableColumn(table, header);
    if (formula) for (let r = table.r0 + 1; r <= table.r1; r++) this.put(table.sheet, r, table.c1, formula);
  }
  /** What a user does by dragging a column's header across another: the two columns change places, cells and all. */
  swapTableColumns(tableName: string, first: string, second: string): void {
    const table = this.table(tableName)!;
    const [i, j] = [first, second].map((name) => table.columns.findIndex((c) => c === name));
    const cells = this.grid(table.sheet);
    for (let r = table.r0; r <= table.r1; r++) {
      const a = cells.get(key(r, table.c0 + i));
      const b = cells.get(key(r, table.c0 + j));
      cells.delete(key(r, table.c0 + i));
      cells.delete(key(r, table.c0 + j));
      if (a) cells.set(key(r, table.c0 + j), a);
      if (b) cells.set(key(r, table.c0 + i), b);
    }
    [table.columns[i], table.columns[j]] = [table.columns[j], table.columns[i]];
  }
  /** A chart's series as the addresses they cover now. */
  chartSeries(name: string): Array<{ name: string; values: string; categories?: string }> {
    const chart = this.charts.get(name);
    if (!chart) throw new Error(`no chart ${name}`);
    return chart.series.map((s) => ({ name: s.name, values: boxAddress(this.seriesBox(s.values)), categories: s.categories && boxAddress(this.seriesBox(s.categories)) }));
  }

  read(box: Box): Value[][] {
    return Array.from({ length: box.r1 - box.r0 + 1 }, (_, r) => Array.from({ length: box.c1 - box.c0 + 1 }, (_, c) => this.cell(box.sheet, a1(box.r0 + r, box.c0 + c)) ?? ''));
  }

  /** The Office.js namespace over this workbook, as a host supporting ExcelApi up to `excelApi`. */
  api({ excelApi = '1.17' }: { excelApi?: string } = {}) {
    return createExcelApi(this, excelApi);
  }

  // ---- the model

  cellAt(sheet: string, row: number, col: number): CellData {
    const cells = this.grid(sheet);
    let cell = cells.get(key(row, col));
    if (!cell) cells.set(key(row, col), (cell = { value: '' }));
    return cell;
  }

  /** A value entered as Excel takes typed input: `=…` a formula, `'…` text, and (unless the cell is formatted as text) numbers, TRUE/FALSE and dates recognised. */
  put(sheet: string, row: number, col: number, value: unknown): void {
    const cell = this.cellAt(sheet, row, col);
    delete cell.formula;
    if (typeof value === 'string' && value.startsWith('=')) {
      cell.formula = value;
      cell.value = '';
    } else if (typeof value === 'string' && value.startsWith("'")) cell.value = value.slice(1);
    else if (typeof value === 'string' && cell.format !== '@') Object.assign(cell, typed(value, cell.format));
    else cell.value = value === null || value === undefined ? '' : (value as Value);
    for (const table of this.tables.values()) {
      if (table.sheet !== sheet || row !== table.r0 || col < table.c0 || col > table.c1) continue;
      const old = table.columns[col - table.c0];
      const renamed = String(this.cell(sheet, a1(row, col)) ?? '');
      table.columns[col - table.c0] = renamed;
      for (const chart of this.charts.values())
        for (const s of chart.series) for (const ref of [s.values, s.categories]) if (ref && 'table' in ref && ref.table === table && ref.column === old) ref.column = renamed;
    }
  }

  seriesBox(ref: SeriesRef): Box {
    if ('box' in ref) return ref.box;
    const col = ref.table.c0 + ref.table.columns.findIndex((c) => c.toLowerCase() === ref.column.toLowerCase());
    return { sheet: ref.table.sheet, r0: ref.table.r0 + 1, r1: ref.table.r1, c0: col, c1: col };
  }

  /** The cells a structured reference covers, seen from a formula in `sheet` at (row, col). */
  resolveStructured(ref: StructuredRef, sheet: string, row: number, col: number): Box | undefined {
    const table = ref.table ? this.table(ref.table) : [...this.tables.values()].find((t) => t.sheet === sheet && row > t.r0 && row <= t.r1 && col >= t.c0 && col <= t.c1);
    if (!table) return undefined;
    const columnIndex = (name: string) => table.columns.findIndex((c) => c.toLowerCase() === name.toLowerCase());
    let c0 = table.c0;
    let c1 = table.c1;
    if (ref.columns) {
      const first = columnIndex(ref.columns[0]);
      const last = ref.columns[1] ? columnIndex(ref.columns[1]) : first;
      if (first < 0 || last < 0) return undefined;
      c0 = table.c0 + first;
      c1 = table.c0 + last;
    }
    if (ref.thisRow) return row > table.r0 && row <= table.r1 ? { sheet: table.sheet, r0: row, r1: row, c0, c1 } : undefined;
    if (ref.area === 'headers') return { sheet: table.sheet, r0: table.r0, r1: table.r0, c0, c1 };
    return { sheet: table.sheet, r0: ref.area === 'all' ? table.r0 : table.r0 + 1, r1: table.r1, c0, c1 };
  }

  private calculating = new Set<string>();

  calculate(sheet: string, row: number, col: number): Value {
    const id = `${sheet}!${row},${col}`;
    if (this.calculating.has(id)) return '#CIRC!';
    this.calculating.add(id);
    try {
      const result = this.evaluate(this.grid(sheet).get(key(row, col))!.formula!.slice(1), sheet, row, col);
      if (typeof result === 'object' && !Array.isArray(result)) return result.error;
      return Array.isArray(result) ? (result[0] ?? '') : result;
    } finally {
      this.calculating.delete(id);
    }
  }

  /** Evaluates `+ - * / &`, numbers, strings, references and SUM / COUNT / COUNTA / AVERAGE / MIN / MAX / ROWS. */
  evaluate(text: string, sheet: string, row: number, col: number): Operand {
    const tokens: string[] = [];
    const pattern = /\s*("(?:[^"]|"")*"|(?:[A-Za-z_\\][\w.]*)?\[(?:[^[\]']|'.|\[(?:[^[\]']|'.)*\])*\]|(?:'(?:[^']|'')+'|[A-Za-z_][\w.]*)!\$?[A-Z]{1,3}\$?\d+(?::\$?[A-Z]{1,3}\$?\d+)?|\$?[A-Z]{1,3}\$?\d+(?::\$?[A-Z]{1,3}\$?\d+)?(?![\w(])|\d+(?:\.\d+)?|[A-Za-z_][\w.]*(?=\()|[-+*/&(),])/gy;
    let position = 0;
    for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
      tokens.push(m[1]);
      position = pattern.lastIndex;
    }
    if (text.slice(position).trim()) return { error: '#NAME?' };
    let i = 0;
    const peek = () => tokens[i];
    const reference = (token: string): Operand => {
      let box: Box | undefined;
      if (token.includes('[')) {
        STRUCTURED.lastIndex = 0;
        const m = STRUCTURED.exec(token)!;
        box = this.resolveStructured(parseStructured(m[1], m[2]), sheet, row, col);
      } else {
        const bang = token.lastIndexOf('!');
        const target = bang < 0 ? sheet : token.slice(0, bang).replace(/^'|'$/g, '').replace(/''/g, "'");
        if (!this.sheetData.has(target)) return { error: '#REF!' };
        box = boxOf(target, token.slice(bang + 1).replace(/\$/g, ''));
      }
      if (!box) return { error: '#REF!' };
      return this.read(box).flat();
    };
    const primary = (): Operand => {
      const token = tokens[i++];
      if (token === undefined) return { error: '#VALUE!' };
      if (token === '(') {
        const value = expression();
        i++;
        return value;
      }
      if (token === '-') {
        const value = scalar(primary());
        return typeof value === 'object' ? value : -Number(value);
      }
      if (token.startsWith('"')) return token.slice(1, -1).replace(/""/g, '"');
      if (/^\d/.test(token)) return Number(token);
      if (peek() === '(' && /^[A-Za-z_]/.test(token) && !token.includes('[')) {
        i++;
        const args: Operand[] = [];
        while (peek() !== ')' && peek() !== undefined) {
          args.push(expression());
          if (peek() === ',') i++;
        }
        i++;
        return call(token.toUpperCase(), args);
      }
      return reference(token);
    };
    const scalar = (value: Operand): Value | { error: string } => (Array.isArray(value) ? (value.length === 1 ? value[0] : { error: '#VALUE!' }) : value);
    const binary = (left: Operand, op: string, right: Operand): Operand => {
      const a = scalar(left);
      const b = scalar(right);
      if (typeof a === 'object') return a;
      if (typeof b === 'object') return b;
      if (op === '&') return `${a}${b}`;
      const x = a === '' ? 0 : Number(a);
      const y = b === '' ? 0 : Number(b);
      if (Number.isNaN(x) || Number.isNaN(y)) return { error: '#VALUE!' };
      if (op === '/' && y === 0) return { error: '#DIV/0!' };
      return op === '+' ? x + y : op === '-' ? x - y : op === '*' ? x * y : x / y;
    };
    const term = (): Operand => {
      let value = primary();
      while (peek() === '*' || peek() === '/') value = binary(value, tokens[i++], primary());
      return value;
    };
    const sum = (): Operand => {
      let value = term();
      while (peek() === '+' || peek() === '-') value = binary(value, tokens[i++], term());
      return value;
    };
    const expression = (): Operand => {
      let value = sum();
      while (peek() === '&') value = binary(value, tokens[i++], sum());
      return value;
    };
    const call = (name: string, args: Operand[]): Operand => {
      const failed = args.find((a): a is { error: string } => typeof a === 'object' && !Array.isArray(a));
      if (failed) return failed;
      const values = args.flatMap((a) => (Array.isArray(a) ? a : [a as Value]));
      const numbers = values.filter((v): v is number => typeof v === 'number');
      switch (name) {
        case 'SUM': return numbers.reduce((s, n) => s + n, 0);
        case 'COUNT': return numbers.length;
        case 'COUNTA': return values.filter((v) => v !== '').length;
        case 'AVERAGE': return numbers.length ? numbers.reduce((s, n) => s + n, 0) / numbers.length : { error: '#DIV/0!' };
        case 'MIN': return numbers.length ? Math.min(...numbers) : 0;
        case 'MAX': return numbers.length ? Math.max(...numbers) : 0;
        case 'ROWS': return Array.isArray(args[0]) ? args[0].length : 1;
        default: return { error: '#NAME?' };
      }
    };
    return expression();
  }

  /** Rewrites every formula in the workbook (`fn` gets the formula's sheet, row and column). */
  rewriteFormulas(fn: (formula: string, sheet: string, row: number, col: number) => string): void {
    for (const [sheet, data] of this.sheetData)
      for (const [k, cell] of data.cells) {
        if (!cell.formula) continue;
        const [row, col] = k.split(',').map(Number);
        cell.formula = fn(cell.formula, sheet, row, col);
      }
  }

  convertToRange(table: TableData): void {
    this.rewriteFormulas((formula, sheet, row, col) =>
      mapOutsideStrings(formula, (code) =>
        code.replace(STRUCTURED, (whole, name: string | undefined, inside: string) => {
          const ref = parseStructured(name, inside);
          const mine = name ? name.toLowerCase() === table.name.toLowerCase() : sheet === table.sheet && row > table.r0 && row <= table.r1 && col >= table.c0 && col <= table.c1;
          if (!mine) return whole;
          const box = this.resolveStructured(ref, sheet, row, col);
          if (!box) return '#REF!';
          const prefix = box.sheet === sheet ? '' : `${quoteSheet(box.sheet)}!`;
          if (ref.thisRow) return `${prefix}${a1(box.r0, box.c0)}${box.c0 === box.c1 ? '' : `:${a1(box.r1, box.c1)}`}`;
          return `${prefix}${abs(box.r0, box.c0)}:${abs(box.r1, box.c1)}`;
        }),
      ),
    );
    for (const chart of this.charts.values())
      for (const series of chart.series) {
        if ('table' in series.values && series.values.table === table) series.values = { box: this.seriesBox(series.values) };
        if (series.categories && 'table' in series.categories && series.categories.table === table) series.categories = { box: this.seriesBox(series.categories) };
      }
    this.tables.delete(table.name);
  }

  resize(table: TableData, box: Box): void {
    if (box.sheet !== table.sheet || box.r0 !== table.r0 || box.c0 !== table.c0) throw new Error('InvalidArgument: the table’s header row must stay where it is.');
    if (!intersects(box, table)) throw new Error('InvalidArgument: the new range must overlap the table.');
    if (box.r1 <= box.r0) throw new Error('InvalidArgument: a table needs a header row and at least one row.');
    for (const other of this.tables.values()) if (other !== table && intersects(other, box)) throw new Error(`InvalidOperation: the range overlaps table ${other.name}.`);
    const oldBottom = table.r1;
    const width = box.c1 - box.c0 + 1;
    while (table.columns.length < width) table.columns.push(this.freeColumnName(table));
    table.columns.length = width;
    table.c1 = box.c1;
    table.r1 = box.r1;
    // New rows take the row above's number format, and calculated columns fill down (as Excel does).
    for (let c = table.c0; c <= table.c1; c++) {
      const last = this.grid(table.sheet).get(key(oldBottom, c));
      const formulas = new Set<string | undefined>();
      for (let r = table.r0 + 1; r <= oldBottom; r++) formulas.add(this.grid(table.sheet).get(key(r, c))?.formula);
      const calculated = formulas.size === 1 ? [...formulas][0] : undefined;
      for (let r = oldBottom + 1; r <= table.r1; r++) {
        const cell = this.cellAt(table.sheet, r, c);
        if (last?.format && !cell.format) cell.format = last.format;
        if (calculated) cell.formula = calculated;
      }
    }
  }

  freeColumnName(table: TableData): string {
    for (let n = table.columns.length + 1; ; n++) if (!table.columns.some((c) => c.toLowerCase() === `column${n}`)) return `Column${n}`;
  }

  /** A column added at the right of a table: cells to its right in the table's rows move right. */
  insertTableColumn(table: TableData, name?: string): void {
    const at = table.c1 + 1;
    const cells = this.grid(table.sheet);
    const moving = [...cells].filter(([k]) => {
      const [r, c] = k.split(',').map(Number);
      return r >= table.r0 && r <= table.r1 && c >= at;
    });
    for (const [k] of moving) cells.delete(k);
    for (const [k, cell] of moving) {
      const [r, c] = k.split(',').map(Number);
      cells.set(key(r, c + 1), cell);
    }
    table.c1 = at;
    const header = name ?? this.freeColumnName(table);
    table.columns.push(header);
    this.cellAt(table.sheet, table.r0, at).value = header;
    const left = cells.get(key(table.r1, at - 1));
    for (let r = table.r0 + 1; r <= table.r1; r++) if (left?.format) this.cellAt(table.sheet, r, at).format ??= left.format;
  }

  /** Entire rows inserted at `at` (zero-based): everything from there down moves `count` rows. */
  insertRows(sheet: string, at: number, count: number): void {
    const cells = this.grid(sheet);
    const moving = [...cells].filter(([k]) => Number(k.split(',')[0]) >= at);
    for (const [k] of moving) cells.delete(k);
    for (const [k, cell] of moving) {
      const [r, c] = k.split(',').map(Number);
      cells.set(key(r + count, c), cell);
    }
    const moveBox = (b: Box) => {
      if (b.sheet !== sheet) return;
      if (b.r0 >= at) b.r0 += count;
      if (b.r1 >= at) b.r1 += count;
    };
    for (const table of this.tables.values()) moveBox(table);
    for (const name of this.names.values()) moveBox(name);
    for (const chart of this.charts.values()) {
      if (chart.sheet === sheet && chart.at && chart.at.row >= at) chart.at.row += count;
      for (const s of chart.series) for (const ref of [s.values, s.categories]) if (ref && 'box' in ref) moveBox(ref.box);
    }
    this.rewriteFormulas((formula, formulaSheet) =>
      mapOutsideStrings(formula, (code) =>
        code
          .split(STRUCTURED)
          .map((part, index, all) => (index % 3 === 0 ? part : index % 3 === 1 ? `${part ?? ''}[${all[index + 1]}]` : ''))
          .map((part) =>
            part.includes('[')
              ? part
              : part.replace(A1_REF, (whole, qualifier: string | undefined, d1: string, c1: string, e1: string, r1: string, d2?: string, c2?: string, e2?: string, r2?: string) => {
                  const target = qualifier ? qualifier.slice(0, -1).replace(/^'|'$/g, '').replace(/''/g, "'") : formulaSheet;
                  if (target !== sheet) return whole;
                  const shift = (r: string) => String(Number(r) - 1 >= at ? Number(r) + count : Number(r));
                  return `${qualifier ?? ''}${d1}${c1}${e1}${shift(r1)}${c2 ? `:${d2}${c2}${e2}${shift(r2!)}` : ''}`;
                }),
          )
          .join(''),
      ),
    );
  }
}

function createExcelApi(book: FakeWorkbook, excelApi: string) {
  const version = (v: string) => v.split('.').map(Number).reduce((n, part) => n * 1000 + part, 0);
  const need = (set: string, what: string) => {
    if (version(excelApi) < version(set)) throw new Error(`ApiNotFound: ${what} needs ExcelApi ${set}; this Excel has ExcelApi ${excelApi}.`);
  };

  class Context {
    private queue: Array<() => void> = [];
    private pendingBytes = 0;
    workbook: ReturnType<typeof workbookProxy>;
    application = {
      suspendApiCalculationUntilNextSync: () => {
        need('1.6', 'suspendApiCalculationUntilNextSync');
      },
    };
    constructor() {
      this.workbook = workbookProxy(this);
    }
    /** Queues a call; it runs at the next sync, in order. */
    enqueue(fn: () => void, payload?: unknown) {
      if (payload !== undefined) this.pendingBytes += JSON.stringify(payload).length;
      this.queue.push(fn);
    }
    async sync() {
      book.syncs += 1;
      book.largestRequest = Math.max(book.largestRequest, this.pendingBytes);
      const queue = this.queue;
      const bytes = this.pendingBytes;
      this.queue = [];
      this.pendingBytes = 0;
      if (bytes > REQUEST_LIMIT_BYTES) {
        throw Object.assign(new Error('RequestPayloadSizeLimitExceeded: the request payload size has exceeded the limit.'), { code: 'RequestPayloadSizeLimitExceeded' });
      }
      // Not a transaction: what ran before a failure stays done, the rest is dropped.
      for (const fn of queue) fn();
    }
    /** A value fixed when its call runs (a range from `getDataBodyRange()` is the range at that moment). */
    lazy<T>(resolve: () => T): () => T {
      let done = false;
      let value: T;
      let failure: unknown;
      this.enqueue(() => {
        try {
          value = resolve();
          done = true;
        } catch (error) {
          failure = error; // thrown where the object is used, as Excel reports ItemNotFound
        }
      });
      return () => {
        if (failure) throw failure;
        if (!done) value = resolve();
        done = true;
        return value;
      };
    }
  }

  /** Properties readable after load + sync, as in Office.js. */
  function loadable(ctx: Context, readers: Record<string, () => unknown>) {
    const loaded = new Map<string, unknown>();
    return {
      load(props?: string | string[] | Record<string, unknown>) {
        const list = props === undefined ? Object.keys(readers) : typeof props === 'string' ? props.split(',') : Array.isArray(props) ? props : Object.keys(props);
        for (const prop of list.map((p) => p.trim())) {
          const read = readers[prop];
          if (!read) throw new Error(`InvalidArgument: cannot load ${prop}`);
          ctx.enqueue(() => loaded.set(prop, read()));
        }
      },
      get(prop: string): unknown {
        if (!loaded.has(prop)) throw new Error(`PropertyNotLoaded: ${prop} was read before load() and sync().`);
        return loaded.get(prop);
      },
    };
  }

  function nullable<T extends object>(ctx: Context, exists: () => boolean, target: T): T & { isNullObject: boolean } {
    let known: boolean | undefined;
    ctx.enqueue(() => (known = !exists()));
    return Object.defineProperty(target, 'isNullObject', {
      get() {
        if (known === undefined) throw new Error('PropertyNotLoaded: isNullObject read before sync().');
        return known;
      },
    }) as T & { isNullObject: boolean };
  }

  function rangeProxy(ctx: Context, at: () => Box): any {
    const box = ctx.lazy(at);
    const grid2d = (fn: (cell: CellData | undefined, r: number, c: number) => unknown) => () => {
      const b = box();
      const cells = book.grid(b.sheet);
      return Array.from({ length: b.r1 - b.r0 + 1 }, (_, r) => Array.from({ length: b.c1 - b.c0 + 1 }, (_, c) => fn(cells.get(key(b.r0 + r, b.c0 + c)), b.r0 + r, b.c0 + c)));
    };
    const props = loadable(ctx, {
      values: () => book.read(box()),
      formulas: grid2d((cell) => cell?.formula ?? cell?.value ?? ''),
      numberFormat: grid2d((cell) => cell?.format ?? 'General'),
      text: grid2d((cell, r, c) => String(book.cell(box().sheet, a1(r, c)) ?? '')),
      address: () => boxAddress(box()),
      rowCount: () => box().r1 - box().r0 + 1,
      columnCount: () => box().c1 - box().c0 + 1,
      rowIndex: () => box().r0,
      columnIndex: () => box().c0,
    });
    const write = (grid: unknown[][], set: (sheet: string, r: number, c: number, v: unknown) => void) => {
      ctx.enqueue(() => {
        const b = box();
        const rows = b.r1 - b.r0 + 1;
        const cols = b.c1 - b.c0 + 1;
        if (grid.length !== rows || grid.some((row) => row.length !== cols)) throw new Error(`InvalidArgument: ${grid.length}×${grid[0]?.length} values for a ${rows}×${cols} range.`);
        grid.forEach((row, r) => row.forEach((v, c) => set(b.sheet, b.r0 + r, b.c0 + c, v)));
      }, grid);
    };
    const fontOf = { bold: false, italic: false, color: '' };
    const range = {
      __box: box,
      load(p?: string | string[]) {
        props.load(p ?? 'values,address');
        return range;
      },
      get values(): unknown[][] { return props.get('values') as unknown[][]; },
      set values(grid: unknown[][]) { write(grid, (sheet, r, c, v) => book.put(sheet, r, c, v)); },
      get formulas(): unknown[][] { return props.get('formulas') as unknown[][]; },
      set formulas(grid: unknown[][]) { write(grid, (sheet, r, c, v) => book.put(sheet, r, c, v)); },
      get numberFormat(): unknown[][] { return props.get('numberFormat') as unknown[][]; },
      set numberFormat(grid: unknown[][]) { write(grid, (sheet, r, c, v) => void (book.cellAt(sheet, r, c).format = String(v))); },
      get text() { return props.get('text'); },
      get address() { return props.get('address'); },
      get rowCount() { return props.get('rowCount'); },
      get columnCount() { return props.get('columnCount'); },
      get rowIndex() { return props.get('rowIndex'); },
      get columnIndex() { return props.get('columnIndex'); },
      clear(applyTo: string = 'All') {
        ctx.enqueue(() => {
          const b = box();
          const cells = book.grid(b.sheet);
          // By the cells there are, so clearing a whole column or row costs what it holds.
          for (const [at, cell] of [...cells]) {
            const [r, c] = at.split(',').map(Number);
            if (r < b.r0 || r > b.r1 || c < b.c0 || c > b.c1) continue;
            if (applyTo === 'All') cells.delete(at);
            else if (applyTo === 'Contents') Object.assign(cell, { value: '', formula: undefined });
            else if (applyTo === 'Formats') delete cell.format;
          }
        });
      },
      insert(shift: string) {
        ctx.enqueue(() => {
          const b = box();
          if (shift !== 'Down' || b.c0 !== 0 || b.c1 !== 16_383) throw new Error('NotImplemented: the fake host inserts entire rows only.');
          book.insertRows(b.sheet, b.r0, b.r1 - b.r0 + 1);
        });
        return rangeProxy(ctx, () => box());
      },
      copyFrom(source: { __box: () => Box }, copyType: string = 'All') {
        need('1.9', 'Range.copyFrom');
        ctx.enqueue(() => {
          const from = source.__box();
          const to = box();
          const rows = from.r1 - from.r0 + 1;
          const cols = from.c1 - from.c0 + 1;
          const single = to.r0 === to.r1 && to.c0 === to.c1;
          if (!single && (to.r1 - to.r0 + 1 !== rows || to.c1 - to.c0 + 1 !== cols)) throw new Error('InvalidArgument: copyFrom between ranges of different sizes.');
          const values = book.read(from);
          const sourceCells = book.grid(from.sheet);
          for (let r = 0; r < rows; r++)
            for (let c = 0; c < cols; c++) {
              const target = book.cellAt(to.sheet, to.r0 + r, to.c0 + c);
              const original = sourceCells.get(key(from.r0 + r, from.c0 + c));
              if (copyType === 'Values' || copyType === 'All') {
                delete target.formula;
                target.value = values[r][c];
              }
              if ((copyType === 'Formats' || copyType === 'All') && original?.format) target.format = original.format;
            }
        });
      },
      getCell(row: number, col: number) {
        return rangeProxy(ctx, () => ({ ...box(), r0: box().r0 + row, r1: box().r0 + row, c0: box().c0 + col, c1: box().c0 + col }));
      },
      getRow(row: number) {
        return rangeProxy(ctx, () => ({ ...box(), r0: box().r0 + row, r1: box().r0 + row }));
      },
      getColumn(col: number) {
        return rangeProxy(ctx, () => ({ ...box(), c0: box().c0 + col, c1: box().c0 + col }));
      },
      getRowsBelow(count = 1) {
        return rangeProxy(ctx, () => ({ ...box(), r0: box().r1 + 1, r1: Math.min(box().r1 + count, MAX_ROW) }));
      },
      getResizedRange(rows: number, cols: number) {
        return rangeProxy(ctx, () => ({ ...box(), r1: box().r1 + rows, c1: box().c1 + cols }));
      },
      format: {
        font: {
          set bold(on: boolean) {
            ctx.enqueue(() => {
              const b = box();
              if (on) book.bold.add(`${b.sheet}!${a1(b.r0, b.c0)}`);
            });
            fontOf.bold = on;
          },
          set italic(on: boolean) { fontOf.italic = on; },
          set color(color: string) { fontOf.color = color; },
        },
        fill: { color: '' },
        set columnWidth(width: number) {
          ctx.enqueue(() => {
            const b = box();
            for (let c = b.c0; c <= b.c1; c++) book.sheetData.get(b.sheet)!.widths.set(c, width);
          });
        },
        autofitColumns() {
          ctx.enqueue(() => {
            const b = box();
            const values = book.read(b);
            for (let c = b.c0; c <= b.c1; c++) book.sheetData.get(b.sheet)!.widths.set(c, Math.max(...values.map((row) => String(row[c - b.c0]).length)) * 7 + 10);
          });
        },
      },
    };
    return range;
  }

  function tableProxy(ctx: Context, find: () => TableData | undefined) {
    const table = ctx.lazy(() => {
      const found = find();
      if (!found) throw new Error('ItemNotFound: the table does not exist.');
      return found;
    });
    const part = (fn: (t: TableData) => Box) => rangeProxy(ctx, () => { const b = fn(table()); return { sheet: b.sheet, r0: b.r0, r1: b.r1, c0: b.c0, c1: b.c1 }; });
    const props = loadable(ctx, { name: () => table().name, style: () => table().style ?? '' });
    const columnProxy = (find: () => number) => {
      const index = ctx.lazy(find);
      const column = (t: TableData) => t.c0 + index();
      const columnProps = loadable(ctx, { name: () => table().columns[index()], index: () => index() });
      const proxy = {
        load(p?: string) {
          columnProps.load(p ?? 'name,index');
          return proxy;
        },
        get name() { return columnProps.get('name'); },
        get index() { return columnProps.get('index'); },
        getDataBodyRange: () => Object.assign(part((t) => ({ sheet: t.sheet, r0: t.r0 + 1, r1: t.r1, c0: column(t), c1: column(t) })), { __column: () => ({ table: table(), column: table().columns[index()] }) }),
        getHeaderRowRange: () => part((t) => ({ sheet: t.sheet, r0: t.r0, r1: t.r0, c0: column(t), c1: column(t) })),
        getRange: () => part((t) => ({ sheet: t.sheet, r0: t.r0, r1: t.r1, c0: column(t), c1: column(t) })),
      };
      return proxy;
    };
    const proxy = {
      load(p?: string) {
        props.load(p ?? 'name');
        return proxy;
      },
      get name(): string { return props.get('name') as string; },
      set name(next: string) {
        ctx.enqueue(() => {
          const t = table();
          if (book.table(next) && book.table(next) !== t) throw new Error(`InvalidArgument: a table named ${next} exists.`);
          book.tables.delete(t.name);
          t.name = next;
          book.tables.set(next, t);
        });
      },
      set style(style: string) { ctx.enqueue(() => void (table().style = style)); },
      convertToRange() {
        ctx.enqueue(() => book.convertToRange(table()));
        return part((t) => t);
      },
      delete() {
        ctx.enqueue(() => {
          const t = table();
          const cells = book.grid(t.sheet);
          for (let r = t.r0; r <= t.r1; r++) for (let c = t.c0; c <= t.c1; c++) cells.delete(key(r, c));
          book.tables.delete(t.name);
        });
      },
      resize(address: string | { __box: () => Box }) {
        need('1.13', 'Table.resize');
        ctx.enqueue(() => book.resize(table(), typeof address === 'string' ? boxOf(address.includes('!') ? address.split('!')[0].replace(/^'|'$/g, '') : table().sheet, address) : address.__box()));
      },
      getRange: () => part((t) => t),
      getHeaderRowRange: () => part((t) => ({ ...t, r1: t.r0 })),
      getDataBodyRange: () => part((t) => ({ ...t, r0: t.r0 + 1 })),
      columns: {
        getItemOrNullObject: (name: string) => {
          const has = () => Boolean(find()?.columns.some((c) => c.toLowerCase() === name.toLowerCase()));
          return nullable(ctx, has, columnProxy(() => table().columns.findIndex((c) => c.toLowerCase() === name.toLowerCase())));
        },
        getItemAt: (index: number) => columnProxy(() => index),
        getItem: (name: string) =>
          columnProxy(() => {
            const index = table().columns.findIndex((c) => c.toLowerCase() === name.toLowerCase());
            if (index < 0) throw new Error(`ItemNotFound: column ${name} in table ${table().name}`);
            return index;
          }),
        add(index?: number | null, values?: unknown[][], name?: string) {
          if (name !== undefined) need('1.4', 'TableColumnCollection.add with a name');
          ctx.enqueue(() => {
            const t = table();
            if (index !== null && index !== undefined && index !== t.columns.length) throw new Error('NotImplemented: the fake host adds table columns at the right only.');
            book.insertTableColumn(t, name);
            values?.forEach((row, r) => book.put(t.sheet, t.r0 + r, t.c1, row[0]));
          }, values);
          return columnProxy(() => table().columns.length - 1);
        },
      },
    };
    return proxy;
  }

  function tablesCollection(ctx: Context, sheetName?: string) {
    let loaded: TableData[] | undefined;
    const collection = {
      load(_props?: string) {
        ctx.enqueue(() => (loaded = [...book.tables.values()].filter((t) => !sheetName || t.sheet === sheetName)));
        return collection;
      },
      getCount() {
        const count = loadable(ctx, { value: () => [...book.tables.values()].filter((t) => !sheetName || t.sheet === sheetName).length });
        count.load('value');
        return { get value() { return count.get('value') as number; } };
      },
      get items() {
        if (!loaded) throw new Error('PropertyNotLoaded: items was read before load() and sync().');
        return loaded.map((t) => ({ name: t.name, getRange: () => tableProxy(ctx, () => t).getRange() }));
      },
      getItemOrNullObject: (name: string) => nullable(ctx, () => Boolean(book.table(name)), tableProxy(ctx, () => book.table(name))),
      getItem: (name: string) => tableProxy(ctx, () => book.table(name)),
      add(address: string | { __box: () => Box }, hasHeaders: boolean) {
        let made: TableData | undefined;
        ctx.enqueue(() => {
          const at = typeof address === 'string' ? boxOf(address.includes('!') ? address.split('!')[0].replace(/^'|'$/g, '') : (sheetName ?? book.active), address) : address.__box();
          for (const other of book.tables.values()) if (intersects(other, at)) throw new Error(`InvalidOperation: the range overlaps table ${other.name}.`);
          const columns: string[] = [];
          for (let c = at.c0; c <= at.c1; c++) {
            let name = hasHeaders ? String(book.cell(at.sheet, a1(at.r0, c)) ?? '').trim() : '';
            if (!name) name = `Column${c - at.c0 + 1}`;
            for (let n = 2; columns.some((x) => x.toLowerCase() === name.toLowerCase()); n++) name = `${name}${n}`;
            columns.push(name);
            book.put(at.sheet, at.r0, c, name);
          }
          let tableName = `Table${book.tables.size + 1}`;
          for (let n = book.tables.size + 2; book.table(tableName); n++) tableName = `Table${n}`;
          made = { ...at, name: tableName, columns };
          book.tables.set(tableName, made);
        });
        return tableProxy(ctx, () => made);
      },
    };
    return collection;
  }

  function chartProxy(ctx: Context, find: () => [string, ChartData] | undefined) {
    const chart = ctx.lazy(() => {
      const found = find();
      if (!found) throw new Error('ItemNotFound: the chart does not exist.');
      return found;
    });
    return {
      set name(next: string) {
        ctx.enqueue(() => {
          const [name, data] = chart();
          book.charts.delete(name);
          book.charts.set(next, data);
        });
      },
      title: {
        set text(text: string) { ctx.enqueue(() => void (chart()[1].title = text)); },
      },
      setPosition(start: string) {
        ctx.enqueue(() => void (chart()[1].at = parseCell(start.replace(/^.*!/, ''))));
      },
      delete() {
        ctx.enqueue(() => void book.charts.delete(chart()[0]));
      },
      series: {
        getItemAt: (index: number) => seriesProxy(ctx, () => chart()[1].series[index]),
        add(name: string) {
          let made: ChartData['series'][number] | undefined;
          ctx.enqueue(() => chart()[1].series.push((made = { name, values: { box: { sheet: chart()[1].sheet, r0: 0, r1: 0, c0: 0, c1: 0 } } })));
          return seriesProxy(ctx, () => made);
        },
      },
      axes: { valueAxis: { title: { set text(_text: string) {} } } },
      legend: { set position(_position: string) {} },
    };
  }

  /** A chart's series: over a table column's body it follows the column, as Excel's series over a table do. */
  function seriesProxy(ctx: Context, find: () => ChartData['series'][number] | undefined) {
    const series = () => {
      const found = find();
      if (!found) throw new Error('ItemNotFound: the series does not exist.');
      return found;
    };
    const refOf = (range: RangeSource): SeriesRef => range.__column?.() ?? { box: range.__box() };
    return {
      set name(name: string) { ctx.enqueue(() => void (series().name = name)); },
      setValues(range: RangeSource) { ctx.enqueue(() => void (series().values = refOf(range))); },
      setXAxisValues(range: RangeSource) { ctx.enqueue(() => void (series().categories = refOf(range))); },
    };
  }

  /** Worksheet.pageLayout (ExcelApi 1.9): what is set is kept in book.pageLayouts. */
  function pageLayoutProxy(ctx: Context, name: string) {
    const set = (key: string, value: unknown) => {
      need('1.9', 'Worksheet.pageLayout');
      ctx.enqueue(() => {
        if (!book.pageLayouts.has(name)) book.pageLayouts.set(name, {});
        book.pageLayouts.get(name)![key] = value;
      });
    };
    const defaultForAllPages = {};
    for (const key of ['leftHeader', 'centerHeader', 'rightHeader', 'leftFooter', 'centerFooter', 'rightFooter'])
      Object.defineProperty(defaultForAllPages, key, { set: (value: string) => set(key, value) });
    return {
      set orientation(value: string) {
        set('orientation', value);
      },
      set zoom(value: Record<string, number>) {
        set('zoom', value);
      },
      headersFooters: { defaultForAllPages },
      setPrintTitleRows(rows: string) {
        if (!/^\$\d+:\$\d+$/.test(rows)) throw new Error(`InvalidArgument: print title rows ${rows}.`);
        set('printTitleRows', rows);
      },
    };
  }

  /** The smallest range holding every cell with a value; A1 on a blank sheet, as Excel's getUsedRange. */
  function usedBox(name: string): Box {
    const keys = [...book.grid(name).entries()].filter(([, cell]) => cell.value !== '').map(([key]) => key.split(',').map(Number));
    if (!keys.length) return { sheet: name, r0: 0, c0: 0, r1: 0, c1: 0 };
    return { sheet: name, r0: Math.min(...keys.map(([r]) => r)), c0: Math.min(...keys.map(([, c]) => c)), r1: Math.max(...keys.map(([r]) => r)), c1: Math.max(...keys.map(([, c]) => c)) };
  }

  function worksheetProxy(ctx: Context, name: string) {
    const props = loadable(ctx, { name: () => name, visibility: () => book.sheetData.get(name)!.visibility });
    const sheet = {
      get name() { return props.get('name'); },
      load(p?: string) {
        props.load(p ?? 'name');
        return sheet;
      },
      get visibility(): 'Visible' | 'Hidden' | 'VeryHidden' { return props.get('visibility') as 'Visible' | 'Hidden' | 'VeryHidden'; },
      set visibility(value: 'Visible' | 'Hidden' | 'VeryHidden') {
        ctx.enqueue(() => void (book.sheetData.get(name)!.visibility = value));
      },
      pageLayout: pageLayoutProxy(ctx, name),
      getUsedRange: () => rangeProxy(ctx, () => usedBox(name)),
      getRange: (address: string) => rangeProxy(ctx, () => {
        if (!book.sheetData.has(name)) throw new Error(`ItemNotFound: worksheet ${name}`);
        return boxOf(name, address);
      }),
      activate() {
        ctx.enqueue(() => void (book.active = name));
      },
      delete() {
        ctx.enqueue(() => {
          for (const table of [...book.tables.values()]) if (table.sheet === name) book.tables.delete(table.name);
          book.sheetData.delete(name);
        });
      },
      tables: tablesCollection(ctx, name),
      charts: {
        getItemOrNullObject: (chart: string) => nullable(ctx, () => book.charts.has(chart), chartProxy(ctx, () => (book.charts.has(chart) ? [chart, book.charts.get(chart)!] : undefined))),
        add(_type: string, source: RangeSource, seriesBy: string) {
          let made: [string, ChartData] | undefined;
          ctx.enqueue(() => {
            const box = source.__box();
            const table = [...book.tables.values()].find((t) => sameBox(t, box));
            const data: ChartData = { sheet: name, title: '', series: [] };
            if (seriesBy !== 'Columns') throw new Error('NotImplemented: the fake host makes series by columns only.');
            const column = source.__column?.();
            // One column: one series over it (following the table's column when it is one).
            if (column) data.series.push({ name: column.column, values: column });
            else if (box.c0 === box.c1) data.series.push({ name: '', values: { box } });
            else if (table) {
              for (let c = 1; c < table.columns.length; c++) data.series.push({ name: table.columns[c], values: { table, column: table.columns[c] }, categories: { table, column: table.columns[0] } });
            } else {
              for (let c = box.c0 + 1; c <= box.c1; c++)
                data.series.push({ name: String(book.cell(box.sheet, a1(box.r0, c)) ?? ''), values: { box: { ...box, r0: box.r0 + 1, c0: c, c1: c } }, categories: { box: { ...box, r0: box.r0 + 1, c1: box.c0 } } });
            }
            let chartName = `Chart${book.charts.size + 1}`;
            for (let n = book.charts.size + 2; book.charts.has(chartName); n++) chartName = `Chart${n}`;
            book.charts.set(chartName, data);
            made = [chartName, data];
          });
          return chartProxy(ctx, () => (made ? ([...book.charts].find(([, d]) => d === made![1]) ?? made) : undefined));
        },
      },
    };
    return sheet;
  }

  function workbookProxy(ctx: Context) {
    return {
      worksheets: {
        getItem(name: string) {
          ctx.enqueue(() => {
            if (!book.sheetData.has(name)) throw new Error(`ItemNotFound: worksheet ${name}`);
          });
          return worksheetProxy(ctx, name);
        },
        getItemOrNullObject: (name: string) => nullable(ctx, () => book.sheetData.has(name), worksheetProxy(ctx, name)),
        add(name: string) {
          ctx.enqueue(() => {
            if (book.sheetData.has(name)) throw new Error(`ItemAlreadyExists: worksheet ${name}`);
            book.addSheet(name);
          });
          return worksheetProxy(ctx, name);
        },
        getActiveWorksheet: () => worksheetProxy(ctx, book.active),
      },
      getSelectedRange: () => rangeProxy(ctx, () => boxOf(book.active, book.selection)),
      tables: tablesCollection(ctx),
      names: {
        getItemOrNullObject: (name: string) =>
          nullable(ctx, () => book.names.has(name), {
            getRange: () => rangeProxy(ctx, () => book.names.get(name)!),
            delete: () => ctx.enqueue(() => void book.names.delete(name)),
          }),
        add(name: string, range: { __box?: () => Box }, _comment?: string) {
          const found = range.__box;
          if (!found) throw new Error('InvalidArgument: names.add needs a range from this workbook.');
          ctx.enqueue(() => void book.names.set(name, { ...found() }));
        },
      },
      get customXmlParts() {
        need('1.5', 'customXmlParts');
        return {
          getByNamespace: (namespace: string) => ({
            getOnlyItemOrNullObject() {
              const part = () => book.xmlParts.find((p) => p.xml.includes(`xmlns="${namespace}"`));
              return nullable(ctx, () => Boolean(part()), {
                getXml() {
                  const xml = loadable(ctx, { value: () => part()!.xml });
                  xml.load('value');
                  return {
                    get value() {
                      return xml.get('value') as string;
                    },
                  };
                },
                setXml(text: string) {
                  ctx.enqueue(() => void (part()!.xml = text), text);
                },
              });
            },
          }),
          add(xml: string) {
            ctx.enqueue(() => void book.xmlParts.push({ id: `part${book.xmlParts.length + 1}`, xml }), xml);
          },
        };
      },
    };
  }

  return {
    run: async <T>(callback: (context: Context) => Promise<T>): Promise<T> => callback(new Context()),
    ChartType: { line: 'Line', xyscatterLines: 'XYScatterLines' },
    ChartSeriesBy: { columns: 'Columns' },
    ChartLegendPosition: { bottom: 'Bottom' },
    InsertShiftDirection: { down: 'Down' },
    RangeCopyType: { values: 'Values', all: 'All', formats: 'Formats' },
    SheetVisibility: { visible: 'Visible', hidden: 'Hidden', veryHidden: 'VeryHidden' },
    PageOrientation: { portrait: 'Portrait', landscape: 'Landscape' },
  };
}
