import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { MikroORM } from '@mikro-orm/core';
import { openDatabase } from '../server/database/database.js';
import { REPLICA_CONNECT_TIMEOUT_MS, REPLICA_RETRY_MS } from '../server/database/replicas.js';
import { snapshotPartsTest } from '../server/db/snapshot-parts.js';
import { loadDemoData } from '../server/demo/load-demo.js';
import { createHub, type Hub } from '../server/app.js';
import { createContext } from '../server/context.js';
import { asSystem, systemCaller } from '../server/access/caller.js';
import { issueToken } from '../server/access/token.service.js';
import { loadReportLibrary } from '../server/reports/report-library.js';
import { dataOf } from './support/hub.js';
import { postgresBinaries, runStatements, startPostgresCluster, type PostgresCluster } from '../bench/postgres-cluster.js';

/**
 * PostgreSQL only (the postgresql vitest project): a dedicated primary and a streaming replica
 * made from it with pg_basebackup -R, each on its own port in a temporary folder, and a hub that
 * reads its reports from the replica (IOM_HUB_DB_READ_REPLICAS). It needs the installed binaries
 * even when the other PostgreSQL tests use IOM_HUB_TEST_DATABASE_URL: skipped without them, except
 * with CI set, where it fails.
 */
describe.skipIf(!postgresBinaries() && !process.env.CI)('reports on a read replica', () => {
  let primary: PostgresCluster;
  let standby: PostgresCluster | null = null;
  let orm: MikroORM;
  let hub: Hub;
  let port: number;
  let token: string;
  /** Every SQL statement the hub runs while `statements` is being recorded, with the connection it ran on. */
  let statements: { connection: string; sql: string }[] | null = null;

  const gql = async (query: string, variables?: Record<string, unknown>, on = { hub, orm }) => {
    const response = await on.hub.apollo.executeOperation({ query, variables }, { contextValue: createContext(on.orm.em, systemCaller('test')) });
    if (response.body.kind !== 'single') throw new Error('expected a single result');
    return response.body.singleResult as { data?: Record<string, any>; errors?: { message: string; extensions?: Record<string, unknown> }[] };
  };
  /** `statements` gets the statements `on` runs while it is being recorded. */
  const recordStatements = (on: MikroORM) => {
    const logger = on.config.getLogger() as unknown as { log(namespace: string, message: string, context?: { connection?: { name: string }; query?: string }): void };
    on.config.set('debug', ['query']);
    logger.log = (_namespace, _message, context) => {
      if (statements && context?.query) statements.push({ connection: String(context.connection?.name), sql: context.query });
    };
  };
  const record = async <T>(work: () => Promise<T>) => {
    statements = [];
    try {
      await work();
      return statements;
    } finally {
      statements = null;
    }
  };
  const replayedUpTo = async (lsn: string) =>
    (await runStatements(standby!.urlOf('iom_hub'), [`select pg_last_wal_replay_lsn() >= '${lsn}'::pg_lsn as done`]))[0].done === true;
  const waitForReplay = async () => {
    const [{ lsn }] = await runStatements(primary.urlOf('iom_hub'), ['select pg_current_wal_insert_lsn()::text as lsn']);
    for (let i = 0; !(await replayedUpTo(String(lsn))); i++) {
      if (i > 200) throw new Error('the replica did not catch up within 20 s');
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  beforeAll(async () => {
    primary = await startPostgresCluster();
    await runStatements(primary.url, ['create database iom_hub']);
    const setup = await openDatabase({ databaseUrl: primary.urlOf('iom_hub') });
    try {
      await loadDemoData(asSystem(setup.em, 'demo data'));
      token = (await issueToken(asSystem(setup.em, 'test'), { role: 'ADMIN', partnerships: [] })).token;
    } finally {
      await setup.close();
    }
    standby = await startPostgresCluster(undefined, { standbyOf: primary.url });
    orm = await openDatabase({ databaseUrl: primary.urlOf('iom_hub'), readReplicas: [standby.urlOf('iom_hub')] });
    recordStatements(orm);
    hub = await createHub({ orm, logError: () => {} });
    port = await hub.listen(0, '127.0.0.1');
    await waitForReplay();
  }, 120_000);

  afterAll(async () => {
    await hub?.stop();
    await orm?.close();
    await standby?.stop();
    await primary?.stop();
  });

  const ESTABLISHMENT = `query { establishment(partnership: "barnet", financialYear: "2015/16") { totalBudget lines { id grade budget } } }`;
  const ADD = `mutation ($line: EstablishmentLineInput!) { addEstablishmentLine(partnership: "barnet", financialYear: "2015/16", line: $line) { id version grade budget employingAgency { code } } }`;
  const UPDATE = `mutation ($id: ID!, $v: Int!, $line: EstablishmentLineInput!) { updateEstablishmentLine(id: $id, expectedVersion: $v, line: $line) { version budget } }`;

  /** What appending a read to the audit log runs, in its own transaction on the primary: the chain's lock and head, the entry and its nominals. */
  const AUDIT_APPEND = /^\s*(begin|commit)\b|pg_advisory_xact_lock|^\s*select "?id"?, "?hash"? from "?audit_entry"?|^\s*(with entry as \(\s*)?insert into "?audit_(entry|read_block)"?\b/i;

  it('runs every statement of every saved report and of a cohort page on the replica, and only the audit log entry a report writes on the primary', async () => {
    const COHORT = { name: 'cohort page', query: `{ cohort(partnership: "thurrock", first: 5) { totalCount nodes { startDate nominal { reference } } } }`, variables: '{}' };
    let auditEntries = 0;
    for (const report of [...loadReportLibrary(), COHORT]) {
      const ran = await record(async () => dataOf(await gql(report.query, JSON.parse(report.variables))));
      expect(ran.length, report.name).toBeGreaterThan(0);
      for (const statement of ran) {
        const write = AUDIT_APPEND.test(statement.sql);
        if (/^\s*(with entry as \(\s*)?insert into "?audit_entry"?\b/i.test(statement.sql)) auditEntries++;
        if (write) expect(statement.connection).not.toBe('replica-1');
        else expect({ report: report.name, sql: statement.sql, connection: statement.connection }).toEqual({ report: report.name, sql: statement.sql, connection: 'replica-1' });
      }
    }
    expect(auditEntries).toBeGreaterThan(0);
  });

  it("gives a replica's sessions the settings the primary's take (no JIT, 32 MB for each sort)", async () => {
    const driver = orm.em.getDriver() as unknown as { replicas: { options: { name: string }; execute(sql: string): Promise<Record<string, string>[]> }[] };
    const [replica] = driver.replicas;
    expect(replica.options.name).toBe('replica-1');
    const [settings] = await replica.execute(`select current_setting('jit') as jit, current_setting('work_mem') as work_mem, pg_is_in_recovery()::text as standby`);
    expect(settings).toEqual({ jit: 'off', work_mem: '32MB', standby: 'true' });
  });

  it('runs a mutation, its transaction and its response on the primary', async () => {
    const ran = await record(async () => dataOf(await gql(ADD, { line: { grade: 'Analyst', fte: 1, budget: 30_000, employingAgency: 'met-police' } })));
    expect(ran.length).toBeGreaterThan(0);
    expect(ran.filter((s) => s.connection === 'replica-1')).toEqual([]);
  });

  it('shows a mutation its own write at once, while a report shows the replica, behind by the replication lag, until replay catches up', async () => {
    await waitForReplay();
    const before = dataOf(await gql(ESTABLISHMENT)).establishment;
    await runStatements(standby!.urlOf('iom_hub'), ['select pg_wal_replay_pause()']);
    let added: { id: string; version: number; budget: number };
    try {
      // Writes still work while the replica is behind, and each mutation's response is the primary's.
      added = dataOf(await gql(ADD, { line: { grade: 'Probation officer', fte: 1, budget: 40_000, employingAgency: 'met-police' } })).addEstablishmentLine;
      expect(added).toMatchObject({ version: 1, grade: 'Probation officer', budget: 40_000, employingAgency: { code: 'met-police' } });
      const updated = dataOf(await gql(UPDATE, { id: added.id, v: 1, line: { grade: 'Probation officer', fte: 1, budget: 41_000 } })).updateEstablishmentLine;
      expect(updated).toEqual({ version: 2, budget: 41_000 });

      // The report reads the paused replica: the old establishment, without the new line.
      const stale = dataOf(await gql(ESTABLISHMENT)).establishment;
      expect(stale).toEqual(before);
      expect(stale.lines.map((l: { id: string }) => l.id)).not.toContain(added.id);

      // The same over HTTP with a token (checked on the primary: the token was never on the replica's stale copy).
      const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: ESTABLISHMENT }),
      });
      expect(response.status).toBe(200);
      expect(((await response.json()) as { data: { establishment: unknown } }).data.establishment).toEqual(before);
    } finally {
      await runStatements(standby!.urlOf('iom_hub'), ['select pg_wal_replay_resume()']);
    }
    await waitForReplay();
    const caughtUp = dataOf(await gql(ESTABLISHMENT)).establishment;
    expect(caughtUp.lines).toContainEqual({ id: added.id, grade: 'Probation officer', budget: 41_000 });
    expect(caughtUp.totalBudget).toBe(before.totalBudget + 41_000);
  });

  describe('a measure read in parts (cost of crime, a named partnership\'s reoffending rates) whose replica fails during the parts', () => {
    /** A hub reading the standby through a TCP proxy the test can make refuse connections. */
    let proxy: Awaited<ReturnType<typeof tcpProxy>>;
    let viaProxy: MikroORM;
    let proxyHub: Hub;
    const on = () => ({ hub: proxyHub, orm: viaProxy });
    const replicaPool = () =>
      (viaProxy.em.getDriver() as unknown as { replicas: { getKnex(): { client: ProxyClient } }[] }).replicas[0].getKnex().client;
    const primaryPool = () => (viaProxy.em.getConnection('write') as unknown as { getKnex(): { client: ProxyClient } }).getKnex().client;
    const idleInTransaction = async (url: string) =>
      (await runStatements(url, ["select count(*)::int as n from pg_stat_activity where state like 'idle in transaction%' and pid <> pg_backend_pid()"]))[0].n;

    /** How far the hub's clock is put forward: past REPLICA_RETRY_MS, a replica set aside is tried again. */
    let later = 0;

    beforeAll(async () => {
      const now = Date.now.bind(Date);
      vi.spyOn(Date, 'now').mockImplementation(() => now() + later);
      await waitForReplay();
      proxy = await tcpProxy(Number(new URL(standby!.url).port));
      viaProxy = await openDatabase({ databaseUrl: primary.urlOf('iom_hub'), migrate: false, readReplicas: [`postgres://postgres@127.0.0.1:${proxy.port}/iom_hub`] });
      recordStatements(viaProxy);
      proxyHub = await createHub({ orm: viaProxy, logError: () => {} });
    });
    afterEach(() => {
      snapshotPartsTest.betweenParts = null;
    });
    afterAll(async () => {
      vi.restoreAllMocks();
      await proxyHub?.stop();
      await viaProxy?.close(true);
      await proxy?.close();
    });

    const MEASURES = {
      'cost of crime': '{ costOfCrime(partnership: "thurrock", asOf: "2014-10-31") { group members before during after source } }',
      "a named partnership's reoffending rates": '{ reoffendingRates(partnerships: ["thurrock"], from: "2013-09-30", to: "2014-09-30") { rows { group members reoffenders offences binaryRate } } }',
    };
    const FAILURES = {
      /** Once the first part has exported its snapshot, the replica takes no new connection: the second part's own one is refused (the test holds every idle one, so it must open one); the first part's stays open, inside its transaction. */
      'refuses connections': async () => {
        const client = replicaPool();
        const taken: unknown[] = [];
        snapshotPartsTest.betweenParts = async () => {
          while (client.pool.numFree() > 0) taken.push(await client.acquireConnection());
          proxy.refuse();
        };
        return async () => {
          await Promise.all(taken.map((connection) => client.releaseConnection(connection)));
          await proxy.accept();
        };
      },
      /** Once the first part has exported its snapshot, the replica's server ends the hub's sessions on it (pg_terminate_backend), the first part's inside its transaction. */
      'ends its connections mid-part': async () => {
        snapshotPartsTest.betweenParts = async () => {
          await runStatements(standby!.urlOf('iom_hub'), [`select pg_terminate_backend(pid) from pg_stat_activity where client_port in (${proxy.clientPorts().join(', ')})`]);
        };
        return async () => {};
      },
    };

    for (const [failure, makeFail] of Object.entries(FAILURES)) {
      for (const [measure, query] of Object.entries(MEASURES)) {
        it(`${measure}, its replica ${failure}: fails as any report on a replica that fails, the replica set aside for the next report, no connection held or left in a transaction; the same answer as the primary's after`, async () => {
          let parted = 0;
          const restore = await makeFail();
          const betweenParts = snapshotPartsTest.betweenParts!;
          snapshotPartsTest.betweenParts = async () => {
            parted++;
            snapshotPartsTest.betweenParts = null;
            await betweenParts();
          };
          const failed = await gql(query, undefined, on());
          await restore();
          expect(parted).toBe(1);
          expect(failed.errors).toEqual([expect.objectContaining({ extensions: { code: 'DATABASE_UNAVAILABLE' } })]);
          expect(failed.errors![0].message).toBe('The read replica replica-1 could not be reached; reports read from the primary or another replica for the next 30 s. Run the report again.');

          // Every connection went back to its pool, none inside a transaction.
          for (const pool of [replicaPool().pool, primaryPool().pool]) expect({ used: pool.numUsed(), waiting: pool.numPendingAcquires() }).toEqual({ used: 0, waiting: 0 });
          expect(await idleInTransaction(standby!.urlOf('iom_hub'))).toBe(0);
          expect(await idleInTransaction(primary.urlOf('iom_hub'))).toBe(0);

          // The next report reads the primary, every statement there.
          let fromPrimary: Record<string, unknown[] | { rows: unknown[] }> = {};
          const aside = await record(async () => (fromPrimary = dataOf(await gql(query, undefined, on()))));
          const [answer] = Object.values(fromPrimary);
          expect((Array.isArray(answer) ? answer : answer.rows).length).toBeGreaterThan(0);
          expect(aside.filter((s) => s.connection === 'replica-1')).toEqual([]);
          expect(aside.length).toBeGreaterThan(0);

          // Once the replica is tried again, the report reads it, and answers as the primary did.
          later += REPLICA_RETRY_MS;
          let fromReplica: unknown;
          const back = await record(async () => (fromReplica = dataOf(await gql(query, undefined, on()))));
          expect(back.filter((s) => s.connection === 'replica-1').length).toBeGreaterThan(0);
          expect(fromReplica).toEqual(fromPrimary);
          for (const pool of [replicaPool().pool, primaryPool().pool]) expect(pool.numUsed()).toBe(0);
        });
      }
    }
  });

  it('fails a report with a clear error, not a hang, when the replica is down, then reads the primary; writes go on', async () => {
    await standby!.stop();
    standby = null;
    const started = Date.now();
    const failed = await gql(ESTABLISHMENT);
    const tookMs = Date.now() - started;
    console.log(`a report with the replica down failed after ${tookMs} ms: ${JSON.stringify(failed.errors)}`);
    expect(failed.errors).toEqual([expect.objectContaining({ extensions: { code: 'DATABASE_UNAVAILABLE' } })]);
    expect(failed.errors![0].message).toMatch(/^The read replica replica-1 could not be reached; reports read from the primary or another replica for the next 30 s\. Run the report again\.$/);

    const added = dataOf(await gql(ADD, { line: { grade: 'Analyst', fte: 0.5, budget: 15_000 } })).addEstablishmentLine;
    expect(added.budget).toBe(15_000);
    // The next reports read from the primary: up to date, every statement there.
    const ran = await record(async () => {
      const lines = dataOf(await gql(ESTABLISHMENT)).establishment.lines;
      expect(lines).toContainEqual({ id: added.id, grade: 'Analyst', budget: 15_000 });
    });
    expect(ran.filter((s) => s.connection === 'replica-1')).toEqual([]);
  });

  it('fails a report within the connect timeout, not a hang, when a replica accepts connections but never answers', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => void sockets.push(socket));
    const silentPort = await new Promise<number>((done) => silent.listen(0, '127.0.0.1', () => done((silent.address() as { port: number }).port)));
    const other = await openDatabase({ databaseUrl: primary.urlOf('iom_hub'), migrate: false, readReplicas: [`postgres://postgres@127.0.0.1:${silentPort}/iom_hub`] });
    const otherHub = await createHub({ orm: other, logError: () => {} });
    try {
      const started = Date.now();
      const failed = await gql(ESTABLISHMENT, undefined, { hub: otherHub, orm: other });
      console.log(`a report with a silent replica failed after ${Date.now() - started} ms (connect timeout ${REPLICA_CONNECT_TIMEOUT_MS} ms)`);
      expect(failed.errors).toEqual([expect.objectContaining({ extensions: { code: 'DATABASE_UNAVAILABLE' } })]);
      expect(dataOf(await gql(ESTABLISHMENT, undefined, { hub: otherHub, orm: other })).establishment.lines.length).toBeGreaterThan(0);
    } finally {
      await otherHub.stop();
      await other.close(true);
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  });

  it('without replicas, reads the primary through a pool kept for short statements beside one for long ones: a short read does not wait behind long ones', async () => {
    const other = await openDatabase({ databaseUrl: primary.urlOf('iom_hub'), migrate: false });
    try {
      const driver = other.em.getDriver() as unknown as { replicas: { options: { name: string } }[] };
      expect(driver.replicas.map((r) => r.options.name)).toEqual(['primary-short-reads', 'primary-long-reads']);
      const read = (sql: string) => other.em.getConnection('read').execute(sql, [], 'get');
      const long = 'select pg_sleep(0.3) is null as slept';
      await read(long); // once: the hub now knows it is long
      const done: number[] = [];
      // More long reads than a pool has connections: on one pool the short read would queue behind them.
      const longs = Array.from({ length: 12 }, () => read(long).then(() => done.push(performance.now())));
      expect(await read("select count(*)::int as n from partnership where code = 'norfolk-suffolk'")).toEqual({ n: 1 });
      const shortAt = performance.now();
      await Promise.all(longs);
      expect(shortAt).toBeLessThan(Math.min(...done));
    } finally {
      await other.close();
    }
  });
});

/** A knex pool's client, as the tests above look into it. */
interface ProxyClient {
  pool: { numFree(): number; numUsed(): number; numPendingAcquires(): number };
  acquireConnection(): Promise<unknown>;
  releaseConnection(connection: unknown): Promise<unknown>;
}

/**
 * A TCP proxy on 127.0.0.1 to the local `port`: `refuse()` closes its port (a new connection is
 * refused; those open go on), `accept()` opens it again.
 */
async function tcpProxy(port: number) {
  const upstreams = new Set<Socket>();
  const serve = () =>
    createServer((client) => {
      const upstream = connect(port, '127.0.0.1');
      upstreams.add(upstream);
      const end = () => {
        upstreams.delete(upstream);
        client.destroy();
        upstream.destroy();
      };
      client.on('error', end).on('close', end);
      upstream.on('error', end).on('close', end);
      client.pipe(upstream).pipe(client);
    });
  const listen = (server: Server, at: number) => new Promise<number>((done) => server.listen(at, '127.0.0.1', () => done((server.address() as { port: number }).port)));
  let server = serve();
  const proxyPort = await listen(server, 0);
  return {
    port: proxyPort,
    /** The ports the server sees the proxy's connections come from (pg_stat_activity.client_port). */
    clientPorts: () => [...upstreams].map((socket) => socket.localPort).filter((at) => at !== undefined),
    refuse: () => void server.close(),
    accept: async () => {
      server = serve();
      await listen(server, proxyPort);
    },
    close: async () => {
      server.close();
      for (const socket of upstreams) socket.destroy();
    },
  };
}
