/**
 * The task pane in headless Chromium: the real hub on the demo data, the real built pane, and a
 * fake Office host (an in-memory workbook) served in place of office.js.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, type TestHub } from './support/hub.js';
import { haveChromium, openPane, shoot as shootPane } from './support/pane.js';

describe.skipIf(!haveChromium)('Excel task pane in a browser', () => {
  let t: TestHub;
  let base: string;
  let browser: Browser;
  let page: Page;
  /** A finance officer's token for norfolk-suffolk, typed into the pane as a person would. */
  let token: string;
  let authorization: string[] = [];
  let offsite: string[] = [];
  let officeJs = '';
  let close: () => Promise<void> = async () => undefined;

  beforeAll(async () => {
    ({ t, base, browser, page, token, authorization, offsite, officeJs, close } = await openPane());
  });

  afterAll(async () => {
    await close();
  });

  const grid = <T>(fn: string) => page.evaluate(fn) as Promise<T>;
  const focused = () => page.evaluate(() => document.activeElement?.id);
  const shoot = (state: string) => shootPane(page, state);

  it('connects, inserts the cost-share report, changes a bound variable, refreshes all, and shows the hub’s figures', async () => {
    await shoot('start');
    // An address with nothing behind it gets a clear message, and focus goes to it.
    await page.fill('#server-url', 'http://127.0.0.1:9');
    await page.click('#connect-button');
    await expect.poll(() => page.textContent('#connect-message')).toContain('Cannot reach the hub at http://127.0.0.1:9');
    expect(await focused()).toBe('connect-message');
    await shoot('unreachable');

    await page.fill('#server-url', base);
    await page.fill('#token', token);
    await page.click('#connect-button');
    await expect.poll(() => page.textContent('#connection-badge')).toBe('Connected');
    expect(await page.textContent('#connect-message')).toMatch(/^Connected to .*: \d+ saved reports, 1 partnership\.$/);
    expect(await focused()).toBe('tab-reports');

    await page.selectOption('#report', 'cost-share');
    await expect.poll(() => page.textContent('#report-description')).toContain('percentage and contribution');
    // Labels in words, the partnership by name, the named-cell box labelled.
    expect(await page.textContent('label[for="rv-financialYear"]')).toBe('Financial year');
    expect(await page.textContent('#rv-partnership option[value="norfolk-suffolk"]')).not.toContain('norfolk-suffolk');
    await page.selectOption('#rv-partnership', 'norfolk-suffolk');
    await page.selectOption('#rv-financialYear', '2015/16');
    await page.check('#rv-financialYear-bind');
    expect(await page.textContent('label[for="rv-financialYear-cell"]')).toBe('Name of the cell that holds financial year');
    await page.fill('#rv-financialYear-cell', 'Year');
    await shoot('reports');
    await page.click('#insert-report');
    await expect.poll(() => page.getAttribute('#report-message', 'data-kind')).toBe('success');
    expect(await focused()).toBe('report-message');
    expect(await grid('[__fakeWorkbook.cell("Sheet1", "A1"), __fakeWorkbook.cell("Sheet1", "B1"), __fakeWorkbook.names.has("Year")]')).toEqual(['financialYear', '2015/16', true]);

    // The board secretary changes the year in the named cell and refreshes everything.
    await grid('__fakeWorkbook.setCell("Sheet1", "B1", "2014/15")');
    await page.click('#tab-refresh');
    await page.click('#refresh-all');
    await expect.poll(() => page.textContent('#refresh-message')).toBe('Done: 1 binding refreshed.');

    const hub = dataOf(await t.gql<any>('{ costShare(partnership: "norfolk-suffolk", financialYear: "2014/15") { basis status version total shares { agency percent contribution } } }'));
    const { basis, status, version, total } = hub.costShare;
    const expected = [
      ['Basis', 'Status', 'Version', 'Total shared (£)', 'Agency', 'Share (%)', 'Contribution (£)'],
      ...hub.costShare.shares.map((s: any) => [basis, status, version, total, s.agency, s.percent, s.contribution]),
    ];
    const values = await grid<unknown[][]>('__fakeWorkbook.tableValues("IOM_Cost_share")');
    expect(values).toEqual(expected);
    expect(values.slice(1).map((row) => [row[4], row[5], row[6]])).toEqual([['Norfolk Constabulary', 56.5, 578_528.36], ['Suffolk Constabulary', 43.5, 445_415.64]]);
    expect(await grid('__fakeWorkbook.cell("Sheet1", "A2")')).toMatch(/^Cost share — Norfolk & Suffolk 180 Joint IOM, financial year 2014\/15 — data as at /);
    expect(await grid('__fakeWorkbook.formatOf("Sheet1", "G4")')).toMatch(/^£#,##0\.00/);
    expect(await page.textContent('#binding-list')).toMatch(/Refreshed · 2 rows · \d+ ms · data as at/);

    const stored = JSON.parse(await grid<string>('__fakeWorkbook.xmlParts[0].xml.replace(/^[\\s\\S]*?<bindings[^>]*>|<\\/bindings>$/g, "")'));
    expect(stored).toMatchObject({ format: 'iom-hub-bindings', version: 1, bindings: [{ source: { kind: 'report', report: 'cost-share' }, variables: { financialYear: { cell: 'Year' } } }] });
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(authorization.length).toBeGreaterThan(0);
    expect(authorization.every((h) => h === `Bearer ${token}`)).toBe(true);
    expect(offsite).toEqual([]);
    expect(Object.keys(await grid<object>('__customFunctions'))).toEqual(['QUERY', 'VALUE', 'COSTSHARE']);

    expect(await focused()).toBe('refresh-message');
    await shoot('refreshed');

    // The hub goes away: the badge says so at the next request, and comes back with the hub.
    await page.route('**/graphql', (route) => route.abort());
    await page.click('#refresh-all');
    await expect.poll(() => page.textContent('#connection-badge')).toBe('Hub unreachable');
    await shoot('hub-down');
    await page.unroute('**/graphql');
    await page.click('#refresh-all');
    await expect.poll(() => page.textContent('#connection-badge'), { timeout: 10_000 }).toBe('Connected');
    await page.click('#tab-reports');
  });

  it('cancels an Insert while the hub is answering: no table, no binding, and says so', async () => {
    await page.click('#tab-reports');
    await page.selectOption('#report', 'establishment');
    expect(await page.textContent('#report-message')).toBe('');
    const tablesBefore = await grid<number>('__fakeWorkbook.tables.size');
    const storeBefore = await grid<string>('__fakeWorkbook.xmlParts[0].xml');
    const held: Promise<void>[] = [];
    await page.route('**/graphql', (route) => {
      const release = new Promise<void>((resolve) => setTimeout(resolve, 1500)).then(() => route.fallback().catch(() => undefined)); // the pane cancelled it meanwhile
      held.push(release);
      return release;
    });
    await page.click('#insert-report');
    await expect.poll(() => page.isDisabled('#cancel-report')).toBe(false);
    await page.click('#cancel-report');
    await expect.poll(() => page.textContent('#report-message')).toBe('Cancelled: the table was left as it was.');
    expect(await focused()).toBe('report-message');
    await Promise.all(held);
    await page.unroute('**/graphql');
    expect(await grid<number>('__fakeWorkbook.tables.size')).toBe(tablesBefore);
    expect(await grid<string>('__fakeWorkbook.xmlParts[0].xml')).toBe(storeBefore);
    expect(await page.isDisabled('#cancel-report')).toBe(true);
    await shoot('cancelled');

    // A preview wider than the pane scrolls in its own box, and says so.
    await page.click('#tab-query');
    await page.fill('#query-text', '{ costShare(partnership: "norfolk-suffolk", financialYear: "2014/15") { basis status version total shares { agencyCode agency percent contribution } } }');
    await page.click('#preview-query');
    await expect.poll(() => page.textContent('#query-message')).toBe('2 rows.');
    expect(await page.textContent('#query-preview')).toMatch(/^Scroll sideways to see all 8 columns\./);
    await shoot('query');
  });

  it('serves 200 formula cells from the real bundle with one request, and calls nothing during value preview', async () => {
    const before = authorization.length;
    const preview = await page.evaluate(() => (window as any).__customFunctions.COSTSHARE('norfolk-suffolk', '2014/15', 'norfolk-constabulary', null, { isInValuePreview: true }).catch((e: any) => `${e.code}: ${e.message}`));
    expect(preview).toMatch(/^#N\/A: Preview/);
    expect(authorization.length).toBe(before);
    const values = await page.evaluate(() => {
      const f = (window as any).__customFunctions;
      const agencies = ['norfolk-constabulary', 'Suffolk Constabulary', 'met'];
      return Promise.all(Array.from({ length: 200 }, (_, i) => f.COSTSHARE('norfolk-suffolk', '2014/15', agencies[i % 3], i % 2 ? 'percent' : null, {}).catch((e: any) => `${e.code}: ${e.message}`)));
    });
    expect(authorization.length).toBe(before + 1);
    expect(values.slice(0, 3)).toEqual([578_528.36, 43.5, expect.stringMatching(/^#N\/A: met has no share/)]);
  });

  it('builds the cost-share plan, reviews the edited shares against the hub, submits, and explains a conflict', async () => {
    const version = async () => dataOf(await t.gql<any>('{ costShare(partnership: "norfolk-suffolk", financialYear: "2014/15") { version status } }')).costShare;
    await t.gql('mutation($v: Int!) { reopenCostShare(partnership: "norfolk-suffolk", financialYear: "2014/15", expectedVersion: $v) { version } }', { v: (await version()).version });

    await page.click('#tab-templates');
    // Dates and months are picked from the browser's own controls.
    await page.selectOption('#template', 'performance-pack');
    expect([await page.getAttribute('#tv-date', 'type'), await page.getAttribute('#tv-from', 'type')]).toEqual(['date', 'month']);
    expect(await page.textContent('label[for="tv-date"]')).toBe('Snapshot date');
    await shoot('templates');
    await page.selectOption('#template', 'cost-share-plan');
    await page.selectOption('#tv-partnership', 'norfolk-suffolk');
    await page.selectOption('#tv-financialYear', '2014/15');
    await page.click('#build-template');
    await expect.poll(() => page.getAttribute('#template-message', 'data-kind'), { timeout: 15_000 }).not.toBe('info');
    expect(await page.textContent('#template-message')).toMatch(/^Built the Cost-share plan sheet/);
    const store = JSON.parse(await grid<string>('__fakeWorkbook.xmlParts[0].xml.replace(/^[\\s\\S]*?<bindings[^>]*>|<\\/bindings>$/g, "")'));
    const shares = store.bindings.find((b: any) => b.role === 'cost-share-draft');
    const table = await grid<unknown[][]>(`__fakeWorkbook.tableValues(${JSON.stringify(shares.target.table)})`);
    const percent = table[0].indexOf('Share (%)');
    const box = await grid<{ sheet: string; r0: number; c0: number }>(`__fakeWorkbook.tables.get(${JSON.stringify(shares.target.table)})`);
    const cellOf = (row: number) => `${String.fromCharCode(65 + box.c0 + percent)}${box.r0 + 1 + row}`;

    // The finance officer edits the shares so they do not add up: the pane refuses.
    await grid(`__fakeWorkbook.setCell(${JSON.stringify(box.sheet)}, "${cellOf(1)}", 60); __fakeWorkbook.setCell(${JSON.stringify(box.sheet)}, "${cellOf(2)}", 39)`);
    await page.click('#review-draft');
    await expect.poll(() => page.textContent('#submit-message')).toContain('The shares must sum to 100% (they sum to 99.00%).');
    expect(await page.isDisabled('#submit-draft')).toBe(true);

    await grid(`__fakeWorkbook.setCell(${JSON.stringify(box.sheet)}, "${cellOf(2)}", 40)`);
    await page.click('#review-draft');
    await expect.poll(() => page.textContent('#submit-message')).toMatch(/^Ready to submit (?!norfolk-suffolk).+ 2014\/15: 2 shares change\./);
    expect(await page.textContent('#draft-diff')).toContain('+3.50');
    expect(await page.textContent('#draft-diff')).toContain('Norfolk Constabulary');
    expect(await page.textContent('#draft-diff')).not.toContain('norfolk-constabulary');
    await shoot('review');
    await page.click('#submit-draft');
    await expect.poll(() => page.getAttribute('#submit-message', 'data-kind')).toBe('success');
    const saved = dataOf(await t.gql<any>('{ costShare(partnership: "norfolk-suffolk", financialYear: "2014/15") { version shares { percent contribution } } }')).costShare;
    expect(saved.shares.map((s: any) => s.percent)).toEqual([60, 40]);
    const after = await grid<unknown[][]>(`__fakeWorkbook.tableValues(${JSON.stringify(shares.target.table)})`);
    expect(after.slice(1).map((row) => row[table[0].indexOf('Contribution (£)')])).toEqual(saved.shares.map((s: any) => s.contribution));

    // Someone else saves a newer draft between the officer's review and submit.
    await grid(`__fakeWorkbook.setCell(${JSON.stringify(box.sheet)}, "${cellOf(1)}", 55); __fakeWorkbook.setCell(${JSON.stringify(box.sheet)}, "${cellOf(2)}", 45)`);
    await page.click('#review-draft');
    await expect.poll(() => page.isDisabled('#submit-draft')).toBe(false);
    await t.gql('mutation($v: Int) { saveCostShareDraft(partnership: "norfolk-suffolk", financialYear: "2014/15", expectedVersion: $v, input: { basis: FIXED_PERCENTAGES, shares: [{ agency: "norfolk-constabulary", percent: 50 }, { agency: "suffolk-constabulary", percent: 50 }] }) { version } }', { v: saved.version });
    await page.click('#submit-draft');
    await expect.poll(() => page.textContent('#submit-message')).toMatch(/Someone changed this on the hub since you loaded it \(it is now version \d+\)\. Nothing was overwritten/);
    expect(dataOf(await t.gql<any>('{ costShare(partnership: "norfolk-suffolk", financialYear: "2014/15") { shares { percent } } }')).costShare.shares.map((s: any) => s.percent)).toEqual([50, 50]);
    await shoot('conflict');

    // Another template: the last one's messages are gone.
    await page.selectOption('#template', 'funding-risk-register');
    expect(await page.textContent('#template-message')).toBe('');
    await page.selectOption('#template', 'cost-share-plan');
    expect(await page.textContent('#submit-message')).toBe('');
  });

  it('works with the keyboard alone: Tab to each action, Enter to run it', async () => {
    /** Presses Tab until `id` has focus; fails if it is not reachable. */
    const tabTo = async (id: string) => {
      for (let i = 0; i < 25 && (await focused()) !== id; i++) await page.keyboard.press('Tab');
      expect(await focused(), `Tab reaches #${id}`).toBe(id);
    };
    await page.focus('#tab-reports');
    await page.keyboard.press('End');
    expect(await focused()).toBe('tab-refresh');
    await tabTo('refresh-all');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getAttribute('#refresh-message', 'data-kind'), { timeout: 15_000 }).toBe('success');
    expect(await focused()).toBe('refresh-message');

    await page.focus('#tab-refresh');
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    expect(await focused()).toBe('tab-query');
    await tabTo('query-text');
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText('{ partnerships { code name } }');
    await tabTo('preview-query');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.textContent('#query-message')).toBe('1 row.');
    expect(await focused()).toBe('query-message');
    await tabTo('insert-query');
    await page.keyboard.press('Space');
    await expect.poll(() => page.getAttribute('#query-message', 'data-kind')).toBe('success');
    expect(await page.textContent('#query-message')).toMatch(/: 1 row\.$/);
  });

  it('moves between tabs with the arrow keys', async () => {
    await page.focus('#tab-reports');
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('tab-templates');
    expect(await page.isVisible('#panel-templates')).toBe(true);
    await page.keyboard.press('End');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('tab-refresh');
  });

  it('says plainly that an Excel below the API it needs cannot run it, and offers nothing to press', async () => {
    const old = await browser.newPage({ viewport: { width: 320, height: 700 } });
    await old.route('**/addin/office-js/office.js', (route) => route.fulfill({ contentType: 'application/javascript', body: officeJs }));
    await old.goto(`${base}/addin/taskpane.html?excelApi=1.12`);
    await expect.poll(() => old.textContent('#requirement-message')).toContain('needs Excel API 1.13');
    expect(await old.evaluate(() => document.activeElement?.id)).toBe('requirement-message');
    expect(await old.isDisabled('#connect-button')).toBe(true);
    await old.close();
  });
});
