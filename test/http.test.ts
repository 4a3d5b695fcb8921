import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from './support/hub.js';

let t: TestHub;
let base: string;
const logged: unknown[] = [];

beforeAll(async () => {
  t = await startTestHub({ logError: (error) => logged.push(error) });
  base = `http://127.0.0.1:${await t.hub.listen(0, '127.0.0.1')}`;
});
afterAll(() => t.close());

function post(body: string, headers: Record<string, string> = { 'content-type': 'application/json', authorization: `Bearer ${t.adminToken}` }) {
  return fetch(`${base}/graphql`, { method: 'POST', headers, body });
}

describe('the hub over HTTP', () => {
  it('answers the health check while the database is reachable', async () => {
    const response = await fetch(`${base}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', database: 'reachable' });
  });

  it('answers GraphQL posted as JSON', async () => {
    const response = await post(JSON.stringify({ query: '{ costShare(partnership: "norfolk-suffolk", financialYear: "2014/15") { shares { contribution } } }' }));
    expect(response.status).toBe(200);
    expect((await response.json()).data.costShare.shares).toEqual([{ contribution: 578_528.36 }, { contribution: 445_415.64 }]);
  });

  it('serves GraphiQL to a browser from its own origin only, with the saved reports as tabs', async () => {
    const response = await fetch(`${base}/graphql`, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    const html = await response.text();
    const references = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(references.length).toBeGreaterThan(1);
    for (const reference of references) expect(reference).not.toMatch(/^(https?:)?\/\//);
    expect(html).toContain('"name":"cost-share"');
    for (const asset of ['graphiql.js', 'graphiql.css']) expect((await fetch(`${base}/assets/${asset}`)).status).toBe(200);
  });

  it('refuses malformed JSON with a 400 and a GraphQL-shaped error', async () => {
    const response = await post('{ "query": ');
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ errors: [{ message: 'The request body is not valid JSON.', extensions: { code: 'BAD_REQUEST' } }] });
  });

  it('refuses a body over the limit with a 413 (an admin\'s limit, for importRows, is 8 MB)', async () => {
    const response = await post(JSON.stringify({ query: `{ partnerships { code } } #${'x'.repeat(8_500_000)}` }));
    expect(response.status).toBe(413);
    expect((await response.json()).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('refuses batched requests', async () => {
    const response = await post(JSON.stringify([{ query: '{ partnerships { code } }' }, { query: '{ partnerships { name } }' }]));
    expect(response.status).toBe(400);
  });

  it('masks an unexpected error: no SQL, no stack trace, and the cause is logged', async () => {
    await t.orm.em.getConnection().execute('drop table funding_risk');
    const response = await post(JSON.stringify({ query: '{ fundingRisks(partnership: "norfolk-suffolk", financialYear: "2015/16") { title } }' }));
    const body = await response.json();
    expect(body.errors).toEqual([{ message: 'Internal server error', locations: [{ line: 1, column: 3 }], path: ['fundingRisks'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }]);
    expect(JSON.stringify(body)).not.toMatch(/sqlite|select|funding_risk|at .*\.ts/i);
    expect(String(logged.at(-1))).toMatch(/funding_risk/);
  });
});
