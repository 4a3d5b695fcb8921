import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from './support/hub.js';

/** The token look-up is cached for a moment (server/access/token.service.ts); a revocation must still bite at once. */
let t: TestHub;
let base: string;

beforeAll(async () => {
  t = await startTestHub();
  base = `http://127.0.0.1:${await t.hub.listen(0, '127.0.0.1')}`;
});
afterAll(() => t.close());
afterEach(() => {
  delete process.env.IOM_HUB_TOKEN_CACHE_MS;
});

const viewer = (token: string) =>
  fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query: '{ viewer { role partnerships } }' }) });

describe('the token cache', () => {
  it('forgets a token revoked through the API at once, however long its entries live', async () => {
    process.env.IOM_HUB_TOKEN_CACHE_MS = '600000';
    const finance = await t.token('FINANCE', ['norfolk-suffolk']);
    for (let i = 0; i < 3; i++) expect((await (await viewer(finance.token)).json()).data.viewer).toEqual({ role: 'FINANCE', partnerships: ['norfolk-suffolk'] });
    const revoked = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${t.adminToken}` },
      body: JSON.stringify({ query: `mutation { revokeAccessToken(id: "${finance.id}") { revokedAt } }` }),
    });
    expect((await revoked.json()).data.revokeAccessToken.revokedAt).toBeTruthy();
    expect((await viewer(finance.token)).status).toBe(401);
    // Other tokens keep working (read again after the change).
    expect((await viewer(t.adminToken)).status).toBe(200);
  });

  it('keeps a token for at most its entries\' life when another process revokes it behind the hub\'s back', async () => {
    process.env.IOM_HUB_TOKEN_CACHE_MS = '1500';
    const finance = await t.token('FINANCE', ['norfolk-suffolk']);
    expect((await viewer(finance.token)).status).toBe(200);
    // As `npx iom-hub token revoke` does from another process: straight to the database, this process not told.
    await t.orm.em.getConnection().execute('UPDATE access_token SET revoked_at = ? WHERE id = ?', [new Date().toISOString(), finance.id]);
    const cachedUntil = Date.now() + 1500;
    const answered = (await viewer(finance.token)).status;
    // Served from the cache (the look-up is what the cache saves) unless the machine was slow enough for the entry to lapse.
    if (Date.now() < cachedUntil - 200) expect(answered).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, cachedUntil - Date.now()) + 50));
    expect((await viewer(finance.token)).status).toBe(401);
  });

  it('can be turned off (IOM_HUB_TOKEN_CACHE_MS=0): every request looks the token up', async () => {
    process.env.IOM_HUB_TOKEN_CACHE_MS = '0';
    const finance = await t.token('FINANCE', ['norfolk-suffolk']);
    expect((await viewer(finance.token)).status).toBe(200);
    await t.orm.em.getConnection().execute('UPDATE access_token SET revoked_at = ? WHERE id = ?', [new Date().toISOString(), finance.id]);
    expect((await viewer(finance.token)).status).toBe(401);
  });
});
