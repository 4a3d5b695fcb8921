/**
 * The Excel API the add-in needs. The manifest declares it, so Excel does not offer the add-in
 * where it cannot work; the pane checks it as well (a sideloaded manifest is not checked), and
 * anything used above it must be checked with `isSetSupported` where it is used.
 *
 * ExcelApi 1.13 is the highest set the add-in calls: `Table.resize` refreshes a table in place.
 * Below it: 1.9 (`Range.copyFrom`), 1.6 (`suspendApiCalculationUntilNextSync`), 1.5
 * (`customXmlParts`), 1.4 (named table columns). SharedRuntime 1.1 runs the pane and the cell
 * functions together.
 */
export const EXCEL_API = '1.13';

export interface Requirements {
  isSetSupported(name: string, minVersion?: string): boolean;
}

/** What this Excel lacks, in words for the person using it; undefined when it has everything. */
export function missingRequirement(requirements: Requirements | undefined): string | undefined {
  if (requirements?.isSetSupported('ExcelApi', EXCEL_API)) return undefined;
  return `This version of Excel is too old for IOM Hub: it needs Excel API ${EXCEL_API}: Excel on the web, Microsoft 365 Excel on Windows or Mac kept up to date, or Excel 2021 or later. Excel 2016 and 2019, and Excel on the iPad, cannot run it.`;
}
