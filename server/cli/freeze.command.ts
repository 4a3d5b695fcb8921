import { basename } from 'node:path';
import { freezeWorkbookFile } from '../workbook/report-file.js';
import { writeFileAtomically } from '../workbook/atomic-write.js';
import { onWorkbookFile, RUNNER_HELP } from './runner-options.js';
import type { Command } from './command.js';

const usage = `Usage: npx iom-hub freeze <workbook.xlsx> [--url <hub> --token <token>]

Freezes a board pack: the hub answers every binding of the workbook now (variables as the workbook
gives them, named cells included) and keeps the answers exactly as served, with the query, its
variables, their hash and the time. Prints the snapshot's id; \`workbookSnapshot(id)\` gives the
figures back byte for byte and \`compareSnapshotWithLive(id)\` lists what has changed since.

Options:
${RUNNER_HELP}

Example:
  npx iom-hub freeze "Board pack Q3.xlsx" --url https://hub.example.org --token $IOM_HUB_TOKEN`;

export const freezeCommand: Command = {
  name: 'freeze',
  summary: 'Freeze a workbook\'s bindings on the hub: a board-pack snapshot it can give back byte for byte.',
  help: usage,
  run: (args) =>
    onWorkbookFile('freeze', args, usage, async ({ file, input, runner }) => {
      const { snapshot, bytes } = await freezeWorkbookFile(input, runner.client, basename(file));
      if (bytes) writeFileAtomically(file, bytes);
      for (const binding of snapshot.bindings) console.log(`frozen     ${binding.binding}  ${binding.queryHash}`);
      console.log(`Snapshot ${snapshot.id}: snapshot as at ${snapshot.takenAt} (${snapshot.bindings.length} ${snapshot.bindings.length === 1 ? 'binding' : 'bindings'}, ${runner.describe}).`);
      return 0;
    }),
};
