import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHub, type Hub, type HubOptions } from '../server/app.js';
import { Role } from '../server/access/role.js';
import { dataOf, startTestHub, type TestHub } from './support/hub.js';

/**
 * A POST to /graphql is dispatched to its handlers without Express's router (server/graphql-post.ts).
 * Every request must be answered exactly as through the router: the same status, headers (all but
 * Date) and body, for every finance report on every demo partnership and year, for each role, and for
 * every refusal and error: no token or a bad one, over the rate, bad JSON, too large, other media
 * types, CORS, over the query limits, invalid operations, and requests the direct path hands on.
 */
let t: TestHub;
const hubs: Hub[] = [];
const ALLOWED_ORIGIN = 'https://allowed.example';

async function listening(options: Partial<HubOptions>): Promise<string> {
  const hub = await createHub({ orm: t.orm, logError: () => {}, access: { corsOrigins: [ALLOWED_ORIGIN] }, ...options });
  hubs.push(hub);
  return `http://127.0.0.1:${await hub.listen(0, '127.0.0.1')}`;
}

let viaRouter: string;
let direct: string;
beforeAll(async () => {
  t = await startTestHub();
  viaRouter = await listening({ directPost: false });
  direct = await listening({});
});
afterAll(async () => {
  for (const hub of hubs) {
    hub.httpServer.closeAllConnections();
    await hub.stop();
  }
  await t.close();
});

interface Asked { method?: string; path?: string; headers?: Record<string, string>; body?: string }

async function answer(base: string, { method = 'POST', path = '/graphql', headers = {}, body }: Asked) {
  const response = await fetch(`${base}${path}`, { method, headers, body });
  const kept = [...response.headers].filter(([name]) => name !== 'date');
  return { status: response.status, headers: Object.fromEntries(kept), body: await response.text() };
}

/** The request asked of the hub through the router and of the one without it: the same answer. */
async function same(asked: Asked, label: string, bases: [string, string] = [viaRouter, direct]) {
  const before = await answer(bases[0], asked);
  const now = await answer(bases[1], asked);
  expect(now, label).toEqual(before);
  return now;
}

const report = (name: string) => readFileSync(join(import.meta.dirname, '..', 'schema', 'reports', `${name}.graphql`), 'utf8');
const examples = (name: string) => [...report(name).matchAll(/^# variables: (.*)$/gm)].map((m) => JSON.parse(m[1]) as Record<string, unknown>);
const json = (token: string, extra: Record<string, string> = {}) => ({ 'content-type': 'application/json', authorization: `Bearer ${token}`, ...extra });

describe('POST /graphql without the router', () => {
  it('answers every finance report on every demo partnership and year, for each role, exactly as through the router', async () => {
    const { partnerships, financialYears } = dataOf(await t.gql('{ partnerships { code } financialYears { label } }'));
    const [own] = partnerships as { code: string }[];
    const tokens = [t.adminToken, ...(await Promise.all([Role.FINANCE, Role.ANALYST, Role.BOARD, Role.CASE_MANAGER].map((role) => t.token(role, [own.code])))).map((issued) => issued.token)];
    let answered = 0;
    let refused = 0;
    for (const name of ['establishment', 'cost-share', 'funding-position', 'funding-risks', 'funding-streams'])
      for (const { code } of partnerships)
        for (const { label } of financialYears)
          for (const token of tokens) {
            const now = await same({ headers: json(token), body: JSON.stringify({ query: report(name), variables: { partnership: code, financialYear: label } }) }, `${name} ${code} ${label} ${token.slice(0, 12)}`);
            if (now.status === 200 && !now.body.includes('"errors"')) answered++;
            else refused++;
          }
    for (const variables of examples('scenario'))
      for (const token of tokens) {
        const now = await same({ headers: json(token), body: JSON.stringify({ query: report('scenario'), variables }) }, `scenario ${JSON.stringify(variables)}`);
        if (now.status === 200 && !now.body.includes('"errors"')) answered++;
      }
    expect(answered).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(100);
  });

  it('refuses, and answers errors and other requests, exactly as through the router', async () => {
    const query = JSON.stringify({ query: '{ partnerships { code } }' });
    const finance = (await t.token(Role.FINANCE, ['norfolk-suffolk'])).token;
    let deep = 'code';
    for (let i = 0; i < 12; i++) deep = `partnerships { ${deep} }`;
    const cases: [string, Asked][] = [
      ['no token', { headers: { 'content-type': 'application/json' }, body: query }],
      ['a bad token', { headers: json('iom_not_a_token_0000000000000000000000000000'), body: query }],
      ['not a bearer token', { headers: { 'content-type': 'application/json', authorization: 'Basic abc' }, body: query }],
      ['bad JSON', { headers: json(t.adminToken), body: '{ "query": ' }],
      ['an empty body', { headers: json(t.adminToken), body: '' }],
      ['no content type', { headers: { authorization: `Bearer ${t.adminToken}` }, body: query }],
      ['text/plain', { headers: json(t.adminToken, { 'content-type': 'text/plain' }), body: query }],
      ['an unknown charset', { headers: json(t.adminToken, { 'content-type': 'application/json; charset=latin9' }), body: query }],
      ['an unknown encoding', { headers: json(t.adminToken, { 'content-encoding': 'snappy' }), body: query }],
      ['over the body limit', { headers: json(finance), body: JSON.stringify({ query: `{ partnerships { code } } #${'x'.repeat(1_100_000)}` }) }],
      ['graphql-response+json', { headers: json(t.adminToken, { accept: 'application/graphql-response+json' }), body: query }],
      ['graphql-response+json, a validation error', { headers: json(t.adminToken, { accept: 'application/graphql-response+json' }), body: JSON.stringify({ query: '{ nothing }' }) }],
      ['an accept of nothing served', { headers: json(t.adminToken, { accept: 'image/png' }), body: query }],
      ['accept text/html', { headers: json(t.adminToken, { accept: 'text/html' }), body: query }],
      ['a validation error', { headers: json(finance), body: JSON.stringify({ query: '{ nothing }' }) }],
      ['a syntax error', { headers: json(finance), body: JSON.stringify({ query: '{ partnerships { ' }) }],
      ['too deep', { headers: json(finance), body: JSON.stringify({ query: `{ ${deep} }` }) }],
      ['too many tokens', { headers: json(finance), body: JSON.stringify({ query: `{ ${'partnerships { code } '.repeat(600)} }` }) }],
      ['no query', { headers: json(finance), body: JSON.stringify({ variables: {} }) }],
      ['batched', { headers: json(finance), body: JSON.stringify([{ query: '{ partnerships { code } }' }]) }],
      ['variables of the wrong type', { headers: json(finance), body: JSON.stringify({ query: report('establishment'), variables: { partnership: 3, financialYear: '2015/16' } }) }],
      ['a refused mutation', { headers: json(finance), body: JSON.stringify({ query: 'mutation { revokeToken(id: 1) }' }) }],
      ['an allowed origin', { headers: json(t.adminToken, { origin: ALLOWED_ORIGIN }), body: query }],
      ['another origin', { headers: json(t.adminToken, { origin: 'https://elsewhere.example' }), body: query }],
      ['a preflight from another origin', { method: 'OPTIONS', headers: { origin: 'https://elsewhere.example' } }],
      ['a preflight from an allowed origin', { method: 'OPTIONS', headers: { origin: ALLOWED_ORIGIN, 'access-control-request-method': 'POST' } }],
      ['a query string', { path: '/graphql?x=1', headers: json(finance), body: query }],
      ['a trailing slash', { path: '/graphql/', headers: json(finance), body: query }],
      ['another path', { path: '/graphq', headers: json(finance), body: query }],
      ['a GET', { method: 'GET', path: `/graphql?query=${encodeURIComponent('{ partnerships { code } }')}`, headers: { authorization: `Bearer ${finance}` } }],
      ['a PUT', { method: 'PUT', headers: json(finance), body: query }],
    ];
    const statuses = new Set<number>();
    for (const [label, asked] of cases) statuses.add((await same(asked, label)).status);
    expect([...statuses].sort()).toEqual(expect.arrayContaining([200, 204, 400, 401, 403, 404, 413, 415]));
  });

  it('counts a token\'s requests against its rate as through the router, and refuses the one over it alike', async () => {
    const bases: [string, string] = [await listening({ directPost: false, access: { rateLimitPerMinute: 3 } }), await listening({ access: { rateLimitPerMinute: 3 } })];
    const { token } = await t.token(Role.FINANCE, ['norfolk-suffolk']);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await same({ headers: json(token), body: JSON.stringify({ query: '{ partnerships { code } }' }) }, `request ${i + 1}`, bases)).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
  });
});
