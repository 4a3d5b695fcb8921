/**
 * The task pane in headless Chromium for a test: the real hub on the demo data, the real built
 * pane, and a fake Office host (an in-memory workbook) served in place of office.js. Records the
 * Authorization header of each GraphQL request and any request that tried to leave the hub.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { startTestHub, type TestHub } from './hub.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && process.env.CI === 'true') throw new Error(`Chromium is not installed at ${CHROMIUM}; CI must run the browser test (apt-get install chromium).`);

export interface Pane {
  t: TestHub;
  base: string;
  browser: Browser;
  page: Page;
  /** A finance officer's token for norfolk-suffolk, typed into the pane as a person would. */
  token: string;
  authorization: string[];
  offsite: string[];
  /** The fake Office host as a script to serve in place of office.js. */
  officeJs: string;
  close(): Promise<void>;
}

export async function openPane(): Promise<Pane> {
  if (!existsSync('dist/addin/taskpane.js')) throw new Error('Build the add-in first (npm run build; npm test does it).');
  const t = await startTestHub();
  const token = (await t.token('FINANCE', ['norfolk-suffolk'])).token;
  const base = `http://127.0.0.1:${await t.hub.listen(0, '127.0.0.1')}`;
  const host = await build({ entryPoints: ['test/support/fake-office-host.ts'], bundle: true, write: false, format: 'iife', platform: 'browser', target: 'es2020', logLevel: 'silent' });
  const officeJs = host.outputFiles[0].text;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'] });
  const page = await browser.newPage({ viewport: { width: 320, height: 1000 } });
  const authorization: string[] = [];
  const offsite: string[] = [];
  await page.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.origin !== base) {
      if (url.hostname !== '127.0.0.1') offsite.push(url.href);
      return route.abort();
    }
    if (url.pathname === '/addin/office-js/office.js') return route.fulfill({ contentType: 'application/javascript', body: officeJs });
    if (url.pathname === '/graphql' && route.request().method() === 'POST') authorization.push(route.request().headers().authorization ?? '');
    return route.continue();
  });
  await page.goto(`${base}/addin/taskpane.html`);
  return {
    t,
    base,
    browser,
    page,
    token,
    authorization,
    offsite,
    officeJs,
    async close() {
      await browser.close();
      await t.close();
    },
  };
}

/** The pane as it is now, at the narrowest (320 px) and a common (450 px) task pane width, under test/artifacts/; nothing may scroll the page sideways. */
export async function shoot(page: Page, state: string): Promise<void> {
  mkdirSync('test/artifacts', { recursive: true });
  for (const width of [320, 450]) {
    await page.setViewportSize({ width, height: 1000 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), `${state} at ${width} px scrolls sideways`).toBe(0);
    await page.screenshot({ path: `test/artifacts/addin-pane-${state}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 320, height: 1000 });
}
