import type { IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BATCH_QUERY, createBatcher, MAX_BATCH, planBatches, type Send } from '../addin/batcher.js';
import { createHubClient, HubError } from '../addin/hub-client.js';
import { COST_SHARE_QUERY, createFunctionRuntime, variablesArgument } from '../addin/functions/function-runtime.js';
import { safeCell } from '../addin/neutralise.js';
import { cellValue, toTable, type CellKind } from '../addin/result-table.js';
import type { Cell as CellValue } from '../addin/neutralise.js';
import { reportLayout } from '../server/reports/report-layout.js';
import { hubSchema } from '../server/schema.js';
import { pickPath } from '../addin/value-path.js';
import { loadReportLibrary } from '../server/reports/report-library.js';
import { startTestHub, type TestHub } from './support/hub.js';

describe('batcher', () => {
  function manual() {
    let pending: (() => void) | undefined;
    return { schedule: (flush: () => void) => void (pending = flush), fire: () => pending?.() };
  }

  it('sends one batch, identical calls sharing one operation, and gives each call its own answer or error', async () => {
    const clock = manual();
    const sent: Array<{ query: string; variables: any }> = [];
    const batcher = createBatcher(() => async (query, variables) => {
      sent.push({ query, variables });
      return { data: { batch: [{ data: { a: 1 }, errors: [] }, { data: null, errors: [{ message: 'No b', code: 'NOT_FOUND', path: ['b'] }] }, { data: { c: 3 }, errors: [] }] } };
    }, { schedule: clock.schedule });
    const calls = [batcher.run('{ a }'), batcher.run('{ a }'), batcher.run('{ b }'), batcher.runReport('cost-share', { p: 1 })];
    clock.fire();
    const [a1, a2, b, c] = await Promise.allSettled(calls);
    expect(sent).toHaveLength(1);
    expect(sent[0].query).toBe(BATCH_QUERY);
    expect(sent[0].variables.requests).toEqual([{ query: '{ a }', variables: {} }, { query: '{ b }', variables: {} }, { report: 'cost-share', variables: { p: 1 } }]);
    expect([a1, a2, c]).toEqual([{ status: 'fulfilled', value: { a: 1 } }, { status: 'fulfilled', value: { a: 1 } }, { status: 'fulfilled', value: { c: 3 } }]);
    expect(b).toMatchObject({ status: 'rejected', reason: { message: 'No b', code: 'NOT_FOUND' } });
  });

  it('rejects every call of a request that fails, so no cell is left waiting', async () => {
    const clock = manual();
    const batcher = createBatcher(() => async () => {
      throw new HubError('unreachable', 'Cannot reach the hub');
    }, { schedule: clock.schedule });
    const calls = [batcher.run('{ a }'), batcher.runReport('x')];
    clock.fire();
    for (const call of calls) await expect(call).rejects.toThrow('Cannot reach the hub');
  });

  it('refuses a query that does not parse, or a mutation, without sending anything', async () => {
    const batcher = createBatcher(() => {
      throw new Error('no send');
    });
    await expect(batcher.run('{ a ')).rejects.toThrow(/Syntax Error/);
    await expect(batcher.run('mutation { a }')).rejects.toThrow('Only queries');
  });

  it(`splits only past ${MAX_BATCH} distinct operations or the request size`, () => {
    const ops = (n: number, size = 10) => Array.from({ length: n }, (_, i) => ({ query: `{ a${i} ${'b'.repeat(size)} }`, variables: {} }));
    expect(planBatches(ops(MAX_BATCH)).map((b) => b.length)).toEqual([MAX_BATCH]);
    expect(planBatches(ops(MAX_BATCH + 1)).map((b) => b.length)).toEqual([MAX_BATCH, 1]);
    expect(planBatches(ops(300, 5000)).length).toBe(2);
  });
});

describe('formula helpers', () => {
  const data = { costShare: { total: 10, shares: [{ agency: 'a', percent: 60 }, { agency: 'b', percent: 40 }] } };
  it('picks values by path, index or key', () => {
    expect(pickPath(data, 'total')).toBe(10);
    expect(pickPath(data, 'costShare.total')).toBe(10);
    expect(pickPath(data, 'shares[2].percent')).toBe(40);
    expect(pickPath(data, 'shares[agency=a].percent')).toBe(60);
    expect(() => pickPath(data, 'shares[agency=c].percent')).toThrow('The result has no "shares[agency=c]"');
    expect(() => pickPath(data, 'shares')).toThrow('not one value');
  });

  it('reads variables from JSON or a two-column range', () => {
    expect(variablesArgument('{"a":1}')).toEqual({ a: 1 });
    expect(variablesArgument([['partnership', 'barnet'], ['financialYear', '2015/16']])).toEqual({ partnership: 'barnet', financialYear: '2015/16' });
    expect(variablesArgument([['partnership', 'barnet', 'financialYear', '2015/16']])).toEqual({ partnership: 'barnet', financialYear: '2015/16' });
    expect(variablesArgument([['{"a":1}']])).toEqual({ a: 1 });
    expect(() => variablesArgument('a=1')).toThrow('not a JSON object');
  });
});

describe('custom functions against a real hub', () => {
  let t: TestHub;
  let url: string;
  let token: string;
  /** POST /graphql requests the hub received, counted by the hub's own HTTP server. */
  let received = 0;
  beforeAll(async () => {
    // A tight rate limit: a recalculation must fit in it whatever its size.
    t = await startTestHub({ access: { rateLimitPerMinute: 20 } });
    url = `http://127.0.0.1:${await t.hub.listen(0)}`;
    token = t.adminToken;
    t.hub.httpServer.on('request', (req: IncomingMessage) => {
      if (req.method === 'POST' && req.url === '/graphql') received += 1;
    });
  });
  afterAll(() => t.close());

  /** What one operation answers on its own (in-process, not through the batch). */
  async function alone(query: string, variables: Record<string, unknown>): Promise<{ data?: any; error?: string }> {
    const result = await t.gql(query, variables);
    return result.errors?.length ? { error: result.errors.map((e) => e.message).join('\n') } : { data: result.data };
  }
  const leaves = (value: unknown, path: string[] = []): string[] => {
    if (Array.isArray(value)) return value.flatMap((item, i) => leaves(item, [...path.slice(0, -1), `${path.at(-1)}[${i + 1}]`]));
    if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => leaves(v, [...path, k]));
    return [path.join('.')];
  };

  it('answers 500 distinct IOM.VALUE, IOM.COSTSHARE and IOM.QUERY cells across 20 reports and variable sets with ONE request at the hub, each cell its own value or error', async () => {
    const library = new Map(loadReportLibrary().map((r) => [r.name, r.query]));
    const reports = ['cost-share', 'establishment', 'funding-position', 'funding-risks', 'funding-streams'];
    const years = [['norfolk-suffolk', '2014/15'], ['norfolk-suffolk', '2015/16'], ['thurrock', '2012/13'], ['thurrock', '2013/14']];
    const sets = years.flatMap(([partnership, financialYear]) => reports.map((report) => ({ report, variables: { partnership, financialYear } })));
    expect(sets).toHaveLength(20);

    type Cell = { run: (r: ReturnType<typeof createFunctionRuntime>) => Promise<unknown>; expected: () => Promise<{ value?: unknown; error?: string }> };
    const cells: Cell[] = [];
    for (const { report, variables } of sets) {
      const answer = await alone(library.get(report)!, variables);
      const pairs = Object.entries(variables).flat();
      const paths = answer.data ? leaves(Object.values(answer.data)[0]) : [];
      const costShare = report === 'cost-share' ? await alone(COST_SHARE_QUERY, variables) : undefined;
      for (let i = 0; cells.length % 25 !== 0 || i === 0; i++) {
        if (i === 0) {
          // The whole report, spilled.
          cells.push({
            run: (r) => r.query(report, JSON.stringify(variables)),
            expected: async () => {
              if (answer.error) return { error: answer.error };
              // Labels for headers; numbers as Excel holds them, dates as the hub's text (Excel without formatted values).
              const table = toTable(answer.data, reportLayout(hubSchema(), library.get(report)!));
              const cell = (kind: CellKind, value: CellValue) => (typeof cellValue(kind, value) === 'number' && typeof value === 'string' ? value : cellValue(kind, value));
              return { value: [table.columns.map((c) => c.header), ...table.rows.map((row) => row.map((value, c) => cell(table.columns[c].kind, value)))] };
            },
          });
        } else if (costShare && i <= 8) {
          const agency = `agency-${i}`;
          const share = (costShare.data?.costShare?.shares ?? [])[Math.floor((i - 1) / 2)];
          const code = share?.agencyCode ?? agency;
          const field = i % 2 ? 'percent' : 'contribution';
          cells.push({
            run: (r) => r.costShare(variables.partnership, variables.financialYear, code, field),
            expected: async () => (costShare.error ? { error: costShare.error } : !costShare.data.costShare ? { error: `${variables.partnership} has no cost share for ${variables.financialYear}.` } : share ? { value: share[field] } : { error: `${code} has no share` }),
          });
        } else {
          const path = paths[i] ?? `missing${i}`;
          cells.push({
            run: (r) => r.value(report, path, pairs),
            expected: async () => {
              if (answer.error) return { error: answer.error };
              try {
                return { value: safeCell((pickPath(answer.data, path) as never) ?? null) };
              } catch (error) {
                return { error: (error as Error).message };
              }
            },
          });
        }
      }
    }
    expect(cells).toHaveLength(500);

    const runtime = createFunctionRuntime(() => createHubClient({ url, token }));
    for (const recalculation of [1, 2, 3]) {
      const before = received;
      const results = await Promise.allSettled(cells.map((cell) => cell.run(runtime)));
      expect(received - before, `requests for recalculation ${recalculation}`).toBe(1);
      let values = 0;
      for (const [index, result] of results.entries()) {
        const expected = await cells[index].expected();
        if (expected.error !== undefined) {
          expect(result.status, `cell ${index}`).toBe('rejected');
          expect((result as PromiseRejectedResult).reason.message, `cell ${index}`).toContain(expected.error.split('\n')[0]);
        } else {
          expect(result, `cell ${index}`).toEqual({ status: 'fulfilled', value: expected.value });
          values += 1;
        }
      }
      expect(values).toBeGreaterThan(150);
    }
  });

  it('answers 500 distinct query texts in one request too, within the hub’s per-operation limits', async () => {
    const runtime = createFunctionRuntime(() => createHubClient({ url, token }));
    const before = received;
    const cells = await Promise.all(Array.from({ length: 500 }, (_, i) => runtime.query(`query Cell${i} { financialYears { label } }`)));
    expect(received - before).toBe(1);
    // Each spills its own table under the schema's label for the field.
    const header = reportLayout(hubSchema(), '{ financialYears { label } }').columns[0].header;
    expect(cells.every((cell) => cell[0][0] === header && cell.length > 2)).toBe(true);
    // An operation over the hub's limits fails alone, with the hub's own message.
    const deep = `{ ${Array.from({ length: 16 }, (_, i) => `a${i}: financialYears { label }`).join(' ')} }`;
    const [ok, refused] = await Promise.allSettled([runtime.query('{ partnerships { code } }'), runtime.query(deep)]);
    expect(ok.status).toBe('fulfilled');
    expect(refused).toMatchObject({ status: 'rejected', reason: { message: expect.stringContaining('aliases; the hub accepts at most 15') } });
  });

  it('shows a hub error on the cell that caused it and answers the others', async () => {
    const runtime = createFunctionRuntime(() => createHubClient({ url, token }));
    const before = received;
    const [good, missing, unknownAgency] = await Promise.allSettled([
      runtime.costShare('norfolk-suffolk', '2014/15', 'Norfolk Constabulary'),
      runtime.costShare('nowhere', '2014/15', 'x'),
      runtime.costShare('norfolk-suffolk', '2014/15', 'met'),
    ]);
    expect(received - before).toBe(1);
    expect(good).toEqual({ status: 'fulfilled', value: 578_528.36 });
    expect(missing).toMatchObject({ status: 'rejected', reason: { message: expect.stringMatching(/partnership/) } });
    expect(unknownAgency).toMatchObject({ status: 'rejected', reason: { message: expect.stringContaining('met has no share') } });
  });

  it('=IOM.QUERY spills the schema\'s labels, numbers with their formats where Excel takes them, and a header for an empty answer', async () => {
    const query = 'query($p: String!, $y: String!) { costShare(partnership: $p, financialYear: $y) { shares { agency percent contribution } } }';
    const formatted = createFunctionRuntime(() => createHubClient({ url, token }), { formattedNumbers: () => true });
    const rows = await formatted.query(query, '{"p": "norfolk-suffolk", "y": "2014/15"}');
    expect(rows[0]).toEqual(['Agency', 'Share (%)', 'Contribution (£)']);
    expect(rows[1]).toEqual(['Norfolk Constabulary', { type: 'Double', basicValue: 56.5, numberFormat: '0.00"%"' }, { type: 'Double', basicValue: 578_528.36, numberFormat: '£#,##0.00;[Red]-£#,##0.00' }]);
    const plain = createFunctionRuntime(() => createHubClient({ url, token }));
    expect((await plain.query(query, '{"p": "norfolk-suffolk", "y": "2014/15"}'))[1]).toEqual(['Norfolk Constabulary', 56.5, 578_528.36]);
    expect(await plain.query(query, '{"p": "norfolk-suffolk", "y": "2016/17"}')).toEqual([['Agency', 'Share (%)', 'Contribution (£)']]);
  });

  it('=IOM.QUERY over published and computed figures says which row is which, also when the query leaves `source` out', async () => {
    const runtime = createFunctionRuntime(() => createHubClient({ url, token }));
    const rows = await runtime.query('{ priorityCrimeRate(partnership: "norfolk-suffolk", from: "2013-09", to: "2013-10", area: "Suffolk", method: MOST_RELEVANT_OFFENCE) { month percentChange } }');
    expect(rows[0]).toEqual(['Month', 'Change (%)', 'Source']);
    expect(rows.slice(1).map((row) => row[2]).sort()).toEqual(['computed', 'computed', 'published', 'published']);
  });

  it('returns one value from a saved report by path, the report looked up by the hub', async () => {
    const runtime = createFunctionRuntime(() => createHubClient({ url, token }));
    expect(await runtime.value('cost-share', 'shares[agency=Suffolk Constabulary].contribution', ['partnership', 'norfolk-suffolk', 'financialYear', '2014/15'])).toBe(445_415.64);
    await expect(runtime.value('no-such-report', 'x')).rejects.toThrow('no saved report "no-such-report"');
  });

  it('rejects every pending cell when the hub cannot be reached', async () => {
    const runtime = createFunctionRuntime(() => createHubClient({ url: 'http://127.0.0.1:9', token: '' }));
    const results = await Promise.allSettled([runtime.costShare('a', 'b', 'c'), runtime.query('{ partnerships { code } }')]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect((results[0] as PromiseRejectedResult).reason.message).toContain('Cannot reach the hub');
  });

  it('the hub refuses a batch over its size, a mutation and a nested batch inside one', async () => {
    const send: Send = (query, variables) => createHubClient({ url, token }).send(query, variables);
    const big = send(BATCH_QUERY, { requests: Array.from({ length: MAX_BATCH + 1 }, () => ({ query: '{ financialYears { label } }' })) });
    await expect(big).rejects.toMatchObject({ message: expect.stringContaining(`at most ${MAX_BATCH} operations`), code: 'BAD_USER_INPUT' });
    const mixed = await send(BATCH_QUERY, { requests: [{ query: 'mutation { openFinancialYear(label: "2030/31") { label } }' }, { query: '{ batch(requests: []) { data } }' }] });
    expect((mixed.data as any).batch.map((r: any) => r.errors[0].message)).toEqual(['A batch runs queries only; this operation is a mutation.', 'A batch cannot contain another batch.']);
  });
});
