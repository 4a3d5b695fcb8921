import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';
import { postgresBinaries } from './bench/postgres-cluster.js';

const require = createRequire(import.meta.url);

/**
 * The integration tests that also run against PostgreSQL (a second project): everything that goes
 * through the GraphQL API on a test hub. Tests of the SQLite file itself (backup, crash, several
 * processes, WAL) and the browser tests run on SQLite only.
 */
export const POSTGRESQL_TESTS = [
  'test/finance-seeds.test.ts',
  'test/lean-reads.test.ts',
  'test/write-storages.test.ts',
  'test/report-statements.test.ts',
  'test/report-rows.test.ts',
  'test/lean-offences.test.ts',
  'test/operation-pool.test.ts',
  'test/finance-writes.test.ts',
  'test/finance-history.test.ts',
  'test/finance-partial-updates.test.ts',
  'test/finance-versions.test.ts',
  'test/finance-sheets.test.ts',
  'test/medium-term-plan.test.ts',
  'test/cohort-seeds.test.ts',
  'test/cohort-writes.test.ts',
  'test/cohort-cycle.test.ts',
  'test/long-answers.test.ts',
  'test/plain-lists.test.ts',
  'test/plain-text.test.ts',
  'test/plain-page.test.ts',
  'test/read-audit-commit.test.ts',
  'test/cohort-page-statement.test.ts',
  'test/plain-parts.test.ts',
  'test/performance-measures.test.ts',
  'test/cost-of-crime-statement.test.ts',
  'test/reoffending-rates-statement.test.ts',
  'test/disclosure-board.test.ts',
  'test/access-idor.test.ts',
  'test/access-audit.test.ts',
  'test/access-audit-attack.test.ts',
  'test/http.test.ts',
  'test/graphql-post.test.ts',
  'test/reliability-conflicts.test.ts',
  'test/import-roundtrip.test.ts',
  'test/import-errors.test.ts',
  'test/import-batches.test.ts',
  'test/postgresql.test.ts',
  'test/postgresql-replicas.test.ts',
  'test/bench-postgresql.test.ts',
  'test/postgresql-measures.test.ts',
  'test/snapshot-parts.test.ts',
  'test/member-periods.test.ts',
  'test/offence-indexes.test.ts',
];
/** Tests of PostgreSQL itself: the postgresql project only. */
const POSTGRESQL_ONLY = ['test/postgresql.test.ts', 'test/report-rows.test.ts', 'test/postgresql-replicas.test.ts', 'test/bench-postgresql.test.ts', 'test/postgresql-measures.test.ts', 'test/member-periods.test.ts'];

/** PostgreSQL: a server given by IOM_HUB_TEST_DATABASE_URL, or the installed binaries for a throwaway cluster. */
const postgresAvailable = Boolean(process.env.IOM_HUB_TEST_DATABASE_URL || postgresBinaries());
if (!postgresAvailable) {
  const message = 'PostgreSQL is not installed (apt-get install postgresql) and IOM_HUB_TEST_DATABASE_URL is not set: the PostgreSQL tests cannot run.';
  if (process.env.CI) throw new Error(message);
  console.warn(`\n!!! ${message} Running on SQLite only. !!!\n`);
}

export default defineConfig({
  resolve: {
    // type-graphql loads graphql's CommonJS build; tests must use the same copy, or graphql sees
    // two realms ("Cannot use GraphQLObjectType from another module or realm").
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    pool: 'forks',
    // Two test files at once: most of the suite waits on child processes, HTTP and the database.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'sqlite', include: ['server/**/*.test.ts', 'addin/**/*.test.ts', 'test/**/*.test.ts'], exclude: POSTGRESQL_ONLY } },
      ...(postgresAvailable
        ? [{ extends: true as const, test: { name: 'postgresql', include: POSTGRESQL_TESTS, globalSetup: ['test/support/postgres-setup.ts'] } }]
        : []),
    ],
  },
});
