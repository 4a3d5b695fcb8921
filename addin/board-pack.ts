/**
 * Board packs and "explain this number", on ports (tested without Office): which binding a cell
 * belongs to and what its figures are; freezing a workbook's bindings at the hub; and "compare
 * with live": the hub's changed values placed back in the sheet, cell by cell, under the table's
 * own headers and row names.
 */
import type { Binding, BindingStore } from './binding.js';
import { cellAddress, parseCell, parseRange } from './cell-address.js';
import type { HubClient } from './hub-client.js';
import { layoutFor } from './report-layout.js';
import { toTable, type ResultTable } from './result-table.js';
import type { Cell } from './neutralise.js';
import { resolveVariables, type CellReader } from './variables.js';

/** The binding whose table (title line included) holds the cell, if any. */
export function bindingAt(store: BindingStore, sheet: string, cell: string): Binding | undefined {
  const { row, col } = parseCell(cell);
  return store.bindings.find((binding) => {
    if (binding.target.sheet.toLowerCase() !== sheet.toLowerCase() || !binding.target.address) return false;
    const range = parseRange(binding.target.address);
    return row >= range.top && row <= range.bottom && col >= range.left && col <= range.right;
  });
}

/** What the pane shows for a bound cell: its binding's measures, when its data was read, and the hash of what was asked. */
export interface Explanation {
  binding: string;
  title: string;
  /** The column's header, for a cell in the table's body or header. */
  column?: string;
  dataAsAt?: string;
  queryHash?: string;
  variables: Record<string, unknown>;
  measures: { name: string; version: number; definition: string }[];
}

export async function explainCell(store: BindingStore, sheet: string, cell: string, readCells: CellReader): Promise<Explanation> {
  const binding = bindingAt(store, sheet, cell);
  if (!binding) throw new Error(`${sheet}!${cell} is not in a bound table: select a cell of a table the add-in inserted.`);
  const last = binding.lastRefresh;
  if (!last?.queryHash) throw new Error(`${binding.title} was last refreshed before the hub explained its figures: refresh it, then press Explain again.`);
  const anchor = parseCell(binding.target.anchor);
  const column = binding.columns?.[parseCell(cell).col - anchor.col]?.header;
  const variables = await resolveVariables(binding.source.query, binding.variables, readCells).catch(() => ({}));
  return { binding: binding.id, title: binding.title, ...(column ? { column } : {}), dataAsAt: last.at, queryHash: last.queryHash, variables, measures: last.measures ?? [] };
}

export interface SnapshotRef {
  id: number;
  takenAt: string;
}

/** Each binding's query with its variables as the workbook gives them now (named cells read), as `freezeWorkbook` takes them. */
export async function freezeInput(store: BindingStore, readCells: CellReader): Promise<{ binding: string; title: string; query: string; variables: string }[]> {
  const bindings = [];
  for (const binding of store.bindings) {
    const variables = await resolveVariables(binding.source.query, binding.variables, readCells);
    bindings.push({ binding: binding.id, title: binding.title, query: binding.source.query, variables: JSON.stringify(variables) });
  }
  return bindings;
}

export const FREEZE_MUTATION = 'mutation Freeze($input: FreezeWorkbookInput!) { freezeWorkbook(input: $input) { id takenAt bindings { binding queryHash } } }';

/** Freezes the workbook's bindings at the hub (the store must carry the workbook's id); the snapshot to keep in the store. */
export async function freezeBindings(client: HubClient, store: BindingStore, readCells: CellReader, title?: string): Promise<SnapshotRef & { bindings: { binding: string; queryHash: string }[] }> {
  if (!store.workbook) throw new Error('The workbook has no id yet: refresh it once, then freeze it.');
  if (!store.bindings.length) throw new Error('There is nothing to freeze: insert a report first.');
  const { freezeWorkbook } = await client.request<{ freezeWorkbook: SnapshotRef & { bindings: { binding: string; queryHash: string }[] } }>(FREEZE_MUTATION, {
    input: { workbook: store.workbook, ...(title ? { title } : {}), bindings: await freezeInput(store, readCells) },
  });
  return freezeWorkbook;
}

/** A cell whose value the hub gives differently now than in the snapshot. */
export interface ChangedCell {
  binding: string;
  /** `Cost share!G4`. */
  cell: string;
  /** The column's header, e.g. `Contribution (£)`. */
  column: string;
  /** The row's name: its first text cell, e.g. `Norfolk Constabulary`. */
  row: string;
  frozen: Cell;
  live: Cell;
}

interface SnapshotChange {
  binding: string;
  path: string;
  frozen: string | null;
  live: string | null;
}

export const COMPARE_QUERY = 'query Compare($id: Int!) { workbookSnapshot(id: $id) { takenAt bindings { binding data } } compareSnapshotWithLive(id: $id) { binding path frozen live } }';

/** The answer with each changed value (`costShare.shares.1.contribution`) set to the live one: the live answer, rebuilt from the frozen one. */
export function applyChanges(data: unknown, changes: Pick<SnapshotChange, 'path' | 'live'>[]): unknown {
  const copy = structuredClone(data) as Record<string, unknown>;
  for (const { path, live } of changes) {
    const keys = path.split('.');
    let node = copy as Record<string, unknown>;
    keys.slice(0, -1).forEach((key, i) => {
      if (node[key] === null || typeof node[key] !== 'object') node[key] = /^\d+$/.test(keys[i + 1]) ? [] : {};
      node = node[key] as Record<string, unknown>;
    });
    const last = keys[keys.length - 1];
    if (live === null) {
      if (Array.isArray(node)) node.splice(Number(last), 1);
      else delete node[last];
    } else node[last] = JSON.parse(live);
  }
  return copy;
}

/** The column that names a table's rows: the first text column whose values differ from row to row (an agency's name, not the basis every row shares). */
function namingColumn(table: ResultTable): number {
  return table.columns.findIndex((c, i) => c.kind === 'TEXT' && new Set(table.rows.map((row) => row[i])).size > 1);
}

const rowName = (table: ResultTable, row: Cell[] | undefined): string => {
  const index = namingColumn(table);
  const value = index >= 0 && row ? row[index] : undefined;
  return value === undefined || value === null || value === '' ? '' : String(value);
};

/** The cells of one binding's table that differ between two answers, with where they are in the sheet. */
export function changedCells(binding: Binding, before: ResultTable, after: ResultTable): ChangedCell[] {
  const anchor = parseCell(binding.target.anchor);
  const placed = binding.columns?.map((c) => c.path) ?? before.columns.map((c) => c.path);
  const changes: ChangedCell[] = [];
  for (let r = 0; r < Math.max(before.rows.length, after.rows.length); r++) {
    after.columns.forEach((column, c) => {
      const beforeIndex = before.columns.findIndex((b) => b.path === column.path);
      const frozen = beforeIndex >= 0 ? (before.rows[r]?.[beforeIndex] ?? null) : null;
      const live = after.rows[r]?.[c] ?? null;
      if (frozen === live) return;
      const offset = placed.indexOf(column.path);
      changes.push({
        binding: binding.id,
        cell: `${binding.target.sheet}!${cellAddress({ row: anchor.row + 2 + r, col: anchor.col + (offset >= 0 ? offset : c) })}`,
        column: column.header,
        row: rowName(after, after.rows[r]) || rowName(before, before.rows[r]),
        frozen,
        live,
      });
    });
  }
  return changes;
}

/** "Compare with live": each bound table's cells that the hub now gives differently from the snapshot. */
export async function compareWithLive(client: HubClient, store: BindingStore): Promise<{ takenAt: string; changes: ChangedCell[] }> {
  if (!store.snapshot) throw new Error('This workbook has not been frozen: press Freeze first.');
  const { workbookSnapshot, compareSnapshotWithLive } = await client.request<{ workbookSnapshot: { takenAt: string; bindings: { binding: string; data: string }[] } | null; compareSnapshotWithLive: SnapshotChange[] | null }>(COMPARE_QUERY, { id: store.snapshot.id });
  if (!workbookSnapshot || !compareSnapshotWithLive) throw new Error(`The hub has no snapshot ${store.snapshot.id} of yours (a snapshot is for the token that took it, and admins).`);
  const changes: ChangedCell[] = [];
  for (const frozen of workbookSnapshot.bindings) {
    const binding = store.bindings.find((b) => b.id === frozen.binding);
    const own = compareSnapshotWithLive.filter((c) => c.binding === frozen.binding);
    if (!binding || !own.length) continue;
    const layout = await layoutFor(client, binding.source.query);
    const options = { layout: binding.layout, headers: binding.headers ?? 'paths' } as const;
    const data = JSON.parse(frozen.data) as Record<string, unknown>;
    changes.push(...changedCells(binding, toTable(data, layout, options), toTable(applyChanges(data, own) as Record<string, unknown>, layout, options)));
  }
  return { takenAt: workbookSnapshot.takenAt, changes };
}
