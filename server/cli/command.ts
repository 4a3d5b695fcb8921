/** A command of `npx iom-hub`: one file per command under server/cli/, listed in commands.ts. */
export interface Command {
  name: string;
  /** One line for the list of commands. */
  summary: string;
  /** The full `--help` text: usage, arguments, options, examples. */
  help: string;
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
