import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from './support/hub.js';

/** A hub on a fresh database listening on 127.0.0.1, with `access` settings. */
async function hubWith(access: Parameters<typeof startTestHub>[0] extends infer O ? (O extends { access?: infer A } ? A : never) : never) {
  const t = await startTestHub({ demo: false, access });
  return { t, base: `http://127.0.0.1:${await t.hub.listen(0, '127.0.0.1')}` };
}

const EVIL = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'evil.example.com', 'x-forwarded-for': '203.0.113.9' };

describe('headers', () => {
  let hub: { t: TestHub; base: string };
  beforeAll(async () => {
    hub = await hubWith({ publicUrl: 'https://hub.example.org' });
  });
  afterAll(() => hub.t.close());

  it('every page says Referrer-Policy: no-referrer, so /graphql?token=… never leaks in a Referer', async () => {
    const pages: [string, RequestInit?][] = [
      ['/graphql?token=iomh_secret', { headers: { accept: 'text/html' } }],
      ['/assets/graphiql.js'],
      ['/case-manager'],
      ['/addin/taskpane.html'],
      ['/addin/office-js/office.js'],
      ['/manifest.xml'],
      ['/healthz'],
      ['/'],
      ['/nowhere'],
      ['/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ viewer { role } }"}' }],
      ['/graphql', { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${hub.t.adminToken}` }, body: '{"query":"{ viewer { role } }"}' }],
    ];
    for (const [path, init] of pages) {
      const response = await fetch(`${hub.base}${path}`, { redirect: 'manual', ...init });
      expect(response.headers.get('referrer-policy'), `${init?.method ?? 'GET'} ${path} (${response.status})`).toBe('no-referrer');
    }
  });

  it('the manifest points at the configured address, whatever the request says', async () => {
    const xml = await (await fetch(`${hub.base}/manifest.xml`, { headers: EVIL })).text();
    expect(xml).toContain('https://hub.example.org/addin/taskpane.html');
    expect(xml).not.toContain('evil.example.com');
  });
});

describe('X-Forwarded-*', () => {
  it('is ignored from a client that is not a trusted proxy', async () => {
    const { t, base } = await hubWith({ trustedProxies: [] });
    try {
      const xml = await (await fetch(`${base}/manifest.xml`, { headers: EVIL })).text();
      expect(xml).not.toContain('evil.example.com');
      expect(xml).toContain(`${base.replace('127.0.0.1', '127.0.0.1')}/addin/taskpane.html`);
    } finally {
      await t.close();
    }
  });

  it('is believed from a proxy IOM_HUB_TRUSTED_PROXIES names', async () => {
    const { t, base } = await hubWith({ trustedProxies: ['127.0.0.1'] });
    try {
      const xml = await (await fetch(`${base}/manifest.xml`, { headers: { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'hub.example.org' } })).text();
      expect(xml).toContain('https://hub.example.org/addin/taskpane.html');
    } finally {
      await t.close();
    }
  });

  it('in production, no configured address means no manifest', async () => {
    const { t, base } = await hubWith({ production: true, publicUrl: null });
    try {
      const response = await fetch(`${base}/manifest.xml`);
      expect(response.status).toBe(503);
      expect(await response.text()).toMatch(/IOM_HUB_PUBLIC_URL/);
    } finally {
      await t.close();
    }
  });
});

describe('requests without a token', () => {
  it('are limited per client address, /healthz and refused tokens included; a token\'s requests are not counted there', async () => {
    const { t, base } = await hubWith({ anonymousRateLimitPerMinute: 5, trustedProxies: [] });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await fetch(`${base}/healthz`)).status);
      for (let i = 0; i < 2; i++) statuses.push((await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer iomh_guess' }, body: '{"query":"{ viewer { role } }"}' })).status);
      expect(statuses).toEqual([200, 200, 200, 401, 401]);
      // X-Forwarded-For from an untrusted client does not make a new address.
      const over = await fetch(`${base}/healthz`, { headers: { 'x-forwarded-for': '198.51.100.7' } });
      expect(over.status).toBe(429);
      expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await over.json()).errors[0].extensions.code).toBe('RATE_LIMITED');
      const withToken = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${t.adminToken}` }, body: '{"query":"{ viewer { role } }"}' });
      expect(withToken.status).toBe(200);
    } finally {
      await t.close();
    }
  });
});
