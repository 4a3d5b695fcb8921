/**
 * The report library from Excel, in headless Chromium on the fake Office host with the real hub:
 * a parameter set picked in the pane and named in =IOM.QUERY, lineage from the pane, the formula
 * cells and the command line in `usedBy`, "Explain" on a bound cell, Freeze and Compare with live.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../server/access/role.js';
import type { Caller } from '../server/access/caller.js';
import { loadReportLibrary } from '../server/reports/report-library.js';
import { localRunner, type QueryRunner } from '../server/workbook/query-runner.js';
import { exportWorkbook, refreshWorkbookFile } from '../server/workbook/report-file.js';
import { startTestHub, dataOf, type TestHub } from './support/hub.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && process.env.CI === 'true') throw new Error(`Chromium is not installed at ${CHROMIUM}; CI must run the browser test (apt-get install chromium).`);

const USED_BY = '{ report(name: "cost-share") { usedBy { workbook title bindings lastRefreshedBy } } }';
const SAVE_SET = 'mutation ($x: SaveParameterSetInput!) { saveParameterSet(input: $x) { name } }';

describe.skipIf(!haveChromium)('the report library in the task pane and the cell functions', () => {
  let t: TestHub;
  let base: string;
  let browser: Browser;
  let page: Page;
  let finance: { token: string; caller: Caller };
  let cli: QueryRunner;
  /** The lineage headers of each POST the pane and the cell functions made. */
  const posts: { workbook?: string; binding?: string; body: string }[] = [];

  beforeAll(async () => {
    if (!existsSync('dist/addin/taskpane.js')) throw new Error('Build the add-in first (npm run build; npm test does it).');
    t = await startTestHub();
    finance = await t.token(Role.FINANCE, ['norfolk-suffolk']);
    const analyst = await t.token(Role.ANALYST, ['norfolk-suffolk']);
    dataOf(await t.gql(SAVE_SET, { x: { report: 'cost-share', name: 'Q3 board pack, Norfolk', variables: JSON.stringify({ partnership: 'norfolk-suffolk', financialYear: '2014/15' }), partnership: 'norfolk-suffolk' } }, analyst.caller));
    dataOf(await t.gql(SAVE_SET, { x: { report: 'cost-share', name: 'My next year', variables: JSON.stringify({ partnership: 'norfolk-suffolk', financialYear: '2015/16' }) } }, finance.caller));
    cli = await localRunner(t.orm, 'command line: refresh');
    base = `http://127.0.0.1:${await t.hub.listen(0, '127.0.0.1')}`;
    const host = await build({ entryPoints: ['test/support/fake-office-host.ts'], bundle: true, write: false, format: 'iife', platform: 'browser', target: 'es2020', logLevel: 'silent' });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'] });
    page = await browser.newPage({ viewport: { width: 320, height: 1000 } });
    await page.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.origin !== base) return route.abort();
      if (url.pathname === '/addin/office-js/office.js') return route.fulfill({ contentType: 'application/javascript', body: host.outputFiles[0].text });
      if (url.pathname === '/graphql' && route.request().method() === 'POST') {
        const headers = route.request().headers();
        posts.push({ workbook: headers['x-iom-workbook'], binding: headers['x-iom-binding'], body: route.request().postData() ?? '' });
      }
      return route.continue();
    });
    await page.goto(`${base}/addin/taskpane.html`);
    await page.fill('#server-url', base);
    await page.fill('#token', finance.token);
    await page.click('#connect-button');
    await page.waitForFunction(() => document.getElementById('connection-badge')?.textContent === 'Connected');
  });

  afterAll(async () => {
    await browser?.close();
    await cli?.close();
    await t?.close();
  });

  const grid = <T>(fn: string) => page.evaluate(fn) as Promise<T>;
  const focused = () => page.evaluate(() => document.activeElement?.id);
  const store = async () => JSON.parse(await grid<string>('__fakeWorkbook.xmlParts[0].xml.replace(/^[\\s\\S]*?<bindings[^>]*>|<\\/bindings>$/g, "")'));
  async function shoot(state: string) {
    mkdirSync('test/artifacts', { recursive: true });
    for (const width of [320, 450]) {
      await page.setViewportSize({ width, height: 1000 });
      expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), `${state} at ${width} px scrolls sideways`).toBe(0);
      await page.screenshot({ path: `test/artifacts/addin-pane-${state}-${width}.png`, fullPage: true });
    }
    await page.setViewportSize({ width: 320, height: 1000 });
  }

  it('picks a parameter set in the pane; the pane, the formula cells and the command line are each in usedBy with their bindings', async () => {
    await page.selectOption('#report', 'cost-share');
    // Personal and shared sets, by name, shared ones with the partnership's name; picking one fills the variables in.
    expect(await page.$$eval('#report-parameters option', (options) => options.map((o) => o.textContent))).toEqual([
      'None: fill in the variables below', 'My next year (yours)', 'Q3 board pack, Norfolk (shared with Norfolk & Suffolk 180 Joint IOM)',
    ]);
    expect(await page.textContent('label[for="report-parameters"]')).toBe('Parameter set');
    await page.focus('#report');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('report-parameters');
    await page.selectOption('#report-parameters', { label: 'My next year (yours)' });
    expect(await page.inputValue('#rv-financialYear')).toBe('2015/16');
    await page.selectOption('#report-parameters', { label: 'Q3 board pack, Norfolk (shared with Norfolk & Suffolk 180 Joint IOM)' });
    expect([await page.inputValue('#rv-partnership'), await page.inputValue('#rv-financialYear')]).toEqual(['norfolk-suffolk', '2014/15']);
    await shoot('parameter-set');
    await page.click('#insert-report');
    await expect.poll(() => page.getAttribute('#report-message', 'data-kind')).toBe('success');
    const saved = await store();
    expect(saved.workbook).toMatch(/^wb-/);
    const binding = saved.bindings[0].id;
    // The binding's own query named the workbook and the binding; nothing else the pane asked did.
    const named = posts.filter((p) => p.workbook);
    expect(named.length).toBeGreaterThan(0);
    expect(named.every((p) => p.workbook === saved.workbook && p.binding === binding && p.body.includes('costShare'))).toBe(true);

    // Two formulas of one recalculation, one naming the parameter set, one with the variables as JSON: one request.
    const before = posts.length;
    const [bySet, byJson] = await page.evaluate(() => {
      const f = (window as any).__customFunctions;
      return Promise.all([f.QUERY('cost-share', 'Q3 board pack, Norfolk', {}), f.QUERY('cost-share', '{"partnership":"norfolk-suffolk","financialYear":"2014/15"}', {})]);
    });
    expect(posts.length).toBe(before + 1);
    expect(posts[posts.length - 1]).toMatchObject({ workbook: saved.workbook, binding: 'cell-functions' });
    expect(bySet).toEqual(byJson);
    const hub = dataOf(await t.gql<any>('{ costShare(partnership: "norfolk-suffolk", financialYear: "2014/15") { shares { contribution } } }')).costShare;
    // Numbers come with their format where Excel takes formatted values (the fake host is Excel API 1.17).
    expect(bySet.slice(1).map((row: any[]) => row[bySet[0].indexOf('Contribution (£)')].basicValue)).toEqual(hub.shares.map((s: any) => s.contribution));
    const missing = await page.evaluate(() => (window as any).__customFunctions.QUERY('cost-share', 'Q4 pack', {}).catch((e: any) => `${e.code}: ${e.message}`));
    expect(missing).toBe('#N/A: The report cost-share has no parameter set "Q4 pack" you may use (it has "My next year", "Q3 board pack, Norfolk").');

    // Another workbook, exported and refreshed by the command line.
    const report = loadReportLibrary().find((r) => r.name === 'cost-share')!;
    const lineage = { forBinding: cli.forBinding, title: 'board-pack.xlsx' };
    const exported = await exportWorkbook({ client: cli.client, report, variables: { partnership: 'norfolk-suffolk', financialYear: '2014/15' }, lineage });
    expect((await refreshWorkbookFile(exported.bytes, cli.client, { lineage })).statuses.map((s) => s.state)).toEqual(['done']);

    const uses = dataOf(await t.gql<any>(USED_BY)).report.usedBy;
    expect(uses).toHaveLength(2);
    // The pane's workbook: its bound table and its formula cells (one binding per report they use).
    expect(uses.find((u: any) => u.workbook === saved.workbook)).toMatchObject({ bindings: 2, lastRefreshedBy: expect.stringContaining('') });
    expect(uses.find((u: any) => u.workbook !== saved.workbook)).toMatchObject({ title: 'board-pack.xlsx', bindings: 1 });
  });

  it('explains a bound cell: its measure, version and definition, data as at, and the hash of the query and variables', async () => {
    await page.click('#tab-refresh');
    // A cell with no table: said plainly.
    await grid('__fakeWorkbook.selection = "K20"');
    await page.click('#explain-cell');
    await expect.poll(() => page.getAttribute('#explain-message', 'data-kind')).toBe('error');
    expect(await page.textContent('#explain-message')).toBe('Sheet1!K20 is not in a bound table: select a cell of a table the add-in inserted.');
    await expect.poll(focused).toBe('explain-message');

    await grid('__fakeWorkbook.selection = "G3"');
    await page.focus('#explain-cell');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getAttribute('#explain-message', 'data-kind')).toBe('success');
    await expect.poll(focused).toBe('explain-message');
    const measure = dataOf(await t.gql<any>('{ costShare(partnership: "norfolk-suffolk", financialYear: "2014/15") { measure { name version definition } } }')).costShare.measure;
    expect(await page.textContent('#explain-message')).toBe(`Sheet1!G3 comes from Cost share: ${measure.name} v${measure.version}.`);
    const text = await page.textContent('#explain-result');
    expect(text).toContain(`Cost share · Contribution (£)`);
    expect(text).toContain(`${measure.name}, version ${measure.version}${measure.definition}`);
    expect(text).toMatch(/Data as at\d+ \w{3} \d{4} \d\d:\d\d \S+/);
    expect(text).toContain('Partnership: Norfolk & Suffolk 180 Joint IOM; Financial year: 2014/15');
    const saved = await store();
    expect(text).toContain(saved.bindings[0].lastRefresh.queryHash);
    expect(saved.bindings[0].lastRefresh.queryHash).toMatch(/^[0-9a-f]{64}$/);
    await shoot('explain');
  });

  it('freezes the workbook, shows "snapshot as at", and lists the cells the hub now gives differently, by name', async () => {
    expect(await page.isDisabled('#compare-live')).toBe(true);
    await page.click('#freeze-workbook');
    await expect.poll(() => page.getAttribute('#snapshot-message', 'data-kind')).toBe('success');
    await expect.poll(focused).toBe('snapshot-message');
    expect(await page.textContent('#snapshot-status')).toMatch(/^Snapshot as at \d+ \w{3} \d{4} \d\d:\d\d \S+ \(snapshot \d+\)/);
    expect((await store()).snapshot).toMatchObject({ id: expect.any(Number), takenAt: expect.any(String) });
    await shoot('frozen');

    // Nothing changed yet.
    await page.click('#compare-live');
    await expect.poll(() => page.textContent('#snapshot-message')).toMatch(/^No changes: the hub gives every bound figure as it did at /);

    // The shares are changed on the hub.
    const { version } = dataOf(await t.gql<any>('{ costShare(partnership: "norfolk-suffolk", financialYear: "2014/15") { version status } }')).costShare;
    await t.gql('mutation($v: Int!) { reopenCostShare(partnership: "norfolk-suffolk", financialYear: "2014/15", expectedVersion: $v) { version } }', { v: version }).catch(() => undefined);
    const now = dataOf(await t.gql<any>('{ costShare(partnership: "norfolk-suffolk", financialYear: "2014/15") { version } }')).costShare.version;
    dataOf(await t.gql('mutation($v: Int) { saveCostShareDraft(partnership: "norfolk-suffolk", financialYear: "2014/15", expectedVersion: $v, input: { basis: FIXED_PERCENTAGES, shares: [{ agency: "norfolk-constabulary", percent: 50 }, { agency: "suffolk-constabulary", percent: 50 }] }) { version } }', { v: now }));
    const live = dataOf(await t.gql<any>('{ costShare(partnership: "norfolk-suffolk", financialYear: "2014/15") { shares { contribution } } }')).costShare.shares;

    await page.click('#compare-live');
    await expect.poll(() => page.getAttribute('#snapshot-message', 'data-kind')).toBe('info');
    await expect.poll(focused).toBe('snapshot-message');
    const rows = await page.$$eval('#compare-result tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
    expect(rows).toContainEqual(['Sheet1!F3', 'Norfolk Constabulary · Share (%)', '56.5', '50']);
    expect(rows).toContainEqual(['Sheet1!F4', 'Suffolk Constabulary · Share (%)', '43.5', '50']);
    expect(rows).toContainEqual(['Sheet1!G3', 'Norfolk Constabulary · Contribution (£)', '578,528.36', live[0].contribution.toLocaleString('en-GB')]);
    expect(rows.every((row) => !row[1]!.includes('norfolk-constabulary'))).toBe(true);
    expect(await page.textContent('#snapshot-message')).toBe(`${rows.length} cells changed since the snapshot as at ${(await page.textContent('#snapshot-status'))!.match(/^Snapshot as at (.+?) \(/)![1]}:`);
    await shoot('compare');
  });
});
