import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadReportLibrary } from '../server/reports/report-library.js';
import { startTestHub, type TestHub } from './support/hub.js';

let t: TestHub;
let base: string;

beforeAll(async () => {
  t = await startTestHub({ access: { rateLimitPerMinute: 40, corsOrigins: ['https://excel.example.org'] } });
  base = `http://127.0.0.1:${await t.hub.listen(0, '127.0.0.1')}`;
});
afterAll(() => t.close());

function post(query: string, token?: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) {
  return fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: JSON.stringify({ query, variables }),
  });
}

const UNAUTHENTICATED = { errors: [{ message: 'A valid token is needed: send Authorization: Bearer <token> (ask an administrator for one).', extensions: { code: 'UNAUTHENTICATED' } }] };

describe('tokens', () => {
  it('are needed for every request, and a missing, unknown, expired or revoked one gets the same 401', async () => {
    const expired = await t.token('FINANCE', ['norfolk-suffolk'], '2020-01-01');
    const revoked = await t.token('FINANCE', ['norfolk-suffolk']);
    await t.gql('mutation ($id: ID!) { revokeAccessToken(id: $id) { id } }', { id: String(revoked.id) });
    for (const token of [undefined, 'iomh_not-a-token', expired.token, revoked.token]) {
      const response = await post('{ partnerships { code } }', token);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(await response.json()).toEqual(UNAUTHENTICATED);
    }
    const basic = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Basic YWRtaW46YWRtaW4=' }, body: '{"query":"{ reports { name } }"}' });
    expect(basic.status).toBe(401);
    expect((await fetch(`${base}/graphql?query=%7Breports%7Bname%7D%7D`, { headers: { 'apollo-require-preflight': 'true' } })).status).toBe(401);
    expect((await fetch(`${base}/anything-else`)).status).toBe(401);
  });

  it('are not needed for the health check, the query editor and case managers\' pages, their assets or the add-in files', async () => {
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/graphql`, { headers: { accept: 'text/html' } })).status).toBe(200);
    expect((await fetch(`${base}/assets/graphiql.js`)).status).toBe(200);
    for (const path of ['/case-manager', '/assets/case-manager.js']) expect((await fetch(`${base}${path}`)).status, path).toBe(200);
    for (const path of ['/manifest.xml', '/addin/taskpane.html']) expect((await fetch(`${base}${path}`)).status, path).not.toBe(401);
  });

  it('are issued by an admin, shown once, and work at once for their role and partnerships', async () => {
    const issued = await (await post('mutation { createAccessToken(input: { role: FINANCE, partnerships: ["thurrock"], expires: "2099-12-31", label: "Thurrock finance" }) { token accessToken { id role partnerships expiresAt label } } }', t.adminToken)).json();
    const { token, accessToken } = issued.data.createAccessToken;
    expect(token).toMatch(/^iomh_/);
    expect(accessToken).toMatchObject({ role: 'FINANCE', partnerships: ['thurrock'], expiresAt: '2100-01-01T00:00:00.000Z', label: 'Thurrock finance' });
    const viewer = await (await post('{ viewer { role partnerships suppressCountsBelow countsRoundedTo } partnerships { code } }', token)).json();
    expect(viewer.data).toEqual({ viewer: { role: 'FINANCE', partnerships: ['thurrock'], suppressCountsBelow: 0, countsRoundedTo: 1 }, partnerships: [{ code: 'thurrock' }] });
    const listed = await (await post('{ accessTokens { id label } }', t.adminToken)).json();
    expect(JSON.stringify(listed)).not.toContain(token);
    expect(JSON.stringify(listed)).not.toMatch(/hash/);
    await post(`mutation { revokeAccessToken(id: "${accessToken.id}") { revokedAt } }`, t.adminToken);
    expect((await post('{ viewer { role } }', token)).status).toBe(401);
  });

  it('are refused to anyone but an admin, and a token for a partnership that does not exist is refused', async () => {
    const finance = await t.token('FINANCE', ['norfolk-suffolk']);
    const refused = await (await post('mutation { createAccessToken(input: { role: ADMIN }) { token } }', finance.token)).json();
    expect(refused.errors[0]).toMatchObject({ message: 'A finance token may not use createAccessToken.', extensions: { code: 'FORBIDDEN' } });
    const unknown = await (await post('mutation { createAccessToken(input: { role: BOARD, partnerships: ["atlantis"] }) { token } }', t.adminToken)).json();
    expect(unknown.errors[0]).toMatchObject({ message: 'input.partnerships[0]: there is no partnership "atlantis".', extensions: { code: 'BAD_USER_INPUT' } });
    const none = await (await post('mutation { createAccessToken(input: { role: BOARD }) { token } }', t.adminToken)).json();
    expect(none.errors[0].message).toBe('input.partnerships: a board token needs at least one partnership.');
  });

  it('say that a board token sees counts rounded to base 5, so never a count from 1 to 4', async () => {
    const board = await t.token('BOARD', ['norfolk-suffolk']);
    const viewer = await (await post('{ viewer { role suppressCountsBelow countsRoundedTo } }', board.token)).json();
    expect(viewer.data.viewer).toEqual({ role: 'BOARD', suppressCountsBelow: 5, countsRoundedTo: 5 });
  });
});

describe('the saved reports', () => {
  it.each(loadReportLibrary().map((report) => [report.name, report] as const))('%s runs with a finance token for the partnership it names, and a board token', async (_name, report) => {
    const variables = JSON.parse(report.variables);
    const partnership = variables.partnership ?? variables.input?.partnership ?? 'norfolk-suffolk';
    for (const role of ['FINANCE', 'BOARD'] as const) {
      const { token } = await t.token(role, [partnership]);
      const response = await post(report.query, token, variables);
      const body = await response.json();
      expect(body.errors, `${report.name} as ${role}`).toBeUndefined();
      expect(response.status).toBe(200);
    }
  });

  it('with a finance token for norfolk-suffolk, each report on norfolk-suffolk data', async () => {
    const { token } = await t.token('FINANCE', ['norfolk-suffolk']);
    for (const report of loadReportLibrary()) {
      const variables = JSON.parse(report.variables);
      if (variables.partnership) variables.partnership = 'norfolk-suffolk';
      if (variables.input?.partnership) Object.assign(variables.input, { partnership: 'norfolk-suffolk', financialYear: '2014/15', caseload: null, ratios: [{ grade: 'Police officer', fte: 1, perNominals: 40 }, { grade: 'Offender manager', fte: 1, perNominals: 40 }], costShare: null });
      const body = await (await post(report.query, token, variables)).json();
      expect(body.errors, report.name).toBeUndefined();
    }
  });
});

describe('over HTTP', () => {
  it('limits each token to its budget of requests a minute, with Retry-After', async () => {
    const { token } = await t.token('ANALYST', ['norfolk-suffolk']);
    const statuses: number[] = [];
    for (let i = 0; i < 41; i++) statuses.push((await post('{ viewer { role } }', token)).status);
    expect(statuses.slice(0, 40).every((status) => status === 200)).toBe(true);
    const refused = await post('{ viewer { role } }', token);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await refused.json()).errors[0].extensions.code).toBe('RATE_LIMITED');
    expect((await post('{ viewer { role } }', t.adminToken)).status).toBe(200);
  });

  it('answers CORS only for the configured origins', async () => {
    const preflight = (origin: string) =>
      fetch(`${base}/graphql`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' } });
    const allowed = await preflight('https://excel.example.org');
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://excel.example.org');
    expect(allowed.headers.get('access-control-allow-headers')).toMatch(/authorization/);
    const other = await preflight('https://evil.example.com');
    expect(other.status).toBe(403);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const simple = await post('{ viewer { role } }', t.adminToken, undefined, { origin: 'https://evil.example.com' });
    expect(simple.headers.get('access-control-allow-origin')).toBeNull();
  });
});
