import { resolve } from 'node:path';

/** Where the hub's data is, from DATABASE_URL: read by the configuration, the database's opening and the replicas. */
export const DEFAULT_DATABASE_URL = 'sqlite:./data/iom-hub.sqlite';

export type DatabaseLocation =
  | {
      engine: 'sqlite';
      /** A file path, or `:memory:`. */
      file: string;
    }
  | {
      engine: 'postgresql';
      /** The connection URL, `postgres://user:password@host:port/database`. */
      url: string;
    };

/** Reads `DATABASE_URL`: `sqlite:<path>`, `sqlite::memory:` or `postgres://…`. */
export function parseDatabaseUrl(url: string = DEFAULT_DATABASE_URL): DatabaseLocation {
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length);
    if (!file) throw new Error('DATABASE_URL sqlite: needs a file path, e.g. sqlite:./data/iom-hub.sqlite, or sqlite::memory:');
    return { engine: 'sqlite', file: file === ':memory:' ? file : resolve(file) };
  }
  if (/^postgres(ql)?:\/\/[^/]+\/[^/?]+/.test(url)) return { engine: 'postgresql', url };
  if (/^postgres(ql)?:/.test(url)) throw new Error('DATABASE_URL postgres:// needs a host and a database, e.g. postgres://iom:secret@db.example:5432/iom_hub');
  throw new Error(`DATABASE_URL "${redactPassword(url)}" is not understood; use sqlite:<path>, sqlite::memory: or postgres://user:password@host:port/database.`);
}

/** The URL with its password replaced, for messages and logs. */
export function redactPassword(url: string): string {
  return url.replace(/^([a-z]+:\/\/[^:/@]+:)[^@]*@/i, '$1***@');
}

/** What the hub prints about where its data is. */
export function describeLocation(location: DatabaseLocation): string {
  return location.engine === 'sqlite' ? location.file : redactPassword(location.url);
}
