import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MikroORM } from '@mikro-orm/core';
import type { FormattedExecutionResult } from 'graphql';
import { openDatabase } from '../../server/db/database.js';
import { loadDemoData } from '../../server/demo/load-demo.js';
import { createHub, type Hub } from '../../server/app.js';
import { createContext } from '../../server/context.js';

export interface TestHub {
  orm: MikroORM;
  hub: Hub;
  file: string;
  /** Runs an operation through Apollo, in-process, against the real SQLite file. */
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>): Promise<FormattedExecutionResult<T>>;
  close(): Promise<void>;
}

/** A hub on a fresh SQLite file in a temporary folder, migrated, with the demo data unless asked not to. */
export async function startTestHub({ demo = true, logError = () => {} }: { demo?: boolean; logError?: (error: unknown) => void } = {}): Promise<TestHub> {
  const dir = mkdtempSync(join(tmpdir(), 'iom-hub-test-'));
  const file = join(dir, 'hub.sqlite');
  const orm = await openDatabase({ databaseUrl: `sqlite:${file}` });
  if (demo) await loadDemoData(orm.em.fork());
  const hub = await createHub({ orm, logError });
  return {
    orm,
    hub,
    file,
    async gql(query, variables) {
      const response = await hub.apollo.executeOperation({ query, variables }, { contextValue: createContext(orm.em) });
      if (response.body.kind !== 'single') throw new Error('expected a single result');
      return response.body.singleResult as FormattedExecutionResult<any>;
    },
    async close() {
      await hub.stop();
      await orm.close();
      rmSync(dir, { recursive: true, force: true });
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
