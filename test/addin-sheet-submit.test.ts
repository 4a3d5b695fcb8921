/** The pure parts of writing edited sheets back: cells, columns, the whole-sheet input, the shares on their basis. */
import { describe, expect, it } from 'vitest';
import type { HubClient } from '../addin/hub-client.js';
import { parseCell } from '../addin/sheet-submit/cells.js';
import { columnName, columnOf } from '../addin/sheet-submit/columns.js';
import { costShareInput, sharesFromSheet, validateShares } from '../addin/sheet-submit/cost-share-basis.js';
import { sheetTable } from '../addin/sheet-submit/sheet-data.js';
import { ESTABLISHMENT_LINES, FUNDING_RISKS } from '../addin/sheet-submit/sheet-kinds.js';
import { rowProblem, sheetSubmission } from '../addin/sheet-submit/sheet-rows.js';
import { TEMPLATES } from '../addin/templates.js';
import type { ReportLayout } from '../addin/result-table.js';
import { reportLayout } from '../server/reports/report-layout.js';
import { hubSchema } from '../server/schema.js';

/** The hub's layout of a query (what `reportLayout` answers). */
const layoutOf = (query: string): ReportLayout => reportLayout(hubSchema(), query);

describe('edited cells', () => {
  it('reads money, numbers, enums and text as the hub takes them, and says what is wrong', () => {
    expect(parseCell('£1,234.50', 'money')).toEqual({ value: 1234.5 });
    expect(parseCell(700000.123, 'money')).toEqual({ problem: '700000.123 has more than two decimals (money is in pounds and pence).' });
    expect(parseCell('two', 'decimal')).toEqual({ problem: '"two" is not a number.' });
    expect(parseCell(-1, 'decimal')).toEqual({ problem: '-1 is negative.' });
    expect(parseCell(2.5, 'whole')).toEqual({ problem: '2.5 is not a whole number.' });
    expect(parseCell('not guaranteed', 'enum', ['UNCERTAIN', 'NOT_GUARANTEED'])).toEqual({ value: 'NOT_GUARANTEED' });
    expect(parseCell('maybe', 'enum', ['LOW', 'HIGH'])).toEqual({ problem: '"maybe" is not one of LOW, HIGH.' });
    expect(parseCell("'-3% on staff pay", 'text')).toEqual({ value: '-3% on staff pay' });
    expect(parseCell('  ', 'money')).toEqual({ value: null });
  });

  it('finds a column by its field path, through one function', () => {
    expect(columnOf({ columns: ['lines.grade', 'lines.fte'] }, 'lines.fte')).toBe(1);
    expect(columnOf({ columns: ['lines.grade'] }, 'lines.budget')).toBe(-1);
  });

  it('finds a labelled column by the field path the binding keeps, wherever the user moved it, and names it by its header', () => {
    const bound = [{ path: 'lines.grade', header: 'Grade' }, { path: 'lines.fte', header: 'FTE' }, { path: 'lines.budget', header: 'Budget (£)' }];
    const moved = { columns: ['Budget (£)', 'Notes', 'Grade', 'FTE'], bound };
    expect(['lines.grade', 'lines.fte', 'lines.budget'].map((path) => columnOf(moved, path))).toEqual([2, 3, 0]);
    expect(columnName(moved, 'lines.budget')).toBe('Budget (£)');
    // A column the user deleted is named as it was headed; a field the binding never wrote, by its path.
    expect(columnOf({ columns: ['Grade'], bound }, 'lines.fte')).toBe(-1);
    expect(columnName({ columns: ['Grade'], bound }, 'lines.fte')).toBe('FTE');
    expect(columnName({ columns: ['Grade'], bound }, 'lines.source')).toBe('lines.source');
    // A sheet written with field paths as headers is read by its headers.
    expect(columnOf({ columns: ['lines.grade', 'lines.fte'], bound: [{ path: 'lines.fte', header: 'lines.fte' }] }, 'lines.grade')).toBe(0);
  });
});

const COLUMNS = ['title', 'exposure', 'certainty', 'owner', 'id', 'version'];
const hub = { columns: COLUMNS, rows: [['Grant ends', 30000, 'UNCERTAIN', 'PCC', '1', 2], ['Council reserve', 35600, 'NOT_GUARANTEED', '', '2', 1], ['Old risk', 100, 'UNCERTAIN', '', '3', 1]] };
const read = [{ id: '1', version: 2 }, { id: '2', version: 1 }, { id: '3', version: 1 }];

describe('an edited funding-risk register as one submission', () => {
  it('sends each row read with its id and read version and only the fields changed, new rows in full, deleted rows as removals', () => {
    const sheet = { columns: COLUMNS, rows: [['Grant ends', 30000, 'UNCERTAIN', 'PCC', '1', 2], ['Council reserve', 40000, 'not guaranteed', '', '2', 1], ['Home Office grant', '£12,345.67', 'uncertain', 'OPCC', '', ''], ['', '', '', '', '', '']] };
    expect(sheetSubmission(FUNDING_RISKS, sheet, hub, read)).toEqual({
      rows: [
        { id: '1', expectedVersion: 2 },
        { id: '2', expectedVersion: 1, exposure: 40000 },
        { title: 'Home Office grant', exposure: 12345.67, certainty: 'UNCERTAIN', owner: 'OPCC' },
      ],
      removed: [{ id: '3', expectedVersion: 1 }],
      problems: [],
      tableRows: [1, 2, 3],
    });
  });

  it('names the row and column of each problem', () => {
    const sheet = { columns: COLUMNS, rows: [['Grant ends', 30000.555, 'UNCERTAIN', 'PCC', '1', 2], ['', 5, 'sure', '', '', ''], ['Council reserve', 35600, 'NOT_GUARANTEED', '', '1', 1]] };
    expect(sheetSubmission(FUNDING_RISKS, sheet, hub, read).problems).toEqual([
      'Row 1 (Grant ends), column exposure: 30000.555 has more than two decimals (money is in pounds and pence).',
      'Row 2, column certainty: "sure" is not one of CONFIRMED, EXPECTED, UNCERTAIN, NOT_GUARANTEED, ENDING, UNIDENTIFIED.',
      'Row 2, column title: a new funding risk needs it.',
      'Row 3 (Council reserve), column id: 1 is in the sheet twice.',
    ]);
  });

  it('is stale when a record changed, appeared or went on the hub since the sheet was read', () => {
    const now = { columns: COLUMNS, rows: [['Grant ends', 30000, 'UNCERTAIN', 'PCC', '1', 3], ['Council reserve', 35600, 'NOT_GUARANTEED', '', '2', 1], ['Old risk', 100, 'UNCERTAIN', '', '3', 2], ['New on hub', 1, 'UNCERTAIN', '', '4', 1]] };
    const sheet = { columns: COLUMNS, rows: [hub.rows[0], hub.rows[1]] };
    expect(sheetSubmission(FUNDING_RISKS, sheet, now, read).problems).toEqual([
      'Row 1 (Grant ends): changed on the hub since the sheet was read (version 2, now 3). Refresh the sheet and apply your change again.',
      'A funding risk "New on hub" was added on the hub since the sheet was read. Refresh the sheet and apply your change again.',
      'The funding risk "Old risk" you removed from the sheet changed on the hub since the sheet was read. Refresh the sheet and decide again.',
    ]);
  });

  it('tells the hub\'s refusal of a row in the sheet\'s rows and columns', () => {
    const sheet = { columns: COLUMNS, rows: [['', '', '', '', '', ''], ['Grant ends', 30000, 'UNCERTAIN', 'PCC', '1', 2], ['New', 5, 'UNCERTAIN', '', '', '']] };
    const input = sheetSubmission(FUNDING_RISKS, sheet, hub, [{ id: '1', version: 2 }]);
    expect(input.tableRows).toEqual([2, 3]);
    expect(rowProblem(FUNDING_RISKS, input, 'risks[1].exposure', 'risks[1].exposure: must be less than £1bn.')).toBe('Row 3, column exposure: must be less than £1bn.');
    expect(rowProblem(FUNDING_RISKS, input, 'financialYear', 'financialYear: no such year')).toBeNull();
    expect(rowProblem(ESTABLISHMENT_LINES, { tableRows: [4] }, 'lines[0].employingAgency', 'lines[0].employingAgency: no agency met')).toBe('Row 4, column lines.employingAgency.code: no agency met');
  });

  it('refuses a row whose id the sheet was not read with, and a table without its id column', () => {
    const sheet = { columns: COLUMNS, rows: [['Made up', 1, 'UNCERTAIN', '', '99', 1]] };
    expect(sheetSubmission(FUNDING_RISKS, sheet, hub, read).problems[0]).toBe('Row 1 (Made up), column id: 99 was not read into this sheet from the hub; clear the id to add the row as a new funding risk.');
    expect(sheetSubmission(FUNDING_RISKS, { columns: ['title'], rows: [['x']] }, hub, read).problems).toEqual(['The table has no id column, so its rows cannot be matched with the hub\'s: rebuild the sheet from the template.']);
  });

  it('reads a sheet under the schema\'s labels through the binding, and names the header the user sees', () => {
    const bound = [
      { path: 'title', header: 'Risk' },
      { path: 'exposure', header: 'Exposure (£)' },
      { path: 'certainty', header: 'Certainty' },
      { path: 'owner', header: 'Owner' },
      { path: 'id', header: 'Id' },
      { path: 'version', header: 'Version' },
    ];
    // The user moved the exposure to the right.
    const headers = ['Risk', 'Certainty', 'Owner', 'Id', 'Version', 'Exposure (£)'];
    const sheet = { columns: headers, bound, rows: [['Grant ends', 'UNCERTAIN', 'PCC', '1', 2, 30000], ['Council reserve', 'NOT_GUARANTEED', '', '2', 1, 40000.555], ['', 'sure', '', '', '', 5]] };
    const input = sheetSubmission(FUNDING_RISKS, sheet, hub, read);
    expect(input.problems).toEqual([
      'Row 2 (Council reserve), column Exposure (£): 40000.555 has more than two decimals (money is in pounds and pence).',
      'Row 3, column Certainty: "sure" is not one of CONFIRMED, EXPECTED, UNCERTAIN, NOT_GUARANTEED, ENDING, UNIDENTIFIED.',
      'Row 3, column Risk: a new funding risk needs it.',
    ]);
    sheet.rows[1][5] = 40000;
    sheet.rows.pop();
    expect(sheetSubmission(FUNDING_RISKS, sheet, hub, read)).toMatchObject({ rows: [{ id: '1', expectedVersion: 2 }, { id: '2', expectedVersion: 1, exposure: 40000 }], problems: [] });
    expect(rowProblem(FUNDING_RISKS, { tableRows: [2] }, 'risks[0].exposure', 'risks[0].exposure: must be less than £1bn.', sheet)).toBe('Row 2, column Exposure (£): must be less than £1bn.');
    expect(sheetSubmission(FUNDING_RISKS, { columns: ['Risk'], bound, rows: [] }, hub, read).problems).toEqual(['The table has no Id column, so its rows cannot be matched with the hub\'s: rebuild the sheet from the template.']);
  });
});

describe('the draft shares on their own basis', () => {
  const table = (basis: string, rows: unknown[][]) => ({ columns: ['version', 'status', 'basis', 'total', 'shares.agencyCode', 'shares.agency', 'shares.weight', 'shares.percent', 'shares.contribution'], rows: rows.map((r) => [4, 'DRAFT', basis, 1000, ...r]) });

  it('sends pro-rata weights as weights, so an untouched pro-rata draft goes back as it is', () => {
    const sheet = sharesFromSheet(table('PRO_RATA_COHORT', [['a', 'A', 60, 54.55, 545.45], ['b', 'B', 50, 45.45, 454.55]]));
    expect(sheet).toEqual({ version: 4, basis: 'PRO_RATA_COHORT', shares: [{ agency: 'a', percent: 54.55, weight: 60 }, { agency: 'b', percent: 45.45, weight: 50 }], headers: { percent: 'shares.percent', weight: 'shares.weight' } });
    expect(validateShares(sheet)).toEqual([]);
    expect(costShareInput(sheet)).toEqual({ basis: 'PRO_RATA_COHORT', shares: [{ agency: 'a', weight: 60 }, { agency: 'b', weight: 50 }] });
    expect(costShareInput(sharesFromSheet(table('PRO_RATA_FTE_HOSTED', [['a', 'A', 2, 50, 500]])))).toEqual({ basis: 'PRO_RATA_FTE_HOSTED', shares: [{ agency: 'a' }] });
  });

  it('wants fixed percentages summing to 100 and whole weights, naming the agency', () => {
    const fixed = sharesFromSheet(table('FIXED_PERCENTAGES', [['a', 'A', 60, 60, 600], ['b', 'B', '', '', 400], ['a', 'A', 1, 33.333, 1]]));
    expect(validateShares(fixed)).toEqual(['a appears twice.', 'b: enter a percentage in shares.percent.', 'a: use at most two decimals (33.333).', 'The shares must sum to 100% (they sum to 93.33%).']);
    const labelled = { ...table('PRO_RATA_COHORT', [['a', 'A', '', 50, 1]]), bound: [{ path: 'shares.agencyCode', header: 'Agency code' }, { path: 'shares.weight', header: 'Weight' }, { path: 'shares.percent', header: 'Share (%)' }] };
    labelled.columns = labelled.columns.map((c) => labelled.bound.find((b) => b.path === c)?.header ?? c);
    expect(validateShares(sharesFromSheet(labelled))).toEqual(['a: enter the cohort size in Weight.']);
    expect(costShareInput(fixed).shares[0]).toEqual({ agency: 'a', percent: 60 });
    expect(validateShares(sharesFromSheet(table('PRO_RATA_POPULATION', [['a', 'A', 2.5, 50, 1], ['b', 'B', 0, 50, 1]])))).toEqual(['a: the population in shares.weight must be a whole number, 0 or more (2.5).']);
    expect(validateShares(sharesFromSheet(table('PRO_RATA_COHORT', [['a', 'A', 0, 0, 0]])))).toEqual(['At least one agency needs a cohort size above zero.']);
    expect(() => sharesFromSheet(table('HALF_EACH', [['a', 'A', 1, 1, 1]]))).toThrow('The basis "HALF_EACH" is not one of');
  });

  it('gives a year with no cost share a shares table of the partnership\'s agencies to fill in, under the schema\'s labels', async () => {
    const asked: unknown[] = [];
    const client = { request: async (_q: string, variables: unknown) => (asked.push(variables), { partnership: { agencies: [{ code: 'a', name: 'Agency A' }, { code: 'b', name: 'Agency B' }] } }) } as unknown as HubClient;
    const query = TEMPLATES.flatMap((t) => t.sections).find((section) => section.role === 'cost-share-draft')!.query;
    const { table } = await sheetTable({ role: 'cost-share-draft', layout: 'rows', headers: 'labels' }, { costShare: null }, layoutOf(query), client, { partnership: 'p', financialYear: '2016/17' });
    expect(asked).toEqual([{ code: 'p' }]);
    expect(table.columns.map((c) => c.path)).toEqual(['version', 'status', 'basis', 'total', 'shares.agencyCode', 'shares.agency', 'shares.weight', 'shares.percent', 'shares.contribution']);
    expect(table.rows).toEqual([[null, 'DRAFT', 'FIXED_PERCENTAGES', null, 'a', 'Agency A', null, null, null], [null, 'DRAFT', 'FIXED_PERCENTAGES', null, 'b', 'Agency B', null, null, null]]);
    const headers = table.columns.map((c) => c.header);
    expect(headers).toContain('Share (%)');
    const sheet = { columns: headers, bound: table.columns.map(({ path, header }) => ({ path, header })), rows: table.rows.map((r) => r.map((c) => c ?? '')) };
    expect(sharesFromSheet(sheet)).toEqual({
      version: undefined,
      basis: 'FIXED_PERCENTAGES',
      shares: [{ agency: 'a', percent: null, weight: null }, { agency: 'b', percent: null, weight: null }],
      headers: { percent: 'Share (%)', weight: headers[6] },
    });
    expect(validateShares(sharesFromSheet(sheet))).toContain('a: enter a percentage in Share (%).');
  });

  it('records the rows an edited sheet was read with, and gives an empty one the columns its query selects', async () => {
    const client = {} as HubClient;
    const paths = (table: { columns: { path: string }[] }) => table.columns.map((c) => c.path);
    const risks = await sheetTable({ role: 'funding-risks', layout: 'rows' }, { fundingRisks: [{ title: 't', id: '7', version: 3 }] }, layoutOf(FUNDING_RISKS.query), client, {});
    expect(risks.read).toEqual([{ id: '7', version: 3 }]);
    expect(paths(risks.table)).toEqual(['title', 'exposure', 'certainty', 'likelihood', 'owner', 'mitigation', 'description', 'source', 'id', 'version']);
    expect(risks.table.rows).toEqual([['t', null, null, null, null, null, null, null, '7', 3]]);
    const lines = layoutOf(ESTABLISHMENT_LINES.query);
    const unemployed = await sheetTable({ role: 'establishment-lines', layout: 'rows' }, { establishment: { lines: [{ grade: 'PC', employingAgency: null, id: '1', version: 1 }] } }, lines, client, {});
    expect(paths(unemployed.table).slice(0, 3)).toEqual(['lines.grade', 'lines.kind', 'lines.fte']);
    expect(paths(unemployed.table).slice(-2)).toEqual(['lines.id', 'lines.version']);
    expect(unemployed.table.rows[0][paths(unemployed.table).indexOf('lines.employingAgency.code')]).toBeNull();
    const empty = await sheetTable({ role: 'establishment-lines', layout: 'rows' }, { establishment: { lines: [] } }, lines, client, {});
    expect(empty).toMatchObject({ read: [], table: { rows: [] } });
    expect(paths(empty.table)).toEqual(paths(unemployed.table));
    // Every editable field has its column.
    for (const kind of [ESTABLISHMENT_LINES, FUNDING_RISKS]) expect(layoutOf(kind.query).columns.map((c) => c.path)).toEqual(expect.arrayContaining(kind.fields.map((f) => f.path)));
  });
});
