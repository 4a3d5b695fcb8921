import { basename } from 'node:path';
import { refreshWorkbookFile } from '../workbook/report-file.js';
import { onWorkbookFile, RUNNER_HELP } from './runner-options.js';
import { writeFileAtomically } from '../workbook/atomic-write.js';
import type { Command } from './command.js';

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
  run: (args) =>
    onWorkbookFile('refresh', args, usage, async ({ file, input, options, runner }) => {
      const out = typeof options.out === 'string' ? options.out : file;
      const { statuses, bytes } = await refreshWorkbookFile(input, runner.client, { lineage: { forBinding: runner.forBinding, title: basename(file) } });
      for (const status of statuses) {
        if (status.state === 'done') console.log(`refreshed  ${status.title}: ${status.rows} ${status.rows === 1 ? 'row' : 'rows'} in ${status.ms} ms`);
        else console.error(`FAILED     binding "${status.title}" (${status.id}): ${status.error}`);
      }
      if (!bytes) {
        console.error(`Nothing was written: ${file} is unchanged.`);
        return 1;
      }
      writeFileAtomically(out, bytes);
      console.error(`Wrote ${out} (${statuses.length} ${statuses.length === 1 ? 'binding' : 'bindings'}, data from ${runner.describe}).`);
      return 0;
    }),
};
