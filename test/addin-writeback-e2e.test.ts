/**
 * Writing edited sheets back from the task pane in headless Chromium: the real hub over HTTP on
 * the demo data, the real built pane, the fake Office host (an in-memory workbook) in place of
 * office.js. A finance officer edits the establishment and the funding-risk register in the sheet,
 * reviews the hub's dry run, submits, and a stale sheet is refused with nothing overwritten.
 */
import { existsSync } from 'node:fs';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, dataOf, type TestHub } from './support/hub.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && process.env.CI === 'true') throw new Error(`Chromium is not installed at ${CHROMIUM}; CI must run the browser test (apt-get install chromium).`);

type Cell = string | number | boolean;
/** The machine is shared: a build or a submit may take a few seconds. */
const WAIT = { timeout: 20_000 };

describe.skipIf(!haveChromium)('write-back of edited sheets from the task pane', () => {
  let t: TestHub;
  let base: string;
  let browser: Browser;
  let page: Page;
  let hostScript: string;

  beforeAll(async () => {
    if (!existsSync('dist/addin/taskpane.js')) throw new Error('Build the add-in first (npm run build; npm test does it).');
    t = await startTestHub();
    base = `http://127.0.0.1:${await t.hub.listen(0, '127.0.0.1')}`;
    hostScript = (await build({ entryPoints: ['test/support/fake-office-host.ts'], bundle: true, write: false, format: 'iife', platform: 'browser', target: 'es2020', logLevel: 'silent' })).outputFiles[0].text;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'] });
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** A fresh pane (and workbook) connected with a token of the role. */
  async function openPane(role: 'FINANCE' | 'BOARD'): Promise<void> {
    await page?.close();
    page = await browser.newPage({ viewport: { width: 360, height: 1200 } });
    await page.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.origin !== base) return route.abort();
      if (url.pathname === '/addin/office-js/office.js') return route.fulfill({ contentType: 'application/javascript', body: hostScript });
      return route.continue();
    });
    await page.goto(`${base}/addin/taskpane.html`);
    await page.fill('#server-url', base);
    await page.fill('#token', (await t.token(role, ['norfolk-suffolk'])).token);
    await page.click('#connect-button');
    await expect.poll(() => page.textContent('#connection-badge'), WAIT).toBe('Connected');
  }

  async function buildSheet(template: string, year: string): Promise<void> {
    await page.click('#tab-templates');
    await page.selectOption('#template', template);
    await page.selectOption('#tv-partnership', 'norfolk-suffolk');
    await page.selectOption('#tv-financialYear', year);
    await page.click('#build-template');
    await expect.poll(async () => `${await page.getAttribute('#template-message', 'data-kind')}: ${await page.textContent('#template-message')}`, WAIT).toMatch(/^success: /);
  }

  /** The bound table of a role, as the sheet holds it now (header first); `col` finds a field's column under the header the binding gave it. */
  async function sheet(role: string): Promise<{ table: string; values: Cell[][]; col: (path: string) => number; header: (path: string) => string }> {
    return page.evaluate((role) => {
      const book = (window as any).__fakeWorkbook;
      const store = JSON.parse(book.xmlParts[0].xml.replace(/^[\s\S]*?<bindings[^>]*>|<\/bindings>$/g, ''));
      const binding = store.bindings.find((b: any) => b.role === role);
      return { table: binding.target.table, columns: binding.columns as { path: string; header: string }[], values: book.tableValues(binding.target.table) };
    }, role).then(({ table, columns, values }) => ({
      table,
      values,
      col: (path: string) => {
        const header = columns.find((c) => c.path === path)?.header;
        if (header === undefined || !values[0].includes(header)) throw new Error(`The ${role} table has no column for ${path}.`);
        return values[0].indexOf(header);
      },
      header: (path: string) => columns.find((c) => c.path === path)?.header ?? path,
    }));
  }

  /** What a user does in Excel: type into a cell of the table (row 1: the first under the header). */
  const type = (table: string, row: number, col: number, value: Cell) =>
    page.evaluate(({ table, row, col, value }) => {
      const book = (window as any).__fakeWorkbook;
      const box = book.tables.get(table);
      book.setCell(box.sheet, `${String.fromCharCode(65 + box.c0 + col)}${box.r0 + 1 + row}`, value);
    }, { table, row, col, value });

  /** Types a new row just under the table, which Excel takes into the table. */
  const addRow = (table: string, cells: Record<number, Cell>) =>
    page.evaluate(({ table, cells }) => {
      const book = (window as any).__fakeWorkbook;
      const box = book.tables.get(table);
      box.r1 += 1;
      for (const [col, value] of Object.entries(cells)) book.setCell(box.sheet, `${String.fromCharCode(65 + box.c0 + Number(col))}${box.r1 + 1}`, value);
    }, { table, cells });

  /** Deletes a table row (Table row › Delete): the rows below move up and the table ends a row sooner. */
  const deleteRow = (table: string, row: number) =>
    page.evaluate(({ table, row }) => {
      const book = (window as any).__fakeWorkbook;
      const box = book.tables.get(table);
      const at = (r: number, c: number) => `${String.fromCharCode(65 + c)}${r + 1}`;
      for (let r = box.r0 + row; r < box.r1; r += 1) for (let c = box.c0; c <= box.c1; c += 1) book.setCell(box.sheet, at(r, c), book.cell(box.sheet, at(r + 1, c)) ?? '');
      for (let c = box.c0; c <= box.c1; c += 1) book.grid(box.sheet).delete(`${box.r1},${c}`);
      box.r1 -= 1;
    }, { table, row });

  const partnershipName = async () => dataOf(await t.gql<any>('{ partnership(code: "norfolk-suffolk") { name } }')).partnership.name as string;

  const LINES = '{ establishment(partnership: "norfolk-suffolk", financialYear: "2014/15") { lines { id version grade fte budget budgetBasis } } }';
  const lines = async () => dataOf(await t.gql<any>(LINES)).establishment.lines as Array<{ id: string; version: number; grade: string; fte: number; budget: number | null; budgetBasis: string | null }>;

  it('edits, adds and deletes establishment lines, shows the hub’s dry run first, submits, and refuses a stale sheet', async () => {
    await openPane('FINANCE');
    await buildSheet('establishment-budget', '2014/15');
    expect(await page.isVisible('#sheet-submit-area')).toBe(true);
    expect(await page.textContent('#sheet-submit-heading')).toBe('Submit the edited establishment lines');
    const before = await lines();
    const s = await sheet('establishment-lines');
    expect(s.values.slice(1).map((r) => r[s.col('lines.id')])).toEqual(before.map((l) => l.id));

    // A typo is refused before anything goes to the hub, naming the row and column.
    await type(s.table, 1, s.col('lines.fte'), 'two');
    await page.click('#review-sheet');
    await expect.poll(() => page.textContent('#sheet-diff'), WAIT).toContain(`Row 1 (${before[0].grade}), column ${s.header('lines.fte')}: "two" is not a number.`);
    expect(s.header('lines.fte')).not.toBe('lines.fte'); // the sheet is headed by the schema's labels
    expect(await page.isDisabled('#submit-sheet')).toBe(true);

    // The officer's real change: a basis note on line 1, a new analyst post, the last line deleted.
    await type(s.table, 1, s.col('lines.fte'), before[0].fte);
    await type(s.table, 1, s.col('lines.budgetBasis'), 'Budgeted at the top of the scale');
    const last = before[before.length - 1];
    await deleteRow(s.table, before.length);
    await addRow(s.table, { [s.col('lines.grade')]: 'Analyst', [s.col('lines.kind')]: 'post', [s.col('lines.fte')]: 1, [s.col('lines.budget')]: 31_250.5, [s.col('lines.employingAgency.code')]: 'norfolk-constabulary' });
    await page.click('#review-sheet');
    await expect.poll(() => page.textContent('#sheet-message'), WAIT).toContain(`Ready to submit ${await partnershipName()} 2014/15: 1 added, 1 changed, 1 removed, ${before.length - 2} unchanged.`);
    const diff = await page.textContent('#sheet-diff');
    expect(diff).toContain('Add Analyst');
    expect(diff).toContain(`Remove ${last.grade}`);
    expect(diff).toContain(`${s.header('lines.budgetBasis')}:`);
    expect(diff).toContain('Budgeted at the top of the scale');
    expect(await lines()).toEqual(before); // the review was a dry run

    await page.click('#submit-sheet');
    await expect.poll(() => page.getAttribute('#sheet-message', 'data-kind'), WAIT).toBe('success');
    expect(await page.textContent('#sheet-message')).toContain('1 added, 1 changed, 1 removed');
    const after = await lines();
    expect(after.map((l) => l.grade)).toEqual([...before.slice(0, -1).map((l) => l.grade), 'Analyst']);
    expect(after[0]).toMatchObject({ id: before[0].id, fte: before[0].fte, budget: before[0].budget, budgetBasis: 'Budgeted at the top of the scale', version: before[0].version + 1 });
    expect(after.slice(1, -1)).toEqual(before.slice(1, -1)); // untouched lines keep their versions
    expect(after[after.length - 1]).toMatchObject({ fte: 1, budget: 31_250.5 });
    // The sheet now shows the hub's lines, the new one with its id.
    const refreshed = await sheet('establishment-lines');
    expect(refreshed.values.slice(1).map((r) => String(r[refreshed.col('lines.id')]))).toEqual(after.map((l) => l.id));

    // Stale: the officer edits line 2 while someone else changes it on the hub.
    await type(refreshed.table, 2, refreshed.col('lines.budgetBasis'), 'Vacant: bottom of the scale');
    await page.click('#review-sheet');
    await expect.poll(() => page.isDisabled('#submit-sheet'), WAIT).toBe(false);
    await t.gql('mutation($id: ID!, $v: Int!) { updateEstablishmentLine(id: $id, expectedVersion: $v, line: { notes: "Changed by the finance manager" }) { version } }', { id: after[1].id, v: after[1].version });
    await page.click('#submit-sheet');
    await expect.poll(() => page.textContent('#sheet-message'), WAIT).toMatch(/Someone changed this on the hub since you loaded it \(it is now version \d+\)\. Nothing was overwritten/);
    const kept = await lines();
    expect(kept[1].budgetBasis).toBe(after[1].budgetBasis);
    expect(kept.map(({ id, version }) => ({ id, version }))).toEqual(after.map(({ id, version }, i) => ({ id, version: i === 1 ? version + 1 : version })));
    // Reviewing again says which row went stale, before anything is sent.
    await page.click('#review-sheet');
    await expect.poll(() => page.textContent('#sheet-diff'), WAIT).toContain(`Row 2 (${after[1].grade}): changed on the hub since the sheet was read (version ${after[1].version}, now ${after[1].version + 1}).`);
    expect(await page.isDisabled('#submit-sheet')).toBe(true);
  });

  const RISKS = '{ fundingRisks(partnership: "norfolk-suffolk", financialYear: "2015/16") { id version title exposure certainty owner } }';
  const risks = async () => dataOf(await t.gql<any>(RISKS)).fundingRisks as Array<{ id: string; version: number; title: string; exposure: number | null; certainty: string; owner: string | null }>;

  it('submits an edited funding-risk register the same way, and a risk added on the hub meanwhile makes the sheet stale', async () => {
    if (!page) await openPane('FINANCE');
    await buildSheet('funding-risk-register', '2015/16');
    expect(await page.textContent('#sheet-submit-heading')).toBe('Submit the edited funding risks');
    const before = await risks();
    expect(before.length).toBeGreaterThan(1);
    const s = await sheet('funding-risks');

    // Money with more than two decimals is refused, naming the row and column.
    await type(s.table, 1, s.col('exposure'), 700_000.123);
    await page.click('#review-sheet');
    await expect.poll(() => page.textContent('#sheet-diff'), WAIT).toContain(`Row 1 (${before[0].title}), column ${s.header('exposure')}: 700000.123 has more than two decimals`);

    await type(s.table, 1, s.col('exposure'), 40_000);
    await type(s.table, 2, s.col('owner'), 'OPCC finance');
    await addRow(s.table, { [s.col('title')]: 'Council reserve drawdown', [s.col('exposure')]: '£12,345.67', [s.col('certainty')]: 'not guaranteed' });
    await page.click('#review-sheet');
    await expect.poll(() => page.textContent('#sheet-message'), WAIT).toContain(`1 added, 2 changed, 0 removed, ${before.length - 2} unchanged`);
    expect(await risks()).toEqual(before);

    // Before submitting, someone adds a risk on the hub: the whole sheet is refused, nothing written.
    await t.gql('mutation { addFundingRisk(partnership: "norfolk-suffolk", financialYear: "2015/16", risk: { title: "PCC commissioning review", certainty: UNCERTAIN }) { id } }');
    const withNew = await risks();
    await page.click('#submit-sheet');
    await expect.poll(() => page.textContent('#sheet-message'), WAIT).toMatch(/Nothing was overwritten/);
    expect(await risks()).toEqual(withNew);

    // Refreshed, the sheet has the new risk; the officer's edit goes through.
    await page.click('#tab-refresh');
    await page.click('#refresh-all');
    await expect.poll(() => page.textContent('#refresh-message'), WAIT).toMatch(/^Done/);
    const again = await sheet('funding-risks');
    expect(again.values.slice(1).map((r) => r[again.col('title')])).toContain('PCC commissioning review');
    await type(again.table, 1, again.col('exposure'), 40_000);
    await page.click('#tab-templates');
    await page.click('#review-sheet');
    await expect.poll(() => page.textContent('#sheet-message'), WAIT).toContain('0 added, 1 changed, 0 removed');
    await page.click('#submit-sheet');
    await expect.poll(() => page.getAttribute('#sheet-message', 'data-kind'), WAIT).toBe('success');
    const after = await risks();
    expect(after[0]).toMatchObject({ id: before[0].id, exposure: 40_000, version: before[0].version + 1 });
    expect(after.slice(1)).toEqual(withNew.slice(1));
  });

  it('starts a new year’s plan from the sheet, keeps a pro-rata basis (untouched: 0 changes), shows money, and agrees and reopens from the pane', { timeout: 120_000 }, async () => {
    const years = dataOf(await t.gql<any>('{ financialYears { label } }')).financialYears.map((y: any) => y.label) as string[];
    const plans = await Promise.all(years.map(async (y) => dataOf(await t.gql<any>('query($y: String!) { costShare(partnership: "norfolk-suffolk", financialYear: $y) { version } }', { y })).costShare));
    const year = years[plans.findIndex((p) => p === null)];
    expect(year).toBeDefined();
    await openPane('FINANCE');
    const plan = async () => dataOf(await t.gql<any>('query($y: String!) { costShare(partnership: "norfolk-suffolk", financialYear: $y) { version planVersion status basis agreedBy note shares { agencyCode weight percent contribution } } }', { y: year })).costShare;

    // A year with no cost share still gets its shares table: the partnership's agencies, to fill in.
    await buildSheet('cost-share-plan', year);
    let s = await sheet('cost-share-draft');
    const agencies = s.values.slice(1).map((r) => r[s.col('shares.agencyCode')]);
    expect(agencies).toEqual(dataOf(await t.gql<any>('{ partnership(code: "norfolk-suffolk") { agencies { code } } }')).partnership.agencies.map((a: any) => a.code));
    expect(s.values.slice(1).map((r) => r[s.col('shares.percent')])).toEqual(agencies.map(() => ''));
    await page.click('#review-draft');
    await expect.poll(() => page.textContent('#submit-message'), WAIT).toContain('norfolk-constabulary: enter a percentage in Share (%).');
    for (const [i, percent] of agencies.map((_, i) => (i === 0 ? 60 : i === 1 ? 40 : 0)).entries()) await type(s.table, i + 1, s.col('shares.percent'), percent);
    await page.click('#review-draft');
    await expect.poll(() => page.textContent('#submit-message'), WAIT).toContain(`Ready to submit ${await partnershipName()} ${year}: ${agencies.length} shares change.`);
    await page.click('#submit-draft');
    await expect.poll(() => page.getAttribute('#submit-message', 'data-kind'), WAIT).toBe('success');
    expect((await plan()).shares.slice(0, 2)).toMatchObject([{ percent: 60 }, { percent: 40 }]);
    expect(await plan()).toMatchObject({ status: 'DRAFT', basis: 'FIXED_PERCENTAGES' });

    // Someone makes it a pro-rata (cohort) draft; the sheet, refreshed, edits weights, and untouched submits nothing.
    await t.gql('mutation($y: String!, $v: Int) { saveCostShareDraft(partnership: "norfolk-suffolk", financialYear: $y, expectedVersion: $v, input: { basis: PRO_RATA_COHORT, shares: [{ agency: "norfolk-constabulary", weight: 97 }, { agency: "suffolk-constabulary", weight: 66 }] }) { version } }', { y: year, v: (await plan()).version });
    const proRata = await plan();
    await page.click('#tab-refresh');
    await page.click('#refresh-all');
    await expect.poll(() => page.textContent('#refresh-message'), WAIT).toMatch(/^Done/);
    await page.click('#tab-templates');
    await page.click('#review-draft');
    await expect.poll(() => page.textContent('#submit-message'), WAIT).toContain(`The sheet matches the hub's ${year} plan: 0 changes, nothing to submit.`);
    expect(await page.isDisabled('#submit-draft')).toBe(true);

    s = await sheet('cost-share-draft');
    await type(s.table, 2, s.col('shares.weight'), 97);
    await page.click('#review-draft');
    await expect.poll(() => page.textContent('#submit-message'), WAIT).toContain('2 shares change');
    const money = `£${proRata.shares[1].contribution.toLocaleString('en-GB', { minimumFractionDigits: 2 })}`;
    expect(await page.textContent('#draft-diff')).toContain(money);
    expect(await page.textContent('#draft-diff')).toContain('Change £');
    await page.click('#submit-draft');
    await expect.poll(() => page.getAttribute('#submit-message', 'data-kind'), WAIT).toBe('success');
    const submitted = await plan();
    expect(submitted).toMatchObject({ basis: 'PRO_RATA_COHORT', shares: [{ weight: 97, percent: 50 }, { weight: 97, percent: 50 }] });

    // Agree with a minute reference, then reopen: each from the pane.
    await page.fill('#agree-note', 'JIOM Governance Board, minute 4');
    await page.click('#agree-plan');
    await expect.poll(() => page.getAttribute('#plan-message', 'data-kind'), WAIT).toBe('success');
    const agreed = await plan();
    expect(agreed).toMatchObject({ status: 'AGREED', note: 'JIOM Governance Board, minute 4', planVersion: submitted.planVersion, shares: submitted.shares });
    expect(await page.textContent('#plan-message')).toBe(`Agreed: version ${agreed.planVersion} of the plan is frozen as agreed.`);
    await page.click('#reopen-plan');
    await expect.poll(() => page.textContent('#plan-message'), WAIT).toContain(`Reopened: version ${agreed.planVersion + 1} is a new draft`);
    expect(await plan()).toMatchObject({ status: 'DRAFT', planVersion: agreed.planVersion + 1, basis: 'PRO_RATA_COHORT' });
  });

  it('offers Submit, Agree and Reopen only to roles the hub allows, saying why not', async () => {
    await openPane('BOARD');
    await page.click('#tab-templates');
    await page.selectOption('#template', 'funding-risk-register');
    expect(await page.isDisabled('#review-sheet')).toBe(true);
    expect(await page.textContent('#sheet-permission')).toBe('A board token may not change the funding risks: ask a finance officer.');
    await page.selectOption('#template', 'cost-share-plan');
    expect(await page.isDisabled('#agree-plan')).toBe(true);
    expect(await page.isDisabled('#reopen-plan')).toBe(true);
    expect(await page.textContent('#agree-plan-permission')).toBe('A board token may not agree a cost share: ask a finance officer.');
    await openPane('FINANCE');
    await page.click('#tab-templates');
    await page.selectOption('#template', 'cost-share-plan');
    expect(await page.isDisabled('#agree-plan')).toBe(false);
    expect(await page.textContent('#agree-plan-permission')).toBe('');
  });
});
