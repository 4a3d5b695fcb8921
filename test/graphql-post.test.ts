import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHub, type Hub, type HubOptions } from '../server/app.js';
import { Role } from '../server/access/role.js';
import { directAnswerCounts } from '../server/direct-answers.js';
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
/** Without the router, every query through Apollo: no direct answers. */
let viaApollo: string;
beforeAll(async () => {
  t = await startTestHub();
  viaRouter = await listening({ directPost: false });
  direct = await listening({});
  viaApollo = await listening({ directAnswers: false });
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

/**
 * A finance report's plain fields answered without Apollo and graphql-js once its query text is
 * known (server/direct-answers.ts): the same status, headers but Date, and body as Apollo gives, and
 * anything unusual handed on to Apollo.
 */
describe('a finance report answered directly', () => {
  /** Asked of Apollo and of the direct hub: the same answer; `directly`: whether the direct hub answered it without Apollo. */
  async function sameAsApollo(asked: Asked, label: string, directly: boolean) {
    const before = directAnswerCounts.answered;
    const now = await same(asked, label, [viaApollo, direct]);
    expect(directAnswerCounts.answered - before, `${label}: answered directly`).toBe(directly ? 1 : 0);
    return now;
  }

  it('answers every finance report on every demo partnership and year, for each role, as Apollo does, most of them directly', async () => {
    const { partnerships, financialYears } = dataOf(await t.gql('{ partnerships { code } financialYears { label } }'));
    const [own] = partnerships as { code: string }[];
    const tokens = [t.adminToken, ...(await Promise.all([Role.FINANCE, Role.ANALYST, Role.BOARD, Role.CASE_MANAGER].map((role) => t.token(role, [own.code])))).map((issued) => issued.token)];
    const before = directAnswerCounts.answered;
    let answered = 0;
    let asked = 0;
    const ask = async (body: string, label: string) => {
      asked++;
      const now = await same({ headers: json(t.adminToken), body }, label, [viaApollo, direct]);
      for (const token of tokens) {
        const other = await same({ headers: json(token), body }, `${label} ${token.slice(0, 12)}`, [viaApollo, direct]);
        asked++;
        if (other.status === 200 && !other.body.includes('"errors"')) answered++;
      }
      return now;
    };
    for (const name of ['establishment', 'cost-share', 'funding-position', 'funding-risks', 'funding-streams'])
      for (const { code } of partnerships)
        for (const { label } of financialYears) await ask(JSON.stringify({ query: report(name), variables: { partnership: code, financialYear: label } }), `${name} ${code} ${label}`);
    for (const variables of examples('scenario')) await ask(JSON.stringify({ query: report('scenario'), variables }), `scenario ${JSON.stringify(variables)}`);
    const directly = directAnswerCounts.answered - before;
    expect(answered).toBeGreaterThan(100);
    // Every answer without errors but each text's first (which Apollo plans) was made directly.
    expect(directly).toBeGreaterThan(answered * 0.9);
    expect(directly).toBeLessThan(asked);
  });

  it('answers aliases, __typename, another order of fields and the Accept headers Apollo answers alike, directly', async () => {
    const variables = { partnership: 'norfolk-suffolk', financialYear: '2014/15' };
    const texts = [
      'query E($partnership: String!, $financialYear: String!) { e: establishment(partnership: $partnership, financialYear: $financialYear) { __typename budget: totalBudget lines { fte __typename grade employingAgency { __typename name } } totalFte } }',
      'query ($partnership: String!, $financialYear: String!) { fundingRisks(partnership: $partnership, financialYear: $financialYear) { exposure title } }',
      '{ costShare(partnership: "norfolk-suffolk", financialYear: "2014/15") { shares { contribution agency } total status } }',
    ];
    for (const query of texts) {
      const body = JSON.stringify({ query, variables });
      await sameAsApollo({ headers: json(t.adminToken), body }, `${query} (planned)`, false);
      const now = await sameAsApollo({ headers: json(t.adminToken), body }, query, true);
      expect(now.status).toBe(200);
    }
    const body = JSON.stringify({ query: texts[0], variables, operationName: 'E' });
    for (const accept of ['application/json', '*/*', 'application/graphql-response+json', 'application/graphql-response+json, application/json;q=0.9', 'text/html, */*;q=0.1'])
      await sameAsApollo({ headers: json(t.adminToken, { accept }), body }, `accept ${accept}`, true);
    await sameAsApollo({ headers: json(t.adminToken, { 'content-type': 'application/json; charset=utf-8', origin: ALLOWED_ORIGIN }), body }, 'charset and origin', true);
  });

  it('hands anything unusual to Apollo, which answers it as before', async () => {
    const finance = (await t.token(Role.FINANCE, ['norfolk-suffolk'])).token;
    const caseManager = (await t.token(Role.CASE_MANAGER, ['norfolk-suffolk'])).token;
    const query = report('establishment');
    const variables = { partnership: 'norfolk-suffolk', financialYear: '2014/15' };
    const body = (extra: Record<string, unknown> = {}) => JSON.stringify({ query, variables, ...extra });
    await same({ headers: json(finance), body: body() }, 'planned', [viaApollo, direct]);
    await sameAsApollo({ headers: json(finance), body: body() }, 'the report', true);
    const cases: [string, Asked][] = [
      ['a case manager, refused', { headers: json(caseManager), body: body() }],
      ['another partnership', { headers: json(finance), body: body({ variables: { ...variables, partnership: 'barnet' } }) }],
      ['an unknown partnership', { headers: json(finance), body: body({ variables: { ...variables, partnership: 'nowhere' } }) }],
      ['an unknown year', { headers: json(finance), body: body({ variables: { ...variables, financialYear: '1990/91' } }) }],
      ['a NUL in an argument', { headers: json(finance), body: body({ variables: { ...variables, partnership: 'norfolk\u0000' } }) }],
      ['a variable missing', { headers: json(finance), body: body({ variables: { partnership: 'norfolk-suffolk' } }) }],
      ['a variable of the wrong type', { headers: json(finance), body: body({ variables: { ...variables, financialYear: 2014 } }) }],
      ['no variables', { headers: json(finance), body: body({ variables: null }) }],
      ['variables as a string', { headers: json(finance), body: body({ variables: JSON.stringify(variables) }) }],
      ['another operation name', { headers: json(finance), body: body({ operationName: 'Other' }) }],
      ['an operation name not a string', { headers: json(finance), body: body({ operationName: 3 }) }],
      ['extensions', { headers: json(finance), body: body({ extensions: { note: 'x' } }) }],
      ['text/plain', { headers: json(finance, { 'content-type': 'text/plain' }), body: body() }],
      ['an Accept of nothing served', { headers: json(finance, { accept: 'image/png' }), body: body() }],
      ['the callback media type', { headers: json(finance, { accept: 'application/json; callbackSpec=1.0' }), body: body() }],
      ['graphql-response+json, a refusal', { headers: json(caseManager, { accept: 'application/graphql-response+json' }), body: body() }],
      ['a query string', { path: '/graphql?x=1', headers: json(finance), body: body() }],
    ];
    for (const [label, asked] of cases) await sameAsApollo(asked, label, false);
    // Explained answers (asked, or for a workbook's binding): their time of reading aside, as Apollo gives them.
    for (const [label, asked] of [
      ['explain', { headers: json(finance), body: body({ extensions: { explain: true } }) }],
      ['the lineage headers', { headers: json(finance, { 'x-iom-workbook': 'wb-1', 'x-iom-binding': 'b-1' }), body: body() }],
    ] as const) {
      const before = directAnswerCounts.answered;
      const [apollo, now] = [await answer(viaApollo, asked), await answer(direct, asked)];
      const timeless = (text: string) => text.replace(/"dataAsAt":"[^"]*"/, '');
      expect({ ...now, body: timeless(now.body) }, label).toEqual({ ...apollo, body: timeless(apollo.body) });
      expect(now.body, label).toContain('"iomHub"');
      expect(directAnswerCounts.answered, label).toBe(before);
    }
    for (const [label, text] of [
      ['a fragment', 'query ($partnership: String!, $financialYear: String!) { establishment(partnership: $partnership, financialYear: $financialYear) { ...F } } fragment F on Establishment { totalFte }'],
      ['a directive', 'query ($partnership: String!, $financialYear: String!) { establishment(partnership: $partnership, financialYear: $financialYear) { totalFte @include(if: true) } }'],
      ['two reports', 'query ($partnership: String!, $financialYear: String!) { establishment(partnership: $partnership, financialYear: $financialYear) { totalFte } costShare(partnership: $partnership, financialYear: $financialYear) { total } }'],
      ['a field with an argument', 'query ($partnership: String!, $financialYear: String!) { fundingPosition(partnership: $partnership, financialYear: $financialYear) { gap parts(figure: GAP) { figure } } }'],
      ['not a finance report', '{ partnerships { code } }'],
      ['a text too long to plan', `${query}\n# ${'x'.repeat(5000)}`],
    ] as const)
      for (const round of ['planned', 'again']) await sameAsApollo({ headers: json(finance), body: JSON.stringify({ query: text, variables }) }, `${label} (${round})`, false);
  });
});
