/**
 * Entire rows inserted in a sheet of an .xlsx file, as Excel does when a table that grows needs
 * room: the rows below move down, and so does everything that points at them — cell references in
 * every sheet's formulas, defined names, chart series, tables, merged cells, conditional formats,
 * data validations, hyperlinks, the sheet's filter and print breaks, and drawings anchored there.
 */
import type { Element } from '@xmldom/xmldom';
import { unquoteSheet } from '../../addin/cell-address.js';
import { childrenNamed, descendantsNamed, firstChild, REL_TYPE, type XlsxPackage } from './xlsx-package.js';
import type { SheetPart } from './sheet-part.js';

export interface RowInsertion {
  /** The sheet's name, as formulas qualify it. */
  sheet: string;
  /** Zero-based index of the first inserted row. */
  at: number;
  count: number;
}

const moved = (row1: number, { at, count }: RowInsertion) => (row1 - 1 >= at ? row1 + count : row1);

/** `B7`, `$B$7:$D$20`, `7:20` (whole rows), with rows at or below the insertion moved down; whole columns stay. */
export function shiftReference(reference: string, insertion: RowInsertion): string {
  return reference.replace(/(\$?)([A-Z]{1,3})?(\$?)(\d+)/g, (whole, d1: string, col: string | undefined, d2: string, row: string) => `${d1}${col ?? ''}${d2}${moved(Number(row), insertion)}`);
}

/** `A1:B2 D5` (a sqref): each range moved. */
const shiftSqref = (sqref: string, insertion: RowInsertion) => sqref.split(/\s+/).map((r) => shiftReference(r, insertion)).join(' ');

const SHEET = String.raw`(?:'(?:[^']|'')+'|[A-Za-z_\u00C0-\uFFFF][\w.\u00C0-\uFFFF]*)`;
const REFERENCE = new RegExp(String.raw`(?<![\w.$'!\]])(?:(${SHEET})!)?(\$?[A-Z]{1,3}\$?\d+(?::\$?[A-Z]{1,3}\$?\d+)?|\$?\d+:\$?\d+)(?![\w(\[])`, 'g');

/**
 * A formula with its references into the sheet moved: qualified ones (`'Funding risks'!$A$9`) from
 * anywhere, unqualified ones from formulas on the sheet itself (`formulaSheet`). Text in quotes and
 * structured references (`Table[col]`, which follow their table) are left as they are.
 */
export function shiftFormula(formula: string, formulaSheet: string | undefined, insertion: RowInsertion): string {
  return formula
    .split(/("(?:[^"]|"")*"|\[(?:[^[\]]|\[[^\]]*\])*\])/)
    .map((part, i) =>
      i % 2
        ? part
        : part.replace(REFERENCE, (whole, sheet: string | undefined, reference: string) => {
            const target = sheet ? unquoteSheet(sheet) : formulaSheet;
            return target?.toLowerCase() === insertion.sheet.toLowerCase() ? `${sheet ? `${sheet}!` : ''}${shiftReference(reference, insertion)}` : whole;
          }),
    )
    .join('');
}

function shiftAttribute(elements: Element[], name: string, insertion: RowInsertion, shift = shiftSqref): boolean {
  let changed = false;
  for (const element of elements) {
    const value = element.getAttribute(name);
    if (!value) continue;
    const next = shift(value, insertion);
    if (next !== value) {
      element.setAttribute(name, next);
      changed = true;
    }
  }
  return changed;
}

export interface WorkbookParts {
  pkg: XlsxPackage;
  /** Every sheet: its name, part path and (loaded on demand) rows. */
  sheets: Array<{ name: string; path: string }>;
  part(path: string): SheetPart;
}

/** Inserts `count` entire rows at `at` in `sheet`, moving everything below and everything that refers to it. */
export function insertRows({ pkg, sheets, part }: WorkbookParts, insertion: RowInsertion): void {
  const sheet = sheets.find((s) => s.name.toLowerCase() === insertion.sheet.toLowerCase());
  if (!sheet) throw new Error(`The workbook has no sheet "${insertion.sheet}".`);
  const cells = part(sheet.path);
  cells.insertRows(insertion.at, insertion.count);
  // Formulas everywhere: a sheet's own unqualified references point at itself.
  for (const other of sheets) {
    part(other.path).mapFormulas(
      (formula) => shiftFormula(formula, other.name, insertion),
      (ref) => (other.path === sheet.path ? shiftSqref(ref, insertion) : ref),
    );
  }
  const root = cells.doc.documentElement!;
  for (const [element, attribute] of [
    ['mergeCell', 'ref'],
    ['conditionalFormatting', 'sqref'],
    ['dataValidation', 'sqref'],
    ['hyperlink', 'ref'],
    ['autoFilter', 'ref'],
    ['selection', 'sqref'],
  ] as const)
    if (shiftAttribute(descendantsNamed(root, element), attribute, insertion)) cells.changed = true;
  for (const brk of childrenNamed(firstChild(root, 'rowBreaks') ?? root, 'brk')) {
    const id = Number(brk.getAttribute('id'));
    if (id >= insertion.at) {
      brk.setAttribute('id', String(id + insertion.count));
      cells.changed = true;
    }
  }

  const touchIf = (path: string, changed: boolean) => changed && pkg.touch(path);
  for (const rel of pkg.relationships(sheet.path)) {
    if (!pkg.has(rel.path)) continue;
    if (rel.type === REL_TYPE.table) {
      const doc = pkg.xml(rel.path);
      const table = doc.documentElement!;
      touchIf(rel.path, [shiftAttribute([table], 'ref', insertion), shiftAttribute(descendantsNamed(table, 'autoFilter'), 'ref', insertion), shiftAttribute(descendantsNamed(table, 'sortState'), 'ref', insertion)].some(Boolean));
    } else if (rel.type.endsWith('/drawing')) {
      // Anchors are zero-based rows: a drawing at or below the insertion moves, one across it grows.
      const doc = pkg.xml(rel.path);
      let changed = false;
      for (const row of descendantsNamed(doc, 'row')) {
        const value = Number(row.textContent);
        if (value >= insertion.at) {
          row.textContent = String(value + insertion.count);
          changed = true;
        }
      }
      touchIf(rel.path, changed);
    } else if (rel.type.endsWith('/comments')) {
      const doc = pkg.xml(rel.path);
      touchIf(rel.path, shiftAttribute(descendantsNamed(doc, 'comment'), 'ref', insertion));
    }
  }

  const workbook = pkg.xml('xl/workbook.xml');
  let namesChanged = false;
  for (const name of descendantsNamed(workbook, 'definedName')) {
    const text = name.textContent ?? '';
    const next = shiftFormula(text, undefined, insertion);
    if (next !== text) {
      name.textContent = next;
      namesChanged = true;
    }
  }
  touchIf('xl/workbook.xml', namesChanged);
  for (const path of pkg.paths().filter((p) => /^xl\/charts\/chart[^/]*\.xml$/.test(p))) {
    const doc = pkg.xml(path);
    let changed = false;
    for (const f of descendantsNamed(doc, 'f')) {
      const text = f.textContent ?? '';
      const next = shiftFormula(text, undefined, insertion);
      if (next !== text) {
        f.textContent = next;
        changed = true;
      }
    }
    touchIf(path, changed);
  }
  const dimension = firstChild(root, 'dimension');
  if (dimension) dimension.setAttribute('ref', cells.dimension());
}
