import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LongAnswerTurns, longAnswerTurns, longAnswers } from '../server/access/long-answers.js';
import { heapGrowingPercent } from '../server/heap-growth.js';
import { dataOf, errorOf, startTestHub, type TestHub } from './support/hub.js';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('long answers take turns until their reads are audited', () => {
  it('lets `turns` admitted requests build at once, passes each turn on when its answer ends, never holds back a request not admitted', async () => {
    const turns = new LongAnswerTurns(1);
    const [a, b, c, outsider] = [{}, {}, {}, {}];
    for (const request of [a, b, c]) turns.admit(request);
    await turns.take(a);
    await turns.take(a); // a second long list in the same answer: the same turn
    const started: string[] = [];
    void turns.take(b).then(() => started.push('b'));
    void turns.take(c).then(() => started.push('c'));
    await turns.take(outsider); // an operation whose audit is not written by the plugin (a worker thread's) never waits
    await tick();
    expect(started).toEqual([]);
    expect(turns.counts).toEqual({ running: 1, waiting: 2 });
    turns.end(a);
    await tick();
    expect(started).toEqual(['b']);
    turns.end(outsider); // never took a turn: nothing passes on
    await tick();
    expect(started).toEqual(['b']);
    turns.end(b);
    await tick();
    expect(started).toEqual(['b', 'c']);
    turns.end(c);
    turns.end(c); // once only
    expect(turns.counts).toEqual({ running: 0, waiting: 0 });
    const unlimited = new LongAnswerTurns(0);
    unlimited.admit(a);
    unlimited.admit(b);
    await Promise.all([unlimited.take(a), unlimited.take(b)]);
    expect(unlimited.counts).toEqual({ running: 0, waiting: 0 });
  });

  it('reads IOM_HUB_LONG_ANSWERS (2 when unset) and IOM_HUB_HEAP_GROWING_PERCENT (50) as whole numbers', () => {
    expect(longAnswers(undefined)).toBe(2);
    expect(longAnswers('0')).toBe(0);
    expect(longAnswers('5')).toBe(5);
    expect(() => longAnswers('two')).toThrow(/IOM_HUB_LONG_ANSWERS/);
    expect(heapGrowingPercent(undefined)).toBe(50);
    expect(heapGrowingPercent('0')).toBe(0);
    expect(() => heapGrowingPercent('-5')).toThrow(/IOM_HUB_HEAP_GROWING_PERCENT/);
  });
});

describe('the flat referral list at many connections', () => {
  let t: TestHub;
  beforeAll(async () => { t = await startTestHub(); });
  afterAll(() => t?.close());

  const LIST = '{ referrals(partnership: "barnet") { id referralDate matrixScore orgsScore panelDate decision agency indexOffenceCode nominal { id } } }';
  const entries = async () => Number((await t.orm.em.fork().getConnection().execute<{ n: number }[]>('SELECT COUNT(*) AS n FROM audit_entry'))[0].n);

  it('answers every request as one at a time would, each audited, and leaves no turn held, answered or refused', async () => {
    const alone = dataOf(await t.gql(LIST));
    expect(alone.referrals.length).toBeGreaterThan(0);
    const before = await entries();
    const answers = await Promise.all(Array.from({ length: 3 * longAnswerTurns.turns + 2 }, (_, i) => t.gql(i % 4 === 3 ? '{ referrals(partnership: "nowhere") { id } }' : LIST)));
    for (const [i, answer] of answers.entries()) {
      if (i % 4 === 3) expect(errorOf(answer).message).toMatch(/partnership/i);
      else expect(dataOf(answer)).toEqual(alone);
    }
    // One entry for each answer that held referrals, each naming every nominal of the list.
    const listed = answers.filter((_, i) => i % 4 !== 3).length;
    expect(await entries()).toBe(before + listed);
    const nominals = new Set(alone.referrals.map((r: { nominal: { id: string } }) => Number(r.nominal.id)));
    const reads = await t.orm.em.fork().getConnection().execute<{ entry_id: number; n: number }[]>(
      `SELECT entry_id, COUNT(DISTINCT nominal_id) AS n FROM audit_nominal_read WHERE entry_id > (SELECT MAX(id) - ${listed} FROM audit_entry) GROUP BY entry_id`);
    expect(reads.map((r: { n: number }) => Number(r.n))).toEqual(Array(listed).fill(nominals.size));
    expect(longAnswerTurns.counts).toEqual({ running: 0, waiting: 0 });
  });

  it('passes the turn on when the audit cannot be written and the answer is withheld', async () => {
    const connection = t.orm.em.fork().getConnection();
    await connection.execute('ALTER TABLE audit_read_block RENAME TO audit_read_block_away');
    try {
      const answers = await Promise.all(Array.from({ length: longAnswerTurns.turns + 2 }, () => t.gql(LIST)));
      for (const answer of answers) {
        expect(answer.data).toBeUndefined();
        expect(errorOf(answer).code).toBe('AUDIT_UNAVAILABLE');
      }
      expect(longAnswerTurns.counts).toEqual({ running: 0, waiting: 0 });
    } finally {
      await connection.execute('ALTER TABLE audit_read_block_away RENAME TO audit_read_block');
    }
    expect(dataOf(await t.gql(LIST)).referrals.length).toBeGreaterThan(0);
  });

  it('gives each referral of the list every field as the nominal\'s own referrals do: its reference, and its matrix as scored (factors, threshold)', async () => {
    const gql = async (query: string, variables?: Record<string, unknown>) => dataOf(await t.gql(query, variables));
    await gql(`mutation { setScoringMatrix(partnership: "barnet", matrix: { threshold: 20, factors: [
      { factor: "priorityOffences", label: "Priority offences in the last year", weight: 3, maxValue: 5 },
      { factor: "classADrugs", label: "Class A drug misuse", weight: 5, maxValue: 1 }] }) { threshold } }`);
    const { addNominal } = await gql('mutation ($x: NominalInput!) { addNominal(partnership: "barnet", input: $x) { id } }', {
      x: { reference: 'LIST-ROWS-1', gender: 'MALE', ageBand: '25-34', ethnicity: 'White', statutoryStatus: 'NPS' },
    });
    await gql(`mutation ($n: ID!) { referNominal(nominal: $n, input: { agency: "met-police", referralDate: "2014-08-01", reference: "MET-77",
      matrixFactors: [{ factor: "priorityOffences", value: 4 }, { factor: "classADrugs", value: 1 }] }) { id } }`, { n: addNominal.id });
    // The partnership's threshold moves on: the referral keeps the one it was scored on.
    await gql(`mutation { setScoringMatrix(partnership: "barnet", matrix: { threshold: 30, factors: [
      { factor: "priorityOffences", label: "Priority offences in the last year", weight: 2, maxValue: 5 }] }) { threshold } }`);
    const fields = 'id version updatedAt referralDate reference matrixScore orgsScore panelDate decision decisionNote agency indexOffenceCode nominal { id reference } matrix { score threshold meetsThreshold explanation factors { factor points } }';
    const { referrals } = await gql(`{ referrals(partnership: "barnet") { ${fields} } }`);
    const { nominal } = await gql(`query ($n: ID!) { nominal(id: $n) { referrals { ${fields} } } }`, { n: addNominal.id });
    const listed = referrals.filter((r: { nominal: { id: string } }) => r.nominal.id === addNominal.id);
    expect(listed).toEqual(nominal.referrals);
    expect(listed[0]).toMatchObject({ reference: 'MET-77', matrix: { score: 17, threshold: 20, meetsThreshold: false } });
    expect(listed[0].matrix.factors).toHaveLength(2);
  });
});
