import { readFileSync } from 'node:fs';
import { parseRole, Role } from '../access/role.js';
import { openRunner, type QueryRunner } from '../workbook/query-runner.js';
import { databaseUrlOption, parseOptions } from './command.js';

/** The runner the `--url`, `--token`, `--database` and `--as` options of a command ask for. */
export function runnerFromOptions(options: Record<string, string | true>, operation: string): Promise<QueryRunner> {
  const text = (name: string) => (typeof options[name] === 'string' ? (options[name] as string) : undefined);
  if (options.url === true || options.token === true || options.database === true || options.as === true) throw new Error('--url, --token, --database and --as each need a value.');
  const as = text('as');
  if (as !== undefined && parseRole(as) !== Role.BOARD) throw new Error(`--as ${as}: the command line reads the database as the hub itself, or with --as board as a board token sees it.`);
  if (as !== undefined && text('url')) throw new Error('--as board reads the local database as a board; against a running hub the token decides what the file gets: give it a board token.');
  return openRunner({ url: text('url'), token: text('token'), databaseUrl: databaseUrlOption(options), operation, role: as === undefined ? undefined : Role.BOARD });
}

export const RUNNER_HELP = `  --database <url>  the hub's database, read directly (default: DATABASE_URL, else sqlite:./data/iom-hub.sqlite)
                    as the hub itself: every partnership, every count as counted
  --as board        read it as a board token sees it, for a board pack: counts rounded to base 5,
                    rates and costs from the rounded counts, dates taken to month ends
  --url <hub>       ask a running hub instead (e.g. https://hub.example.org), with…
  --token <token>   …a bearer token it accepts (npx iom-hub token create); a board token gives a board pack`;

/** A workbook file a command works on, with the runner its options ask for. */
export interface WorkbookFileJob {
  file: string;
  input: Buffer;
  options: Record<string, string | true>;
  runner: QueryRunner;
}

/**
 * Runs a command over the workbook file its first argument names (`refresh`, `freeze`): prints the
 * usage and exits 2 without one, reads the file, opens the runner the options ask for (named in
 * the hub's records as `command line: <command> <file>`) and closes it whatever happens.
 */
export async function onWorkbookFile(command: string, args: string[], usage: string, work: (job: WorkbookFileJob) => Promise<number>): Promise<number> {
  const { options, positional } = parseOptions(args);
  const [file] = positional;
  if (!file) {
    console.error(usage);
    return 2;
  }
  const input = readFileSync(file);
  const runner = await runnerFromOptions(options, `command line: ${command} ${file}`);
  try {
    return await work({ file, input, options, runner });
  } finally {
    await runner.close();
  }
}
