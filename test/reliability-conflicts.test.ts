import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scaled, SHARED } from './support/reliability.js';
import { startTestHub, testPostgresUrl, type TestHub } from './support/hub.js';

/** On PostgreSQL each trial makes a dozen round trips over TCP: fewer trials keep the suite's time in bounds. */
const TRIALS = scaled(testPostgresUrl() ? 120 : 250);

let t: TestHub;
let url: string;
/** Two finance officers of the partnership, each with a token of their own. */
const editors: string[] = [];
beforeAll(async () => {
  // Thousands of requests a minute from each editor: the per-token rate limit is not what is tried here.
  t = await startTestHub({ access: { rateLimitPerMinute: 1_000_000 } });
  url = `http://127.0.0.1:${await t.hub.listen(0, '127.0.0.1')}/graphql`;
  for (let i = 0; i < 2; i++) editors.push((await t.token('FINANCE', [SHARED.partnership])).token);
});
afterAll(() => t.close());

async function post(query: string, variables: Record<string, unknown>, editor = 0) {
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${editors[editor]}` };
  const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  expect(response.status).toBe(200);
  return (await response.json()) as { data?: Record<string, any>; errors?: { message: string; extensions: Record<string, unknown> }[] };
}

const { partnership: p, financialYear: y, agencies } = SHARED;
const READ = 'query ($p: String!, $y: String!) { costShare(partnership: $p, financialYear: $y) { version shares { agencyCode percent } } }';
const SAVE =
  'mutation ($p: String!, $y: String!, $v: Int, $input: CostShareInput!) { saveCostShareDraft(partnership: $p, financialYear: $y, expectedVersion: $v, input: $input) { version shares { agencyCode percent } } }';

/** Three fixed percentages in hundredths that sum to 100%. */
function randomPercents(): number[] {
  const a = 1 + Math.floor(Math.random() * 9_000);
  const b = Math.floor(Math.random() * (10_000 - a));
  return [a, b, 10_000 - a - b].map((hundredths) => hundredths / 100);
}

const input = (percents: number[]) => ({ basis: 'FIXED_PERCENTAGES', shares: agencies.map((agency, i) => ({ agency, percent: percents[i] })) });
const pause = () => new Promise((resolvePause) => setTimeout(resolvePause, Math.random() * 3));

describe(`${TRIALS} randomised trials of two clients saving the same cost-share draft from the same version, over HTTP`, () => {
  it('let exactly one win each time; the other gets CONFLICT with the current version; no update is lost', async () => {
    await post(SAVE, { p, y, v: null, input: input([50, 30, 20]) });
    const started = Date.now();
    let conflicts = 0;
    let lost = 0;
    let before = (await post(READ, { p, y })).data!.costShare;
    for (let trial = 0; trial < TRIALS; trial++) {
      const edits = [randomPercents(), randomPercents()];
      const results = await Promise.all(edits.map(async (percents, editor) => (await pause(), post(SAVE, { p, y, v: before.version, input: input(percents) }, editor))));
      const winners = results.filter((result) => !result.errors);
      const losers = results.filter((result) => result.errors);
      expect(winners).toHaveLength(1);
      expect(losers).toHaveLength(1);
      expect(losers[0].errors![0].extensions).toMatchObject({ code: 'CONFLICT', expectedVersion: before.version, currentVersion: before.version + 1 });
      conflicts += 1;

      const after = (await post(READ, { p, y })).data!.costShare;
      const winner = edits[results.indexOf(winners[0])];
      if (after.version !== before.version + 1 || after.shares.some((share: { percent: number }, i: number) => share.percent !== winner[i])) lost += 1;
      before = after;
    }
    const seconds = (Date.now() - started) / 1000;
    console.log(`[reliability] ${TRIALS} conflicting-edit trials over HTTP: ${TRIALS} single winners, ${conflicts} CONFLICTs, ${lost} lost updates; ${seconds.toFixed(1)} s`);
    expect(lost).toBe(0);
  }, 600_000);
});
