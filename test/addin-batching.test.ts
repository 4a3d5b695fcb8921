import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBatcher } from '../addin/batcher.js';
import { createHubClient, HubError, type Fetch, type GraphQLResponse } from '../addin/hub-client.js';
import { mergeQueries, splitMergedResponse } from '../addin/merge-operations.js';
import { createFunctionRuntime, variablesArgument } from '../addin/functions/function-runtime.js';
import { pickPath } from '../addin/value-path.js';
import { startTestHub, type TestHub } from './support/hub.js';

describe('merging queries into one document', () => {
  it('prefixes root fields, variables and fragments, and splits the answer back', () => {
    const merged = mergeQueries([
      { query: 'query A($p: String!) { costShare(partnership: $p, financialYear: "2014/15") { total } }', variables: { p: 'x' } },
      { query: 'query B($p: String!) { mine: partnership(code: $p) { ...P } } fragment P on Partnership { code }', variables: { p: 'y' } },
    ]);
    expect(merged.query).toContain('query IOMBatch($b0_p: String!, $b1_p: String!)');
    expect(merged.query).toContain('b0_costShare: costShare(partnership: $b0_p');
    expect(merged.query).toContain('b1_mine: partnership(code: $b1_p) {\n    ...b1_P');
    expect(merged.query).toContain('fragment b1_P on Partnership');
    expect(merged.variables).toEqual({ b0_p: 'x', b1_p: 'y' });
    const parts = splitMergedResponse(merged, {
      data: { b0_costShare: { total: 1 }, b1_mine: null },
      errors: [{ message: 'No partnership y', path: ['b1_mine'], extensions: { code: 'NOT_FOUND' } }],
    });
    expect(parts[0]).toEqual({ data: { costShare: { total: 1 } } });
    expect(parts[1]).toEqual({ errors: [{ message: 'No partnership y', path: ['mine'], extensions: { code: 'NOT_FOUND' } }] });
  });

  it('refuses mutations', () => {
    expect(() => mergeQueries([{ query: 'mutation { x }', variables: {} }])).toThrow('Only queries');
  });
});

describe('batcher', () => {
  function manual() {
    let pending: (() => void) | undefined;
    return { schedule: (flush: () => void) => void (pending = flush), fire: () => pending?.() };
  }

  it('serves identical calls from one field and rejects every call when the request fails', async () => {
    const clock = manual();
    const sent: string[] = [];
    const batcher = createBatcher(() => async (query) => {
      sent.push(query);
      throw new HubError('unreachable', 'Cannot reach the hub');
    }, { schedule: clock.schedule });
    const calls = [batcher.run('{ a }'), batcher.run('{ a }'), batcher.run('{ b }')];
    clock.fire();
    for (const call of calls) await expect(call).rejects.toThrow('Cannot reach the hub');
    expect(sent).toHaveLength(1);
    expect(sent[0].match(/b\d_a:/g)).toHaveLength(1);
  });

  it('retries call by call when the merged document is refused as a whole, so one bad formula fails alone', async () => {
    const clock = manual();
    const sent: string[] = [];
    const batcher = createBatcher(() => async (query): Promise<GraphQLResponse> => {
      sent.push(query);
      if (query.includes('nope')) throw new HubError('graphql', 'Cannot query field "nope" on type "Query".');
      return { data: { b0_ok: 1 } };
    }, { schedule: clock.schedule });
    const good = batcher.run('{ ok }');
    const bad = batcher.run('{ nope }');
    clock.fire();
    await expect(good).resolves.toEqual({ ok: 1 });
    await expect(bad).rejects.toThrow('Cannot query field "nope"');
    expect(sent).toHaveLength(3);
  });

  it('refuses a query that does not parse without sending anything', async () => {
    const batcher = createBatcher(() => { throw new Error('no send'); });
    await expect(batcher.run('{ a ')).rejects.toThrow(/Syntax Error/);
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
  beforeAll(async () => {
    t = await startTestHub();
    url = `http://127.0.0.1:${await t.hub.listen(0)}`;
    token = (await t.token('FINANCE', ['norfolk-suffolk'])).token;
  });
  afterAll(() => t.close());

  function counting(): Fetch & { requests: number } {
    const fetch = (async (input: string, init: any) => {
      fetch.requests += 1;
      return globalThis.fetch(input, init);
    }) as unknown as Fetch & { requests: number };
    fetch.requests = 0;
    return fetch;
  }

  it('answers 200 cells of one recalculation with one HTTP request', async () => {
    const fetch = counting();
    const runtime = createFunctionRuntime(() => createHubClient({ url, token }, fetch));
    const years = ['2014/15', '2015/16'];
    const agencies = ['norfolk-constabulary', 'suffolk-constabulary'];
    const cells = Array.from({ length: 200 }, (_, i) =>
      i % 10 === 9
        ? runtime.query('{ partnerships { code } }')
        : runtime.costShare('norfolk-suffolk', years[i % 4 < 2 ? 0 : 1], agencies[i % 2], i % 3 ? 'contribution' : 'percent').catch((e: Error) => e.message),
    );
    const values = await Promise.all(cells);
    expect(fetch.requests).toBe(1);
    expect(values[0]).toBe(56.5);
    expect(values[1]).toBe(445_415.64);
    expect(values[9]).toEqual(expect.arrayContaining([['Code'], ['norfolk-suffolk']]));
  });

  it('shows a hub error on the cell that caused it and answers the others', async () => {
    const fetch = counting();
    const runtime = createFunctionRuntime(() => createHubClient({ url, token }, fetch));
    const [good, missing, unknownAgency] = await Promise.allSettled([
      runtime.costShare('norfolk-suffolk', '2014/15', 'Norfolk Constabulary'),
      runtime.costShare('nowhere', '2014/15', 'x'),
      runtime.costShare('norfolk-suffolk', '2014/15', 'met'),
    ]);
    expect(fetch.requests).toBe(1);
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

  it('returns one value from a saved report by path', async () => {
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
});
