import { beforeAll, describe, expect, it } from 'vitest';
import { callerFor, systemCaller, type Caller } from '../server/access/caller.js';
import { Role } from '../server/access/role.js';
import type { Hub } from '../server/app.js';
import { engineOf } from '../server/db/dialect.js';
import { dataOf, type TestHub } from './support/hub.js';
import { ask as askOf, bothWays as bothWaysOf, plainAndGraphqlHubs } from './support/plain-answers.js';

/**
 * The flat referral list asked for its plain fields alone is answered without graphql-js
 * (server/access/plain-lists.ts). It must answer exactly as graphql-js does (the same JSON, key for
 * key, in the same order), for every caller, and leave the same audit of nominal reads; anything it
 * does not answer plainly is graphql-js's, errors included.
 */
let t: TestHub;
/** A hub on the same database with the plain answers off: graphql-js answers every query. */
let old: Hub;
const hubs = plainAndGraphqlHubs();
beforeAll(() => ({ t, old } = hubs));

const BENCH = 'id referralDate matrixScore orgsScore panelDate decision agency indexOffenceCode';
const ask = (hub: Hub, query: string, variables: Record<string, unknown> | undefined, caller: Caller) => askOf(t, hub, query, variables, caller);
const bothWays = (query: string, variables: Record<string, unknown> | undefined, caller: Caller) => bothWaysOf(t, old, query, variables, caller);
const EVERY_PLAIN = 'id version updatedAt referralDate reference matrixScore orgsScore panelDate decision decisionNote agency indexOffenceCode';

describe('the flat referral list answered plainly', () => {
  it('gives the same JSON and the same audit of nominal reads as graphql-js, for every caller, field set, alias and filter', async () => {
    const { partnerships } = dataOf(await t.gql('{ partnerships { id code } }'));
    const [first, second] = partnerships as { id: string; code: string }[];
    // A referral with everything a plain field shows: reference, decision note, index offence, scores.
    const gql = async (query: string, variables?: Record<string, unknown>) => dataOf(await t.gql(query, variables));
    const { addNominal } = await gql('mutation ($x: NominalInput!) { addNominal(partnership: "' + first.code + '", input: $x) { id } }', {
      x: { reference: 'PLAIN-LIST-1', gender: 'FEMALE', ageBand: '18-24', ethnicity: 'White', statutoryStatus: 'CRC' },
    });
    const { referNominal } = await gql(`mutation ($n: ID!) { referNominal(nominal: $n, input: { agency: "met-police", referralDate: "2015-02-03", reference: "PL-1", orgsScore: 71, indexOffenceCode: "28" }) { id version } }`, { n: addNominal.id });
    await gql(`mutation ($r: ID!, $v: Int!) { decideReferral(id: $r, expectedVersion: $v, input: { decision: DECLINED, panelDate: "2015-03-01", note: "Not \\"now\\" — later" }) { id } }`, { r: referNominal.id, v: referNominal.version });

    const queries: [string, Record<string, unknown>?][] = [
      [`query ($p: String!) { referrals(partnership: $p) { ${BENCH} } }`],
      [`query ($p: String!) { referrals(partnership: $p) { ${EVERY_PLAIN} } }`],
      [`query ($p: String!) { list: referrals(partnership: $p) { __typename key: id when: referralDate agency decision } }`],
      [`query ($p: String!, $d: PanelDecision) { referrals(partnership: $p, decision: $d) { id decision decisionNote panelDate } }`, { d: 'DECLINED' }],
      [`query ($p: String!, $s: StatutoryStatus) { referrals(partnership: $p, statutoryStatus: $s) { indexOffenceCode id } }`, { s: 'CRC' }],
    ];
    let plainly = 0, rows = 0;
    for (const { id, code } of [first, second])
      for (const caller of [systemCaller('test'), callerFor(1, Role.CASE_MANAGER, [Number(id)]), callerFor(2, Role.CASE_MANAGER, [Number(first.id === id ? second.id : first.id)]), callerFor(3, Role.ANALYST, [Number(id)])])
        for (const [query, variables] of queries) {
          const both = await bothWays(query, { p: code, ...variables }, caller);
          const what = `${code} ${caller.role} ${query}`;
          expect(JSON.stringify(both.plain.answer), what).toBe(JSON.stringify(both.graphql.answer));
          if (both.plain.answer.errors) {
            expect(both.plainly, what).toBe(false);
            continue;
          }
          expect(both.plainly, what).toBe(true);
          expect(both.plain.audit, what).toEqual(both.graphql.audit);
          const list = Object.values(both.plain.answer.data!)[0] as unknown[];
          if (list.length) expect((both.plain.audit as { reads: unknown[] }).reads.length, what).toBeGreaterThan(0);
          plainly++;
          rows += list.length;
        }
    expect(plainly).toBeGreaterThan(20);
    expect(rows).toBeGreaterThan(0);
    // The referral written above is in the lists, every plain field shown.
    const { referrals } = dataOf(await t.gql(`query ($p: String!) { referrals(partnership: $p) { ${EVERY_PLAIN} } }`, { p: first.code }));
    expect(referrals.find((r: { id: string }) => r.id === String(referNominal.id))).toMatchObject({ reference: 'PL-1', orgsScore: 71, indexOffenceCode: '28', decision: 'DECLINED', decisionNote: 'Not "now" — later', panelDate: '2015-03-01' });
  });

  it('leaves to graphql-js what it does not answer plainly, with graphql-js\'s answer and errors', async () => {
    const { partnerships } = dataOf(await t.gql('{ partnerships { code } }'));
    const code = (partnerships as { code: string }[])[0].code;
    const cases: [string, Record<string, unknown> | undefined, Caller][] = [
      // Another field than plain ones, a fragment, a directive, two root fields, a field twice.
      [`{ referrals(partnership: "${code}") { id nominal { id reference } } }`, undefined, systemCaller('test')],
      [`{ referrals(partnership: "${code}") { ...r } } fragment r on Referral { id agency }`, undefined, systemCaller('test')],
      [`query ($x: Boolean!) { referrals(partnership: "${code}") { id agency @include(if: $x) } }`, { x: false }, systemCaller('test')],
      [`{ referrals(partnership: "${code}") { id } partnerships { code } }`, undefined, systemCaller('test')],
      [`{ referrals(partnership: "${code}") { id id } }`, undefined, systemCaller('test')],
      // Refused: a role that may not read nominal-level rows, a partnership that does not exist, a bad variable, a NUL.
      [`{ referrals(partnership: "${code}") { id agency } }`, undefined, callerFor(4, Role.FINANCE, [])],
      [`{ referrals(partnership: "nowhere") { id agency } }`, undefined, systemCaller('test')],
      ['query ($d: PanelDecision) { referrals(partnership: "x", decision: $d) { id } }', { d: 'MAYBE' }, systemCaller('test')],
      ['query ($p: String!) { referrals(partnership: $p) { id } }', { p: 'a\u0000b' }, systemCaller('test')],
    ];
    for (const [query, variables, caller] of cases) {
      const both = await bothWays(query, variables, caller);
      expect(both.plainly, query).toBe(false);
      expect(JSON.stringify(both.plain.answer), query).toBe(JSON.stringify(both.graphql.answer));
    }
  });

  it('leaves no promise of a field it gave up on to fail unheard, when a row read for the plain answer lacks what that field\'s resolver reads', async () => {
    const { partnerships } = dataOf(await t.gql('{ partnerships { code } }'));
    const code = (partnerships as { code: string }[])[0].code;
    const unheard: unknown[] = [];
    const listen = (reason: unknown) => unheard.push(reason);
    process.on('unhandledRejection', listen);
    try {
      // A referral's scope is resolved from its nominal, which the plain rows of these fields do not carry.
      const both = await bothWays(`{ referrals(partnership: "${code}") { id decision scope { inScope checks { rule passed } } } }`, undefined, systemCaller('test'));
      expect(both.plainly).toBe(false);
      expect(JSON.stringify(both.plain.answer)).toBe(JSON.stringify(both.graphql.answer));
      expect((both.plain.answer.data!.referrals as unknown[]).length).toBeGreaterThan(0);
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      process.off('unhandledRejection', listen);
    }
    expect(unheard.map(String)).toEqual([]);
  });

  it('reads a plain answer\'s rows on SQLite in one statement, the partnership found in it; a partnership not the caller\'s is graphql-js\'s error', async () => {
    const { partnerships } = dataOf(await t.gql('{ partnerships { id code } }'));
    const [first, second] = partnerships as { id: string; code: string }[];
    const statements: string[] = [];
    const logger = t.orm.config.getLogger() as unknown as { log: (namespace: string, message: string) => void };
    const original = logger.log.bind(logger);
    const debug = t.orm.config.get('debug');
    t.orm.config.set('debug', ['query']);
    logger.log = (namespace, message) => { if (namespace === 'query' && !/audit_|begin|commit|pg_advisory/i.test(message)) statements.push(message); };
    try {
      const both = await bothWays(`query ($p: String!) { referrals(partnership: $p) { ${BENCH} } }`, { p: first.code }, callerFor(1, Role.CASE_MANAGER, [Number(first.id)]));
      expect(both.plainly).toBe(true);
      expect(JSON.stringify(both.plain.answer)).toBe(JSON.stringify(both.graphql.answer));
      expect((both.plain.answer.data!.referrals as unknown[]).length).toBeGreaterThan(0);
      statements.length = 0;
      await ask(t.hub, `query ($p: String!) { referrals(partnership: $p) { ${BENCH} } }`, { p: first.code }, callerFor(1, Role.CASE_MANAGER, [Number(first.id)]));
      // On PostgreSQL the partnership is looked up first, then the rows are read.
      expect(statements.length).toBe(engineOf(t.orm.em) === 'sqlite' ? 1 : 2);
    } finally {
      logger.log = original;
      t.orm.config.set('debug', debug);
    }
    // Another partnership's case manager: no such partnership for them, told by graphql-js either way.
    const refused = await bothWays(`query ($p: String!) { referrals(partnership: $p) { ${BENCH} } }`, { p: first.code }, callerFor(2, Role.CASE_MANAGER, [Number(second.id)]));
    expect(refused.plainly).toBe(false);
    expect(refused.plain.answer.errors?.length).toBeGreaterThan(0);
    expect(JSON.stringify(refused.plain.answer)).toBe(JSON.stringify(refused.graphql.answer));
  });

  it('answers as graphql-js does when a score is a real number, which SQLite\'s JSON would round', async () => {
    // On SQLite the plain answer's rows are read as one JSON text (loadReferrals), which writes a real number to fifteen digits.
    const connection = t.orm.em.getConnection();
    const [referral] = await connection.execute<{ id: number; matrix_score: number | null; code: string }[]>(
      'SELECT r.id, r.matrix_score, p.code FROM referral r JOIN nominal n ON n.id = r.nominal_id JOIN partnership p ON p.id = n.partnership_id ORDER BY r.id LIMIT 1',
    );
    const code = referral.code;
    await connection.execute(`UPDATE referral SET matrix_score = 3.0000000000000004 WHERE id = ${Number(referral.id)}`);
    try {
      const both = await bothWays(`query ($p: String!) { referrals(partnership: $p) { ${BENCH} } }`, { p: code }, systemCaller('test'));
      // SQLite keeps the real number (graphql-js refuses it as an Int); PostgreSQL's integer column rounds it.
      if (engineOf(t.orm.em) === 'sqlite') expect(both.graphql.answer.errors?.length).toBeGreaterThan(0);
      expect(JSON.stringify(both.plain.answer)).toBe(JSON.stringify(both.graphql.answer));
    } finally {
      await connection.execute(`UPDATE referral SET matrix_score = ${referral.matrix_score === null ? 'NULL' : Number(referral.matrix_score)} WHERE id = ${Number(referral.id)}`);
    }
  });
});
