import { describe, expect, it } from 'vitest';
import { createHubClient, describeHubError, endpointOf, HubError, type Fetch } from '../addin/hub-client.js';
import { neutraliseText, safeCell } from '../addin/neutralise.js';
import { bindingsFromXml, bindingsXml, emptyStore, parseBindingStore, tableNameFor, upsertBinding, type Binding } from '../addin/binding.js';
import { coerceCell, coerceToType, isDateFormat, declaredVariables, resolveVariables } from '../addin/variables.js';
import { planChunks, writeInChunks, WriteCancelled } from '../addin/chunking.js';
import { insertBlockedBy, leadingEmptyRows, rowsToInsert } from '../addin/table-plan.js';

function fakeFetch(answer: (body: any) => { status: number; json: unknown } | Error): Fetch & { calls: any[] } {
  const calls: any[] = [];
  const fn = (async (url: string, init: any) => {
    calls.push({ url, ...init, body: JSON.parse(init.body) });
    const result = answer(JSON.parse(init.body));
    if (result instanceof Error) throw result;
    return { status: result.status, ok: result.status < 400, json: async () => result.json };
  }) as Fetch & { calls: any[] };
  fn.calls = calls;
  return fn;
}

describe('hub client', () => {
  it('posts the query to /graphql with the bearer token', async () => {
    const fetch = fakeFetch(() => ({ status: 200, json: { data: { ok: true } } }));
    const data = await createHubClient({ url: 'https://hub.example.org/', token: 't0k' }, fetch).request('{ ok }', { a: 1 });
    expect(data).toEqual({ ok: true });
    expect(fetch.calls[0].url).toBe('https://hub.example.org/graphql');
    expect(fetch.calls[0].headers.authorization).toBe('Bearer t0k');
    expect(fetch.calls[0].body).toEqual({ query: '{ ok }', variables: { a: 1 } });
  });

  it('keeps an address that already ends in /graphql', () => {
    expect(endpointOf('http://localhost:4000/graphql/')).toBe('http://localhost:4000/graphql');
  });

  it('says the hub is unreachable when the network fails', async () => {
    const client = createHubClient({ url: 'https://nowhere.example', token: '' }, fakeFetch(() => new TypeError('Failed to fetch')));
    await expect(client.request('{ ok }')).rejects.toMatchObject({ kind: 'unreachable', message: expect.stringContaining('Cannot reach the hub at https://nowhere.example') });
  });

  it.each([401, 403])('says the token was refused on HTTP %i', async (status) => {
    const client = createHubClient({ url: 'https://hub', token: 'bad' }, fakeFetch(() => ({ status, json: {} })));
    await expect(client.request('{ ok }')).rejects.toMatchObject({ kind: 'refused', message: expect.stringContaining('refused the token') });
  });

  it('says an address that is not a hub is not a hub', async () => {
    const client = createHubClient({ url: 'https://example.org', token: '' }, fakeFetch(() => ({ status: 404, json: '<html>' })));
    await expect(client.request('{ ok }')).rejects.toMatchObject({ kind: 'http', message: expect.stringContaining('not as an IOM hub') });
  });

  it('turns GraphQL errors into a HubError with their code', async () => {
    const errors = [{ message: 'Cost share has changed', extensions: { code: 'CONFLICT', currentVersion: 3 } }];
    const client = createHubClient({ url: 'https://hub', token: '' }, fakeFetch(() => ({ status: 200, json: { data: null, errors } })));
    const error = await client.request('mutation { x }').catch((e) => e as HubError);
    expect(error).toBeInstanceOf(HubError);
    expect(error.code).toBe('CONFLICT');
    expect(describeHubError(error)).toContain('it is now version 3');
    expect(describeHubError(error)).toContain('Nothing was overwritten');
  });
});

describe('formula injection', () => {
  it.each(['=1+1', '+44 1603', '-5', '@SUM(A1)', '\t=x'])('neutralises %j', (text) => {
    expect(neutraliseText(text)).toBe(`'${text}`);
  });
  it('leaves ordinary text, numbers and empties alone', () => {
    expect(neutraliseText('Norfolk = 56.5%')).toBe('Norfolk = 56.5%');
    expect(safeCell(-5)).toBe(-5);
    expect(safeCell(null)).toBe('');
  });
});

const binding: Binding = {
  id: 'b1',
  title: 'Cost share',
  source: { kind: 'report', report: 'cost-share', query: 'query Q($p: String!) { costShare(partnership: $p) { total } }' },
  variables: { p: { value: 'norfolk-suffolk' }, financialYear: { cell: 'Year' } },
  layout: 'rows',
  target: { sheet: 'Sheet1', anchor: 'A1', table: 'IOM_Cost_share' },
};

describe('binding model', () => {
  it('round-trips through the custom XML part, escaping markup in queries', () => {
    const store = upsertBinding(emptyStore('https://hub'), { ...binding, title: 'a < b & c' });
    expect(bindingsFromXml(bindingsXml(store))).toEqual(store);
  });

  it('replaces a binding with the same id', () => {
    const store = upsertBinding(upsertBinding(emptyStore(), binding), { ...binding, title: 'New' });
    expect(store.bindings.map((b) => b.title)).toEqual(['New']);
  });

  it('refuses a newer format version with a clear message', () => {
    expect(() => parseBindingStore(JSON.stringify({ format: 'iom-hub-bindings', version: 2, bindings: [] }))).toThrow(/version 2 is not supported/);
    expect(() => parseBindingStore(JSON.stringify({ format: 'iom-hub-bindings', version: 1, bindings: [{ ...binding, layout: 'sideways' }] }))).toThrow(/bindings\[0\]\.layout/);
  });

  it('names tables uniquely', () => {
    const store = upsertBinding(emptyStore(), binding);
    expect(tableNameFor('Cost share', store)).toBe('IOM_Cost_share_2');
    expect(tableNameFor('Funding-risk register', store)).toBe('IOM_Funding_risk_register');
  });
});

describe('variables', () => {
  const query = `# comment (x: Int)\nquery CostShare($partnership: String!, $financialYear: String!, $limit: Int) { x }`;

  it('reads the declared variables', () => {
    expect(declaredVariables(query)).toEqual([
      { name: 'partnership', type: 'String!', required: true },
      { name: 'financialYear', type: 'String!', required: true },
      { name: 'limit', type: 'Int', required: false },
    ]);
    expect(declaredVariables('{ partnerships { code } }')).toEqual([]);
  });

  it('reads named cells in one go and coerces them to the declared type', async () => {
    const asked: string[][] = [];
    const variables = await resolveVariables(query, { partnership: { value: 'barnet' }, financialYear: { cell: 'Year' }, limit: { cell: 'Limit' } }, async (names) => {
      asked.push(names);
      return { Year: '2015/16', Limit: 10 };
    });
    expect(variables).toEqual({ partnership: 'barnet', financialYear: '2015/16', limit: 10 });
    expect(asked).toEqual([['Year', 'Limit']]);
  });

  it('says which variable is missing or wrong', async () => {
    await expect(resolveVariables(query, { partnership: { value: 'x' }, financialYear: { cell: 'Year' } }, async () => ({ Year: '' }))).rejects.toThrow('Variable financialYear needs a value: the cell Year is empty.');
    await expect(resolveVariables(query, { partnership: { value: 'x' }, financialYear: { value: 'y' }, limit: { cell: 'L' } }, async () => ({ L: 'ten' }))).rejects.toThrow('Variable limit: cell L holds "ten", which is not a whole number.');
    await expect(resolveVariables(query, { partnership: { value: 'x' }, financialYear: { value: 'y' }, limit: { cell: 'L' } }, async () => ({ L: { value: 41182, numberFormat: 'dd/mm/yyyy', address: 'Sheet1!$B$2' } }))).rejects.toThrow(
      'Variable limit: cell L (Sheet1!$B$2) holds the date 2012-09-30, which is not a whole number.',
    );
  });

  it('reads cells for what they mean: date serials, date formats, British dates, months, numbers, booleans', () => {
    const date = { value: 41182, numberFormat: 'dd/mm/yyyy' };
    expect(coerceCell(date, 'String!')).toBe('2012-09-30');
    expect(coerceCell({ value: 41182.75, numberFormat: '[$-en-GB]d mmmm yyyy h:mm' }, 'String!')).toBe('2012-09-30');
    expect(coerceCell({ value: 41153, numberFormat: 'mmm-yy' }, 'String!')).toBe('2012-09');
    expect(coerceCell({ value: 41182, numberFormat: 'General' }, 'String!', 'date')).toBe('2012-09-30');
    expect(coerceCell({ value: 41182, numberFormat: 'General' }, 'String!')).toBe('41182');
    expect(coerceCell({ value: 1 }, 'String', 'date')).toBe('1900-01-01');
    expect(coerceCell({ value: 61 }, 'String', 'date')).toBe('1900-03-01');
    expect(coerceCell({ value: '30/09/2012' }, 'String', 'date')).toBe('2012-09-30');
    expect(coerceCell({ value: '30 Sep 12' }, 'String', 'date')).toBe('2012-09-30');
    expect(coerceCell(date, 'String', 'month')).toBe('2012-09');
    expect(coerceCell({ value: 'September 2013' }, 'String', 'month')).toBe('2013-09');
    expect(coerceCell({ value: '09/2013' }, 'String', 'month')).toBe('2013-09');
    expect(() => coerceCell({ value: '31/02/2012' }, 'String', 'date')).toThrow('"31/02/2012" is not a date');
    expect(coerceCell({ value: 56.5, numberFormat: '0.00"%"' }, 'Float')).toBe(56.5);
    expect(coerceCell({ value: '1,200' }, 'Int')).toBe(1200);
    expect(() => coerceCell(date, 'Int')).toThrow('the date 2012-09-30 is not a whole number');
    expect(coerceCell({ value: true }, 'Boolean!')).toBe(true);
    expect(coerceCell({ value: 0 }, 'Boolean!')).toBe(false);
    expect(coerceCell({ value: 'Yes' }, 'Boolean!')).toBe(true);
    expect(coerceCell({ value: true }, 'String')).toBe('true');
    expect(isDateFormat('£#,##0.00;[Red]-£#,##0.00')).toBe(false);
    expect(isDateFormat('General')).toBe(false);
    expect(isDateFormat('hh:mm')).toBe(false);
  });

  it('coerces numbers typed as text and JSON input objects', () => {
    expect(coerceToType(2014, 'String!')).toBe('2014');
    expect(coerceToType('1.5', 'Float')).toBe(1.5);
    expect(coerceToType('{"a":1}', 'ScenarioInput!')).toEqual({ a: 1 });
    expect(coerceToType('a, b', '[String!]')).toEqual(['a', 'b']);
  });
});

describe('chunking', () => {
  const rows = Array.from({ length: 1000 }, (_, i) => [i, `row ${i}`.padEnd(100, '.')]);

  it('keeps every chunk under the byte budget and covers every row once', () => {
    const chunks = planChunks(rows, 20_000);
    expect(chunks.length).toBeGreaterThan(10);
    expect(chunks[0].start).toBe(0);
    expect(chunks.at(-1)!.end).toBe(1000);
    for (let i = 1; i < chunks.length; i += 1) expect(chunks[i].start).toBe(chunks[i - 1].end);
    for (const { start, end } of chunks) expect(JSON.stringify(rows.slice(start, end)).length * 2).toBeLessThanOrEqual(20_000);
  });

  it('writes a 12 MB result in chunks under 5 MB with progress', async () => {
    const big = Array.from({ length: 3000 }, (_, i) => [i, 'x'.repeat(2000)]);
    const sizes: number[] = [];
    const progress: number[] = [];
    await writeInChunks(big, async (_start, chunk) => void sizes.push(JSON.stringify(chunk).length * 2), { onProgress: (p) => progress.push(p.rowsWritten) });
    expect(sizes.length).toBeGreaterThan(2);
    expect(Math.max(...sizes)).toBeLessThan(5_000_000);
    expect(progress.at(-1)).toBe(3000);
  });

  it('stops between chunks when cancelled', async () => {
    const controller = new AbortController();
    const written: number[] = [];
    const run = writeInChunks(rows, async (start) => {
      written.push(start);
      if (written.length === 2) controller.abort();
    }, { maxBytes: 20_000, signal: controller.signal });
    await expect(run).rejects.toBeInstanceOf(WriteCancelled);
    expect(written).toHaveLength(2);
  });
});

describe('room for a table that grows', () => {
  it('inserts only the rows it needs, keeping one free row before what follows', () => {
    expect(leadingEmptyRows([['', null], [undefined, ''], ['note', '']])).toBe(2);
    expect(rowsToInsert(6, 7)).toBe(0); // all the rows it needs are free
    expect(rowsToInsert(6, 1)).toBe(6); // a note right after one free row moves down by the growth
    expect(rowsToInsert(6, 0)).toBe(6); // no gap before: none is made
    expect(rowsToInsert(-3, 0)).toBe(0);
  });

  it('names a table beside that entire inserted rows would split, but not the table itself or one that starts there', () => {
    const tables = [
      { name: 'Own', top: 7, bottom: 9, left: 0, right: 2 },
      { name: 'Beside', top: 8, bottom: 16, left: 4, right: 6 },
      { name: 'Below', top: 10, bottom: 12, left: 4, right: 6 },
    ];
    expect(insertBlockedBy(tables, 10, 'Own')?.name).toBe('Beside');
    expect(insertBlockedBy(tables.filter((t) => t.name !== 'Beside'), 10, 'Own')).toBeUndefined();
  });
});
