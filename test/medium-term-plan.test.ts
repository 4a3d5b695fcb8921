import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, errorOf, startTestHub, type TestHub } from './support/hub.js';

let t: TestHub;
const dir = mkdtempSync(join(tmpdir(), 'iom-hub-mtp-'));
beforeAll(async () => {
  t = await startTestHub();
});
afterAll(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

const PLAN = `query ($a: MediumTermAssumptionsInput) { mediumTermPlan(partnership: "norfolk-suffolk", from: "2014/15", years: 4, assumptions: $a) { years {
  financialYear establishment establishmentFrom nonPay nonPayFrom cost contributions { agency contribution } contributionsTotal contributionsFrom
  streamsTotal funding gap riskExposure gapIfRisksMaterialise } } }`;

/**
 * Norfolk & Suffolk 2014/15 to 2017/18, as the paper asks of 2015/16 and beyond. Assumed: pay award 1% a year, increments 1.5% a year on posts,
 * non-pay inflation 2% a year; for years not agreed, partners share the establishment 56.5% / 43.5% as agreed for 2014/15.
 *
 * Recorded: the 2014/15 establishment (posts £69,155 + £202,868 + £693,593 + £50,370 = £1,015,986; allowances £5,280 and overtime £2,678 = £7,958;
 * total £1,023,944), agreed 56.5% / 43.5% (£578,528.36 / £445,415.64); 2015/16 non-pay £9,600 + £30,000 = £39,600; streams covering 2014/15 only:
 * drug testing £13,000 expected, fuel £10,000 (the others state no amount); the 2015/16 risk list's stated exposures £16,000 + £10,000 + £9,600 + £30,000.
 *
 * Hand calculation, in pounds (each year from the recorded figure, rounded once to the penny):
 * - establishment 2015/16 = 1,015,986 × 1.01 × 1.015 + 7,958 × 1.01 = 1,041,538.0479 + 8,037.58 = 1,049,575.6279 → 1,049,575.63
 * - establishment 2016/17 = 1,015,986 × 1.0201 × 1.030225 + 7,958 × 1.0201 = 1,067,732.7298046… + 8,117.9558 = 1,075,850.6856… → 1,075,850.69
 * - establishment 2017/18 = 1,015,986 × 1.030301 × 1.045678375 + 7,958 × 1.030301 = 1,094,586.2079593… + 8,199.135358 = 1,102,785.3433… → 1,102,785.34
 * - non-pay: 2015/16 39,600 (recorded); 2016/17 39,600 × 1.02 = 40,392; 2017/18 39,600 × 1.0404 = 41,199.84
 * - contributions: 2014/15 as agreed; later years 56.5% / 43.5% of the establishment, whole pence by largest remainder:
 *   2015/16: 1,049,575.63 × 0.565 = 593,010.23095, × 0.435 = 456,565.39905 → 593,010.23 + 456,565.40 (the leftover penny to the larger remainder)
 *   2016/17: 1,075,850.69 × 0.565 = 607,855.63985, × 0.435 = 467,995.05015 → 607,855.64 + 467,995.05
 *   2017/18: 1,102,785.34 × 0.565 = 623,073.7171, × 0.435 = 479,711.6229 → 623,073.72 + 479,711.62
 * - gap = cost − contributions − streams; gap if risks materialise = gap + the year's stated exposures (2015/16 only: 65,600)
 */
const ASSUMED = { payAwardPercent: 1, incrementsPercent: 1.5, nonPayInflationPercent: 2 };

describe('the medium-term plan of Norfolk & Suffolk, 2014/15 to 2017/18', () => {
  it('gives every figure of the hand calculation', async () => {
    const { years } = dataOf(await t.gql(PLAN, { a: ASSUMED })).mediumTermPlan;
    expect(years.map((y: any) => y.financialYear)).toEqual(['2014/15', '2015/16', '2016/17', '2017/18']);
    expect(years.map((y: any) => [y.establishment, y.establishmentFrom])).toEqual([
      [1_023_944, '2014/15'],
      [1_049_575.63, '2014/15'],
      [1_075_850.69, '2014/15'],
      [1_102_785.34, '2014/15'],
    ]);
    expect(years.map((y: any) => [y.nonPay, y.nonPayFrom])).toEqual([[0, null], [39_600, '2015/16'], [40_392, '2015/16'], [41_199.84, '2015/16']]);
    // cost = establishment + non-pay: 1,049,575.63 + 39,600; 1,075,850.69 + 40,392; 1,102,785.34 + 41,199.84
    expect(years.map((y: any) => y.cost)).toEqual([1_023_944, 1_089_175.63, 1_116_242.69, 1_143_985.18]);
    expect(years.map((y: any) => y.contributions.map((c: any) => c.contribution))).toEqual([
      [578_528.36, 445_415.64],
      [593_010.23, 456_565.40],
      [607_855.64, 467_995.05],
      [623_073.72, 479_711.62],
    ]);
    expect(years.map((y: any) => y.contributionsFrom)).toEqual(['agreed 2014/15 version 1', ...Array(3).fill('shares of agreed 2014/15 version 1')]);
    expect(years.map((y: any) => y.streamsTotal)).toEqual([23_000, 0, 0, 0]);
    // funding = contributions + streams: 1,023,944 + 23,000; then the contributions alone
    expect(years.map((y: any) => y.funding)).toEqual([1_046_944, 1_049_575.63, 1_075_850.69, 1_102_785.34]);
    // Partners fund the establishment; what is left is non-pay less the streams.
    expect(years.map((y: any) => y.gap)).toEqual([-23_000, 39_600, 40_392, 41_199.84]);
    expect(years.map((y: any) => y.riskExposure)).toEqual([0, 65_600, 0, 0]);
    expect(years.map((y: any) => y.gapIfRisksMaterialise)).toEqual([-23_000, 105_200, 40_392, 41_199.84]);
  });
});

describe('named medium-term plans', () => {
  const SAVE = `mutation ($n: String!, $a: MediumTermAssumptionsInput, $v: Int) { saveMediumTermPlanVariant(partnership: "norfolk-suffolk", name: $n, from: "2014/15", years: 4, assumptions: $a, expectedVersion: $v) {
    id name from years payAwardPercent contributionGrowthPercent savedBy version } }`;

  it('are saved, listed with their plans, and compared side by side: holding contributions cash flat leaves the pay award on the gap', async () => {
    const finance = await t.token('FINANCE', ['norfolk-suffolk']);
    const saved = dataOf(await t.gql(SAVE, { n: 'Pay award 1%', a: ASSUMED }, finance.caller)).saveMediumTermPlanVariant;
    expect(saved).toMatchObject({ name: 'Pay award 1%', from: '2014/15', years: 4, payAwardPercent: 1, contributionGrowthPercent: null, version: 1 });
    dataOf(await t.gql(SAVE, { n: 'Cash flat', a: { ...ASSUMED, contributionGrowthPercent: 0 } }, finance.caller));
    expect(errorOf(await t.gql(SAVE, { n: 'Cash flat', a: ASSUMED }, finance.caller))).toMatchObject({ code: 'CONFLICT', extensions: { currentVersion: 1 } });

    const variants = dataOf(await t.gql('{ mediumTermPlanVariants(partnership: "norfolk-suffolk") { name savedBy plan { years { gap } } } }', {}, finance.caller)).mediumTermPlanVariants;
    expect(variants.map((v: any) => v.name)).toEqual(['Cash flat', 'Pay award 1%']);
    expect(variants[1].plan.years.map((y: any) => y.gap)).toEqual([-23_000, 39_600, 40_392, 41_199.84]);

    const rows = dataOf(await t.gql('{ compareMediumTermPlans(partnership: "norfolk-suffolk", variants: ["Pay award 1%", "Cash flat"]) { financialYear variant cost contributionsTotal gap gapChange gapIfRisksMaterialise } }', {}, finance.caller)).compareMediumTermPlans;
    // Cash flat: partners pay £1,023,944 every year, so gap = cost − 1,023,944 − streams:
    // 2015/16 1,089,175.63 − 1,023,944 = 65,231.63 (25,631.63 more than when contributions follow the establishment; with the £65,600 of risks: 130,831.63)
    // 2016/17 1,116,242.69 − 1,023,944 = 92,298.69 (+51,906.69); 2017/18 1,143,985.18 − 1,023,944 = 120,041.18 (+78,841.34)
    expect(rows.map((r: any) => [r.financialYear, r.variant, r.contributionsTotal, r.gap, r.gapChange, r.gapIfRisksMaterialise])).toEqual([
      ['2014/15', 'Pay award 1%', 1_023_944, -23_000, 0, -23_000],
      ['2014/15', 'Cash flat', 1_023_944, -23_000, 0, -23_000],
      ['2015/16', 'Pay award 1%', 1_049_575.63, 39_600, 0, 105_200],
      ['2015/16', 'Cash flat', 1_023_944, 65_231.63, 25_631.63, 130_831.63],
      ['2016/17', 'Pay award 1%', 1_075_850.69, 40_392, 0, 40_392],
      ['2016/17', 'Cash flat', 1_023_944, 92_298.69, 51_906.69, 92_298.69],
      ['2017/18', 'Pay award 1%', 1_102_785.34, 41_199.84, 0, 41_199.84],
      ['2017/18', 'Cash flat', 1_023_944, 120_041.18, 78_841.34, 120_041.18],
    ]);
    expect(errorOf(await t.gql('{ compareMediumTermPlans(partnership: "norfolk-suffolk", variants: ["Pay award 1%", "Growth"]) { gap } }'))).toMatchObject({
      code: 'BAD_USER_INPUT', message: 'variants[1]: Norfolk & Suffolk 180 Joint IOM has no saved medium-term plan "Growth".',
    });
  });

  it('says what is missing: a plan without an agreed cost share needs assumed shares, and a plan covers 3 to 5 years', async () => {
    const barnet = 'query ($a: MediumTermAssumptionsInput) { mediumTermPlan(partnership: "barnet", from: "2014/15", years: 3, assumptions: $a) { years { cost contributions { agency contribution } } } }';
    expect(errorOf(await t.gql(barnet, {}))).toMatchObject({ code: 'BAD_USER_INPUT', message: 'assumptions.shares: no cost share has been agreed for 2014/15 or before it; give the shares to assume.' });
    expect(errorOf(await t.gql(barnet, { a: { shares: { basis: 'FIXED_PERCENTAGES', shares: [{ agency: 'met-police', percent: 60 }] } } })).message).toBe('assumptions.shares: fixed percentages must sum to 100%.');
    expect(errorOf(await t.gql(barnet, { a: { payAwardPercent: 1.005 } })).message).toBe('assumptions.payAwardPercent: may have at most two decimal places (got 1.005).');
    expect(errorOf(await t.gql('{ mediumTermPlan(partnership: "norfolk-suffolk", from: "2014/15", years: 6) { years { gap } } }')).message).toBe('years: a medium-term plan covers 3 to 5 years (got 6).');
  });

  it('exports from the command line as a saved report', { timeout: 120_000 }, async () => {
    const out = join(dir, 'plan.csv');
    const args = ['export', 'medium-term-plan', '--partnership', 'norfolk-suffolk', '--year', '2014/15', '--var', 'years=4', '--var', 'payAwardPercent=1', '--var', 'incrementsPercent=1.5',
      '--var', 'nonPayInflationPercent=2', '--var', 'contributionGrowthPercent=0', '--out', out, '--database', t.databaseUrl];
    await promisify(execFile)('node', ['bin/iom-hub.js', ...args], { cwd: new URL('..', import.meta.url).pathname, timeout: 60_000 });
    const [header, ...rows] = parse(readFileSync(out, 'utf8')) as string[][];
    // The schema's labels with their units head the columns, as in the workbook.
    expect(header).toEqual(['Financial year', 'Establishment (£)', 'Non pay (£)', 'Cost (£)', 'Contributions total (£)', 'Streams total (£)', 'Funding (£)', 'Gap (£)', 'Risk exposure (£)', 'Gap if risks materialise (£)', 'Contributions from']);
    expect(rows.map((row) => [row[0], Number(row[3]), Number(row[7]), Number(row[9])])).toEqual([
      ['2014/15', 1_023_944, -23_000, -23_000],
      ['2015/16', 1_089_175.63, 65_231.63, 130_831.63],
      ['2016/17', 1_116_242.69, 92_298.69, 92_298.69],
      ['2017/18', 1_143_985.18, 120_041.18, 120_041.18],
    ]);
  });
});
