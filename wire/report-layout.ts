/**
 * What the hub's `reportLayout` answers, as the hub builds it and as the add-in, `export` and
 * `refresh` read it: one description of the wire, imported by both sides. Types only; nothing
 * here imports the hub or the add-in.
 */

/** How a spreadsheet holds a column's values: numbers, text, true/false, or a date serial. */
export type CellKind = 'NUMBER' | 'TEXT' | 'BOOLEAN' | 'DATE' | 'MONTH' | 'DATE_TIME';

/** One column of a query's table. */
export interface LayoutColumn {
  /** Response keys from the table's root down, dotted: `shares.contribution` (a single root field is left out). */
  path: string;
  /** The label without its unit: "Contribution". */
  label: string;
  /** The unit in words, "£", "priority offences per member"; null for counts, text and dates. */
  unit: string | null;
  /** What the header cell shows: "Contribution (£)". */
  header: string;
  /** The leaf's GraphQL type: `Money`, `Count`, `String`, `RagStatus`… */
  type: string;
  kind: CellKind;
  /** The Excel number format code. */
  numberFormat: string;
  /** The field's description in the schema (the add-in does not ask for it). */
  description?: string | null;
  /** The paths of the lists the column sits in, outermost first (`''` for a root field that is a list). */
  lists: string[];
}

/** A measure whose figures the answer carries. */
export interface LayoutMeasure {
  /** Where in the answer the measure's figures are. */
  path: string;
  name: string;
  version: number;
  /** The measure's definition: its result type's description. */
  definition: string;
}

export interface ReportLayout {
  /**
   * The query to run for this table: the query laid out, with the fields that tell its figures
   * apart (a measure's `source`: published or computed) added where it left them out; the query
   * itself when nothing was added.
   */
  query: string;
  columns: LayoutColumn[];
  measures: LayoutMeasure[];
}
