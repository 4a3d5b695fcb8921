import type { FormattedExecutionResult } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callerFor, systemCaller, type Caller } from '../server/access/caller.js';
import { Role } from '../server/access/role.js';
import { createHub, type Hub } from '../server/app.js';
import { startTestHub, type TestHub } from './support/hub.js';

/**
 * The long reports answered on a worker thread (server/workers/operation-pool.ts) must equal the
 * answers the hub gives on its own thread, field for field, for every caller, with the same audit of
 * nominal reads; errors read as before (such operations run on the hub's thread); the workers stop
 * with the hub.
 */
let t: TestHub;
let pooled: Hub;
beforeAll(async () => {
  t = await startTestHub();
  pooled = await createHub({ orm: t.orm, logError: () => {}, operationWorkers: { databaseUrl: t.databaseUrl, count: 1 } });
  await pooled.pool!.whenReady();
}, 60_000);
afterAll(async () => {
  await pooled?.stop();
  await t?.close();
});

const QUERIES: [string, string][] = [
  ['cohort snapshot', '{ cohortSnapshot(partnership: "barnet", date: "2014-10-31", groupBy: STATUTORY_STATUS) { total added removed reoffended groups { group total red amber green added removed reoffended } } }'],
  ['priority crime rate', '{ priorityCrimeRate(partnership: "norfolk-suffolk", from: "2013-09", to: "2014-08") { month preRate liveRate percentChange preMembers liveMembers source reference } }'],
  ['cost of crime', '{ costOfCrime(partnership: "barnet", asOf: "2014-10-31") { group members before during after duringPerMember duringPerMemberYear source offencesWithoutUnitCost } }'],
  ['reoffending rates', '{ reoffendingRates(from: "2013-10-31", to: "2014-10-31", groupBy: GENDER) { rows { group members reoffenders binaryRate frequencyPer100 } } }'],
  ['cohort page', `{ cohort(partnership: "thurrock", filter: { activeOn: "2012-09-30" }, first: 30) { totalCount hasNextPage
      nodes { id startDate nominal { id reference gender ageBand } latestReview(asOf: "2012-09-30") { reviewDate status }
        offencesInLast12Months(asOf: "2012-09-30") { offenceDate outcome category { code banding } } } } }`],
  ['medium-term plan', '{ mediumTermPlan(partnership: "norfolk-suffolk", from: "2014/15", years: 4) { years { cost gap contributions { agency contribution } } } }'],
];

async function ask(hub: Hub, query: string, caller: Caller): Promise<FormattedExecutionResult> {
  const response = await hub.apollo.executeOperation({ query }, { contextValue: hub.contextFor({ ...caller }) });
  if (response.body.kind !== 'single') throw new Error('expected a single result');
  return response.body.singleResult;
}

/** The audit entry the last request left for nominal reads, and its nominals. */
async function lastAuditedReads(): Promise<unknown[]> {
  const connection = t.orm.em.getConnection();
  const [{ id }] = await connection.execute<{ id: number | null }[]>('SELECT MAX(entry_id) AS id FROM audit_nominal_read');
  if (id === null) return [];
  return connection.execute(`SELECT entry_id, nominal_id, identity_shown FROM audit_nominal_read WHERE entry_id = ${Number(id)} ORDER BY nominal_id`);
}

describe('long reports on a worker thread', () => {
  it('answers each measure, the cohort page and the medium-term plan exactly as the hub\'s own thread does, for each caller, with the same audit', async () => {
    const { partnerships } = (await ask(t.hub, '{ partnerships { id code } }', systemCaller('test'))).data as { partnerships: { id: string; code: string }[] };
    const id = (code: string) => Number(partnerships.find((p) => p.code === code)!.id);
    const callers: [string, Caller][] = [
      ['the hub', systemCaller('test')],
      ['a board', callerFor(null, Role.BOARD, 'ALL')],
      ['a case manager of thurrock and barnet', callerFor(7, Role.CASE_MANAGER, [id('thurrock'), id('barnet')])],
      ['an analyst of another partnership', callerFor(8, Role.ANALYST, [id('west-midlands')])],
    ];
    const handedBefore = pooled.pool!.counts.handed;
    let withData = 0;
    let audited = 0;
    let refused = 0;
    for (const [name, query] of QUERIES)
      for (const [who, caller] of callers) {
        const before = await lastAuditedReads();
        const own = await ask(t.hub, query, caller);
        const ownReads = await lastAuditedReads();
        const worker = await ask(pooled, query, caller);
        const workerReads = await lastAuditedReads();
        expect(worker, `${name}, ${who}`).toEqual(own);
        if (!own.errors) withData++;
        else refused++;
        // Both left an audit entry of the same nominals, or neither did.
        const nominals = (rows: unknown[]) => rows.map(({ entry_id: _, ...rest }: any) => rest);
        if (ownReads !== before && JSON.stringify(ownReads) !== JSON.stringify(before)) {
          audited++;
          expect(nominals(workerReads), `audit of ${name}, ${who}`).toEqual(nominals(ownReads));
          expect((workerReads[0] as any).entry_id).not.toEqual((ownReads[0] as any).entry_id);
        } else expect(workerReads, `no audit of ${name}, ${who}`).toEqual(ownReads);
      }
    // The comparison reached answers with data, nominal-level ones among them, and the worker answered them.
    expect(withData).toBeGreaterThan(QUERIES.length * 2);
    expect(audited).toBeGreaterThan(0);
    // And callers the policy refuses or scopes out (refused on the worker, answered by the hub's thread: the same errors).
    expect(refused).toBeGreaterThan(3);
    expect(pooled.pool!.counts.handed - handedBefore).toBe(withData);
  }, 120_000);

  it('runs an operation with errors on the hub\'s thread, so its errors read as before, and leaves others there', async () => {
    const inProcess = pooled.pool!.counts.inProcess;
    const handed = pooled.pool!.counts.handed;
    for (const query of ['{ cohortSnapshot(partnership: "nowhere", date: "2020-03-31") { total } }', '{ cohortSnapshot(partnership: "barnet", date: "2014-02-30") { total } }']) {
      const worker = await ask(pooled, query, systemCaller('test'));
      expect(worker.errors?.length).toBeGreaterThan(0);
      expect(worker).toEqual(await ask(t.hub, query, systemCaller('test')));
    }
    expect(pooled.pool!.counts.inProcess - inProcess).toBe(2);
    // A finance report and an operation mixing a measure with another field are not handed over.
    await ask(pooled, '{ partnerships { code } }', systemCaller('test'));
    await ask(pooled, '{ partnerships { code } cohortSnapshot(partnership: "barnet", date: "2014-10-31") { total } }', systemCaller('test'));
    expect(pooled.pool!.counts.handed).toBe(handed);
  });

  it('stops its workers with the hub, and answers on the hub\'s thread without them', async () => {
    const hub = await createHub({ orm: t.orm, logError: () => {}, operationWorkers: { databaseUrl: t.databaseUrl, count: 1 } });
    // Asked before the workers are ready: answered on the hub's thread.
    const early = await ask(hub, QUERIES[0][1], systemCaller('test'));
    expect(early).toEqual(await ask(t.hub, QUERIES[0][1], systemCaller('test')));
    await hub.pool!.whenReady();
    expect(hub.pool!.ready).toBe(1);
    await hub.stop();
    expect(hub.pool!.ready).toBe(0);
  }, 60_000);
});
