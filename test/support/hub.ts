import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MikroORM } from '@mikro-orm/core';
import type { FormattedExecutionResult } from 'graphql';
import { inject } from 'vitest';
import { openDatabase } from '../../server/database/database.js';
import { loadDemoData } from '../../server/demo/load-demo.js';
import { createHub, type Hub, type HubOptions } from '../../server/app.js';
import { asSystem, systemCaller, type Caller } from '../../server/access/caller.js';
import { authenticate, issueToken } from '../../server/access/token.service.js';
import type { Role } from '../../server/access/role.js';
import { runStatements, withDatabase } from '../../bench/postgres-cluster.js';
import { TEMPLATES } from './postgres-setup.js';
import { loadOffenceClassification } from '../../server/reference/offence-classification.service.js';

export interface TestHub {
  orm: MikroORM;
  hub: Hub;
  /** The SQLite file, or on PostgreSQL the test hub's database URL. */
  file: string;
  /** The test hub's DATABASE_URL (`sqlite:<file>` or `postgres://…`), for commands run as processes. */
  databaseUrl: string;
  /** An admin token, for requests over HTTP. */
  adminToken: string;
  /**
   * Runs an operation through Apollo, in-process, against the real database, as `caller`
   * (default: the hub itself, which sees every partnership like an admin).
   */
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, caller?: Caller): Promise<FormattedExecutionResult<T>>;
  /** Issues a real token; `caller` is what it authenticates as, for `gql`. */
  token(role: Role, partnerships?: string[], expires?: string): Promise<{ token: string; id: number; caller: Caller }>;
  close(): Promise<void>;
}

/** The PostgreSQL server of this test run, when it runs on PostgreSQL (the postgresql vitest project). */
export function testPostgresUrl(): string | undefined {
  try {
    return inject('postgresUrl');
  } catch {
    return undefined; // outside vitest (the benchmark scripts): SQLite
  }
}

let databases = 0;
/**
 * A fresh database for one test hub, migrated, with the demo data unless asked not to: a SQLite file
 * in a temporary folder, or on PostgreSQL a copy of the run's template database.
 */
async function freshDatabase(demo: boolean): Promise<{ orm: MikroORM; file: string; drop(): Promise<void> }> {
  const server = testPostgresUrl();
  if (server) {
    const name = `iom_hub_test_${process.pid}_${++databases}`;
    await runStatements(server, [`create database ${name} template ${demo ? TEMPLATES.demo : TEMPLATES.empty}`]);
    const url = withDatabase(server, name);
    return { orm: await openDatabase({ databaseUrl: url }), file: url, drop: () => runStatements(server, [`drop database if exists ${name} with (force)`]).then(() => {}) };
  }
  const dir = mkdtempSync(join(tmpdir(), 'iom-hub-test-'));
  const file = join(dir, 'hub.sqlite');
  const orm = await openDatabase({ databaseUrl: `sqlite:${file}` });
  if (demo) await loadDemoData(asSystem(orm.em, 'demo data'));
  return { orm, file, drop: async () => rmSync(dir, { recursive: true, force: true }) };
}

/** A hub on a fresh database (SQLite file, or PostgreSQL in the postgresql project), migrated, with the demo data unless asked not to. */
export async function startTestHub({
  demo = true,
  logError = process.env.IOM_HUB_TEST_LOG_ERRORS ? (error: unknown) => console.error(error) : () => {},
  access,
}: { demo?: boolean; logError?: (error: unknown) => void; access?: HubOptions['access'] } = {}): Promise<TestHub> {
  const { orm, file, drop } = await freshDatabase(demo);
  // As npm start does on every start, demo data or not.
  await loadOffenceClassification(asSystem(orm.em, 'reference data'));
  const hub = await createHub({ orm, logError, access });
  const token: TestHub['token'] = async (role, partnerships = [], expires) => {
    const issued = await issueToken(asSystem(orm.em, 'test'), { role, partnerships, expires });
    return { token: issued.token, id: issued.record.id, caller: (await authenticate(orm.em, issued.token)) as Caller };
  };
  const admin = await token('ADMIN');
  return {
    orm,
    hub,
    file,
    databaseUrl: file.startsWith('postgres') ? file : `sqlite:${file}`,
    adminToken: admin.token,
    token,
    async gql(query, variables, caller = systemCaller('test')) {
      const response = await hub.apollo.executeOperation({ query, variables }, { contextValue: hub.contextFor({ ...caller }) });
      if (response.body.kind !== 'single') throw new Error('expected a single result');
      return response.body.singleResult as FormattedExecutionResult<any>;
    },
    async close() {
      await hub.stop();
      await orm.close();
      await drop();
    },
  };
}

/** The data of a result that must have no errors. */
export function dataOf<T>(result: FormattedExecutionResult<T>): T {
  if (result.errors?.length) throw new Error(`unexpected errors: ${JSON.stringify(result.errors)}`);
  return result.data as T;
}

/** The single error of a result that must fail. */
export function errorOf(result: FormattedExecutionResult<unknown>): { message: string; code: unknown; extensions: Record<string, unknown> } {
  if (!result.errors?.length) throw new Error(`expected an error, got ${JSON.stringify(result.data)}`);
  const [error] = result.errors;
  return { message: error.message, code: error.extensions?.code, extensions: error.extensions ?? {} };
}
