/**
 * The case managers' page end to end: a real hub on a SQLite file with the demo data, driven in
 * headless Chromium through a nominal's whole lifecycle, the database read back after each step,
 * screenshots of each state at 320 and 1024 px wide in test/artifacts/.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { Role } from '../server/access/role.js';
import { startTestHub, type TestHub } from './support/hub.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
// In CI a missing browser is a failure, not a skip: .ci/run installs Debian's chromium.
const maybe = haveChromium || process.env.CI === 'true' ? describe : describe.skip;
const ARTIFACTS = 'test/artifacts';

const MATRIX = {
  threshold: 20,
  factors: [
    { factor: 'priority', label: 'Priority offences in the last 12 months', weight: 4, maxValue: 5 },
    { factor: 'drugs', label: 'Class A drug misuse', weight: 5, maxValue: 1 },
    { factor: 'intelligence', label: 'Current police intelligence', weight: 1, maxValue: 10 },
  ],
  source: 'Test matrix',
};

interface NominalState {
  referrals: { id: string; decision: string; matrixScore: number | null; panelDate: string | null }[];
  memberships: { id: string; startDate: string; endDate: string | null; deselectionReason: string | null; reviews: { reviewDate: string; status: string }[] }[];
  offences: { offenceDate: string; category: { code: string; priority: boolean } }[];
}

maybe('the case managers\' page in a real browser', () => {
  let t: TestHub;
  let browser: Browser;
  let base: string;
  let caseManager: string;
  let nominal: { id: string; reference: string };

  const state = async (): Promise<NominalState> => {
    const result = await t.gql<{ nominal: NominalState }>(`query ($id: ID!) { nominal(id: $id) {
      referrals { id decision matrixScore panelDate } memberships { id startDate endDate deselectionReason reviews { reviewDate status } } offences { offenceDate category { code priority } } } }`, { id: nominal.id });
    expect(result.errors).toBeUndefined();
    return result.data!.nominal;
  };

  /** The page as it is now, at 320 px and at 1024 px wide (whole page). */
  const shoot = async (page: Page, name: string) => {
    for (const width of [320, 1024]) {
      await page.setViewportSize({ width, height: 800 });
      await page.screenshot({ path: `${ARTIFACTS}/case-manager-${name}-${width}.png`, fullPage: true });
    }
    await page.setViewportSize({ width: 320, height: 800 });
  };

  /** Nothing is wider than the window at 320 px: no sideways scrolling of the page. */
  const fitsNarrow = async (page: Page) => expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);

  const signIn = async (page: Page, token: string) => {
    await page.goto(`${base}/case-manager`);
    await page.getByLabel('Access token').focus();
    await page.keyboard.type(token);
    await page.keyboard.press('Enter');
  };

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    t = await startTestHub();
    base = `http://127.0.0.1:${await t.hub.listen(0, '127.0.0.1')}`;
    expect((await t.gql('mutation ($m: ScoringMatrixInput!) { setScoringMatrix(partnership: "thurrock", matrix: $m) { threshold } }', { m: MATRIX })).errors).toBeUndefined();
    caseManager = (await t.token(Role.CASE_MANAGER, ['thurrock'])).token;
    // A Thurrock nominal never on the scheme: the page takes them from referral to de-selection.
    const all = await t.gql<{ nominals: { id: string; reference: string; memberships: { id: string }[]; referrals: { decision: string }[] }[] }>(
      '{ nominals(partnership: "thurrock", search: "", first: 100) { id reference memberships { id } referrals { decision } } }');
    nominal = all.data!.nominals.find((n) => !n.memberships.length && n.referrals.every((r) => r.decision !== 'PENDING'))!;
    expect(nominal).toBeDefined();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('takes a nominal from referral to de-selection, each check the hub\'s own beside its field', async () => {
    const page = await browser.newPage({ viewport: { width: 320, height: 800 } });
    page.setDefaultTimeout(10_000);
    const requested: string[] = [];
    page.on('request', (request) => requested.push(request.url()));
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));

    await page.goto(`${base}/case-manager`);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toMatch(/token$/);
    await shoot(page, '1-sign-in');

    // A wrong token: the hub's refusal, beside the token field.
    await signIn(page, 'not-a-token');
    const tokenError = page.locator('#f1-token-error');
    await tokenError.waitFor();
    expect(await tokenError.innerText()).toMatch(/refused the token/);
    expect(await page.getByLabel('Access token').getAttribute('aria-describedby')).toContain('f1-token-error');

    // Signed in, by keyboard only: the search field has the focus.
    await signIn(page, caseManager);
    await page.locator('#connection-badge[data-state="on"]').waitFor();
    expect(await page.locator('#read-only').isVisible()).toBe(false);
    await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLElement).dataset.field)).toBe('search');
    await page.keyboard.type(nominal.reference.toLowerCase());
    await page.keyboard.press('Enter');
    await page.locator(`button[data-nominal="${nominal.id}"]`).waitFor();
    await shoot(page, '2-found');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.nominal)).toBe(nominal.id);
    await page.keyboard.press('Enter');
    await page.locator('#nominal-heading', { hasText: nominal.reference }).waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('nominal-heading');
    await fitsNarrow(page);

    // A referral scored on the matrix, explained factor by factor.
    const before = await state();
    const refer = page.locator('form[data-form="refer"]');
    await refer.getByLabel('Code of the referring agency').selectOption('essex-police');
    await refer.getByLabel('Referral date').fill('2024-01-10');
    await refer.getByLabel('Priority offences in the last 12 months').fill('3');
    // A factor left out: the hub names it; nothing is written.
    await refer.getByLabel('Class A drug misuse').fill('');
    await refer.getByRole('button', { name: 'Record referral' }).click();
    await refer.locator('.message[data-kind="error"]').waitFor();
    expect(await refer.locator('.message').innerText()).toBe('Score every factor of the matrix; missing: Class A drug misuse.');
    expect((await state()).referrals).toHaveLength(before.referrals.length);
    await refer.getByLabel('Class A drug misuse').fill('1');
    await refer.getByLabel('Current police intelligence').fill('4');
    await refer.getByLabel('CrimSec3 code of the index offence').fill('28A — Burglary in a dwelling');
    await refer.getByRole('button', { name: 'Record referral' }).click();
    await page.locator('#nominal-done', { hasText: 'Referral recorded' }).waitFor();
    const referred = await state();
    expect(referred.referrals).toHaveLength(before.referrals.length + 1);
    const referral = referred.referrals.find((r) => !before.referrals.some((b) => b.id === r.id))!;
    expect(referral).toMatchObject({ decision: 'PENDING', matrixScore: 21 });
    expect(await page.locator(`[data-referral="${referral.id}"] .explanation`).innerText()).toBe(
      'Priority offences in the last 12 months 3 × 4 = 12; Class A drug misuse 1 × 5 = 5; Current police intelligence 4 × 1 = 4. Total 21. At or above the threshold of 20.');
    await shoot(page, '3-referred');

    // The panel: a date before the referral is the hub's problem, shown at the date.
    const decide = page.locator('form[data-form="decide"]');
    await decide.getByLabel('Panel date').fill('2024-01-05');
    await decide.getByLabel('Decision').selectOption('ACCEPTED');
    await decide.getByRole('button', { name: 'Record decision' }).click();
    const panelError = decide.locator('.field-error:not([hidden])');
    await panelError.waitFor();
    expect(await panelError.innerText()).toBe('2024-01-05 is before the referral (2024-01-10).');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? (document.activeElement as HTMLElement).dataset.field)).toBe('input.panelDate');
    expect(await decide.getByLabel('Panel date').getAttribute('aria-invalid')).toBe('true');
    expect((await state()).referrals.find((r) => r.id === referral.id)?.decision).toBe('PENDING');
    await shoot(page, '4-panel-refused');
    await decide.getByLabel('Panel date').fill('2024-01-20');
    await decide.getByRole('button', { name: 'Record decision' }).click();
    await page.locator('#nominal-done', { hasText: 'Panel decision recorded' }).waitFor();
    expect((await state()).referrals.find((r) => r.id === referral.id)).toMatchObject({ decision: 'ACCEPTED', panelDate: '2024-01-20' });

    // The membership, following the accepted referral.
    const start = page.locator('form[data-form="start"]');
    expect(await start.getByLabel('The accepted referral this membership follows').inputValue()).toBe(referral.id);
    await start.getByLabel('Date the agreement was signed').fill('2024-02-01');
    await start.getByRole('button', { name: 'Start membership' }).click();
    await page.locator('#nominal-done', { hasText: 'Membership started' }).waitFor();
    const started = (await state()).memberships;
    expect(started).toEqual([expect.objectContaining({ startDate: '2024-02-01', endDate: null })]);

    // A RED review.
    const review = page.locator('form[data-form="review"]');
    await review.getByLabel('Review date').fill('2024-03-01');
    await review.getByLabel('Status').selectOption('RED');
    await review.getByRole('button', { name: 'Record review' }).click();
    await page.locator('#nominal-done', { hasText: 'Review recorded' }).waitFor();
    expect((await state()).memberships[0].reviews).toEqual([{ reviewDate: '2024-03-01', status: 'RED' }]);

    // A non-priority offence (46, shoplifting), picked from the whole classification.
    expect(await page.locator('#offence-codes option').count()).toBeGreaterThanOrEqual(119);
    const offence = page.locator('form[data-form="offence"]');
    await offence.getByLabel('CrimSec3 code').fill('46');
    expect(await offence.locator('[id$="-named"]').innerText()).toMatch(/^46: .*Shoplifting.*\(non-priority\)$/i);
    await offence.getByLabel('Offence date').fill('2024-05-10');
    await offence.getByLabel('Outcome', { exact: true }).selectOption('CONVICTION');
    await offence.getByLabel('Outcome date').fill('2024-06-01');
    await offence.getByRole('button', { name: 'Record offence' }).click();
    await page.locator('#nominal-done', { hasText: 'Offence recorded' }).waitFor();
    expect((await state()).offences).toEqual([expect.objectContaining({ offenceDate: '2024-05-10', category: { code: '46', priority: false } })]);
    await shoot(page, '5-member');

    // Reviews due: RED every 14 days, last reviewed 1 March, so overdue on 20 March.
    const due = page.locator('form[data-form="due"]');
    await due.getByLabel('Due on').fill('2024-03-20');
    await due.getByRole('button', { name: 'Show reviews due' }).click();
    const dueItem = page.locator(`#due-list button[data-nominal="${nominal.id}"]`);
    await dueItem.waitFor();
    expect(await dueItem.innerText()).toContain('Due 2024-03-15, 5 days overdue');
    const dueNow = await t.gql<{ reviewsDue: { reference: string; daysOverdue: number }[] }>('{ reviewsDue(partnership: "thurrock", date: "2024-03-20") { reference daysOverdue } }');
    expect(dueNow.data!.reviewsDue).toContainEqual({ reference: nominal.reference, daysOverdue: 5 });
    expect(await page.locator('#due-list li').count()).toBe(dueNow.data!.reviewsDue.length);
    await shoot(page, '6-reviews-due');

    // Every problem at once, each at its field, the first focused: no date and no reason.
    const deselect = page.locator('form[data-form="deselect"]');
    await deselect.getByLabel('First day off the scheme').fill('');
    await deselect.getByRole('button', { name: 'De-select' }).click();
    await deselect.locator('.field-error:not([hidden])').nth(1).waitFor();
    expect(await deselect.locator('.field-error:not([hidden])').allInnerTexts()).toEqual([expect.stringMatching(/date/i), 'A de-selection needs a reason: one of the six criteria, or OTHER with a note.']);
    expect(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.field)).toBe('input.endDate');
    expect(await deselect.locator('.message').innerText()).toBe('The hub refused this: see the 2 problems marked.');

    // De-selection for an offence-free year with an offence in the year: refused, the hub's words at the reason.
    await deselect.getByLabel('First day off the scheme').fill('2024-09-01');
    await deselect.getByLabel('Reason', { exact: true }).selectOption('OFFENCE_FREE_YEAR');
    await deselect.getByRole('button', { name: 'De-select' }).click();
    const reason = deselect.getByLabel('Reason', { exact: true });
    const reasonError = deselect.locator(`#${await reason.getAttribute('id')}-error`);
    await reasonError.waitFor();
    expect(await reasonError.innerText()).toBe('Not a year free of offending: an offence is dated within the year before 2024-09-01 (2024-05-10, on or after 2023-09-01).');
    expect(await reason.getAttribute('aria-describedby')).toContain(`${await reason.getAttribute('id')}-error`);
    expect(await reason.getAttribute('aria-invalid')).toBe('true');
    expect(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.field)).toBe('input.reason');
    expect((await state()).memberships[0].endDate).toBeNull();
    await fitsNarrow(page);
    await shoot(page, '7-deselect-refused');

    // Moved out of the area: accepted.
    await reason.selectOption('MOVED_OUT_OF_AREA');
    await deselect.getByRole('button', { name: 'De-select' }).click();
    await page.locator('#nominal-done', { hasText: 'De-selected' }).waitFor();
    expect((await state()).memberships[0]).toMatchObject({ endDate: '2024-09-01', deselectionReason: 'MOVED_OUT_OF_AREA' });
    expect(await page.locator('.status-line').innerText()).toBe('Not on the scheme.');
    await shoot(page, '8-deselected');

    expect(requested.filter((url) => !url.startsWith(base) && !url.startsWith('data:'))).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('shows a board token the hub\'s refusal, and an analyst\'s writes refused', async () => {
    const page = await browser.newPage({ viewport: { width: 320, height: 800 } });
    page.setDefaultTimeout(10_000);
    await signIn(page, (await t.token(Role.BOARD, ['thurrock'])).token);
    await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLElement).dataset.field)).toBe('search');
    await page.keyboard.type(nominal.reference);
    await page.keyboard.press('Enter');
    expect(await page.locator('#read-only').innerText()).toBe('This board token may not change cohort records: the hub refuses such changes from it.');
    const searchError = page.locator('form[data-form="find"] .field-error:not([hidden])');
    await searchError.waitFor();
    expect(await searchError.innerText()).toMatch(/board token may not use/i);
    expect(await page.locator('#results li').count()).toBe(0);
    await shoot(page, '9-board-refused');

    // An analyst reads nominals but may not change them: the hub refuses the review, the form says so.
    const before = await state();
    await signIn(page, (await t.token(Role.ANALYST, ['thurrock'])).token);
    await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLElement).dataset.field)).toBe('search');
    await page.keyboard.type(nominal.reference);
    await page.keyboard.press('Enter');
    await page.locator(`button[data-nominal="${nominal.id}"]`).click();
    const offence = page.locator('form[data-form="offence"]');
    await offence.getByLabel('CrimSec3 code').fill('46');
    await offence.getByLabel('Offence date').fill('2024-10-10');
    await offence.getByLabel('Outcome date').fill('2024-10-20');
    await offence.getByRole('button', { name: 'Record offence' }).click();
    const refused = offence.locator('.message[data-kind="error"]');
    await refused.waitFor();
    expect(await refused.innerText()).toMatch(/analyst token may not use/i);
    expect(await state()).toEqual(before);
    await shoot(page, '10-analyst-refused');
  }, 60_000);
});
