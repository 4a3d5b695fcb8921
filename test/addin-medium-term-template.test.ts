/** The medium-term plan template built on an in-memory workbook from the real hub over HTTP: the same figures as the hub's answer. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { excelWorkbook } from '../addin/excel-workbook.js';
import { createHubClient, type HubClient } from '../addin/hub-client.js';
import { buildTemplate, TEMPLATES } from '../addin/templates.js';
import { FakeWorkbook } from './support/fake-excel.js';
import { dataOf, startTestHub, type TestHub } from './support/hub.js';

let t: TestHub;
let client: HubClient;
beforeAll(async () => {
  t = await startTestHub();
  client = createHubClient({ url: `http://127.0.0.1:${await t.hub.listen(0)}`, token: (await t.token('FINANCE', ['norfolk-suffolk'])).token });
});
afterAll(() => t?.close());

it('builds the medium-term plan sheet year by year and by agency, under the assumptions typed in its input cells', async () => {
  const book = new FakeWorkbook();
  (globalThis as any).Excel = book.api();
  const template = TEMPLATES.find((x) => x.id === 'medium-term-plan-sheet')!;
  const values = { partnership: 'norfolk-suffolk', financialYear: '2014/15', years: '4', payAwardPercent: '1', incrementsPercent: '1.5', nonPayInflationPercent: '2' };
  const store = await buildTemplate(template, values, null, { client, workbook: excelWorkbook });
  expect(store.bindings.map((b) => b.lastRefresh?.error)).toEqual([undefined, undefined]);
  const hub = dataOf(await t.gql<any>('{ mediumTermPlan(partnership: "norfolk-suffolk", from: "2014/15", years: 4, assumptions: { payAwardPercent: 1, incrementsPercent: 1.5, nonPayInflationPercent: 2 }) { years { financialYear cost gap gapIfRisksMaterialise contributions { agency contribution } } } }')).mediumTermPlan.years;
  const years = book.tableValues(store.bindings[0].target.table);
  // The headers are the schema's labels; the binding keeps each column's field path.
  const col = (path: string) => years[0].indexOf(store.bindings[0].columns!.find((c) => c.path === path)!.header);
  expect(years.slice(1).map((r) => [r[col('years.financialYear')], r[col('years.cost')], r[col('years.gap')], r[col('years.gapIfRisksMaterialise')]])).toEqual(hub.map((y: any) => [y.financialYear, y.cost, y.gap, y.gapIfRisksMaterialise]));
  const byAgency = book.tableValues(store.bindings[1].target.table);
  expect(byAgency.slice(1)).toEqual(hub.flatMap((y: any) => y.contributions.map((c: any) => [y.financialYear, c.agency, c.contribution])));
});

it('has a name of its own: no template shares its name with a saved report, so `export <name>` is never ambiguous', async () => {
  const reports = dataOf(await t.gql<{ reports: { name: string }[] }>('{ reports { name } }')).reports.map((r) => r.name);
  expect(reports).toContain('medium-term-plan');
  expect(TEMPLATES.map((x) => x.id).filter((id) => reports.includes(id))).toEqual([]);
});
