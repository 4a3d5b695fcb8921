/**
 * The IOM custom functions: thin wrappers over function-runtime.ts. Their JSDoc is the source
 * of functions.json (scripts/build-addin.ts); keep types out of the JSDoc.
 */
/// <reference types="custom-functions-runtime" />
import { savedConnectionClient } from '../connection-store.js';
import { createFunctionRuntime } from './function-runtime.js';
import { excelWorkbook } from '../excel-workbook.js';
import { CELL_FUNCTIONS_BINDING, lineageHeaders } from '../lineage.js';

/** Excel takes formatted numbers from a custom function where it has data types (ExcelApi 1.16). */
const formattedNumbers = () => typeof Office !== 'undefined' && Boolean(Office.context?.requirements?.isSetSupported('ExcelApi', '1.16'));

/**
 * The cell functions' requests name the workbook (the id its bindings carry, given by the pane) so
 * the hub counts the reports its formulas use; a workbook the pane has not opened yet has no id.
 */
async function workbookLineage(): Promise<Record<string, string>> {
  try {
    const store = await excelWorkbook.readBindings();
    return store?.workbook ? lineageHeaders({ workbook: store.workbook, binding: CELL_FUNCTIONS_BINDING }) : {};
  } catch {
    return {};
  }
}

const runtime = createFunctionRuntime(() => savedConnectionClient(workbookLineage), { formattedNumbers });

/** Formula value preview must not call the hub; failures become cell errors with the message. */
async function cell<T>(invocation: CustomFunctions.Invocation, work: () => Promise<T>): Promise<T> {
  if (invocation?.isInValuePreview) throw new CustomFunctions.Error(CustomFunctions.ErrorCode.notAvailable, 'Preview: the value is fetched when you enter the formula.');
  try {
    return await work();
  } catch (error) {
    throw new CustomFunctions.Error(CustomFunctions.ErrorCode.notAvailable, error instanceof Error ? error.message : String(error));
  }
}

/**
 * Runs a hub query, or a saved report by name, and spills the result as a table: a header row of labels, then the rows (numbers formatted where Excel supports it).
 * @customfunction QUERY
 * @param query GraphQL query text, or the name of a saved report such as "cost-share".
 * @param [variables] Variables as JSON text, a two-column range of names and values, or (after a saved report's name) the name of one of its parameter sets, e.g. "Q3 board pack, Norfolk".
 * @param invocation Invocation
 * @returns The result as a table.
 */
export function query(query: string, variables: any[][], invocation: CustomFunctions.Invocation): Promise<any[][]> {
  return cell(invocation, () => runtime.query(query, variables));
}

/**
 * One value from a saved report, e.g. =IOM.VALUE("cost-share", "total", "partnership", "norfolk-suffolk", "financialYear", "2014/15").
 * @customfunction VALUE
 * @param report The saved report's name, or GraphQL query text.
 * @param path Where the value is: "total", "shares[1].percent" or "shares[agency=Norfolk Constabulary].contribution".
 * @param [variables] Variable names and values in pairs, e.g. "partnership", "barnet", or one JSON text.
 * @param invocation Invocation
 * @returns The value.
 */
export function value(report: string, path: string, variables: any[], invocation: CustomFunctions.Invocation): Promise<any> {
  return cell(invocation, () => runtime.value(report, path, variables ?? []));
}

/**
 * An agency's contribution (or percent) in a partnership's cost share for a financial year.
 * @customfunction COSTSHARE
 * @param partnership Partnership code, e.g. "norfolk-suffolk".
 * @param year Financial year, e.g. "2014/15".
 * @param agency Agency code or name, e.g. "norfolk-constabulary".
 * @param [field] "contribution" (the default, in pounds) or "percent".
 * @param invocation Invocation
 * @returns The contribution in pounds, or the percent.
 */
export function costShare(partnership: string, year: string, agency: string, field: string | null, invocation: CustomFunctions.Invocation): Promise<number> {
  return cell(invocation, () => runtime.costShare(partnership, year, agency, field || undefined));
}
