import type { EntityManager } from '@mikro-orm/core';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, errorOf, startTestHub, type TestHub } from './support/hub.js';

/**
 * PostgreSQL only (the postgresql vitest project): member_period, the rollup of membership and
 * nominal kept by triggers (Migration20261130110000), against a reference worked out here in
 * TypeScript from the memberships and nominals themselves, after every kind of write that reaches
 * either table: the hub's mutations, and anyone's SQL.
 */

interface Period {
  nominal_id: number;
  start_date: string;
  end_date: string | null;
  partnership_id: number;
}

/** Runs `sql` on `em`'s connection, in `em`'s transaction when it is in one. */
const query = <T = Record<string, unknown>>(em: EntityManager, sql: string, params: unknown[] = []): Promise<T[]> =>
  em.getConnection().execute(sql, params, 'all', em.getTransactionContext());

/**
 * Each nominal's periods on the scheme, worked out from the memberships: spells sorted by start, a
 * spell starting on or before the furthest end so far (none: open) joining the period, in the
 * order of `SELECT * FROM member_period ORDER BY nominal_id, start_date`.
 */
function referencePeriods(memberships: { nominal_id: number; start_date: string; end_date: string | null }[], partnerships: Map<number, number>): Period[] {
  const byNominal = new Map<number, { start: string; end: string | null }[]>();
  for (const m of memberships) {
    const spells = byNominal.get(m.nominal_id) ?? [];
    spells.push({ start: m.start_date, end: m.end_date });
    byNominal.set(m.nominal_id, spells);
  }
  const periods: Period[] = [];
  for (const nominal of [...byNominal.keys()].sort((a, b) => a - b)) {
    const spells = byNominal.get(nominal)!.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
    let current: Period | null = null;
    for (const spell of spells) {
      if (current && (current.end_date === null || spell.start <= current.end_date)) {
        if (current.end_date !== null && (spell.end === null || spell.end > current.end_date)) current.end_date = spell.end;
        continue;
      }
      current = { nominal_id: nominal, start_date: spell.start, end_date: spell.end, partnership_id: partnerships.get(nominal)! };
      periods.push(current);
    }
  }
  return periods;
}

/** member_period as it stands, in its order. */
const periodsNow = (em: EntityManager) => query<Period>(em, 'SELECT * FROM member_period ORDER BY nominal_id, start_date');

/** Checks member_period against the reference worked out from membership and nominal as `em` sees them; returns the periods. */
async function expectPeriodsInStep(em: EntityManager, at: string): Promise<Period[]> {
  const memberships = await query<{ nominal_id: number; start_date: string; end_date: string | null }>(em, 'SELECT nominal_id, start_date, end_date FROM membership');
  const nominals = await query<{ id: number; partnership_id: number }>(em, 'SELECT id, partnership_id FROM nominal');
  const periods = await periodsNow(em);
  expect(periods, `member_period after ${at}`).toEqual(referencePeriods(memberships, new Map(nominals.map((n) => [n.id, n.partnership_id]))));
  return periods;
}

describe('the reference itself', () => {
  it('merges spells that overlap, meet, or lie inside, and an open spell swallows the later ones', () => {
    const spells = [
      { nominal_id: 2, start_date: '2015-05-01', end_date: '2015-09-01' },
      { nominal_id: 2, start_date: '2015-01-01', end_date: '2015-06-01' },
      { nominal_id: 2, start_date: '2015-09-01', end_date: '2015-12-01' },
      { nominal_id: 2, start_date: '2015-02-01', end_date: '2015-03-01' },
      { nominal_id: 2, start_date: '2015-12-02', end_date: '2016-01-01' },
      { nominal_id: 1, start_date: '2016-01-01', end_date: null },
      { nominal_id: 1, start_date: '2017-01-01', end_date: '2018-01-01' },
      { nominal_id: 1, start_date: '2014-01-01', end_date: '2014-02-01' },
    ];
    expect(referencePeriods(spells, new Map([[1, 7], [2, 8]]))).toEqual([
      { nominal_id: 1, start_date: '2014-01-01', end_date: '2014-02-01', partnership_id: 7 },
      { nominal_id: 1, start_date: '2016-01-01', end_date: null, partnership_id: 7 },
      { nominal_id: 2, start_date: '2015-01-01', end_date: '2015-12-01', partnership_id: 8 },
      { nominal_id: 2, start_date: '2015-12-02', end_date: '2016-01-01', partnership_id: 8 },
    ]);
  });
});

describe('member_period on PostgreSQL', () => {
  let t: TestHub;
  let em: EntityManager;
  let partnerships: { one: number; two: number };
  beforeAll(async () => {
    t = await startTestHub();
    em = t.orm.em.fork();
    for (const code of ['periods-one', 'periods-two']) dataOf(await t.gql(`mutation { addPartnership(input: { code: "${code}", name: "${code}" }) { code } }`));
    const [one, two] = await query<{ id: number }>(em, "SELECT id FROM partnership WHERE code IN ('periods-one', 'periods-two') ORDER BY code");
    partnerships = { one: one.id, two: two.id };
  });
  afterAll(() => t?.close());

  const NOMINAL = 'mutation($ref: String!) { addNominal(partnership: "periods-one", input: { reference: $ref, gender: MALE, ageBand: "25-34", ethnicity: "White", statutoryStatus: CRC }) { id version } }';
  const addNominal = async (ref: string) => {
    const added = dataOf(await t.gql(NOMINAL, { ref })).addNominal;
    return { id: Number(added.id), version: added.version as number };
  };
  const periodsOf = async (nominal: number) => (await periodsNow(em)).filter((p) => p.nominal_id === nominal).map(({ start_date, end_date }) => [start_date, end_date]);
  const insert = (nominal: number, start: string, end: string | null) =>
    query(em, 'INSERT INTO membership (nominal_id, start_date, end_date, updated_at) VALUES (?, ?, ?, now())', [nominal, start, end]);

  it('is in step with the demo data as loaded', async () => {
    const periods = await expectPeriodsInStep(em, 'the demo data loaded');
    expect(periods.length).toBeGreaterThan(100);
  });

  describe('through the hub', () => {
    let nominal: { id: number; version: number };
    let membership: { id: string; version: number };

    it('startMembership', async () => {
      nominal = await addNominal('P-HUB');
      await expectPeriodsInStep(em, 'addNominal');
      membership = dataOf(await t.gql('mutation($n: ID!) { startMembership(nominal: $n, input: { agreementSignedDate: "2014-01-10" }) { id version } }', { n: nominal.id })).startMembership;
      await expectPeriodsInStep(em, 'startMembership');
      expect(await periodsOf(nominal.id)).toEqual([['2014-01-10', null]]);
    });

    it('a refused startMembership (already on the scheme) changes nothing', async () => {
      const before = await periodsNow(em);
      const error = errorOf(await t.gql('mutation($n: ID!) { startMembership(nominal: $n, input: { agreementSignedDate: "2014-05-01" }) { id } }', { n: nominal.id }));
      expect(error).toMatchObject({ code: 'BAD_USER_INPUT', message: 'input.agreementSignedDate: P-HUB is already on the scheme (since 2014-01-10).' });
      expect(await expectPeriodsInStep(em, 'a refused startMembership')).toEqual(before);
    });

    it('deselect', async () => {
      dataOf(await t.gql('mutation($m: ID!, $v: Int!) { deselect(membership: $m, expectedVersion: $v, input: { endDate: "2015-02-01", reason: OFFENCE_FREE_YEAR }) { id } }', { m: membership.id, v: membership.version }));
      await expectPeriodsInStep(em, 'deselect');
      expect(await periodsOf(nominal.id)).toEqual([['2014-01-10', '2015-02-01']]);
    });

    it('a refused deselect (end before the start) changes nothing', async () => {
      const second = dataOf(await t.gql('mutation($n: ID!) { startMembership(nominal: $n, input: { agreementSignedDate: "2016-03-01" }) { id version } }', { n: nominal.id })).startMembership;
      await expectPeriodsInStep(em, 'a second startMembership');
      const before = await periodsNow(em);
      const error = errorOf(await t.gql('mutation($m: ID!, $v: Int!) { deselect(membership: $m, expectedVersion: $v, input: { endDate: "2016-01-01", reason: DIED }) { id } }', { m: second.id, v: second.version }));
      expect(error).toMatchObject({ code: 'BAD_USER_INPUT', message: 'input.endDate: 2016-01-01 is not after the membership starts (2016-03-01).' });
      expect(await expectPeriodsInStep(em, 'a refused deselect')).toEqual(before);
      expect(await periodsOf(nominal.id)).toEqual([['2014-01-10', '2015-02-01'], ['2016-03-01', null]]);
    });

    it('updateNominal', async () => {
      dataOf(await t.gql('mutation($id: ID!, $v: Int!) { updateNominal(id: $id, expectedVersion: $v, input: { reference: "P-HUB-2", gender: FEMALE, ageBand: "35-44", ethnicity: "White", statutoryStatus: NPS }) { id } }', { id: nominal.id, v: nominal.version }));
      await expectPeriodsInStep(em, 'updateNominal');
    });

    it('importCohortRecords, and a refused one that changes nothing', async () => {
      const record = (reference: string, agreementSignedDate: string, endDate?: string) => ({
        nominal: { reference, gender: 'MALE', ageBand: '25-34', ethnicity: 'White', statutoryStatus: 'NON_STATUTORY' },
        membership: { agreementSignedDate, reviews: [], ...(endDate ? { deselection: { endDate, reason: 'MOVED_OUT_OF_AREA' } } : {}) },
        offences: [],
      });
      const IMPORT = 'mutation($records: [CohortRecordInput!]!) { importCohortRecords(partnership: "periods-two", records: $records) }';
      expect(dataOf(await t.gql(IMPORT, { records: [record('P-IMP-1', '2019-01-01'), record('P-IMP-2', '2019-02-01', '2019-08-01'), record('P-IMP-3', '2020-01-01')] })).importCohortRecords).toBe(3);
      await expectPeriodsInStep(em, 'importCohortRecords');
      const [{ count }] = await query<{ count: string }>(em, 'SELECT count(*) FROM member_period p JOIN nominal n ON n.id = p.nominal_id WHERE n.partnership_id = ?', [partnerships.two]);
      expect(Number(count)).toBe(3);

      const before = await periodsNow(em);
      const refused = errorOf(await t.gql(IMPORT, { records: [record('P-IMP-4', '2019-01-01'), record('P-IMP-5', '2019-03-01', '2019-02-01')] }));
      expect(refused.code).toBe('BAD_USER_INPUT');
      expect(await expectPeriodsInStep(em, 'a refused importCohortRecords')).toEqual(before);
    });
  });

  describe('through anyone\'s SQL', () => {
    let a: number, b: number, c: number;
    beforeAll(async () => {
      a = (await addNominal('P-SQL-A')).id;
      b = (await addNominal('P-SQL-B')).id;
      c = (await addNominal('P-SQL-C')).id;
    });

    it('INSERTs that overlap, meet, lie inside, stand apart, and an open one that swallows later ones', async () => {
      await insert(a, '2015-01-01', '2015-06-01');
      await expectPeriodsInStep(em, 'a first membership');
      await insert(a, '2015-05-01', '2015-09-01');
      await expectPeriodsInStep(em, 'a membership overlapping another');
      await insert(a, '2015-09-01', '2015-12-01');
      await expectPeriodsInStep(em, 'a membership meeting another');
      await insert(a, '2015-02-01', '2015-03-01');
      await expectPeriodsInStep(em, 'a membership inside another');
      expect(await periodsOf(a)).toEqual([['2015-01-01', '2015-12-01']]);
      await insert(a, '2016-06-01', '2016-07-01');
      await insert(a, '2017-01-01', '2017-02-01');
      await expectPeriodsInStep(em, 'memberships apart');
      expect(await periodsOf(a)).toEqual([['2015-01-01', '2015-12-01'], ['2016-06-01', '2016-07-01'], ['2017-01-01', '2017-02-01']]);
      await insert(a, '2016-01-01', null);
      await expectPeriodsInStep(em, 'an open membership swallowing later ones');
      expect(await periodsOf(a)).toEqual([['2015-01-01', '2015-12-01'], ['2016-01-01', null]]);
    });

    it('UPDATEs of start_date and end_date: shortening, extending, re-opening, moving the start', async () => {
      await query(em, "UPDATE membership SET end_date = '2016-03-01' WHERE nominal_id = ? AND start_date = '2016-01-01'", [a]);
      await expectPeriodsInStep(em, 'an open membership ended');
      expect(await periodsOf(a)).toEqual([['2015-01-01', '2015-12-01'], ['2016-01-01', '2016-03-01'], ['2016-06-01', '2016-07-01'], ['2017-01-01', '2017-02-01']]);
      await query(em, "UPDATE membership SET end_date = '2016-06-01' WHERE nominal_id = ? AND start_date = '2016-01-01'", [a]);
      await expectPeriodsInStep(em, 'a membership extended to meet the next');
      expect(await periodsOf(a)).toEqual([['2015-01-01', '2015-12-01'], ['2016-01-01', '2016-07-01'], ['2017-01-01', '2017-02-01']]);
      await query(em, "UPDATE membership SET end_date = '2015-04-01' WHERE nominal_id = ? AND start_date = '2015-09-01'", [a]);
      await expectPeriodsInStep(em, 'a membership shortened (end before its start)');
      await query(em, "UPDATE membership SET end_date = '2015-08-01' WHERE nominal_id = ? AND start_date = '2015-05-01'", [a]);
      await expectPeriodsInStep(em, 'a membership shortened, splitting its period');
      expect(await periodsOf(a)).toEqual([['2015-01-01', '2015-08-01'], ['2015-09-01', '2015-04-01'], ['2016-01-01', '2016-07-01'], ['2017-01-01', '2017-02-01']]);
      await query(em, "UPDATE membership SET end_date = NULL WHERE nominal_id = ? AND start_date = '2016-06-01'", [a]);
      await expectPeriodsInStep(em, 'a membership re-opened');
      expect(await periodsOf(a)).toEqual([['2015-01-01', '2015-08-01'], ['2015-09-01', '2015-04-01'], ['2016-01-01', null]]);
      await query(em, "UPDATE membership SET start_date = '2014-12-01' WHERE nominal_id = ? AND start_date = '2015-09-01'", [a]);
      await expectPeriodsInStep(em, 'a start moved earlier');
      await query(em, "UPDATE membership SET start_date = '2015-02-15' WHERE nominal_id = ? AND start_date = '2015-01-01'", [a]);
      await expectPeriodsInStep(em, 'a start moved later');
    });

    it('an UPDATE moving a membership to another nominal changes both', async () => {
      await insert(b, '2018-01-01', '2018-06-01');
      await expectPeriodsInStep(em, 'a membership of another nominal');
      await query(em, "UPDATE membership SET nominal_id = ? WHERE nominal_id = ? AND start_date = '2016-01-01'", [b, a]);
      await expectPeriodsInStep(em, 'a membership moved to another nominal');
      expect(await periodsOf(b)).toEqual([['2016-01-01', '2016-06-01'], ['2018-01-01', '2018-06-01']]);
      expect(await periodsOf(a)).toEqual([['2014-12-01', '2015-08-01'], ['2016-06-01', null]]);
    });

    it('a multi-row INSERT and a multi-row UPDATE in one statement, over several nominals', async () => {
      await query(em, 'INSERT INTO membership (nominal_id, start_date, end_date, updated_at) VALUES (?, ?, ?, now()), (?, ?, ?, now()), (?, ?, ?, now()), (?, ?, ?, now())',
        [a, '2019-01-01', '2019-03-01', a, '2019-03-01', null, c, '2019-05-01', '2019-09-01', c, '2019-06-01', '2019-07-01']);
      await expectPeriodsInStep(em, 'a multi-row INSERT');
      await query(em, "UPDATE membership SET end_date = CASE WHEN end_date IS NULL THEN '2020-01-01' ELSE NULL END WHERE nominal_id IN (?, ?, ?)", [a, b, c]);
      await expectPeriodsInStep(em, 'a multi-row UPDATE swapping open and ended');
      await query(em, "UPDATE membership SET start_date = to_char(start_date::date + 40, 'YYYY-MM-DD') WHERE nominal_id IN (?, ?, ?)", [a, b, c]);
      await expectPeriodsInStep(em, 'a multi-row UPDATE moving every start');
    });

    it('an upsert (INSERT … ON CONFLICT DO UPDATE)', async () => {
      const [first] = await query<{ start_date: string }>(em, 'SELECT start_date FROM membership WHERE nominal_id = ? ORDER BY start_date LIMIT 1', [c]);
      await query(em, "INSERT INTO membership (nominal_id, start_date, end_date, updated_at) VALUES (?, ?, NULL, now()), (?, '2030-01-01', NULL, now()) ON CONFLICT (nominal_id, start_date) DO UPDATE SET end_date = excluded.end_date", [c, first.start_date, c]);
      await expectPeriodsInStep(em, 'an upsert');
    });

    it('DELETE of one membership, and of several in one statement', async () => {
      await query(em, 'DELETE FROM membership WHERE id = (SELECT min(id) FROM membership WHERE nominal_id = ?)', [a]);
      await expectPeriodsInStep(em, 'a DELETE of one membership');
      await query(em, 'DELETE FROM membership WHERE nominal_id IN (?, ?) AND id % 2 = 0', [a, c]);
      await expectPeriodsInStep(em, 'a DELETE of several memberships');
    });

    it('UPDATE of a nominal\'s partnership, and of several nominals at once', async () => {
      await query(em, 'UPDATE nominal SET partnership_id = ? WHERE id = ?', [partnerships.two, a]);
      await expectPeriodsInStep(em, 'a nominal moved to another partnership');
      expect((await periodsNow(em)).filter((p) => p.nominal_id === a).every((p) => p.partnership_id === partnerships.two)).toBe(true);
      await query(em, 'UPDATE nominal SET partnership_id = CASE WHEN partnership_id = ? THEN ? ELSE ? END WHERE id IN (?, ?, ?)', [partnerships.one, partnerships.two, partnerships.one, a, b, c]);
      await expectPeriodsInStep(em, 'several nominals moved at once');
      await query(em, "UPDATE nominal SET reference = reference || '-x' WHERE id = ?", [b]);
      await expectPeriodsInStep(em, 'a nominal updated without moving');
    });

    it('DELETE of a nominal takes its memberships and periods with it', async () => {
      expect(await periodsOf(c)).not.toEqual([]);
      await query(em, 'DELETE FROM nominal WHERE id = ?', [c]);
      await expectPeriodsInStep(em, 'a DELETE of a nominal');
      expect(await periodsOf(c)).toEqual([]);
    });

    /** Runs `work` in a transaction on a fork of `em`, then rolls it back. */
    async function rolledBack(work: (tx: EntityManager) => Promise<void>): Promise<void> {
      const rollback = new Error('roll back');
      try {
        await em.fork().transactional(async (tx) => {
          await work(tx);
          throw rollback;
        });
      } catch (error) {
        if (error === rollback) return;
        throw error;
      }
    }

    it('TRUNCATE membership CASCADE empties the periods, and rolled back, leaves them as before', async () => {
      const before = await expectPeriodsInStep(em, 'before TRUNCATE');
      await rolledBack(async (tx) => {
        await query(tx, 'TRUNCATE membership CASCADE');
        expect(await expectPeriodsInStep(tx, 'TRUNCATE membership CASCADE, in its transaction')).toEqual([]);
      });
      expect(await expectPeriodsInStep(em, 'TRUNCATE rolled back')).toEqual(before);
    });

    it('memberships written in a transaction that rolls back leave the periods as before', async () => {
      const before = await periodsNow(em);
      await rolledBack(async (tx) => {
        await query(tx, "INSERT INTO membership (nominal_id, start_date, end_date, updated_at) VALUES (?, '2001-01-01', NULL, now())", [a]);
        await query(tx, "UPDATE membership SET end_date = '2001-06-01' WHERE nominal_id = ?", [b]);
        await query(tx, 'DELETE FROM membership WHERE nominal_id = ? AND end_date IS NOT NULL', [b]);
        await query(tx, 'UPDATE nominal SET partnership_id = ? WHERE id = ?', [partnerships.one, a]);
        await expectPeriodsInStep(tx, 'writes in a transaction, before it rolls back');
      });
      expect(await expectPeriodsInStep(em, 'a transaction rolled back')).toEqual(before);
    });

    /**
     * Two transactions on connections of their own each insert a membership of `nominal`; the
     * second's INSERT starts while the first is open, and the first commits while the second's
     * statement runs or waits (for whatever it waits on), then the second commits.
     */
    async function concurrently(nominal: number, first: [string, string | null], second: [string, string | null]): Promise<void> {
      const INSERT = 'INSERT INTO membership (nominal_id, start_date, end_date, updated_at) VALUES ($1, $2, $3, now())';
      const [one, two] = [new pg.Client({ connectionString: t.databaseUrl }), new pg.Client({ connectionString: t.databaseUrl })];
      await Promise.all([one.connect(), two.connect()]);
      let settled = false;
      try {
        await one.query('BEGIN');
        await one.query(INSERT, [nominal, ...first]);
        await two.query('BEGIN');
        const { rows: [{ pid }] } = await two.query('SELECT pg_backend_pid() AS pid');
        const writing = two.query(INSERT, [nominal, ...second]).then(() => two.query('COMMIT')).finally(() => { settled = true; });
        for (let waiting = false; !waiting && !settled;)
          waiting = (await one.query('SELECT wait_event_type FROM pg_stat_activity WHERE pid = $1', [pid])).rows[0]?.wait_event_type === 'Lock';
        expect(settled, 'the second writer waits for the first').toBe(false);
        await one.query('COMMIT');
        await writing;
      } finally {
        await Promise.all([one.end(), two.end()]);
      }
    }

    it('two transactions writing one nominal\'s memberships at once, on separate connections: the nominal had periods', async () => {
      const d = (await addNominal('P-SQL-D')).id;
      await insert(d, '2010-01-01', '2010-06-01');
      await expectPeriodsInStep(em, 'the concurrent nominal\'s first membership');
      await concurrently(d, ['2010-05-01', '2011-01-01'], ['2011-01-01', '2012-01-01']);
      await expectPeriodsInStep(em, 'two concurrent writers of a nominal with periods');
      expect(await periodsOf(d)).toEqual([['2010-01-01', '2012-01-01']]);
    });

    it('two transactions writing one nominal\'s memberships at once, on separate connections: the nominal had none', async () => {
      const e = (await addNominal('P-SQL-E')).id;
      await concurrently(e, ['2010-01-01', '2010-06-01'], ['2010-05-01', null]);
      await expectPeriodsInStep(em, 'two concurrent writers of a nominal without periods');
      expect(await periodsOf(e)).toEqual([['2010-01-01', null]]);
    });

    /**
     * A second writer whose snapshot is older than the first's commit: on connections of their own,
     * the second begins at `isolation` and takes its snapshot, then the first inserts a membership of
     * `nominal` and commits, either before the second writes or while the second's INSERT waits for
     * it; then the second inserts another membership of `nominal` and commits. Returns the SQLSTATE
     * the second failed with (having rolled it back), or undefined when it committed.
     */
    async function behindTheFirst(nominal: number, isolation: string, firstCommits: 'before it writes' | 'while it waits', first: [string, string | null], second: [string, string | null]): Promise<string | undefined> {
      const INSERT = 'INSERT INTO membership (nominal_id, start_date, end_date, updated_at) VALUES ($1, $2, $3, now())';
      const [one, two] = [new pg.Client({ connectionString: t.databaseUrl }), new pg.Client({ connectionString: t.databaseUrl })];
      await Promise.all([one.connect(), two.connect()]);
      try {
        await two.query(`BEGIN ISOLATION LEVEL ${isolation}`);
        const { rows: [{ pid }] } = await two.query('SELECT pg_backend_pid() AS pid');
        await one.query('BEGIN');
        await one.query(INSERT, [nominal, ...first]);
        if (firstCommits === 'before it writes') await one.query('COMMIT');
        let settled = false;
        const writing = two.query(INSERT, [nominal, ...second]).then(() => two.query('COMMIT')).then(() => undefined, async (error: { code?: string }) => {
          await two.query('ROLLBACK');
          return error.code ?? String(error);
        }).finally(() => { settled = true; });
        if (firstCommits === 'while it waits') {
          for (let waiting = false; !waiting && !settled;)
            waiting = (await one.query('SELECT wait_event_type FROM pg_stat_activity WHERE pid = $1', [pid])).rows[0]?.wait_event_type === 'Lock';
          expect(settled, 'the second writer waits for the first').toBe(false);
          await one.query('COMMIT');
        }
        return await writing;
      } finally {
        await Promise.all([one.end(), two.end()]);
      }
    }

    describe.each(['REPEATABLE READ', 'SERIALIZABLE'])('a second writer at %s whose snapshot is older than the first\'s commit', (isolation) => {
      it.each(['before it writes', 'while it waits'] as const)('fails with a serialization error, writing nothing, when the first commits %s', async (firstCommits) => {
        const f = (await addNominal(`P-SQL-F-${isolation}-${firstCommits}`)).id;
        expect(await behindTheFirst(f, isolation, firstCommits, ['2010-01-01', '2010-06-01'], ['2010-05-01', '2011-01-01']), 'the second writer\'s SQLSTATE').toBe('40001');
        await expectPeriodsInStep(em, `a second writer at ${isolation} refused`);
        expect(await periodsOf(f)).toEqual([['2010-01-01', '2010-06-01']]);
      });
    });

    it('a second writer at READ COMMITTED that began before the first committed makes the periods from both', async () => {
      const g = (await addNominal('P-SQL-G')).id;
      expect(await behindTheFirst(g, 'READ COMMITTED', 'before it writes', ['2010-01-01', '2010-06-01'], ['2010-05-01', '2011-01-01'])).toBeUndefined();
      await expectPeriodsInStep(em, 'a second writer at READ COMMITTED');
      expect(await periodsOf(g)).toEqual([['2010-01-01', '2011-01-01']]);
    });

    it('a writer\'s turn on a nominal leaves the nominal\'s version as it was, and holds off no foreign key to it', async () => {
      const h = await addNominal('P-SQL-H');
      const [one, two] = [new pg.Client({ connectionString: t.databaseUrl }), new pg.Client({ connectionString: t.databaseUrl })];
      await Promise.all([one.connect(), two.connect()]);
      try {
        await one.query('BEGIN');
        await one.query("INSERT INTO membership (nominal_id, start_date, end_date, updated_at) VALUES ($1, '2010-01-01', NULL, now())", [h.id]);
        const { rows } = await two.query('SELECT id FROM nominal WHERE id = $1 FOR KEY SHARE NOWAIT', [h.id]);
        expect(rows, 'the lock a foreign key check takes, without waiting').toEqual([{ id: h.id }]);
        await one.query('COMMIT');
      } finally {
        await Promise.all([one.end(), two.end()]);
      }
      expect(await query(em, 'SELECT version FROM nominal WHERE id = ?', [h.id])).toEqual([{ version: h.version }]);
      expect(await periodsOf(h.id)).toEqual([['2010-01-01', null]]);
    });
  });
});
