import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'graphql';
import { hubSchema } from '../server/schema.js';
import { measureDocument, QUERY_LIMITS } from '../server/access/limits.js';
import { loadReportLibrary } from '../server/reports/report-library.js';
import { startTestHub, type TestHub } from './support/hub.js';
import { dataSnapshot } from './support/snapshot.js';

let t: TestHub;
let base: string;
beforeAll(async () => {
  t = await startTestHub();
  base = `http://127.0.0.1:${await t.hub.listen(0, '127.0.0.1')}`;
});
afterAll(() => t.close());

/** As a client that takes application/graphql-response+json, which gets a refused request's 4xx status (application/json clients get 200). */
async function post(query: string) {
  const response = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization: `Bearer ${t.adminToken}` },
    body: JSON.stringify({ query }),
  });
  return { status: response.status, body: await response.json() };
}

/** The largest n whose query is within `limit` by `measure`, so n is just under (or at) the limit and n + 1 just over. */
function largestWithin(build: (n: number) => string, measure: (query: string) => number, limit: number): number {
  let [low, high] = [1, 2];
  while (measure(build(high)) <= limit) [low, high] = [high, high * 2];
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (measure(build(middle)) <= limit) low = middle;
    else high = middle;
  }
  return low;
}
const measured = (key: 'tokens' | 'cost' | 'aliases' | 'depth') => (query: string) => measureDocument(hubSchema(), parse(query))[key];

describe('query limits, just under and just over', () => {
  const cases = [
    ['aliases', (n: number) => `{ ${Array.from({ length: n }, (_, i) => `r${i}: reports { name }`).join(' ')} }`, QUERY_LIMITS.maxAliases],
    ['tokens', (n: number) => `mutation { createAccessToken(input: { role: BOARD, partnerships: [${'"barnet" '.repeat(n)}] }) { token } }`, QUERY_LIMITS.maxTokens],
    // Three fields in turn, so no one of them is repeated past maxRepeats before the cost is reached.
    ['cost', (n: number) => `{ partnerships { agencies { ${Array.from({ length: n }, (_, i) => ['code', 'name', 'kind'][i % 3]).join(' ')} } } }`, QUERY_LIMITS.maxCost],
  ] as const;

  it.each(cases)('%s: the query at the limit runs, one more is refused before any resolver runs', async (key, build, limit) => {
    const n = largestWithin(build, measured(key), limit);
    expect(measured(key)(build(n))).toBeLessThanOrEqual(limit);
    expect(measured(key)(build(n + 1))).toBeGreaterThan(limit);
    const under = await post(build(n));
    expect(under.body.errors?.[0]?.message ?? null).toBeNull();
    expect(under.status).toBe(200);
    expect(under.body.errors).toBeUndefined();
    const over = await post(build(n + 1));
    expect(over.status).toBe(400);
    expect(over.body.data).toBeUndefined();
    // Parsing stops at the token limit; the other limits are checked before graphql-js's own validation.
    expect(over.body.errors).toEqual([expect.objectContaining({ extensions: { code: key === 'tokens' ? 'GRAPHQL_PARSE_FAILED' : 'GRAPHQL_VALIDATION_FAILED' } })]);
    expect(over.body.errors[0].message).toMatch(new RegExp(`at most ${limit}`));
  });

  it('depth: a hub configured for 3 levels runs 3 and refuses 4', async () => {
    const shallow = await startTestHub({ demo: false, access: { limits: { ...QUERY_LIMITS, maxDepth: 3 } } });
    try {
      expect((await shallow.gql('{ partnerships { agencies { code } } }')).errors).toBeUndefined();
      const over = await shallow.gql('{ establishment(partnership: "x", financialYear: "2014/15") { lines { employingAgency { code } } } }');
      expect(over.errors).toEqual([expect.objectContaining({ message: 'The query is nested 4 fields deep; the hub accepts at most 3.' })]);
    } finally {
      await shallow.close();
    }
    const deep = `{ establishment(partnership: "norfolk-suffolk", financialYear: "2014/15") { lines { employingAgency { code } } } }`;
    expect(measured('depth')(deep)).toBeLessThanOrEqual(QUERY_LIMITS.maxDepth);
  });

  it('a mutation over a limit changes nothing: it is refused before it runs', async () => {
    const before = await dataSnapshot(t.orm);
    const over = await post(`mutation { ${Array.from({ length: QUERY_LIMITS.maxAliases + 1 }, (_, i) => `h${i}: addHub(partnership: "norfolk-suffolk", name: "Hub ${i}") { name }`).join(' ')} }`);
    expect(over.status).toBe(400);
    expect(await dataSnapshot(t.orm)).toBe(before);
  });

  it('a page size from a variable is measured with each request\'s own value: one document asked small, too large, small again', async () => {
    const query = 'query ($n: Int) { cohort(partnership: "norfolk-suffolk", first: $n) { nodes { id startDate nominal { reference gender ageBand } latestReview { reviewDate status } } } }';
    const ask = async (n: number) => {
      const response = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization: `Bearer ${t.adminToken}` },
        body: JSON.stringify({ query, variables: { n } }),
      });
      return { status: response.status, body: await response.json() };
    };
    for (let round = 0; round < 2; round++) {
      const small = await ask(5);
      expect(small.body.errors).toBeUndefined();
      const large = await ask(5000);
      expect(large.status).toBe(400);
      expect(large.body.errors[0]).toMatchObject({ extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
      expect(large.body.errors[0].message).toMatch(new RegExp(`at most ${QUERY_LIMITS.maxCost}`));
    }
  });

  it('leave every saved report well within them', () => {
    for (const report of loadReportLibrary()) {
      const m = measureDocument(hubSchema(), parse(report.query));
      expect(m.depth * 2, report.name).toBeLessThanOrEqual(QUERY_LIMITS.maxDepth);
      expect(m.cost * 4, report.name).toBeLessThanOrEqual(QUERY_LIMITS.maxCost);
      expect(m.tokens * 4, report.name).toBeLessThanOrEqual(QUERY_LIMITS.maxTokens);
    }
  });
});
