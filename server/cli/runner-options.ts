import { openRunner, type QueryRunner } from '../workbook/query-runner.js';
import { databaseUrlOption } from './command.js';

/** The runner the `--url`, `--token` and `--database` options of a command ask for. */
export function runnerFromOptions(options: Record<string, string | true>, operation: string): Promise<QueryRunner> {
  const text = (name: string) => (typeof options[name] === 'string' ? (options[name] as string) : undefined);
  if (options.url === true || options.token === true || options.database === true) throw new Error('--url, --token and --database each need a value.');
  return openRunner({ url: text('url'), token: text('token'), databaseUrl: databaseUrlOption(options), operation });
}

export const RUNNER_HELP = `  --database <url>  the hub's database, read directly (default: DATABASE_URL, else sqlite:./data/iom-hub.sqlite)
  --url <hub>       ask a running hub instead (e.g. https://hub.example.org), with…
  --token <token>   …a bearer token it accepts (npx iom-hub token create)`;
