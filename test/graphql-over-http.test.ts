import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverAudits } from 'graphql-http';
import { startTestHub, type TestHub } from './support/hub.js';

/**
 * The GraphQL-over-HTTP specification, as graphql-http's audit suite checks it, against the real
 * hub over HTTP (with a token, as every client sends one): every audit, MUST, SHOULD and MAY, passes.
 */
let t: TestHub;
let url: string;
beforeAll(async () => {
  t = await startTestHub({ demo: false });
  url = `http://127.0.0.1:${await t.hub.listen(0, '127.0.0.1')}/graphql`;
});
afterAll(() => t.close());

const withToken = (input: RequestInfo | URL, init: RequestInit = {}) => {
  const headers = new Headers(init.headers);
  headers.set('authorization', `Bearer ${t.adminToken}`);
  return fetch(input, { ...init, headers });
};

describe('graphql-http audits', () => {
  // The audits are listed before the hub has an address; each one reads it when it runs.
  for (const audit of serverAudits({ url: () => url, fetchFn: withToken })) {
    it(`${audit.id} ${audit.name}`, async () => {
      const result = await audit.fn();
      expect(result.status, 'reason' in result ? result.reason : '').toBe('ok');
    });
  }
});

describe('request errors', () => {
  const post = (accept: string, query: string) =>
    withToken(url, { method: 'POST', headers: { 'content-type': 'application/json', accept }, body: JSON.stringify({ query }) });

  it.each([
    ['a syntax error', '{ viewer { role }'],
    ['an unknown field', '{ nope }'],
    ['a query over the limits', `{ ${Array.from({ length: 20 }, (_, i) => `a${i}: viewer { role }`).join(' ')} }`],
  ])('%s: application/json clients get 200 with errors, application/graphql-response+json clients 400', async (_name, query) => {
    const json = await post('application/json', query);
    expect(json.status).toBe(200);
    expect(json.headers.get('content-type')).toMatch(/^application\/json/);
    const body = await json.json();
    expect(body.data).toBeUndefined();
    expect(body.errors.length).toBeGreaterThan(0);

    const graphqlResponse = await post('application/graphql-response+json', query);
    expect(graphqlResponse.status).toBe(400);
    expect(graphqlResponse.headers.get('content-type')).toMatch(/^application\/graphql-response\+json/);
    expect((await graphqlResponse.json()).errors).toEqual(body.errors);

    // Taking both, the client gets the status that goes with the media type it is answered in.
    const both = await post('application/graphql-response+json, application/json;q=0.9', query);
    expect([both.headers.get('content-type')?.split(';')[0], both.status]).toEqual(['application/graphql-response+json', 400]);
  });
});

describe('how an answer is written', () => {
  it('a POST is written whole with its length and no ETag; a GET keeps its ETag (Express answers it 304 when the client has it)', async () => {
    const query = '{ viewer { role } }';
    const posted = await withToken(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify({ query }) });
    const text = await posted.text();
    expect(posted.status).toBe(200);
    expect(posted.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(posted.headers.get('content-length')).toBe(String(Buffer.byteLength(text)));
    expect(posted.headers.get('etag')).toBeNull();
    expect(JSON.parse(text)).toEqual({ data: { viewer: { role: 'ADMIN' } } });

    const got = await withToken(`${url}?query=${encodeURIComponent(query)}`, { headers: { accept: 'application/json' } });
    expect(got.status).toBe(200);
    expect(await got.text()).toBe(text);
    expect(got.headers.get('etag')).toMatch(/^W\/"/);
  });

  it('a body that is not JSON, or too large, is still refused with a GraphQL-shaped error', async () => {
    const bad = await withToken(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{ nope' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ errors: [{ message: 'The request body is not valid JSON.', extensions: { code: 'BAD_REQUEST' } }] });
  });
});
