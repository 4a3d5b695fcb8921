import { describe, expect, it } from 'vitest';
import { dateInWords, formatAsAt, variablesInWords } from '../addin/caption.js';
import { cellsFor, excelSerialDate, toTable, type ReportLayout } from '../addin/result-table.js';
import { reportLayout } from '../server/reports/report-layout.js';
import { hubSchema } from '../server/schema.js';

/** The hub's layout of a query (what `reportLayout` answers). */
const layout = (query: string): ReportLayout => reportLayout(hubSchema(), query);

const COST_SHARE = '{ costShare(partnership: "p", financialYear: "y") { total version shares { agency percent contribution } } }';
const costShare = {
  costShare: {
    total: 1_023_944,
    version: 1,
    shares: [
      { agency: 'Norfolk Constabulary', percent: 56.5, contribution: 578_528.36 },
      { agency: 'Suffolk Constabulary', percent: 43.5, contribution: 445_415.64 },
    ],
  },
};
const LINES = '{ establishment(partnership: "p", financialYear: "y") { lines { grade fte budget employingAgency { name } } nonPayLines { description amount } } }';

describe('the hub lays a query out as a table', () => {
  it('gives each leaf field a column with its label, unit and number format from the schema', () => {
    expect(layout(COST_SHARE).columns.map((c) => [c.path, c.header, c.type, c.numberFormat])).toEqual([
      ['total', 'Total shared (£)', 'Money', '£#,##0.00;[Red]-£#,##0.00'],
      ['version', 'Version', 'Int', '0'],
      ['shares.agency', 'Agency', 'String', '@'],
      ['shares.percent', 'Share (%)', 'Percent', '0.00"%"'],
      ['shares.contribution', 'Contribution (£)', 'Money', '£#,##0.00;[Red]-£#,##0.00'],
    ]);
    const rate = layout('{ priorityCrimeRate(partnership: "p", from: "a", to: "b") { month preRate percentChange preMembers } }');
    expect(rate.columns.map((c) => [c.header, c.kind, c.numberFormat])).toEqual([
      ['Month', 'MONTH', 'mmm yyyy'],
      ['Pre-IOM rate (priority offences per member)', 'NUMBER', '#,##0.00'],
      ['Change (%)', 'NUMBER', '0.00"%"'],
      ['Pre-IOM members', 'NUMBER', '#,##0'],
      ['Source', 'TEXT', '@'],
    ]);
    expect(rate.measures).toEqual([{ path: '', name: 'Priority crime rate', version: 1, definition: expect.stringContaining('12-month rolling') }]);
  });

  it('names a nested object\'s fields after it, tells colliding headers apart, and keeps aliases', () => {
    expect(layout(LINES).columns.map((c) => c.header)).toEqual(['Grade', 'Established posts (FTE)', 'Budget (£)', 'Employing agency name', 'Description', 'Amount (£)']);
    expect(layout('{ partnerships { code name agencies { code name } } }').columns.map((c) => c.header)).toEqual(['Code', 'Name', 'Agency code', 'Agency name']);
    expect(layout('{ a: costShare(partnership: "p", financialYear: "2014/15") { total } b: costShare(partnership: "p", financialYear: "2015/16") { total } }').columns.map((c) => [c.path, c.header])).toEqual([
      ['a.total', 'a total shared (£)'],
      ['b.total', 'b total shared (£)'],
    ]);
  });

  it('refuses a query the schema does not answer, saying why', () => {
    expect(() => layout('{ costShare { nope } }')).toThrow(/Cannot query field "nope"/);
    expect(() => layout('query A { viewer { role } } query B { viewer { role } }')).toThrow(/several operations/);
  });
});

describe('an answer laid out', () => {
  it('puts nested list items in rows with the parent fields repeated', () => {
    const table = toTable(costShare, layout(COST_SHARE));
    expect(table.columns.map((c) => c.path)).toEqual(['total', 'version', 'shares.agency', 'shares.percent', 'shares.contribution']);
    expect(table.rows).toEqual([
      [1_023_944, 1, 'Norfolk Constabulary', 56.5, 578_528.36],
      [1_023_944, 1, 'Suffolk Constabulary', 43.5, 445_415.64],
    ]);
    expect(toTable(costShare, layout(COST_SHARE), { headers: 'paths' }).columns.map((c) => c.header)).toEqual(['total', 'version', 'shares.agency', 'shares.percent', 'shares.contribution']);
  });

  it('keeps the columns of a null object and of an empty list, and the header of an empty answer', () => {
    const lines = layout(LINES);
    const headers = lines.columns.map((c) => c.header);
    const withNull = toTable({ establishment: { lines: [{ grade: 'Inspector', fte: 1, budget: 69155, employingAgency: null }], nonPayLines: [] } }, lines);
    expect(withNull.columns.map((c) => c.header)).toEqual(headers);
    expect(withNull.rows).toEqual([['Inspector', 1, 69155, null, null, null]]);
    const empty = toTable({ establishment: { lines: [], nonPayLines: [] } }, lines);
    expect(empty.columns.map((c) => c.header)).toEqual(headers);
    expect(empty.rows).toEqual([]);
    expect(toTable({ costShare: null }, layout(COST_SHARE)).columns).toHaveLength(5);
    expect(toTable({ costShare: null }, layout(COST_SHARE)).rows).toEqual([]);
    // A parent with values of its own and no list items is still a row.
    expect(toTable({ costShare: { ...costShare.costShare, shares: [] } }, layout(COST_SHARE)).rows).toEqual([[1_023_944, 1, null, null, null]]);
  });

  it('puts lists inside list items in numbered columns when asked, at least one set', () => {
    const query = '{ partnerships { code agencies { code } } }';
    const data = { partnerships: [{ code: 'barnet', agencies: [{ code: 'met' }, { code: 'nps' }] }, { code: 'thurrock', agencies: [{ code: 'essex' }] }] };
    const columns = toTable(data, layout(query), { layout: 'columns' });
    expect(columns.columns.map((c) => [c.path, c.header])).toEqual([['code', 'Code'], ['agencies.1.code', 'Agency code 1'], ['agencies.2.code', 'Agency code 2']]);
    expect(columns.rows).toEqual([['barnet', 'met', 'nps'], ['thurrock', 'essex', null]]);
    expect(toTable({ partnerships: [{ code: 'x', agencies: [] }] }, layout(query), { layout: 'columns' }).columns.map((c) => c.path)).toEqual(['code', 'agencies.1.code']);
    expect(toTable(data, layout(query)).rows).toEqual([['barnet', 'met'], ['barnet', 'nps'], ['thurrock', 'essex']]);
  });

  it('stacks sibling lists rather than multiplying them', () => {
    const table = toTable({ establishment: { lines: [{ grade: 'A' }, { grade: 'B' }], nonPayLines: [{ description: 'Vans', amount: 5 }] } }, layout(LINES));
    expect(table.rows.map((row) => [row[0], row[4]])).toEqual([['A', null], ['B', null], [null, 'Vans']]);
  });

  it('holds dates and months as dates, and text that looks like a formula as text', () => {
    const table = toTable({ priorityCrimeRate: [{ month: '2013-09', source: '=cmd' }] }, layout('{ priorityCrimeRate(partnership: "p", from: "a", to: "b") { month source } }'));
    expect(cellsFor(table, table.rows)).toEqual([[excelSerialDate('2013-09-01'), "'=cmd"]]);
    expect(excelSerialDate('2016-03-31')).toBe(42460);
  });
});

describe('published beside computed', () => {
  it('adds `source` to a query that leaves it out, as the last column of its rows, and says which query to run', () => {
    const asked = '{ priorityCrimeRate(partnership: "p", from: "a", to: "b") { month percentChange } }';
    const laid = layout(asked);
    expect(laid.columns.map((c) => c.path)).toEqual(['month', 'percentChange', 'source']);
    expect(laid.query).not.toBe(asked);
    expect(layout(laid.query).query).toBe(laid.query);
    const rows = [
      { month: '2013-09', percentChange: -4, source: 'published' },
      { month: '2013-09', percentChange: -6, source: 'computed' },
    ];
    expect(toTable({ priorityCrimeRate: rows }, laid).rows).toEqual([['2013-09', -4, 'published'], ['2013-09', -6, 'computed']]);
  });

  it('leaves a query that selects it as it is, under any alias; a key taken by another field gets an alias of its own', () => {
    const withSource = '{ priorityCrimeRate(partnership: "p", from: "a", to: "b") { month from: source } }';
    expect(layout(withSource).query).toBe(withSource);
    const taken = layout('{ priorityCrimeRate(partnership: "p", from: "a", to: "b") { month source: reference } }');
    expect(taken.columns.map((c) => [c.path, c.header])).toEqual([['month', 'Month'], ['source', 'source'], ['source_', 'Source']]);
    // Every selection of the type gets it, in fragments too; other types are left alone.
    const both = layout('query Q { a: priorityCrimeRate(partnership: "p", from: "a", to: "b") { ...R } costOfCrime(partnership: "p", asOf: "2020-01-01") { group during } } fragment R on PriorityCrimeRateRow { month }');
    expect(both.columns.map((c) => c.path)).toEqual(['a.month', 'a.source', 'costOfCrime.group', 'costOfCrime.during', 'costOfCrime.source']);
    expect(layout(COST_SHARE).query).toBe(COST_SHARE);
  });
});

describe('captions', () => {
  it('say the variables in words, with partnership names for codes', () => {
    const names = new Map([['norfolk-suffolk', 'Norfolk & Suffolk 180 Joint IOM']]);
    expect(variablesInWords({ partnership: 'norfolk-suffolk', financialYear: '2014/15' }, names)).toBe('Norfolk & Suffolk 180 Joint IOM, financial year 2014/15');
    expect(variablesInWords({ partnership: 'thurrock', date: '2012-09-30', groupBy: 'AGE_BAND', suppressUnder: null }, names)).toBe('partnership thurrock, date 30 Sep 2012, group by age band');
    expect(variablesInWords({ partnerships: ['norfolk-suffolk'], from: '2013-09' }, names)).toBe('Norfolk & Suffolk 180 Joint IOM, from Sep 2013');
    expect(dateInWords('2014-08')).toBe('Aug 2014');
  });

  it('give the time with its zone', () => {
    expect(formatAsAt(new Date('2026-11-22T18:05:00Z'), 'Europe/London')).toBe('22 Nov 2026 18:05 GMT');
    expect(formatAsAt(new Date('2026-07-01T08:30:00Z'), 'Europe/London')).toBe('1 Jul 2026 09:30 BST');
    expect(formatAsAt(new Date('2026-07-01T08:30:00Z'), 'UTC')).toBe('1 Jul 2026 08:30 UTC');
  });
});
