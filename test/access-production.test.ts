import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootHub, type BootedHub } from '../bench/boot-hub.js';

const ADMIN_TOKEN = 'iomh_production-admin-token-for-the-defaults-test-0123456789';
const dirs: string[] = [];
const scratch = () => {
  const dir = mkdtempSync(join(tmpdir(), 'iom-hub-boot-'));
  dirs.push(dir);
  return `sqlite:${join(dir, 'hub.sqlite')}`;
};
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** As a client that takes application/graphql-response+json: a refused request keeps its 4xx status. */
function gql(base: string, token: string, query: string, variables?: Record<string, unknown>) {
  return fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
}
const json = async (response: Response) => ({ status: response.status, body: await response.json() });

describe('with NODE_ENV=production', () => {
  let hub: BootedHub;
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    hub = await bootHub({ NODE_ENV: 'production', DATABASE_URL: scratch(), IOM_HUB_ADMIN_TOKEN: ADMIN_TOKEN, IOM_HUB_RATE_LIMIT: '30', IOM_HUB_CORS_ORIGINS: 'https://excel.example.org' });
    await gql(hub.base, ADMIN_TOKEN, 'mutation { addPartnership(input: { code: "prod", name: "Production" }) { code } }');
    for (const role of ['FINANCE', 'ANALYST', 'BOARD', 'CASE_MANAGER']) {
      const { body } = await json(await gql(hub.base, ADMIN_TOKEN, `mutation { createAccessToken(input: { role: ${role}, partnerships: ["prod"] }) { token } }`));
      tokens[role] = body.data.createAccessToken.token;
    }
  }, 60_000);
  afterAll(() => hub?.stop());

  it('loads no demo data and prints no demo tokens, but makes the admin token from IOM_HUB_ADMIN_TOKEN', async () => {
    expect(hub.output()).toContain('admin token from IOM_HUB_ADMIN_TOKEN created');
    expect(hub.output()).not.toMatch(/demo tokens|iomh_/);
    const { body } = await json(await gql(hub.base, ADMIN_TOKEN, '{ partnerships { code } }'));
    expect(body.data.partnerships).toEqual([{ code: 'prod' }]);
  });

  it('opens introspection to analyst and admin tokens only', async () => {
    const query = '{ __schema { queryType { name } } }';
    for (const role of ['ANALYST']) expect((await json(await gql(hub.base, tokens[role], query))).body.data.__schema.queryType.name).toBe('Query');
    expect((await json(await gql(hub.base, ADMIN_TOKEN, query))).body.data.__schema.queryType.name).toBe('Query');
    for (const role of ['FINANCE', 'BOARD', 'CASE_MANAGER']) {
      const { status, body } = await json(await gql(hub.base, tokens[role], '{ __type(name: "Partnership") { fields { name } } }'));
      expect(status).toBe(403);
      expect(body).toEqual({ errors: [{ message: 'Introspection is open to analyst and admin tokens only.', extensions: { code: 'FORBIDDEN' } }] });
    }
    expect((await json(await gql(hub.base, tokens.FINANCE, '{ __typename partnerships { code } }'))).body.data.__typename).toBe('Query');
  });

  it('suggests no names and shows no stack trace in errors', async () => {
    const { body } = await json(await gql(hub.base, tokens.FINANCE, '{ partnership(code: "prod") { nam } partnershps { code } }'));
    expect(body.errors.length).toBe(2);
    for (const error of body.errors) {
      expect(error.message).not.toMatch(/Did you mean/);
      expect(error.extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED' });
    }
    const enumError = (await json(await gql(hub.base, ADMIN_TOKEN, 'mutation { createAccessToken(input: { role: ADMIM }) { token } }'))).body.errors[0];
    expect(enumError.message).not.toMatch(/Did you mean/);
    expect(JSON.stringify(enumError)).not.toMatch(/stacktrace|\bat \S+\.(ts|js)/);
  });

  it('prevents CSRF: what a page on another site can send without a preflight (no Authorization header, a form post) is refused', async () => {
    const get = await fetch(`${hub.base}/graphql?query=${encodeURIComponent('{ viewer { role } }')}`, { headers: { accept: 'application/json' } });
    expect(get.status).toBe(401);
    const form = await fetch(`${hub.base}/graphql`, { method: 'POST', headers: { 'content-type': 'text/plain', authorization: `Bearer ${ADMIN_TOKEN}` }, body: '{"query":"{ viewer { role } }"}' });
    expect(form.status).toBe(400);
    const withToken = await fetch(`${hub.base}/graphql?query=${encodeURIComponent('{ viewer { role } }')}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(withToken.status).toBe(200);
  });

  it('limits the request body and refuses batches', async () => {
    const big = await gql(hub.base, tokens.FINANCE, `{ viewer { role } } #${'x'.repeat(1_100_000)}`);
    expect(big.status).toBe(413);
    const batch = await fetch(`${hub.base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` }, body: JSON.stringify([{ query: '{ viewer { role } }' }, { query: '{ viewer { role } }' }]) });
    expect(batch.status).toBe(400);
  });

  it('answers CORS for its own origin and the configured ones only', async () => {
    const preflight = (origin: string) => fetch(`${hub.base}/graphql`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST' } });
    expect((await preflight('https://excel.example.org')).headers.get('access-control-allow-origin')).toBe('https://excel.example.org');
    expect((await preflight(hub.base)).headers.get('access-control-allow-origin')).toBe(hub.base);
    const evil = await preflight('https://evil.example.com');
    expect(evil.status).toBe(403);
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('limits each token\'s requests a minute', async () => {
    const { body } = await json(await gql(hub.base, ADMIN_TOKEN, 'mutation { createAccessToken(input: { role: BOARD, partnerships: ["prod"] }) { token } }'));
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await gql(hub.base, body.data.createAccessToken.token, '{ viewer { role } }')).status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(30);
    expect(statuses.at(-1)).toBe(429);
  });
});

describe('demo mode (npm start on a fresh database)', () => {
  it('prints one token per role once, each works for its role, and a production start revokes them all', async () => {
    const databaseUrl = scratch();
    const first = await bootHub({ DATABASE_URL: databaseUrl });
    let printed: Record<string, string> = {};
    try {
      printed = Object.fromEntries([...first.output().matchAll(/^\s+([a-z-]+)\s+(iomh_\S+)/gm)].map((m) => [m[1], m[2]]));
      expect(Object.keys(printed).sort()).toEqual(['admin', 'analyst', 'board', 'case-manager', 'finance']);
      const finance = (await json(await gql(first.base, printed.finance, '{ viewer { role partnerships } costShare(partnership: "norfolk-suffolk", financialYear: "2014/15") { total } }'))).body;
      expect(finance.data).toEqual({ viewer: { role: 'FINANCE', partnerships: ['norfolk-suffolk'] }, costShare: { total: 1_023_944 } });
      const board = (await json(await gql(first.base, printed.board, 'mutation { addHub(partnership: "norfolk-suffolk", name: "X") { name } }'))).body;
      expect(board.errors[0].extensions.code).toBe('FORBIDDEN');
      const admin = (await json(await gql(first.base, printed.admin, '{ partnerships { code } }'))).body;
      expect(admin.data.partnerships).toHaveLength(5);
    } finally {
      await first.stop();
    }
    const second = await bootHub({ DATABASE_URL: databaseUrl });
    try {
      expect(second.output()).not.toMatch(/iomh_/);
      expect((await gql(second.base, printed.board, '{ viewer { role } }')).status).toBe(200);
    } finally {
      await second.stop();
    }
    // The same database started in production: every demo token printed before stops working, and the log says so.
    const production = await bootHub({ DATABASE_URL: databaseUrl, NODE_ENV: 'production' });
    try {
      expect(production.output()).toMatch(/revoked 5 demo tokens/);
      for (const [role, token] of Object.entries(printed)) expect((await gql(production.base, token, '{ viewer { role } }')).status, role).toBe(401);
    } finally {
      await production.stop();
    }
  }, 120_000);
});
