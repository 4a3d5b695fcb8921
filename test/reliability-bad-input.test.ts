import { gzipSync } from 'node:zlib';
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

// As a client that takes application/graphql-response+json: a refused request keeps its 4xx status.
const JSON_TYPE = { 'content-type': 'application/json', accept: 'application/graphql-response+json' };
/** Every request carries an admin's token, so what is refused is the request itself, not a missing token. */
const withToken = (init: RequestInit = {}): RequestInit => ({ ...init, headers: { ...(init.headers as Record<string, string> | undefined), authorization: `Bearer ${t.adminToken}` } });
const ADD_LINE = 'mutation ($line: EstablishmentLineInput!) { addEstablishmentLine(partnership: "barnet", financialYear: "2016/17", line: $line) { id } }';
const json = (value: unknown) => JSON.stringify(value);

interface Case {
  name: string;
  init: RequestInit & { path?: string };
  /** The status expected; any 4xx when omitted. A GraphQL error with 200 is fine only where given. */
  status?: number;
}

const cases: Case[] = [
  { name: 'malformed JSON', init: { method: 'POST', headers: JSON_TYPE, body: '{"query": "{ partnerships { code } }"' }, status: 400 },
  { name: 'JSON that is not an object', init: { method: 'POST', headers: JSON_TYPE, body: '42' } },
  { name: 'JSON null', init: { method: 'POST', headers: JSON_TYPE, body: 'null' } },
  { name: 'an empty body', init: { method: 'POST', headers: JSON_TYPE, body: '' } },
  { name: 'text/plain (a simple cross-site request)', init: { method: 'POST', headers: { 'content-type': 'text/plain' }, body: json({ query: '{ partnerships { code } }' }) }, status: 400 },
  { name: 'form-encoded', init: { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'query=%7B%20partnerships%20%7B%20code%20%7D%20%7D' }, status: 400 },
  { name: 'no content type', init: { method: 'POST', body: new Uint8Array(Buffer.from(json({ query: '{ partnerships { code } }' }))) } },
  { name: 'a body over the limit (9 MB; an admin\'s limit is 8 MB)', init: { method: 'POST', headers: JSON_TYPE, body: json({ query: `{ partnerships { code } } # ${'x'.repeat(9_000_000)}` }) }, status: 413 },
  { name: 'an unknown charset', init: { method: 'POST', headers: { 'content-type': 'application/json; charset=klingon' }, body: json({ query: '{ partnerships { code } }' }) } },
  { name: 'gzip that is not gzip', init: { method: 'POST', headers: { ...JSON_TYPE, 'content-encoding': 'gzip' }, body: 'not gzip at all' } },
  { name: 'an unsupported content encoding', init: { method: 'POST', headers: { ...JSON_TYPE, 'content-encoding': 'zstd-ish' }, body: json({ query: '{ partnerships { code } }' }) } },
  { name: 'a gzip bomb (small on the wire, 50 MB inflated)', init: { method: 'POST', headers: { ...JSON_TYPE, 'content-encoding': 'gzip' }, body: new Uint8Array(gzipSync(Buffer.from(`{"query":"${' '.repeat(50_000_000)}"}`))) }, status: 413 },
  { name: 'a query that is not a string', init: { method: 'POST', headers: JSON_TYPE, body: json({ query: 5 }) }, status: 400 },
  { name: 'no query at all', init: { method: 'POST', headers: JSON_TYPE, body: json({ variables: {} }) }, status: 400 },
  { name: 'a query that does not parse', init: { method: 'POST', headers: JSON_TYPE, body: json({ query: '{ partnerships { code ' }) }, status: 400 },
  { name: 'a field that does not exist', init: { method: 'POST', headers: JSON_TYPE, body: json({ query: '{ nothing }' }) }, status: 400 },
  { name: 'selections nested 5,000 deep', init: { method: 'POST', headers: JSON_TYPE, body: json({ query: `${'{ a '.repeat(5_000)}${'}'.repeat(5_000)}` }) } },
  { name: 'selections nested 100,000 deep', init: { method: 'POST', headers: JSON_TYPE, body: json({ query: `${'{ a '.repeat(100_000)}${'}'.repeat(100_000)}` }) } },
  { name: 'a list value nested 100,000 deep', init: { method: 'POST', headers: JSON_TYPE, body: json({ query: `{ partnership(code: ${'['.repeat(100_000)}${']'.repeat(100_000)}) { code } }` }) } },
  { name: 'variables that are a string', init: { method: 'POST', headers: JSON_TYPE, body: json({ query: ADD_LINE, variables: 'line' }) }, status: 400 },
  { name: 'a required variable missing', init: { method: 'POST', headers: JSON_TYPE, body: json({ query: ADD_LINE, variables: {} }) }, status: 400 },
  { name: 'a variable of the wrong type', init: { method: 'POST', headers: JSON_TYPE, body: json({ query: ADD_LINE, variables: { line: { grade: 'Constable', fte: 'lots' } } }) }, status: 400 },
  { name: 'a number too large for Int', init: { method: 'POST', headers: JSON_TYPE, body: json({ query: 'mutation { removeEstablishmentLine(id: "1", expectedVersion: 99999999999) }' }) }, status: 400 },
  { name: 'an unknown enum value', init: { method: 'POST', headers: JSON_TYPE, body: json({ query: ADD_LINE, variables: { line: { grade: 'Constable', kind: 'WIZARD' } } }) }, status: 400 },
  { name: 'an operation name that is not in the document', init: { method: 'POST', headers: JSON_TYPE, body: json({ query: 'query A { partnerships { code } }', operationName: 'B' }) }, status: 400 },
  { name: 'two operations and no name', init: { method: 'POST', headers: JSON_TYPE, body: json({ query: 'query A { partnerships { code } } query B { partnerships { name } }' }) }, status: 400 },
  { name: 'a batched array', init: { method: 'POST', headers: JSON_TYPE, body: json([{ query: '{ partnerships { code } }' }, { query: '{ partnerships { name } }' }]) }, status: 400 },
  { name: 'a mutation by GET', init: { method: 'GET', headers: { 'apollo-require-preflight': 'true', accept: 'application/json' }, path: `/graphql?query=${encodeURIComponent('mutation { openFinancialYear(label: "2030/31") { label } }')}` }, status: 405 },
  { name: 'GET variables that are not JSON', init: { method: 'GET', headers: { 'apollo-require-preflight': 'true', accept: 'application/json' }, path: `/graphql?query=${encodeURIComponent('{ partnerships { code } }')}&variables=%7Bnope` }, status: 400 },
  { name: 'PUT', init: { method: 'PUT', headers: JSON_TYPE, body: json({ query: '{ partnerships { code } }' }) } },
  { name: 'an unknown path', init: { method: 'POST', headers: JSON_TYPE, body: '{}', path: '/graphql/../../etc/passwd' }, status: 404 },
  { name: 'a missing asset', init: { method: 'GET', path: '/assets/../../package.json' }, status: 404 },
];

const seen: string[] = [];
afterAll(() => console.log(`[reliability] bad requests over HTTP (status, case):\n${seen.join('\n')}`));
const LEAKS = /\n\s+at |node_modules|\.ts:\d+|stacktrace|SQLITE|select |insert into/i;

describe('bad requests over HTTP get a clean 4xx or GraphQL error, never a 5xx or a stack trace', () => {
  it.each(cases)('$name', async ({ init, status, name }) => {
    const { path = '/graphql', ...request } = init;
    const response = await fetch(`${base}${path}`, withToken(request));
    const body = await response.text();
    expect(response.status, `${name}: ${body.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
    expect(response.status, `${name}: ${body.slice(0, 300)}`).toBeLessThan(500);
    if (status) expect(response.status, `${name}: ${body.slice(0, 300)}`).toBe(status);
    expect(body).not.toMatch(LEAKS);
    seen.push(`${response.status} ${name}`);

    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
  });

  it('domain-invalid values are refused as BAD_USER_INPUT naming the field, over HTTP', async () => {
    for (const line of [{ grade: 'x', fte: -1 }, { grade: 'x', fte: 1e308 }, { grade: 'x', fte: 1, budget: 0.001 }, { grade: '\u0000'.repeat(300), fte: 1 }]) {
      const response = await fetch(`${base}/graphql`, withToken({ method: 'POST', headers: JSON_TYPE, body: json({ query: ADD_LINE, variables: { line } }) }));
      const body = (await response.json()) as { errors: { extensions: { code: string; field: string } }[] };
      expect(response.status).toBe(200);
      expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
      expect(body.errors[0].extensions.field).toMatch(/^line\./);
    }
  });

  it('kept answering, and logged no internal error', async () => {
    const response = await fetch(`${base}/graphql`, withToken({ method: 'POST', headers: JSON_TYPE, body: json({ query: '{ partnerships { code } }' }) }));
    expect(response.status).toBe(200);
    expect(((await response.json()) as { data: { partnerships: unknown[] } }).data.partnerships).toHaveLength(5);
    expect(logged).toEqual([]);
  });
});
