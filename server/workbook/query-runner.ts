/**
 * Where the command line's queries go: the add-in's HubClient interface, with two implementations.
 * Local: the hub's own schema, access rules and error formatting, in-process on the SQLite file,
 * as the hub itself (the system caller), or with another role's rules (a board's counts).
 * Remote: POST /graphql on a running hub with a bearer token.
 */
import { existsSync } from 'node:fs';
import type { MikroORM } from '@mikro-orm/core';
import { clientOf, createHubClient, HubError, type GraphQLResponse, type HubClient } from '../../addin/hub-client.js';
import { createHub } from '../app.js';
import { createContext } from '../context.js';
import { systemCaller } from '../access/caller.js';
import { roleName, type Role } from '../access/role.js';
import { openDatabase } from '../database/database.js';
import { parseDatabaseUrl } from '../database/database-url.js';

export interface QueryRunner {
  client: HubClient;
  /** Where the answers come from, for messages and the workbook's `hub` field. */
  describe: string;
  /** The hub's address when remote (stored in an exported workbook's bindings). */
  url?: string;
  close(): Promise<void>;
}

/** Runs operations through the hub's Apollo server in-process, acting as the hub itself, or as `role` sees every partnership. */
export async function localRunner(orm: MikroORM, operation: string, role?: Role): Promise<QueryRunner> {
  const hub = await createHub({ orm });
  const caller = systemCaller(operation, role);
  const client = clientOf(async <T>(query: string, variables: Record<string, unknown> = {}) => {
    const response = await hub.apollo.executeOperation({ query, variables }, { contextValue: createContext(orm.em, caller) });
    if (response.body.kind !== 'single') throw new HubError('http', 'The hub answered with an incremental result, which the command line does not read.');
    const body = response.body.singleResult as GraphQLResponse<T>;
    if (body.data == null) {
      const errors = (body.errors ?? []) as GraphQLResponse['errors'] & object;
      throw new HubError('graphql', errors.map((e) => e.message).join('\n') || 'The hub answered with no data.', errors);
    }
    return body;
  });
  return { client, describe: role ? `the local database, as a ${roleName(role)} token sees it` : 'the local database', close: () => hub.stop() };
}

export interface RunnerOptions {
  url?: string;
  token?: string;
  /** `sqlite:<path>` or `postgres://…`; default DATABASE_URL, else the hub's default file. */
  databaseUrl?: string;
  operation: string;
  /** Read the local database with this role's rules (`--as board`), not as the hub itself. */
  role?: Role;
}

/** `--url` + `--token`: a running hub; otherwise the local database file (which must exist). */
export async function openRunner({ url, token, databaseUrl, operation, role }: RunnerOptions): Promise<QueryRunner> {
  if (url) {
    if (!token) throw new Error('--url needs --token <token> (create one with `npx iom-hub token create`).');
    return { client: createHubClient({ url, token }), describe: url, url, close: async () => {} };
  }
  if (token) throw new Error('--token is only used with --url <hub>; without --url the local database is read directly.');
  const location = parseDatabaseUrl(databaseUrl || undefined);
  if (location.engine === 'sqlite' && location.file !== ':memory:' && !existsSync(location.file)) {
    throw new Error(`There is no hub database at ${location.file}. Start the hub once (npm start), give --database sqlite:<path>, or use --url and --token.`);
  }
  const orm = await openDatabase({ databaseUrl });
  const runner = await localRunner(orm, operation, role);
  return { ...runner, close: async () => (await runner.close(), await orm.close()) };
}
