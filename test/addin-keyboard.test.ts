/**
 * Every flow of the task pane with the keyboard alone, in headless Chromium against the real hub
 * and the fake Office host: connect, insert a report with a variable bound to a named cell, cancel
 * an insert, an analyst's own query, build a template, review and submit an edited sheet, refresh
 * all. No clicks, no fills: Tab, arrows, Space, Enter and typed text. Each state is photographed
 * at 320 and 450 px under test/artifacts/.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf } from './support/hub.js';
import { haveChromium, openPane, shoot, type Pane } from './support/pane.js';

describe.skipIf(!haveChromium)('the task pane with the keyboard alone', () => {
  let pane: Pane;
  let page: Page;

  beforeAll(async () => {
    pane = await openPane();
    page = pane.page;
  });
  afterAll(async () => {
    await pane?.close();
  });

  const focused = () => page.evaluate(() => document.activeElement?.id ?? '');
  const grid = <T>(fn: string) => page.evaluate(fn) as Promise<T>;
  /** Presses Tab until `id` has focus; fails if the keyboard cannot reach it. */
  async function tabTo(id: string) {
    for (let i = 0; i < 40 && (await focused()) !== id; i++) await page.keyboard.press('Tab');
    expect(await focused(), `Tab reaches #${id}`).toBe(id);
  }
  /** Chooses `value` in the select `id` with the arrow keys, as a person does on a closed list. */
  async function choose(id: string, value: string) {
    await tabTo(id);
    const values = await page.evaluate((sel) => [...(document.getElementById(sel) as HTMLSelectElement).options].map((o) => o.value), id);
    expect(values, `#${id} offers ${value}`).toContain(value);
    await page.keyboard.press('Home');
    for (let i = 0; i < values.length && (await page.inputValue(`#${id}`)) !== value; i++) await page.keyboard.press('ArrowDown');
    expect(await page.inputValue(`#${id}`)).toBe(value);
  }
  /** Tabs to the tab list (only its selected tab is in the Tab order), then moves to the tab `id` with the arrow keys. */
  async function openTab(id: string) {
    for (let i = 0; i < 40 && !(await focused()).startsWith('tab-'); i++) await page.keyboard.press('Tab');
    expect(await focused(), 'Tab reaches the tab list').toMatch(/^tab-/);
    await page.keyboard.press('Home');
    for (let i = 0; i < 4 && (await focused()) !== id; i++) await page.keyboard.press('ArrowRight');
    expect(await focused()).toBe(id);
    expect(await page.getAttribute(`#${id}`, 'aria-selected')).toBe('true');
  }
  const bindings = async () => JSON.parse(await grid<string>('__fakeWorkbook.xmlParts[0]?.xml.replace(/^[\\s\\S]*?<bindings[^>]*>|<\\/bindings>$/g, "") ?? "{\\"bindings\\":[]}"')).bindings as any[];

  it('connects, inserts a report with its year in a named cell, cancels an insert, and runs an own query', async () => {
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await tabTo('server-url');
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText(pane.base);
    await tabTo('token');
    await page.keyboard.insertText(pane.token);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.textContent('#connection-badge')).toBe('Connected');
    expect(await focused()).toBe('tab-reports');
    await shoot(page, 'kb-connected');

    await choose('report', 'cost-share');
    await expect.poll(() => page.textContent('#report-description')).toContain('percentage and contribution');
    await choose('rv-partnership', 'norfolk-suffolk');
    await choose('rv-financialYear', '2015/16');
    // The named cell choice: a labelled checkbox, then the cell's name.
    await tabTo('rv-financialYear-bind');
    await page.keyboard.press('Space');
    expect(await page.isChecked('#rv-financialYear-bind')).toBe(true);
    await tabTo('rv-financialYear-cell');
    await page.keyboard.insertText('KbYear');
    await shoot(page, 'kb-report');
    await tabTo('insert-report');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getAttribute('#report-message', 'data-kind'), { timeout: 15_000 }).toBe('success');
    expect(await focused()).toBe('report-message');
    expect(await grid('__fakeWorkbook.names.has("KbYear")')).toBe(true);
    expect((await bindings()).map((b) => b.variables.financialYear)).toEqual([{ cell: 'KbYear' }]);

    // Cancel: the hub is slow; Tab to Cancel and press it.
    const before = await grid<string>('__fakeWorkbook.xmlParts[0].xml');
    const held: Promise<void>[] = [];
    await page.route('**/graphql', (route) => {
      const release = new Promise<void>((resolve) => setTimeout(resolve, 2000)).then(() => route.fallback().catch(() => undefined));
      held.push(release);
      return release;
    });
    await choose('report', 'establishment');
    await tabTo('insert-report');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.isDisabled('#cancel-report')).toBe(false);
    await tabTo('cancel-report');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.textContent('#report-message')).toBe('Cancelled: the table was left as it was.');
    expect(await focused()).toBe('report-message');
    await Promise.all(held);
    await page.unroute('**/graphql');
    expect(await grid<string>('__fakeWorkbook.xmlParts[0].xml')).toBe(before);
    await shoot(page, 'kb-cancelled');

    // An analyst's own query that leaves out `source`: the table says which rows are published.
    await openTab('tab-query');
    await tabTo('query-text');
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText('{ priorityCrimeRate(partnership: "norfolk-suffolk", from: "2013-09", to: "2013-11", area: "Suffolk", method: MOST_RELEVANT_OFFENCE) { month percentChange } }');
    await tabTo('preview-query');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getAttribute('#query-message', 'data-kind'), { timeout: 15_000 }).toBe('info');
    expect(await focused()).toBe('query-message');
    const previewHeaders = await page.$$eval('#query-preview th', (cells) => cells.map((c) => c.textContent));
    expect(previewHeaders).toEqual(['Month', 'Change (%)', 'Source']);
    await shoot(page, 'kb-query');
    await tabTo('insert-query');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getAttribute('#query-message', 'data-kind'), { timeout: 15_000 }).toBe('success');
    const own = (await bindings()).find((b) => b.source.kind === 'query');
    const rows = await grid<unknown[][]>(`__fakeWorkbook.tableValues(${JSON.stringify(own.target.table)})`);
    expect(rows[0]).toEqual(['Month', 'Change (%)', 'Source']);
    expect(new Set(rows.slice(1).map((row) => row[2]))).toEqual(new Set(['published', 'computed']));
  });

  it('builds a template, reviews and submits the edited sheet, and refreshes all', async () => {
    await openTab('tab-templates');
    await choose('template', 'funding-risk-register');
    await choose('tv-partnership', 'norfolk-suffolk');
    await choose('tv-financialYear', '2015/16');
    await shoot(page, 'kb-template');
    await tabTo('build-template');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getAttribute('#template-message', 'data-kind'), { timeout: 30_000 }).toBe('success');
    expect(await focused()).toBe('template-message');
    expect(await page.isHidden('#sheet-submit-area')).toBe(false);

    // The officer renames a risk in the sheet (that is Excel), then reviews and submits from the keyboard.
    const risks = (await bindings()).find((b) => b.role === 'funding-risks');
    const table = await grid<unknown[][]>(`__fakeWorkbook.tableValues(${JSON.stringify(risks.target.table)})`);
    const box = await grid<{ sheet: string; r0: number; c0: number }>(`__fakeWorkbook.tables.get(${JSON.stringify(risks.target.table)})`);
    const column = table[0].findIndex((h) => h === 'title' || /^Title/.test(String(h)));
    expect(column).toBeGreaterThanOrEqual(0);
    const cell = `${String.fromCharCode(65 + box.c0 + column)}${box.r0 + 2}`;
    await grid(`__fakeWorkbook.setCell(${JSON.stringify(box.sheet)}, "${cell}", "Renamed from the keyboard test")`);
    await tabTo('review-sheet');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.textContent('#sheet-message'), { timeout: 15_000 }).toMatch(/^Ready to submit .*Press Submit to hub\.$/);
    expect(await focused()).toBe('sheet-message');
    await shoot(page, 'kb-sheet-review');
    await tabTo('submit-sheet');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getAttribute('#sheet-message', 'data-kind'), { timeout: 15_000 }).toBe('success');
    expect(await focused()).toBe('sheet-message');
    const titles = dataOf(await pane.t.gql<any>('{ fundingRisks(partnership: "norfolk-suffolk", financialYear: "2015/16") { title } }')).fundingRisks.map((r: any) => r.title);
    expect(titles).toContain('Renamed from the keyboard test');
    await shoot(page, 'kb-sheet-submitted');

    await openTab('tab-refresh');
    await tabTo('refresh-all');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getAttribute('#refresh-message', 'data-kind'), { timeout: 30_000 }).toBe('success');
    expect(await focused()).toBe('refresh-message');
    await shoot(page, 'kb-refreshed');
    expect(pane.offsite).toEqual([]);
  });
});
