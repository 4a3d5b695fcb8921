/**
 * An edited sheet as the hub's whole-sheet mutation takes it: each row the sheet was read with,
 * by id and the version it was read at, with only the fields the user changed; new rows (no id)
 * with what they set; rows the user deleted as removals. Problems name the row and column.
 */
import { parseCell, sameValue } from './cells.js';
import { columnName, columnOf, type SheetTable } from './columns.js';
import type { SheetKind } from './sheet-kinds.js';

/** A record the sheet was read with: its id and the version it had then. */
export interface ReadRow {
  id: string;
  version: number;
}

export interface SheetSubmissionInput {
  rows: Array<Record<string, unknown>>;
  /** Records the user deleted from the sheet, as `RemovedRowInput`. */
  removed: Array<{ id: string; expectedVersion: number }>;
  /** Each problem names the table row (1 for the first under the header) and the column. */
  problems: string[];
  /** The table row (1 for the first) each of `rows` came from, to name it in the hub's refusals. */
  tableRows: number[];
}

/**
 * The hub's refusal of one row (`field` as `lines[2].budget`, the message starting with it) told
 * in the sheet's terms: `Row 4, column Budget (£): …` (the header the user sees). Null when it is not about a row.
 */
export function rowProblem(kind: SheetKind, input: Pick<SheetSubmissionInput, 'tableRows'>, field: unknown, message: string, sheet: Pick<SheetTable, 'columns' | 'bound'> = { columns: [] }): string | null {
  const match = new RegExp(`^${kind.rowsArgument}\\[(\\d+)\\](?:\\.(\\w+))?`).exec(String(field ?? ''));
  if (!match) return null;
  const row = input.tableRows[Number(match[1])];
  const path = match[2] && kind.fields.find((f) => f.input === match[2])?.path;
  const text = message.startsWith(String(field)) ? message.slice(String(field).length).replace(/^:\s*/, '') : message;
  return `Row ${row ?? Number(match[1]) + 1}${path ? `, column ${columnName(sheet, path)}` : ''}: ${text}`;
}

const blank = (cell: unknown) => cell === null || cell === undefined || String(cell).trim() === '';

/**
 * Compares the sheet with the hub's records as they are now (`hub`, the same query's table) and the
 * rows the sheet was read with (`read`; without it, the sheet's version column). A record whose
 * version on the hub moved since the sheet was read is a problem: the sheet is stale.
 */
export function sheetSubmission(kind: SheetKind, sheet: SheetTable, hub: SheetTable, read?: readonly ReadRow[]): SheetSubmissionInput {
  const problems: string[] = [];
  const idAt = columnOf(sheet, kind.idPath);
  const versionAt = columnOf(sheet, kind.versionPath);
  if (idAt < 0) return { rows: [], removed: [], tableRows: [], problems: [`The table has no ${columnName(sheet, kind.idPath)} column, so its rows cannot be matched with the hub's: rebuild the sheet from the template.`] };
  const hubId = columnOf(hub, kind.idPath);
  const hubVersion = columnOf(hub, kind.versionPath);
  const hubRows = new Map(hub.rows.filter((row) => !blank(row[hubId])).map((row) => [String(row[hubId]), row]));
  const readVersions = new Map((read ?? []).map((r) => [r.id, r.version]));
  const fields = kind.fields.filter((field) => columnOf(sheet, field.path) >= 0);
  const labelAt = columnOf(sheet, kind.labelPath);
  const seen = new Set<string>();
  const rows: SheetSubmissionInput['rows'] = [];
  const tableRows: number[] = [];

  sheet.rows.forEach((cells, index) => {
    const id = blank(cells[idAt]) ? undefined : String(cells[idAt]).trim();
    if (!id && fields.every((field) => blank(cells[columnOf(sheet, field.path)]))) return; // an empty row
    const where = `Row ${index + 1}${labelAt >= 0 && !blank(cells[labelAt]) ? ` (${String(cells[labelAt]).trim()})` : ''}`;
    const values: Record<string, string | number | null> = {};
    const unreadable = new Set<string>();
    for (const field of fields) {
      const parsed = parseCell(cells[columnOf(sheet, field.path)], field.kind, field.values);
      if ('problem' in parsed) {
        problems.push(`${where}, column ${columnName(sheet, field.path)}: ${parsed.problem}`);
        unreadable.add(field.path);
      } else values[field.path] = parsed.value;
    }
    if (!id) {
      for (const path of kind.required) if (!unreadable.has(path) && (values[path] === null || values[path] === undefined)) problems.push(`${where}, column ${columnName(sheet, path)}: a new ${kind.noun} needs it.`);
      rows.push(Object.fromEntries(fields.filter((f) => values[f.path] !== null && values[f.path] !== undefined).map((f) => [f.input, values[f.path]])));
      tableRows.push(index + 1);
      return;
    }
    if (seen.has(id)) problems.push(`${where}, column ${columnName(sheet, kind.idPath)}: ${id} is in the sheet twice.`);
    seen.add(id);
    const sheetVersion = versionAt >= 0 && !blank(cells[versionAt]) ? Number(cells[versionAt]) : undefined;
    const expectedVersion = read ? readVersions.get(id) : sheetVersion;
    if (expectedVersion === undefined) {
      problems.push(`${where}, column ${columnName(sheet, kind.idPath)}: ${id} was not read into this sheet from the hub; clear the id to add the row as a new ${kind.noun}.`);
      return;
    }
    const current = hubRows.get(id);
    if (!current) {
      problems.push(`${where}: this ${kind.noun} is no longer on the hub (someone removed it since the sheet was read). Refresh the sheet and apply your change again.`);
      return;
    }
    const currentVersion = Number(current[hubVersion]);
    if (currentVersion !== expectedVersion) {
      problems.push(`${where}: changed on the hub since the sheet was read (version ${expectedVersion}, now ${currentVersion}). Refresh the sheet and apply your change again.`);
      return;
    }
    const changed = fields.filter((field) => {
      const before = parseCell(current[columnOf(hub, field.path)], field.kind, field.values);
      return !('problem' in before) && field.path in values && !sameValue(before.value, values[field.path]);
    });
    rows.push({ id, expectedVersion, ...Object.fromEntries(changed.map((f) => [f.input, values[f.path]])) });
    tableRows.push(index + 1);
  });

  // Without the rows it was read with, a row deleted from the sheet cannot be told from one added on the hub: the hub then refuses.
  const removed = (read ?? []).filter((r) => !seen.has(r.id));
  if (read) {
    for (const id of hubRows.keys())
      if (!readVersions.has(id)) problems.push(`A ${kind.noun} ${labelOf(hub, kind, hubRows.get(id)!)}was added on the hub since the sheet was read. Refresh the sheet and apply your change again.`);
    for (const r of removed) {
      const now = hubRows.get(r.id);
      if (now && Number(now[hubVersion]) !== r.version) problems.push(`The ${kind.noun} ${labelOf(hub, kind, now)}you removed from the sheet changed on the hub since the sheet was read. Refresh the sheet and decide again.`);
    }
  }
  return { rows, removed: removed.filter((r) => hubRows.has(r.id)).map((r) => ({ id: r.id, expectedVersion: r.version })), problems, tableRows };
}

function labelOf(hub: SheetTable, kind: SheetKind, row: unknown[]): string {
  const at = columnOf(hub, kind.labelPath);
  return at >= 0 && !blank(row[at]) ? `"${String(row[at]).trim()}" ` : '';
}
