import { basename } from 'node:path';
import { loadReportLibrary, type SavedReportDefinition } from '../reports/report-library.js';
import { exportCsv, exportTemplate, exportWorkbook, reportVariables, TEMPLATES, type Template } from '../workbook/report-file.js';
import { runnerFromOptions, RUNNER_HELP } from './runner-options.js';
import type { QueryRunner } from '../workbook/query-runner.js';
import { writeFileAtomically } from '../workbook/atomic-write.js';
import { parseOptions, repeatedOption, type Command } from './command.js';

const usage = () => `Usage: npx iom-hub export <report> [--parameters <set>] [--partnership <code>] [--year <yyyy/yy>] [--var name=value …]
                        --format xlsx|csv --out <file> [--headers labels|paths] [--as board | --url <hub> --token <token>]

Writes a saved report as a formatted workbook (caption with the variables and "data as at", an
Excel table whose headers and number formats come from the schema, set up to print, and the
binding, so \`npx iom-hub refresh\` or the Excel add-in can refresh it later) or as CSV (RFC 4180:
a header of labels with their units, then the rows as the hub gives them).

Reports: ${loadReportLibrary().map((r) => r.name).join(', ')}, and those published to the hub's library
Templates (a whole sheet, .xlsx only): ${TEMPLATES.map((t) => `${t.id} (${t.inputs.map((i) => i.name).join(', ')})`).join('; ')}

Options:
  --partnership <code>  the report's partnership (or partnerships) variable
  --year <yyyy/yy>      the report's financialYear variable, e.g. 2014/15
  --var name=value      any other variable of the report (repeatable), e.g. --var date=2012-09-30
  --parameters <name>   start from one of the report's saved parameter sets (yours or your
                        partnership's); --partnership, --year and --var override its values
  --format xlsx|csv     default: from the --out file's extension
  --out <file>          where to write
  --headers labels|paths  the header row: labels with units, e.g. "Contribution (£)" (default),
                        or field paths, e.g. shares.contribution
${RUNNER_HELP}

Examples:
  npx iom-hub export cost-share --partnership norfolk-suffolk --year 2014/15 --format xlsx --out cost-share.xlsx
  npx iom-hub export performance-pack --partnership norfolk-suffolk --var date=2014-08-31 --var from=2013-09 --var to=2014-08 --out pack.xlsx
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
    const template = TEMPLATES.find((t) => t.id === name);
    if (template) return exportTemplateFile(template, options, args, out);
    const format = typeof options.format === 'string' ? options.format : out.split('.').pop()?.toLowerCase();
    if (format !== 'xlsx' && format !== 'csv') throw new Error('--format must be xlsx or csv.');
    const headers = options.headers ?? 'labels';
    if (headers !== 'labels' && headers !== 'paths') throw new Error('--headers must be labels or paths.');
    if (options.parameters === true) throw new Error('--parameters needs the name of a parameter set, e.g. --parameters "Q3 board pack, Norfolk".');
    const builtIn = loadReportLibrary().some((r) => r.name === name);
    let runner: QueryRunner;
    try {
      runner = await runnerFromOptions(options, `command line: export ${name}`);
    } catch (error) {
      if (builtIn) throw error;
      console.error(`There is no saved report or template "${name}" among the built-in ones, and the hub could not be asked for published reports: ${(error as Error).message}\n\n${usage()}`);
      return 2;
    }
    try {
      // The library as the hub serves it: built-in and published reports, with the parameter sets the caller may use.
      const { report } = await runner.client.request<{ report: LibraryEntry | null }>(REPORT_QUERY, { name });
      if (!report) {
        console.error(`There is no saved report or template "${name}".\n\n${usage()}`);
        return 2;
      }
      const given = givenVariables(options, args, /\$partnerships\s*:/.test(report.query) ? 'partnerships' : 'partnership');
      const variables = { ...parameterSet(report, options.parameters), ...reportVariables(report, given) };
      if (format === 'csv') writeFileAtomically(out, await exportCsv({ client: runner.client, report, variables, headers }));
      else {
        const lineage = { forBinding: runner.forBinding, title: basename(out) };
        const { bytes, binding } = await exportWorkbook({ client: runner.client, report, variables, hub: runner.url, lineage, headers });
        writeFileAtomically(out, bytes);
        console.log(`${report.title}: ${binding.lastRefresh!.rows} ${binding.lastRefresh!.rows === 1 ? 'row' : 'rows'} from ${runner.describe} in ${binding.lastRefresh!.ms} ms.`);
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

/** `--partnership`, `--year` and each `--var name=value` as the variables' text. */
function givenVariables(options: Record<string, string | true>, args: string[], partnershipVariable: string): Record<string, string> {
  const given: Record<string, string> = {};
  if (typeof options.partnership === 'string') given[partnershipVariable] = options.partnership;
  if (typeof options.year === 'string') given.financialYear = options.year;
  for (const pair of repeatedOption(args, 'var')) {
    const at = pair.indexOf('=');
    if (at < 1) throw new Error(`--var ${pair}: write it as name=value.`);
    given[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return given;
}

/** A template's sheet as a workbook: its inputs from the options, then built as the add-in builds it. */
async function exportTemplateFile(template: Template, options: Record<string, string | true>, args: string[], out: string): Promise<number> {
  const values = givenVariables(options, args, 'partnership');
  const unknown = Object.keys(values).filter((name) => !template.inputs.some((input) => input.name === name));
  if (unknown.length) throw new Error(`The template ${template.id} has no input ${unknown.join(', ')} (it has ${template.inputs.map((i) => i.name).join(', ')}).`);
  const runner = await runnerFromOptions(options, `command line: export ${template.id}`);
  try {
    const { bytes, store } = await exportTemplate({ client: runner.client, template, values, hub: runner.url });
    writeFileAtomically(out, bytes);
    for (const binding of store.bindings) console.log(`${binding.title}: ${binding.lastRefresh?.error ? `the hub could not answer: ${binding.lastRefresh.error}` : `${binding.lastRefresh?.rows} ${binding.lastRefresh?.rows === 1 ? 'row' : 'rows'}`}`);
    console.error(`Wrote ${out}.`);
    return 0;
  } finally {
    await runner.close();
  }
}
