import { basename } from 'node:path';
import { loadReportLibrary, type SavedReportDefinition } from '../reports/report-library.js';
import { exportCsv, exportWorkbook, reportVariables } from '../workbook/report-file.js';
import { runnerFromOptions, RUNNER_HELP } from './runner-options.js';
import type { QueryRunner } from '../workbook/query-runner.js';
import { writeFileAtomically } from '../workbook/atomic-write.js';
import { parseOptions, repeatedOption, type Command } from './command.js';

const usage = () => `Usage: npx iom-hub export <report> [--parameters <set>] [--partnership <code>] [--year <yyyy/yy>] [--var name=value …]
                        --format xlsx|csv --out <file> [--as board | --url <hub> --token <token>]

Writes a saved report as a formatted workbook (caption with the variables and "data as at", an
Excel table with £, % and date formats, and the binding, so \`npx iom-hub refresh\` or the Excel
add-in can refresh it later) or as CSV (RFC 4180: a header of field paths, then the rows).

Reports: ${loadReportLibrary().map((r) => r.name).join(', ')}, and those published to the hub's library

Options:
  --partnership <code>  the report's partnership (or partnerships) variable
  --year <yyyy/yy>      the report's financialYear variable, e.g. 2014/15
  --var name=value      any other variable of the report (repeatable), e.g. --var date=2012-09-30
  --parameters <name>   start from one of the report's saved parameter sets (yours or your
                        partnership's); --partnership, --year and --var override its values
  --format xlsx|csv     default: from the --out file's extension
  --out <file>          where to write
${RUNNER_HELP}

Examples:
  npx iom-hub export cost-share --partnership norfolk-suffolk --year 2014/15 --format xlsx --out cost-share.xlsx
  npx iom-hub export cohort-snapshot --partnership thurrock --var date=2012-09-30 --as board --out board-snapshot.xlsx`;

export const exportCommand: Command = {
  name: 'export',
  summary: 'Write a saved report as a refreshable workbook (.xlsx) or CSV.',
  get help() {
    return usage();
  },
  async run(args) {
    const { options, positional } = parseOptions(args);
    const [name] = positional;
    if (!name) {
      console.error(usage());
      return 2;
    }
    const out = typeof options.out === 'string' ? options.out : undefined;
    if (!out) throw new Error('Give the file to write with --out <file>.');
    const format = typeof options.format === 'string' ? options.format : out.split('.').pop()?.toLowerCase();
    if (format !== 'xlsx' && format !== 'csv') throw new Error('--format must be xlsx or csv.');
    if (options.parameters === true) throw new Error('--parameters needs the name of a parameter set, e.g. --parameters "Q3 board pack, Norfolk".');
    const builtIn = loadReportLibrary().some((r) => r.name === name);
    let runner: QueryRunner;
    try {
      runner = await runnerFromOptions(options, `command line: export ${name}`);
    } catch (error) {
      if (builtIn) throw error;
      console.error(`There is no saved report "${name}" among the built-in reports, and the hub could not be asked for published ones: ${(error as Error).message}\n\n${usage()}`);
      return 2;
    }
    try {
      // The library as the hub serves it: built-in and published reports, with the parameter sets the caller may use.
      const { report } = await runner.client.request<{ report: LibraryEntry | null }>(REPORT_QUERY, { name });
      if (!report) {
        console.error(`There is no saved report "${name}".\n\n${usage()}`);
        return 2;
      }
      const given: Record<string, string> = {};
      if (typeof options.partnership === 'string') given[/\$partnerships\s*:/.test(report.query) ? 'partnerships' : 'partnership'] = options.partnership;
      if (typeof options.year === 'string') given.financialYear = options.year;
      for (const pair of repeatedOption(args, 'var')) {
        const at = pair.indexOf('=');
        if (at < 1) throw new Error(`--var ${pair}: write it as name=value.`);
        given[pair.slice(0, at)] = pair.slice(at + 1);
      }
      const variables = { ...parameterSet(report, options.parameters), ...reportVariables(report, given) };
      if (format === 'csv') writeFileAtomically(out, await exportCsv({ client: runner.client, report, variables }));
      else {
        const { bytes, binding } = await exportWorkbook({ client: runner.client, report, variables, hub: runner.url, lineage: { forBinding: runner.forBinding, title: basename(out) } });
        writeFileAtomically(out, bytes);
        console.log(`${report.title}: ${binding.lastRefresh!.rows} rows from ${runner.describe} in ${binding.lastRefresh!.ms} ms.`);
      }
      console.error(`Wrote ${out}.`);
      return 0;
    } finally {
      await runner.close();
    }
  },
};

const REPORT_QUERY = 'query ExportReport($name: String!) { report(name: $name) { name title description query variables parameterSets { name variables } } }';

interface LibraryEntry extends SavedReportDefinition {
  parameterSets: { name: string; variables: string }[];
}

/** The variables of the parameter set named by --parameters (none: {}), or an error listing the report's sets. */
function parameterSet(report: LibraryEntry, name: string | true | undefined): Record<string, unknown> {
  if (typeof name !== 'string') return {};
  const set = report.parameterSets.find((s) => s.name === name);
  if (!set) {
    const known = report.parameterSets.map((s) => `"${s.name}"`).join(', ');
    throw new Error(`--parameters: the report ${report.name} has no parameter set "${name}" you may use (${known ? `it has ${known}` : 'it has none'}).`);
  }
  return JSON.parse(set.variables) as Record<string, unknown>;
}
