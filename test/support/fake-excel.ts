/**
 * An in-memory stand-in for Excel's JavaScript API: the calls the add-in's glue makes, over a grid
 * of cells. Like Excel, values must be loaded and synced before they are read, a null object's
 * isNullObject is known only after sync, and one sync (one request) may carry at most 5 MB.
 * Used by the glue tests in Node and, bundled, as the fake Office host in the browser test.
 */
export const REQUEST_LIMIT_BYTES = 5_000_000;

type Value = string | number | boolean;
interface CellData {
  value: Value;
  format?: string;
}
interface Box {
  sheet: string;
  r0: number;
  c0: number;
  r1: number;
  c1: number;
}

function parseCell(address: string): { row: number; col: number } {
  const match = /^\$?([A-Z]+)\$?(\d+)$/i.exec(address);
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

export class FakeWorkbook {
  sheets = new Map<string, Map<string, CellData>>();
  tables = new Map<string, Box & { style?: string }>();
  names = new Map<string, Box>();
  xmlParts: Array<{ id: string; xml: string }> = [];
  charts = new Map<string, { sheet: string; table: string; title: string; at?: string; series?: string[] }>();
  /** Each sheet's visibility, where set (`Visible`, `Hidden`, `VeryHidden`). */
  visibility = new Map<string, string>();
  /** Each sheet's page layout as the add-in set it (orientation, zoom, headers and footers, print title rows). */
  pageLayouts = new Map<string, Record<string, unknown>>();
  active = 'Sheet1';
  selection = 'A1';
  syncs = 0;
  largestRequest = 0;
  bold = new Set<string>();

  constructor() {
    this.sheets.set('Sheet1', new Map());
  }

  cell(sheet: string, address: string): Value | undefined {
    const { row, col } = parseCell(address);
    return this.sheets.get(sheet)?.get(`${row},${col}`)?.value;
  }
  formatOf(sheet: string, address: string): string | undefined {
    const { row, col } = parseCell(address);
    return this.sheets.get(sheet)?.get(`${row},${col}`)?.format;
  }
  /** The values of a table as a grid, header first. */
  tableValues(name: string): Value[][] {
    const box = this.tables.get(name);
    if (!box) throw new Error(`no table ${name}`);
    return this.read(box);
  }
  setCell(sheet: string, address: string, value: Value): void {
    const { row, col } = parseCell(address);
    this.grid(sheet).set(`${row},${col}`, { ...this.grid(sheet).get(`${row},${col}`), value });
  }
  grid(sheet: string): Map<string, CellData> {
    const grid = this.sheets.get(sheet);
    if (!grid) throw new Error(`ItemNotFound: worksheet ${sheet}`);
    return grid;
  }
  read(box: Box): Value[][] {
    const grid = this.grid(box.sheet);
    return Array.from({ length: box.r1 - box.r0 + 1 }, (_, r) => Array.from({ length: box.c1 - box.c0 + 1 }, (_, c) => grid.get(`${box.r0 + r},${box.c0 + c}`)?.value ?? ''));
  }
  /** The Office.js namespace over this workbook. */
  api() {
    return createExcelApi(this);
  }
}

function createExcelApi(book: FakeWorkbook) {
  function boxOf(sheet: string, address: string): Box {
    const [from, to = from] = address.replace(/^.*!/, '').split(':');
    const a = parseCell(from);
    const b = parseCell(to);
    return { sheet, r0: Math.min(a.row, b.row), c0: Math.min(a.col, b.col), r1: Math.max(a.row, b.row), c1: Math.max(a.col, b.col) };
  }

  class Context {
    pendingBytes = 0;
    private afterSync: Array<() => void> = [];
    workbook: ReturnType<typeof workbookProxy>;
    application = { suspendApiCalculationUntilNextSync: () => {} };
    constructor() {
      this.workbook = workbookProxy(this);
    }
    onSync(fn: () => void) {
      this.afterSync.push(fn);
    }
    count(payload: unknown) {
      this.pendingBytes += JSON.stringify(payload).length;
    }
    async sync() {
      book.syncs += 1;
      book.largestRequest = Math.max(book.largestRequest, this.pendingBytes);
      if (this.pendingBytes > REQUEST_LIMIT_BYTES) {
        this.pendingBytes = 0;
        throw Object.assign(new Error('RequestPayloadSizeLimitExceeded: the request payload size has exceeded the limit.'), { code: 'RequestPayloadSizeLimitExceeded' });
      }
      this.pendingBytes = 0;
      const callbacks = this.afterSync;
      this.afterSync = [];
      callbacks.forEach((fn) => fn());
    }
  }

  /** A property readable only after load + sync, as in Office.js. */
  function loadable<T>(ctx: Context, name: string, read: () => T) {
    let loaded = false;
    let value: T;
    return {
      request() {
        ctx.onSync(() => {
          loaded = true;
          value = read();
        });
      },
      get(): T {
        if (!loaded) throw new Error(`PropertyNotLoaded: ${name} was read before load() and sync().`);
        return value;
      },
    };
  }

  function nullable<T extends object>(ctx: Context, exists: () => boolean, target: T): T & { isNullObject: boolean } {
    let known: boolean | undefined;
    ctx.onSync(() => (known = !exists()));
    return Object.defineProperty(target, 'isNullObject', {
      get() {
        if (known === undefined) throw new Error('PropertyNotLoaded: isNullObject read before sync().');
        return known;
      },
    }) as T & { isNullObject: boolean };
  }

  function rangeProxy(ctx: Context, box: () => Box) {
    const values = loadable(ctx, 'values', () => book.read(box()));
    const address = loadable(ctx, 'address', () => {
      const b = box();
      return `${b.sheet}!${a1(b.r0, b.c0)}${b.r0 === b.r1 && b.c0 === b.c1 ? '' : `:${a1(b.r1, b.c1)}`}`;
    });
    const write = (field: 'value' | 'format', grid: unknown[][]) => {
      const b = box();
      const rows = b.r1 - b.r0 + 1;
      const cols = b.c1 - b.c0 + 1;
      if (grid.length !== rows || grid.some((row) => row.length !== cols)) throw new Error(`InvalidArgument: ${grid.length}×${grid[0]?.length} values for a ${rows}×${cols} range.`);
      ctx.count(grid);
      const cells = book.grid(b.sheet);
      grid.forEach((row, r) => row.forEach((v, c) => {
        const key = `${b.r0 + r},${b.c0 + c}`;
        const cell = cells.get(key) ?? { value: '' };
        if (field === 'value') cell.value = typeof v === 'string' && v.startsWith("'") ? v.slice(1) : (v as Value);
        else cell.format = v as string;
        cells.set(key, cell);
      }));
    };
    const range = {
      /** Which cells this range is (for names.add). */
      __box: box,
      load(props?: string) {
        for (const p of (props ?? 'values,address').split(',').map((s) => s.trim())) {
          if (p === 'values') values.request();
          if (p === 'address') address.request();
        }
        return range;
      },
      get values() {
        return values.get();
      },
      set values(grid: unknown[][]) {
        write('value', grid);
      },
      set numberFormat(grid: unknown[][]) {
        write('format', grid);
      },
      get address() {
        return address.get();
      },
      clear() {
        const b = box();
        const cells = book.grid(b.sheet);
        for (const key of [...cells.keys()]) {
          const [r, c] = key.split(',').map(Number);
          if (r >= b.r0 && r <= b.r1 && c >= b.c0 && c <= b.c1) cells.delete(key);
        }
      },
      format: {
        font: {
          set bold(on: boolean) {
            const b = box();
            if (on) book.bold.add(`${b.sheet}!${a1(b.r0, b.c0)}`);
          },
          italic: false,
          color: '',
        },
        fill: { color: '' },
        autofitColumns() {},
      },
    };
    return range;
  }

  function tableProxy(ctx: Context, name: string) {
    const box = () => {
      const t = book.tables.get(name);
      if (!t) throw new Error(`ItemNotFound: table ${name}`);
      return t;
    };
    return nullable(ctx, () => book.tables.has(name), {
      convertToRange() {
        book.tables.delete(name);
      },
      delete() {
        const b = box();
        rangeProxy(ctx, () => b).clear();
        book.tables.delete(name);
      },
      getRange: () => rangeProxy(ctx, box),
      getHeaderRowRange: () => rangeProxy(ctx, () => ({ ...box(), r1: box().r0 })),
      getDataBodyRange: () => rangeProxy(ctx, () => ({ ...box(), r0: box().r0 + 1 })),
      columns: {
        getItem(header: string) {
          const b = box();
          const index = book.read({ ...b, r1: b.r0 })[0].indexOf(header);
          if (index < 0) throw new Error(`ItemNotFound: column ${header} in table ${name}`);
          return { getDataBodyRange: () => rangeProxy(ctx, () => ({ ...b, r0: b.r0 + 1, c0: b.c0 + index, c1: b.c0 + index })) };
        },
      },
    });
  }

  /** Worksheet.pageLayout (ExcelApi 1.9): what is set is kept in book.pageLayouts. */
  function pageLayoutProxy(name: string) {
    const layout = () => {
      if (!book.pageLayouts.has(name)) book.pageLayouts.set(name, {});
      return book.pageLayouts.get(name)!;
    };
    const defaultForAllPages = {};
    for (const key of ['leftHeader', 'centerHeader', 'rightHeader', 'leftFooter', 'centerFooter', 'rightFooter'])
      Object.defineProperty(defaultForAllPages, key, { set: (value: string) => void (layout()[key] = value) });
    return {
      set orientation(value: string) {
        layout().orientation = value;
      },
      set zoom(value: Record<string, number>) {
        layout().zoom = value;
      },
      headersFooters: { defaultForAllPages },
      setPrintTitleRows(rows: string) {
        if (!/^\$\d+:\$\d+$/.test(rows)) throw new Error(`InvalidArgument: print title rows ${rows}.`);
        layout().printTitleRows = rows;
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
    return {
      name,
      set visibility(value: string) {
        book.visibility.set(name, value);
      },
      pageLayout: pageLayoutProxy(name),
      getUsedRange: () => rangeProxy(ctx, () => usedBox(name)),
      getRange: (address: string) => rangeProxy(ctx, () => boxOf(name, address.includes(':') && !/\d/.test(address) ? address.replace(/^([A-Z]+):([A-Z]+)$/i, '$11:$21048576') : address)),
      activate() {
        book.active = name;
      },
      tables: {
        getCount() {
          const count = loadable(ctx, 'value', () => [...book.tables.values()].filter((t) => t.sheet === name).length);
          count.request();
          return {
            get value() {
              return count.get();
            },
          };
        },
        add(address: string, _hasHeaders: boolean) {
          const box = boxOf(name, address);
          for (const [other, t] of book.tables) {
            if (t.sheet === name && !(box.r1 < t.r0 || box.r0 > t.r1 || box.c1 < t.c0 || box.c0 > t.c1)) throw new Error(`InvalidOperation: the range overlaps table ${other}.`);
          }
          let tableName = `Table${book.tables.size + 1}`;
          book.tables.set(tableName, box);
          const table = {
            get name() {
              return tableName;
            },
            set name(next: string) {
              if (book.tables.has(next) && next !== tableName) throw new Error(`InvalidArgument: a table named ${next} exists.`);
              const t = book.tables.get(tableName)!;
              book.tables.delete(tableName);
              book.tables.set(next, t);
              tableName = next;
            },
            set style(style: string) {
              book.tables.get(tableName)!.style = style;
            },
          };
          return table;
        },
      },
      charts: {
        getItemOrNullObject: (chart: string) => nullable(ctx, () => book.charts.has(chart), { delete: () => book.charts.delete(chart) }),
        add(_type: string, source: unknown, _seriesBy: string) {
          const chart = { sheet: name, table: '', title: '', series: [] as string[] };
          let chartName = `Chart${book.charts.size + 1}`;
          book.charts.set(chartName, chart);
          void source;
          const seriesProxy = (index: number) => ({
            set name(text: string) {
              chart.series[index] = text;
            },
            setXAxisValues(_range: unknown) {},
            setValues(_range: unknown) {},
          });
          chart.series.push('Series1');
          return {
            set name(next: string) {
              book.charts.delete(chartName);
              chartName = next;
              book.charts.set(next, chart);
            },
            title: {
              set text(text: string) {
                chart.title = text;
              },
            },
            series: {
              getItemAt: (index: number) => seriesProxy(index),
              add(seriesName: string) {
                chart.series.push(seriesName);
                return seriesProxy(chart.series.length - 1);
              },
            },
            axes: { valueAxis: { title: { text: '' } } },
            legend: { position: '' },
            setPosition(at: string) {
              (chart as { at?: string }).at = at;
            },
          };
        },
      },
    };
  }

  function workbookProxy(ctx: Context) {
    return {
      worksheets: {
        getItem(name: string) {
          if (!book.sheets.has(name)) throw new Error(`ItemNotFound: worksheet ${name}`);
          return worksheetProxy(ctx, name);
        },
        getItemOrNullObject: (name: string) => nullable(ctx, () => book.sheets.has(name), worksheetProxy(ctx, name)),
        add(name: string) {
          if (book.sheets.has(name)) throw new Error(`ItemAlreadyExists: worksheet ${name}`);
          book.sheets.set(name, new Map());
          return worksheetProxy(ctx, name);
        },
        getActiveWorksheet: () => worksheetProxy(ctx, book.active),
      },
      getSelectedRange: () => rangeProxy(ctx, () => boxOf(book.active, book.selection)),
      tables: {
        getItemOrNullObject: (name: string) => tableProxy(ctx, name),
        getItem(name: string) {
          if (!book.tables.has(name)) throw new Error(`ItemNotFound: table ${name}`);
          return tableProxy(ctx, name);
        },
      },
      names: {
        getItemOrNullObject: (name: string) =>
          nullable(ctx, () => book.names.has(name), {
            getRange: () => rangeProxy(ctx, () => book.names.get(name)!),
            delete: () => book.names.delete(name),
          }),
        add(name: string, range: { __box?: () => Box }, _comment?: string) {
          const found = range.__box;
          if (!found) throw new Error('InvalidArgument: names.add needs a range from this workbook.');
          book.names.set(name, found());
        },
      },
      customXmlParts: {
        getByNamespace: (namespace: string) => ({
          getOnlyItemOrNullObject() {
            const part = () => book.xmlParts.find((p) => p.xml.includes(`xmlns="${namespace}"`));
            const xml = loadable(ctx, 'xml', () => part()!.xml);
            return nullable(ctx, () => Boolean(part()), {
              getXml() {
                xml.request();
                return {
                  get value() {
                    return xml.get();
                  },
                };
              },
              setXml(text: string) {
                ctx.count(text);
                part()!.xml = text;
              },
            });
          },
        }),
        add(xml: string) {
          ctx.count(xml);
          book.xmlParts.push({ id: `part${book.xmlParts.length + 1}`, xml });
        },
      },
    };
  }

  return {
    run: async <T>(callback: (context: Context) => Promise<T>): Promise<T> => {
      return callback(new Context());
    },
    ChartType: { line: 'Line', xyscatterLines: 'XYScatterLines' },
    ChartSeriesBy: { columns: 'Columns' },
    ChartLegendPosition: { bottom: 'Bottom' },
    SheetVisibility: { visible: 'Visible', hidden: 'Hidden', veryHidden: 'VeryHidden' },
    PageOrientation: { portrait: 'Portrait', landscape: 'Landscape' },
  };
}
