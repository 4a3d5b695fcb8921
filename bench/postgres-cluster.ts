import { execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A throwaway PostgreSQL cluster from the binaries installed on the machine (Debian's postgresql
 * package): for the tests, `npm run migration:create` and the benchmark on PostgreSQL; its
 * connection helpers serve `npx iom-hub bench load-postgresql` too. PostgreSQL refuses to run as
 * root, so as root it runs as the `postgres` user. Durability is off (fsync, synchronous commit):
 * the cluster lives only as long as the run that started it.
 */
export interface PostgresCluster {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` */
  url: string;
  /** The URL of another database on the same cluster. */
  urlOf(database: string): string;
  stop(): Promise<void>;
}

/** The newest installed PostgreSQL's bin folder (IOM_HUB_POSTGRES_BIN, else /usr/lib/postgresql/<n>/bin), or null. */
export function postgresBinaries(): string | null {
  const fromEnv = process.env.IOM_HUB_POSTGRES_BIN;
  if (fromEnv) return existsSync(join(fromEnv, 'initdb')) ? fromEnv : null;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(root, versions[0], 'bin') : null;
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

const asRoot = process.getuid?.() === 0;
/** Runs a PostgreSQL binary, as the postgres user when we are root. */
function command(bin: string, args: string[]): [string, string[]] {
  return asRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
}

/**
 * Starts a cluster: a new one (initdb), or with `standbyOf` (the primary's URL) a streaming
 * replica of that primary, copied with `pg_basebackup -R` and serving reads (hot standby).
 */
export async function startPostgresCluster(bin = postgresBinaries(), { standbyOf }: { standbyOf?: string } = {}): Promise<PostgresCluster> {
  if (!bin) throw new Error('PostgreSQL is not installed (no /usr/lib/postgresql/<version>/bin/initdb; apt-get install postgresql, or set IOM_HUB_POSTGRES_BIN).');
  const dir = mkdtempSync(join(tmpdir(), 'iom-hub-pg-'));
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  const primary = standbyOf ? new URL(standbyOf) : null;
  const [init, initArgs] = primary
    ? command(join(bin, 'pg_basebackup'), ['-D', data, '-R', '-X', 'stream', '-c', 'fast', '--no-sync', '-h', primary.hostname, '-p', primary.port, '-U', 'postgres'])
    : command(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync', '--locale=C', '-E', 'UTF8']);
  execFileSync(init, initArgs, { stdio: 'pipe' });
  const port = await freePort();
  const [postgres, args] = command(join(bin, 'postgres'), [
    '-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1',
    '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=300',
  ]);
  const server = spawn(postgres, args, { stdio: ['ignore', 'ignore', 'pipe'], detached: false });
  let log = '';
  server.stderr.on('data', (chunk: Buffer) => { log = (log + chunk.toString()).slice(-4000); });
  const exited = new Promise<void>((done) => server.once('exit', () => done()));
  const [isready, readyArgs] = command(join(bin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres']);
  for (let i = 0; ; i++) {
    try {
      execFileSync(isready, readyArgs, { stdio: 'ignore' });
      break;
    } catch {
      if (i > 100 || server.exitCode !== null) throw new Error(`PostgreSQL did not start:\n${log}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const urlOf = (database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`;
  /** Stops the server and removes its files; synchronous, so it also runs when the process exits early. */
  const stopNow = () => {
    if (server.exitCode === null) {
      // runuser does not pass signals on: ask pg_ctl for a fast shutdown.
      const [pgCtl, stopArgs] = command(join(bin, 'pg_ctl'), ['-D', data, 'stop', '-m', 'fast', '-w']);
      try {
        execFileSync(pgCtl, stopArgs, { stdio: 'ignore' });
      } catch {
        server.kill('SIGKILL');
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', stopNow);
  return {
    url: urlOf('postgres'),
    urlOf,
    async stop() {
      process.off('exit', stopNow);
      stopNow();
      if (server.exitCode === null) await exited;
    },
  };
}

export interface PgClient {
  connect(): Promise<void>;
  query(sql: string, values?: unknown[]): Promise<{ rows: Record<string, any>[] }>;
  /** A COPY stream (pg-copy-streams). */
  query<T extends NodeJS.WritableStream>(stream: T): T;
  end(): Promise<void>;
}
/** The `pg` module the ORM's PostgreSQL driver uses, loaded from that driver so both share one copy. */
export const pg = createRequire(createRequire(import.meta.url).resolve('@mikro-orm/postgresql'))('pg') as {
  Client: (new (config: { connectionString: string }) => PgClient) & { prototype: Record<string, (...args: unknown[]) => unknown> };
};

/** Runs `work` on a connection of its own, closed after. */
export async function withClient<T>(url: string, work: (client: PgClient) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Runs statements one by one on their own connection (CREATE DATABASE cannot run in a transaction). */
export function runStatements(url: string, statements: string[]): Promise<Record<string, unknown>[]> {
  return withClient(url, async (client) => {
    let rows: Record<string, unknown>[] = [];
    for (const statement of statements) rows = (await client.query(statement)).rows;
    return rows;
  });
}

/** `url` with its database replaced by `database`. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
