/**
 * The lineage headers, as the add-in and the command line send them and the hub reads them: every
 * request made for a workbook's binding names the workbook and the binding (`X-IOM-Workbook`,
 * `X-IOM-Binding`), the file's name (`X-IOM-Workbook-Title`, percent-encoded: a header is ASCII)
 * and the library report the binding was made from (`X-IOM-Report`). Nothing here imports the hub
 * or the add-in.
 */
export const LINEAGE_HEADERS = { workbook: 'x-iom-workbook', binding: 'x-iom-binding', title: 'x-iom-workbook-title', report: 'x-iom-report' } as const;

export interface RequestLineage {
  workbook: string;
  binding: string;
  title?: string | null;
  /** The library report the binding was made from: the query it runs may differ from the report's text (a list read page by page, a source column added). */
  report?: string | null;
}

/** The headers that name a workbook's binding. */
export function lineageHeaders({ workbook, binding, title, report }: RequestLineage): Record<string, string> {
  return { [LINEAGE_HEADERS.workbook]: workbook, [LINEAGE_HEADERS.binding]: binding, ...(title ? { [LINEAGE_HEADERS.title]: encodeURIComponent(title) } : {}), ...(report ? { [LINEAGE_HEADERS.report]: report } : {}) };
}
