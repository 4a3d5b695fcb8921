import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { emptyStore, upsertBinding, type Binding } from '../addin/binding.js';
import { BINDINGS_SHEET, excelWorkbook } from '../addin/excel-workbook.js';
import { clientOf, createHubClient, type HubClient } from '../addin/hub-client.js';
import { refreshAll, type RefreshStatus } from '../addin/refresh.js';
import { toTable } from '../addin/result-table.js';
import { reportLayout } from '../server/reports/report-layout.js';
import { hubSchema } from '../server/schema.js';
import { buildTemplate, inputCellName, TEMPLATES } from '../addin/templates.js';
import { reviewDraft, sharesFromSheet, submitDraft } from '../addin/cost-share-submit.js';
import { insertAtSelection } from '../addin/insert.js';
import { describeHubError } from '../addin/hub-client.js';
import { FakeWorkbook } from './support/fake-excel.js';
import { startTestHub, type TestHub } from './support/hub.js';

let book: FakeWorkbook;
beforeEach(() => {
  book = new FakeWorkbook();
  (globalThis as any).Excel = book.api();
});

const costShareQuery = `query CostShare($partnership: String!, $financialYear: String!) {
  costShare(partnership: $partnership, financialYear: $financialYear) { total shares { agency percent contribution } }
}`;

describe('Excel glue on an in-memory workbook', () => {
  it('writes a formatted table with its "data as at" line, neutralising formula text', async () => {
    const layout = reportLayout(hubSchema(), '{ fundingStreams(partnership: "p", financialYear: "y") { funder amountAgreed endDate } }');
    const table = toTable({ fundingStreams: [{ funder: '=HYPERLINK("x")', amountAgreed: 12.5, endDate: '2016-03-31' }] }, layout);
    const address = await excelWorkbook.writeTable({ sheet: 'Sheet1', anchor: 'B2', table: 'IOM_T' }, 'T — data as at 1 Nov 2026 09:00 GMT', table);
    expect(address).toBe('B2:D4');
    expect(book.cell('Sheet1', 'B2')).toBe('T — data as at 1 Nov 2026 09:00 GMT');
    expect(book.tableValues('IOM_T')).toEqual([['Funder', 'Agreed per year (£)', 'End date'], ['=HYPERLINK("x")', 12.5, 42460]]);
    expect(book.formatOf('Sheet1', 'C4')).toBe('£#,##0.00;[Red]-£#,##0.00');
    expect(book.formatOf('Sheet1', 'D4')).toBe('d mmm yyyy');
    // Set up to print: one page wide, the data's time in the page header, the header row repeated.
    expect(book.pageLayouts.get('Sheet1')).toMatchObject({ zoom: { horizontalFitToPages: 1, verticalFitToPages: 0 }, rightHeader: 'Data as at 1 Nov 2026 09:00 GMT', printTitleRows: '$3:$3' });
  });

  it('keeps the bindings in a custom XML part and on a very hidden sheet, and reads them back from either', async () => {
    expect(await excelWorkbook.readBindings()).toBeNull();
    const store = upsertBinding(emptyStore('https://hub'), {
      id: 'x', title: 'T', source: { kind: 'query', query: '{ a }' }, variables: {}, layout: 'rows', target: { sheet: 'Sheet1', anchor: 'A1', table: 'IOM_T' },
    });
    await excelWorkbook.saveBindings(store);
    await excelWorkbook.saveBindings(store);
    expect(book.xmlParts).toHaveLength(1);
    expect(book.xmlParts[0].xml).toContain('"format": "iom-hub-bindings"');
    expect(await excelWorkbook.readBindings()).toEqual(store);
    expect(book.visibility.get(BINDINGS_SHEET)).toBe('VeryHidden');
    expect(book.cell(BINDINGS_SHEET, 'A1')).toMatch(/^IOM Hub bindings/);
    // A program that drops custom XML parts on save keeps the sheet: the bindings come back from it.
    book.xmlParts = [];
    expect(await excelWorkbook.readBindings()).toEqual(store);
  });

  it('reads named cells and names the one that is missing', async () => {
    await excelWorkbook.nameCell('Year', 'Sheet1', 'B1', '2014/15');
    expect(await excelWorkbook.readNamedCells(['Year'])).toEqual({ Year: { value: '2014/15', numberFormat: 'General', address: 'Sheet1!B1' } });
    await expect(excelWorkbook.readNamedCells(['Year', 'Nope'])).rejects.toThrow('The workbook has no cell named Nope.');
  });
});

describe('refresh all and templates against a real hub', () => {
  let t: TestHub;
  let client: HubClient;
  let hubUrl: string;
  beforeAll(async () => {
    t = await startTestHub();
    // A finance officer of norfolk-suffolk: the cost-share plan is theirs to edit, the performance pack is aggregates.
    hubUrl = `http://127.0.0.1:${await t.hub.listen(0)}`;
    client = createHubClient({ url: hubUrl, token: (await t.token('FINANCE', ['norfolk-suffolk'])).token });
  });
  afterAll(() => t.close());

  it('refreshes every binding, reports each status, and re-queries with a changed named cell', async () => {
    await excelWorkbook.nameCell('Year', 'Sheet1', 'A1', '2015/16');
    const binding: Binding = {
      id: 'cs', title: 'Cost share', source: { kind: 'report', report: 'cost-share', query: costShareQuery },
      variables: { partnership: { value: 'norfolk-suffolk' }, financialYear: { cell: 'Year' } }, layout: 'rows',
      target: { sheet: 'Sheet1', anchor: 'A3', table: 'IOM_Cost_share' },
    };
    const broken: Binding = { ...binding, id: 'bad', title: 'Broken', source: { kind: 'query', query: '{ nope }' }, variables: {}, target: { sheet: 'Sheet1', anchor: 'H3', table: 'IOM_Broken' } };
    const seen: RefreshStatus[][] = [];
    let { store } = await refreshAll(upsertBinding(upsertBinding(emptyStore(), binding), broken), { client, workbook: excelWorkbook }, (s) => seen.push(s));
    // No plan for 2015/16: the same header over one empty row, and the caption says so.
    expect(book.tableValues('IOM_Cost_share')).toEqual([['total', 'shares.agency', 'shares.percent', 'shares.contribution'], ['', '', '', '']]);
    expect(String(book.cell('Sheet1', 'A3'))).toMatch(/ — no rows for these variables( — |$)/);

    book.setCell('Sheet1', 'A1', '2014/15');
    const result = await refreshAll(store, { client, workbook: excelWorkbook }, (s) => seen.push(s));
    store = result.store;
    expect(book.tableValues('IOM_Cost_share')).toEqual([
      ['total', 'shares.agency', 'shares.percent', 'shares.contribution'],
      [1_023_944, 'Norfolk Constabulary', 56.5, 578_528.36],
      [1_023_944, 'Suffolk Constabulary', 43.5, 445_415.64],
    ]);
    expect(String(book.cell('Sheet1', 'A3'))).toMatch(/^Cost share — Norfolk .+, financial year 2014\/15 — data as at \d+ \w+ \d{4} \d\d:\d\d [A-Z]+ — Cost share v\d+: How a partnership shares its establishment budget .*$/);
    expect(result.statuses).toMatchObject([{ id: 'cs', state: 'done', rows: 2 }, { id: 'bad', state: 'error', error: expect.stringContaining('Cannot query field "nope"') }]);
    expect(seen[0].map((s) => s.state)).toEqual(['waiting', 'waiting']);
    expect((await excelWorkbook.readBindings())!.bindings[0].lastRefresh).toMatchObject({ rows: 2 });

    // Refreshing one binding leaves the other's record as it was.
    const one = await refreshAll(store, { client, workbook: excelWorkbook }, () => {}, ['cs']);
    expect(one.statuses.map((s) => s.id)).toEqual(['cs']);
    expect(one.store.bindings.map((b) => b.id)).toEqual(['cs', 'bad']);
    expect(one.store.bindings[1]).toEqual(store.bindings[1]);
  });

  it('follows the hub’s cursors page by page to the end of a long list, and stops at the binding’s row cap saying "showing N of M"', async () => {
    const caseManager = (await t.token('CASE_MANAGER', ['norfolk-suffolk'])).token;
    const asked: string[] = [];
    const base = createHubClient({ url: hubUrl, token: caseManager });
    // The list's pages only (the table's layout and the partnerships' names are asked once beside them).
    const counting: HubClient = clientOf(<T>(q: string, v?: Record<string, unknown>, s?: AbortSignal) => (/reportLayout|PartnershipNames/.test(q) || asked.push(JSON.stringify(v)), base.send<T>(q, v, s)));
    const total = (await base.request<{ cohort: { totalCount: number } }>('{ cohort(partnership: "norfolk-suffolk", first: 1) { totalCount } }')).cohort.totalCount;
    expect(total).toBeGreaterThan(14);
    const binding: Binding = {
      id: 'cohort', title: 'Cohort', source: { kind: 'query', query: 'query Cohort($p: String!) { cohort(partnership: $p, first: 7) { nodes { id } } }' },
      variables: { p: { value: 'norfolk-suffolk' } }, layout: 'rows', target: { sheet: 'Sheet1', anchor: 'A1', table: 'IOM_Cohort' },
    };
    const all = await refreshAll(upsertBinding(emptyStore(), binding), { client: counting, workbook: excelWorkbook }, () => {});
    expect(all.statuses[0]).toMatchObject({ state: 'done', rows: total });
    expect(asked).toHaveLength(Math.ceil(total / 7));
    expect(new Set(book.tableValues('IOM_Cohort').slice(1).map((r) => r[0])).size).toBe(total);

    asked.length = 0;
    const capped = await refreshAll(upsertBinding(emptyStore(), { ...binding, maxRows: 10 }), { client: counting, workbook: excelWorkbook }, () => {});
    expect(capped.statuses[0]).toMatchObject({ state: 'done', rows: 10 });
    expect(asked).toHaveLength(2);
    expect(book.tableValues('IOM_Cohort')).toHaveLength(11);
    expect(String(book.cell('Sheet1', 'A1'))).toContain(`— showing 10 of ${total} — data as at`);
  });

  it('builds the cost-share plan and submits an edited draft, refusing a stale sheet with a clear message', async () => {
    const plan = TEMPLATES.find((x) => x.id === 'cost-share-plan')!;
    // The demo plan is agreed; reopen it so the finance officer can draft.
    const current = await client.request<any>('{ costShare(partnership: "norfolk-suffolk", financialYear: "2014/15") { version } }');
    await client.request('mutation($v: Int!) { reopenCostShare(partnership: "norfolk-suffolk", financialYear: "2014/15", expectedVersion: $v) { version } }', { v: current.costShare.version });
    const store = await buildTemplate(plan, { partnership: 'norfolk-suffolk', financialYear: '2014/15' }, null, { client, workbook: excelWorkbook });
    expect(store.bindings.map((b) => b.lastRefresh?.error)).toEqual([undefined, undefined, undefined, undefined]);
    expect(book.cell('Cost share plan', 'B4')).toBe('norfolk-suffolk');
    expect(book.names.has(inputCellName(plan, plan.inputs[0]))).toBe(true);
    const shares = store.bindings.find((b) => b.role === 'cost-share-draft')!;
    const read = await excelWorkbook.readTable(shares.target.table);
    expect(read.columns).toContain('Share (%)');
    expect(shares.columns).toContainEqual({ path: 'shares.percent', header: 'Share (%)' });

    // The officer edits the percentages in the sheet.
    const box = book.tables.get(shares.target.table)!;
    const percentCell = (row: number) => `${String.fromCharCode(65 + box.c0 + read.columns.indexOf('Share (%)'))}${box.r0 + 1 + row}`;
    book.setCell(box.sheet, percentCell(1), 60);
    book.setCell(box.sheet, percentCell(2), 39.5);
    const refused = await reviewDraft(store, { client, workbook: excelWorkbook });
    expect(refused.problems).toEqual(['The shares must sum to 100% (they sum to 99.50%).']);

    book.setCell(box.sheet, percentCell(2), 40);
    const review = await reviewDraft(store, { client, workbook: excelWorkbook });
    expect(review).toMatchObject({ partnership: 'norfolk-suffolk', financialYear: '2014/15', problems: [] });
    // The review shows money as well as percentages: the hub's preview of the draft.
    expect(review.changed).toBe(2);
    expect(review.changes).toEqual([
      expect.objectContaining({ agency: 'norfolk-constabulary', name: 'Norfolk Constabulary', hub: 56.5, sheet: 60, change: 3.5, contributionHub: 578_528.36 }),
      expect.objectContaining({ agency: 'suffolk-constabulary', name: 'Suffolk Constabulary', hub: 43.5, sheet: 40, change: -3.5, contributionHub: 445_415.64 }),
    ]);
    expect(review.changes[0].contributionChange + review.changes[1].contributionChange).toBeCloseTo(0, 2);
    expect(review.changes[0].contributionSheet).toBe(Math.round(1_023_944 * 60) / 100);
    const saved = await submitDraft(review, store, { client, workbook: excelWorkbook });
    const hub = await client.request<any>('{ costShare(partnership: "norfolk-suffolk", financialYear: "2014/15") { version shares { percent contribution } } }');
    expect(saved.version).toBe(hub.costShare.version);
    expect(hub.costShare.shares.map((s: any) => s.percent)).toEqual([60, 40]);
    const contribution = read.columns.indexOf('Contribution (£)');
    expect(book.tableValues(shares.target.table).slice(1).map((row) => row[contribution])).toEqual(hub.costShare.shares.map((s: any) => s.contribution));

    // The same review submitted again is stale: the hub refuses and nothing changes.
    const stale = await submitDraft(review, store, { client, workbook: excelWorkbook }).catch((e) => e);
    expect(stale.code).toBe('CONFLICT');
    expect(describeHubError(stale)).toMatch(/Someone changed this on the hub since you loaded it \(it is now version \d+\)\. Nothing was overwritten/);
    expect(sharesFromSheet({ columns: ['version', 'shares.agencyCode', 'shares.percent'], rows: [[3, 'a', 60], ['', '', '']] })).toEqual({ version: 3, basis: 'FIXED_PERCENTAGES', shares: [{ agency: 'a', percent: 60, weight: null }], headers: { percent: 'shares.percent', weight: 'shares.weight' } });
  });

  it('inserts at the selection with a named input cell above the table', async () => {
    book.selection = 'C5';
    const { binding } = await insertAtSelection(
      { title: 'Funding risks', source: { kind: 'query', query: 'query R($partnership: String!, $financialYear: String!) { fundingRisks(partnership: $partnership, financialYear: $financialYear) { title certainty } }' }, values: { partnership: 'norfolk-suffolk', financialYear: '2015/16' }, cells: { financialYear: 'RiskYear' }, layout: 'rows' },
      emptyStore(),
      { client, workbook: excelWorkbook },
    );
    expect([book.cell('Sheet1', 'C5'), book.cell('Sheet1', 'D5')]).toEqual(['financialYear', '2015/16']);
    expect(binding.target.anchor).toBe('C6');
    expect(binding.variables).toEqual({ partnership: { value: 'norfolk-suffolk' }, financialYear: { cell: 'RiskYear' } });
    expect(book.tableValues(binding.target.table)[0]).toEqual(['Title', 'Certainty']);
    expect(binding.lastRefresh!.rows).toBeGreaterThan(0);
  });

  it('a template build cancelled mid-way keeps the sections it built, saved and bound, and starts no other', async () => {
    const register = TEMPLATES.find((x) => x.id === 'funding-risk-register')!;
    const controller = new AbortController();
    const seen: string[] = [];
    const store = await buildTemplate(register, { partnership: 'norfolk-suffolk', financialYear: '2015/16' }, null, { client, workbook: excelWorkbook, signal: controller.signal }, (p) => {
      seen.push(`${p.section}: ${p.state}`);
      if (p.section === 'Funding streams' && p.state === 'running') controller.abort();
    });
    const risks = register.sections[0].title;
    expect(seen).toEqual([`${risks}: running`, `${risks}: done`, 'Funding streams: running']);
    expect(store.bindings.map((b) => b.id)).toEqual(['funding-risk-register:risks']);
    expect((await excelWorkbook.readBindings())!.bindings.map((b) => b.id)).toEqual(['funding-risk-register:risks']);
    expect([...book.tables.keys()]).toEqual([store.bindings[0].target.table]);
    const below = book.tableValues(store.bindings[0].target.table).length + 2;
    const rows = Array.from({ length: 20 }, (_, i) => book.cell(register.sheet, `A${parseInt(store.bindings[0].target.anchor.slice(1)) + below + i}`));
    expect(rows.every((v) => v === '' || v === undefined || v === null)).toBe(true);
  });

  it('grows the funding-risk register’s risks to 9 and then by 50 more: the sections below move down and every refresh succeeds', async () => {
    const register = TEMPLATES.find((x) => x.id === 'funding-risk-register')!;
    const vars = { partnership: 'norfolk-suffolk', financialYear: '2015/16' };
    let store = await buildTemplate(register, vars, null, { client, workbook: excelWorkbook });
    const tableOf = (key: string) => book.table(store.bindings.find((b) => b.id === `funding-risk-register:${key}`)!.target.table)!;
    const addRisks = async (n: number, from: number) => {
      for (let i = 0; i < n; i++)
        await client.request('mutation($r: FundingRiskInput!) { addFundingRisk(partnership: "norfolk-suffolk", financialYear: "2015/16", risk: $r) { id } }', { r: { title: `Risk ${from + i}`, exposure: 1000 + i, certainty: 'UNCERTAIN' } });
    };
    const hubRisks = async () => (await client.request<any>('{ fundingRisks(partnership: "norfolk-suffolk", financialYear: "2015/16") { title } }')).fundingRisks.length;
    const checkLayout = async () => {
      const [risks, streams, position] = ['risks', 'streams', 'position'].map(tableOf);
      expect(book.tableValues(risks.name)).toHaveLength((await hubRisks()) + 1);
      // Each section's title line sits above its table, below the previous section with room between.
      expect(streams.r0).toBeGreaterThan(risks.r1 + 2);
      expect(position.r0).toBeGreaterThan(streams.r1 + 2);
      for (const key of ['risks', 'streams', 'position']) {
        const binding = store.bindings.find((b) => b.id === `funding-risk-register:${key}`)!;
        expect(binding.target.anchor).toBe(`A${tableOf(key).r0}`);
        expect(String(book.cell(register.sheet, binding.target.anchor))).toMatch(/data as at/);
      }
      expect(book.tableValues(streams.name)[0]).toContain('Funder');
    };
    await addRisks(Math.max(0, 9 - (await hubRisks())), 100);
    let result = await refreshAll(store, { client, workbook: excelWorkbook });
    store = result.store;
    expect(result.statuses.map((s) => s.state)).toEqual(['done', 'done', 'done']);
    await checkLayout();
    const streamsBefore = tableOf('streams').r0;

    await addRisks(50, 200);
    result = await refreshAll(store, { client, workbook: excelWorkbook });
    store = result.store;
    expect(result.statuses.map((s) => s.state)).toEqual(['done', 'done', 'done']);
    await checkLayout();
    expect(tableOf('streams').r0).toBe(streamsBefore + 50);

    // Building the sheet again refreshes the same tables where they are.
    const names = ['risks', 'streams', 'position'].map((key) => tableOf(key).name);
    store = await buildTemplate(register, vars, store, { client, workbook: excelWorkbook });
    expect(['risks', 'streams', 'position'].map((key) => tableOf(key).name)).toEqual(names);
    expect(book.tables.size).toBe(3);
    await checkLayout();
  });

  it('reads a date typed into a bound cell as the date it shows', async () => {
    const pack = TEMPLATES.find((x) => x.id === 'performance-pack')!;
    const store = await buildTemplate(pack, { partnership: 'norfolk-suffolk', date: '2013-06-30', from: '2013-04', to: '2013-09' }, null, { client, workbook: excelWorkbook });
    // Excel keeps the typed dates as serial numbers with a date format.
    expect(book.cell(pack.sheet, 'B5')).toBe(41455);
    expect(book.formatOf(pack.sheet, 'B5')).toBe('yyyy-mm-dd');
    expect(store.bindings.map((b) => b.lastRefresh?.error)).toEqual([undefined, undefined, undefined, undefined]);
    const snapshot = store.bindings.find((b) => b.id === 'performance-pack:snapshot')!;
    expect(String(book.cell(pack.sheet, snapshot.target.anchor))).toContain('date 30 Jun 2013');

    // A date typed the British way, a serial in a plain cell, and a month written as text all read as meant.
    book.setCell(pack.sheet, 'B5', '30/09/2013');
    book.setCell(pack.sheet, 'B6', 41365);
    book.setCell(pack.sheet, 'B7', "'Sep 2013");
    let result = await refreshAll(store, { client, workbook: excelWorkbook });
    expect(result.statuses.map((s) => s.error)).toEqual([undefined, undefined, undefined, undefined]);
    expect(String(book.cell(pack.sheet, snapshot.target.anchor))).toContain('date 30 Sep 2013');
    const rate = result.store.bindings.find((b) => b.id === 'performance-pack:rate-published')!;
    expect(String(book.cell(pack.sheet, rate.target.anchor))).toContain('from Apr 2013, to Sep 2013');

    // What cannot be a date is refused with the cell named; the table keeps its data.
    book.setCell(pack.sheet, 'B5', 'soon');
    result = await refreshAll(result.store, { client, workbook: excelWorkbook });
    expect(result.statuses[0].error).toBe('Variable date: cell IOM_performance_pack_date (\'Performance pack\'!B5) holds "soon", which is not a date (dd/mm/yyyy or yyyy-mm-dd).');
    expect(String(book.cell(pack.sheet, snapshot.target.anchor))).toContain('date 30 Sep 2013');
  });

  it('adds the performance pack’s line chart once the hub answers the rate', async () => {
    const pack = TEMPLATES.find((x) => x.id === 'performance-pack')!;
    const answers: Record<string, unknown> = {
      cohortSnapshot: { cohortSnapshot: { total: 51, red: 14, amber: 16, green: 6, inPrison: 15, added: 7, removed: 2, reoffended: 8 } },
      priorityCrimeRate: { priorityCrimeRate: [{ month: '2013-04', source: 'published', preRate: 5.38, liveRate: 3.1, percentChange: -42.38 }, { month: '2013-05', source: 'published', preRate: 5.2, liveRate: 2.9, percentChange: -44.23 }] },
      reoffendingComparison: { reoffendingComparison: [] },
    };
    const stub: HubClient = {
      send: async () => ({}),
      request: async <T>(query: string, variables?: Record<string, unknown>) => {
        if (query.includes('reportLayout')) return { reportLayout: reportLayout(hubSchema(), String(variables!.query)) } as T;
        if (query.includes('PartnershipNames')) return { partnerships: [] } as T;
        return answers[Object.keys(answers).find((k) => query.includes(k))!] as T;
      },
    };
    const store = await buildTemplate(pack, { partnership: 'norfolk-suffolk', date: '2013-06-30', from: '2013-04', to: '2013-05' }, null, { client: stub, workbook: excelWorkbook });
    // Published and computed as two named series, each over its own table's columns.
    expect([...book.charts.values()]).toMatchObject([{ sheet: 'Performance pack', title: 'Priority crime rate: live IOM against pre-IOM, change (%)' }]);
    expect(book.chartSeries([...book.charts.keys()][0]).map((s) => s.name)).toEqual(['Published', 'Computed']);
    const published = store.bindings.find((b) => b.id === 'performance-pack:rate-published')!;
    expect(book.tableValues(published.target.table)[0]).toEqual(['Month', 'Source', 'Pre-IOM rate (priority offences per member)', 'Live IOM rate (priority offences per member)', 'Change (%)']);
    const first = book.table(published.target.table)!;
    expect(book.formatOf('Performance pack', `E${first.r0 + 2}`)).toBe('0.00"%"');
    expect(book.formatOf('Performance pack', `A${first.r0 + 2}`)).toBe('mmm yyyy');
  });

  it('shows the hub’s error in the sheet for a section it cannot answer yet, and builds the rest', async () => {
    const pack = TEMPLATES.find((x) => x.id === 'performance-pack')!;
    const store = await buildTemplate(pack, { partnership: 'norfolk-suffolk', date: '2013-06-30', from: '2012-04', to: '2014-03' }, null, { client, workbook: excelWorkbook });
    expect(store.bindings).toHaveLength(4);
    for (const binding of store.bindings) {
      if (binding.lastRefresh?.error) expect(String(book.cell('Performance pack', binding.target.anchor))).toContain('the hub could not answer');
    }
  });
});
