import { readFileSync } from 'node:fs';
import { refreshWorkbookFile } from '../workbook/report-file.js';
import { runnerFromOptions, RUNNER_HELP } from './runner-options.js';
import { writeFileAtomically } from '../workbook/atomic-write.js';
import { parseOptions, type Command } from './command.js';

const usage = `Usage: npx iom-hub refresh <workbook.xlsx> [--out <file>] [--as board | --url <hub> --token <token>]

Refreshes a workbook without Excel: reads the bindings the add-in (or \`npx iom-hub export\`) stored
in it, reads variables bound to named cells from the workbook, re-runs each binding's query and
rewrites each bound table, growing or shrinking it, with a new "data as at". Everything else stays
as it was: formulas outside the tables, formatting, other sheets, defined names, charts (a chart
over a bound table follows its new rows).

If any binding fails (the hub refuses its query, a named cell is missing, the table would grow
into another table or over cells that hold something), nothing is written: the command names the
binding, exits with 1 and the file is unchanged.

Options:
  --out <file>      write the refreshed workbook here (default: replace the input file)
${RUNNER_HELP}

Example (a board pack every Monday at 06:00, with cron):
  0 6 * * 1  cd /srv/iom-hub && npx iom-hub refresh /reports/board-pack.xlsx --as board`;

export const refreshCommand: Command = {
  name: 'refresh',
  summary: 'Refresh the bound tables of a workbook file (.xlsx) without Excel.',
  help: usage,
  async run(args) {
    const { options, positional } = parseOptions(args);
    const [file] = positional;
    if (!file) {
      console.error(usage);
      return 2;
    }
    const out = typeof options.out === 'string' ? options.out : file;
    const input = readFileSync(file);
    const runner = await runnerFromOptions(options, `command line: refresh ${file}`);
    try {
      const { statuses, bytes } = await refreshWorkbookFile(input, runner.client);
      for (const status of statuses) {
        if (status.state === 'done') console.log(`refreshed  ${status.title}: ${status.rows} rows in ${status.ms} ms`);
        else console.error(`FAILED     binding "${status.title}" (${status.id}): ${status.error}`);
      }
      if (!bytes) {
        console.error(`Nothing was written: ${file} is unchanged.`);
        return 1;
      }
      writeFileAtomically(out, bytes);
      console.error(`Wrote ${out} (${statuses.length} ${statuses.length === 1 ? 'binding' : 'bindings'}, data from ${runner.describe}).`);
      return 0;
    } finally {
      await runner.close();
    }
  },
};
