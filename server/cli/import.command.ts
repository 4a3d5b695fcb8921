import { createReadStream, existsSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { DEFAULT_DATABASE_URL } from '../database/database-url.js';
import { openDatabase } from '../database/database.js';
import { actingAs, asSystem } from '../access/caller.js';
import { authenticate } from '../access/token.service.js';
import { roleName } from '../access/role.js';
import { describeColumns } from '../import/columns.js';
import { importKind, IMPORT_KINDS } from '../import/kinds/registry.js';
import { runImport, PROBLEM_LIMIT, type ImportProgress, type ImportReport } from '../import/import.service.js';
import { formatOf } from '../import/read-table.js';
import { databaseUrlOption, parseOptions, type Command } from './command.js';

const usage = `Usage: npx iom-hub import <kind> <file.csv|file.xlsx> [--partnership <code>] [--dry-run] [--progress] [--token <token>] [--database <url>]

Reads a CSV (UTF-8) or Excel (.xlsx, first sheet) file whose first row names the columns, checks
every row, and — only if no row has a problem — writes them all in one transaction. Headers are
matched ignoring case, spaces and punctuation ("Date of Offence" = "offence date"); unknown
columns are listed, not imported. A row whose reference is already in the hub updates that
record (only if something changed), so importing the same file twice changes nothing.

Kinds (\`npx iom-hub import <kind> --help\` lists a kind's columns):
${IMPORT_KINDS.map((k) => `  ${k.name.padEnd(20)}${k.summary}`).join('\n')}

Options:
  --partnership <code>  the partnership for rows without a Partnership column
  --dry-run             check the file and count what would be inserted, updated and unchanged; write nothing
  --progress            show progress on stderr even when it is not a terminal
  --token <token>       import as that token: its role must own the kind (see the README) and every
                        row must belong to a partnership it covers; without it, as the hub itself
  --database <url>      sqlite:<path> (default: DATABASE_URL, else ${DEFAULT_DATABASE_URL})

Exit status: 0 imported (or dry run clean), 1 problems (nothing written), 2 usage.

Examples:
  npx iom-hub import offences offences-2014.csv --partnership norfolk-suffolk --dry-run
  npx iom-hub import establishment-lines establishment.xlsx --partnership norfolk-suffolk`;

function kindHelp(name: string): string | null {
  const kind = importKind(name);
  if (!kind) return null;
  return `Usage: npx iom-hub import ${kind.name} <file.csv|file.xlsx>${kind.scoped ? ' [--partnership <code>]' : ''} [--dry-run]

${kind.summary}
Imported by ${kind.roles.map((role) => roleName(role)).join(' or ')} tokens, into the partnerships they cover (--token <token>; without it the command imports as the hub itself, an admin).

Columns (headers match ignoring case, spaces and punctuation):
${describeColumns(kind.columns.filter((c) => kind.scoped || c.key !== 'partnership'))}`;
}

/** The report as printed: counts, then every problem (up to the cap) as "row N, Column: reason". */
export function formatReport(report: ImportReport): string {
  const lines: string[] = [];
  const what = report.dryRun ? 'would insert' : 'inserted';
  if (report.unknownColumns.length) lines.push(`Columns not imported (unknown to ${report.kind}): ${report.unknownColumns.map((c) => `"${c}"`).join(', ')}.`);
  if (report.problemCount) {
    lines.push(`${report.file}: ${report.problemCount} problem${report.problemCount === 1 ? '' : 's'}; nothing was written.`);
    for (const p of report.problems) lines.push(`  ${p.row === null ? 'file' : `row ${p.row}`}${p.column ? `, ${p.column}` : ''}: ${p.reason}`);
    if (report.problemCount > report.problems.length) lines.push(`  … and ${report.problemCount - report.problems.length} more (the first ${PROBLEM_LIMIT} are shown).`);
  } else {
    lines.push(
      `${report.file}: ${report.rows} ${report.kind} rows: ${report.inserted} ${what}, ${report.updated} ${report.dryRun ? 'would update' : 'updated'}, ${report.unchanged} unchanged.${report.dryRun ? ' (dry run: nothing written)' : ''}`,
    );
  }
  return lines.join('\n');
}

export const importCommand: Command = {
  name: 'import',
  summary: 'Import nominals, reviews, offences, finance lines or published tables from CSV or XLSX.',
  help: usage,
  helpFor(args) {
    const kind = args.find((arg) => !arg.startsWith('-'));
    return kind ? kindHelp(kind) : null;
  },
  async run(args) {
    const { options, positional } = parseOptions(args, ['dry-run', 'progress']);
    const [kindName, file] = positional;
    if (!kindName || !file) {
      console.error(usage);
      return 2;
    }
    if (!importKind(kindName)) {
      console.error(`"${kindName}" is not a kind of import (${IMPORT_KINDS.map((k) => k.name).join(', ')}).`);
      return 2;
    }
    const path = resolve(file);
    if (!existsSync(path)) {
      console.error(`There is no file ${path}.`);
      return 2;
    }
    const showProgress = options.progress === true || process.stderr.isTTY === true;
    let lastShown = 0;
    const onProgress = showProgress
      ? ({ pass, rows, elapsedMs }: ImportProgress) => {
          if (Date.now() - lastShown < 200 && rows % 100_000 !== 0) return;
          lastShown = Date.now();
          const rate = elapsedMs > 0 ? Math.round((rows * 1000) / elapsedMs) : 0;
          process.stderr.write(`${process.stderr.isTTY ? '\r\x1b[K' : ''}${pass} ${rows.toLocaleString('en-GB')} rows, ${rate.toLocaleString('en-GB')} rows/s${process.stderr.isTTY ? '' : '\n'}`);
        }
      : undefined;
    const databaseUrl = databaseUrlOption(options);
    if (options.token === true) {
      console.error('--token needs a value.');
      return 2;
    }
    const orm = await openDatabase({ databaseUrl });
    try {
      let em = asSystem(orm.em, 'import');
      if (typeof options.token === 'string') {
        const caller = await authenticate(em, options.token);
        if (!caller) {
          console.error('--token: the token is not one this hub accepts (unknown, expired or revoked).');
          return 2;
        }
        em = actingAs(orm.em, { ...caller, operation: 'import' });
      }
      const started = Date.now();
      const report = await runImport(em, {
        kind: kindName,
        source: { format: formatOf(path), name: basename(path), open: () => createReadStream(path), size: statSync(path).size },
        partnership: typeof options.partnership === 'string' ? options.partnership : null,
        dryRun: options['dry-run'] === true,
        onProgress,
      });
      if (showProgress && process.stderr.isTTY) process.stderr.write('\r\x1b[K');
      const seconds = (Date.now() - started) / 1000;
      console.log(formatReport(report));
      if (!report.problemCount) console.error(`${report.rows.toLocaleString('en-GB')} rows in ${seconds.toFixed(1)} s (${Math.round(report.rows / Math.max(seconds, 0.001)).toLocaleString('en-GB')} rows/s).`);
      return report.problemCount ? 1 : 0;
    } finally {
      await orm.close();
    }
  },
};
