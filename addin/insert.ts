/**
 * Inserting a report or query at the selection: variables bound to cells get a labelled, named
 * input cell above the table (unless the name already exists), then the binding runs and is stored.
 */
import { blockAddress } from './cell-address.js';
import { newBindingId, tableNameFor, upsertBinding, type Binding, type BindingStore, type VariableSource } from './binding.js';
import type { HeaderStyle, NestedLayout } from './result-table.js';
import { runBinding, type RefreshDeps } from './refresh.js';

export interface InsertRequest {
  title: string;
  source: Binding['source'];
  /** Each variable's value, as chosen in the pane. */
  values: Record<string, unknown>;
  /** Variables to read from a named cell: variable → cell name. */
  cells: Record<string, string>;
  layout: NestedLayout;
  /** Header row: the schema's labels (the default) or the field paths. */
  headers?: HeaderStyle;
  /** The most list items to fetch (pages followed up to it); absent: the add-in's default. */
  maxRows?: number;
}

export async function insertAtSelection(request: InsertRequest, store: BindingStore, deps: RefreshDeps): Promise<{ store: BindingStore; binding: Binding }> {
  const { workbook } = deps;
  const { sheet, cell } = await workbook.selection();
  const cellNames = Object.values(request.cells);
  const existing = cellNames.length ? await workbook.readNamedCells(cellNames).catch(() => ({}) as Record<string, unknown>) : {};
  let offset = 0;
  for (const [name, cellName] of Object.entries(request.cells)) {
    if (cellName in existing) continue;
    const label = blockAddress(cell, offset, 1, 2);
    await workbook.writeCells(sheet, label.split(':')[0], [[name]], { bold: true });
    await workbook.nameCell(cellName, sheet, label.split(':')[1], request.values[name]);
    offset += 1;
  }
  const variables: Record<string, VariableSource> = Object.fromEntries(
    Object.keys(request.values).map((name) => [name, request.cells[name] ? { cell: request.cells[name] } : { value: request.values[name] }]),
  );
  const binding: Binding = {
    id: newBindingId(),
    title: request.title,
    source: request.source,
    variables,
    layout: request.layout,
    headers: request.headers ?? 'labels',
    ...(request.maxRows ? { maxRows: request.maxRows } : {}),
    target: { sheet, anchor: blockAddress(cell, offset, 1, 1).split(':')[0], table: tableNameFor(request.title, store) },
  };
  const done = await runBinding(binding, deps);
  const next = upsertBinding(store, done);
  await workbook.saveBindings(next);
  return { store: next, binding: done };
}
