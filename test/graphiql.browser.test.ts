import { existsSync, mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { Role } from '../server/access/role.js';
import { startTestHub, type TestHub } from './support/hub.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
// In CI a missing browser is a failure, not a skip: .ci/run installs Debian's chromium.
const maybe = haveChromium || process.env.CI === 'true' ? describe : describe.skip;

maybe('GraphiQL in a real browser', () => {
  let t: TestHub;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    t = await startTestHub();
    base = `http://127.0.0.1:${await t.hub.listen(0, '127.0.0.1')}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('opens with the saved reports, runs one, and loads nothing from another host', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const requested: string[] = [];
    page.on('request', (request) => requested.push(request.url()));
    await page.goto(`${base}/graphql?token=${t.adminToken}`);
    await page.locator('.graphiql-tab').first().waitFor();
    expect(await page.locator('.graphiql-tab').count()).toBeGreaterThanOrEqual(7);
    await page.locator('.graphiql-tab', { hasText: 'CostShare' }).click();
    await page.locator('.graphiql-execute-button').click();
    await page.locator('.result-window', { hasText: '578528.36' }).waitFor({ timeout: 15_000 });
    const result = await page.locator('.result-window').innerText();
    expect(result).toContain('445415.64');
    mkdirSync('test/artifacts', { recursive: true });
    await page.screenshot({ path: 'test/artifacts/graphiql.png' });
    expect(page.url()).toBe(`${base}/graphql`);
    const foreign = requested.filter((url) => !url.startsWith(base) && !url.startsWith('data:'));
    expect(foreign).toEqual([]);
  });

  it('opens each tab on a partnership the token can see, and its example runs', async () => {
    const { token } = await t.token(Role.BOARD, ['norfolk-suffolk']);
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${base}/graphql?token=${token}`);
    await page.locator('.graphiql-tab', { hasText: 'CohortSnapshot' }).click();
    await page.locator('.graphiql-editor-tool', { hasText: 'norfolk-suffolk' }).first().waitFor({ timeout: 15_000 });
    await page.locator('.graphiql-execute-button').click();
    await page.locator('.result-window', { hasText: '"total"' }).waitFor({ timeout: 15_000 });
    expect(await page.locator('.result-window').innerText()).not.toContain('"errors"');
  });
});
