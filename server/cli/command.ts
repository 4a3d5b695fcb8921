import { parseDatabaseUrl } from '../database/database-url.js';
/** A command of `npx iom-hub`: one file per command under server/cli/, listed in commands.ts. */
export interface Command {
  name: string;
  /** One line for the list of commands. */
  summary: string;
  /** The full `--help` text: usage, arguments, options, examples. */
  help: string;
  /** A narrower `--help` for the arguments given (`import offences --help`), if the command has one. */
  helpFor?(args: string[]): string | null;
  /** Runs with the arguments after the command name; resolves with the exit code. */
  run(args: string[]): Promise<number>;
}

/** Reads `--name value` and `--flag` options; everything else is a positional argument. */
export function parseOptions(args: string[], flags: readonly string[] = []): { options: Record<string, string | true>; positional: string[] } {
  const options: Record<string, string | true> = {};
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith('--')) positional.push(arg);
    else if (arg.includes('=')) options[arg.slice(2, arg.indexOf('='))] = arg.slice(arg.indexOf('=') + 1);
    else if (flags.includes(arg.slice(2)) || i + 1 >= args.length || args[i + 1].startsWith('--')) options[arg.slice(2)] = true;
    else options[arg.slice(2)] = args[++i];
  }
  return { options, positional };
}

/** The database a command works on: `--database <url>`, else DATABASE_URL (undefined: the default file). */
export function databaseUrlOption(options: Record<string, string | true>): string | undefined {
  return typeof options.database === 'string' ? options.database : process.env.DATABASE_URL;
}

/** The SQLite file named by `--database <url>`, else DATABASE_URL, else the default. */
export function databaseFileOption(options: Record<string, string | true>): string {
  const location = parseDatabaseUrl(databaseUrlOption(options) || undefined);
  if (location.engine === 'postgresql')
    throw new Error('The hub backs up and restores its SQLite file only. On PostgreSQL use pg_dump (e.g. pg_dump -Fc -f iom-hub.dump "$DATABASE_URL") and pg_restore; see README "Deployment".');
  const { file } = location;
  if (file === ':memory:') throw new Error('An in-memory database has no file to back up or restore.');
  return file;
}

/** Every value of a repeatable option (`--var a=1 --var b=2`, or `--var=a=1`), in order. */
export function repeatedOption(args: string[], name: string): string[] {
  const values: string[] = [];
  args.forEach((arg, i) => {
    if (arg === `--${name}` && i + 1 < args.length) values.push(args[i + 1]);
    else if (arg.startsWith(`--${name}=`)) values.push(arg.slice(name.length + 3));
  });
  return values;
}
