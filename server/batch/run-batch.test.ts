import { describe, expect, it } from 'vitest';
import { MAX_BATCH_REQUESTS, refusal, runBatch, type OperationRunner } from './run-batch.js';

const echo: OperationRunner = async ({ query, variables }) => ({ data: { query, variables: variables ?? null } });

describe('a batch', () => {
  it('answers each operation alone, in order, a saved report by its query', async () => {
    const results = await runBatch([{ query: '{ a }' }, { report: 'cost-share', variables: { partnership: 'x' } }, { query: '{ b' }], echo);
    expect(results[0]).toEqual({ data: { query: '{ a }', variables: null }, errors: [] });
    expect(results[1].data).toMatchObject({ query: expect.stringContaining('query CostShare('), variables: { partnership: 'x' } });
    expect(results[2]).toEqual({ data: null, errors: [{ message: expect.stringMatching(/^Syntax Error: Expected Name, found <EOF>/), code: 'GRAPHQL_PARSE_FAILED' }] });
  });

  it('keeps each operation’s own errors, codes and extensions', async () => {
    const run: OperationRunner = async () => ({ data: { x: null }, errors: [{ message: 'Stale', path: ['x', 0], extensions: { code: 'CONFLICT', currentVersion: 3 } }] });
    expect(await runBatch([{ query: '{ x }' }], run)).toEqual([{ data: { x: null }, errors: [{ message: 'Stale', code: 'CONFLICT', path: ['x', '0'], extensions: { currentVersion: 3 } }] }]);
  });

  it('refuses mutations, nested batches, unknown reports and an operation with both or neither of query and report', async () => {
    expect(refusal('mutation { a }')?.errors[0].message).toBe('A batch runs queries only; this operation is a mutation.');
    expect(refusal('{ batch(requests: []) { data } }')?.errors[0].message).toBe('A batch cannot contain another batch.');
    expect(refusal('query A { a } mutation B { b }', 'B')?.errors[0].code).toBe('BAD_USER_INPUT');
    expect(refusal('{ a }')).toBeUndefined();
    const [unknown, both, neither] = await runBatch([{ report: 'nope' }, { query: '{ a }', report: 'cost-share' }, {}], echo);
    expect(unknown.errors[0]).toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('The hub has no saved report "nope". Saved reports: ') });
    expect(both.errors[0].code).toBe('BAD_USER_INPUT');
    expect(neither.errors[0].code).toBe('BAD_USER_INPUT');
  });

  it(`holds at most ${MAX_BATCH_REQUESTS} operations`, async () => {
    await expect(runBatch(Array.from({ length: MAX_BATCH_REQUESTS + 1 }, () => ({ query: '{ a }' })), echo)).rejects.toThrow(`requests: a batch holds at most ${MAX_BATCH_REQUESTS} operations (this one has ${MAX_BATCH_REQUESTS + 1})`);
    expect(await runBatch(Array.from({ length: MAX_BATCH_REQUESTS }, () => ({ query: '{ a }' })), echo)).toHaveLength(MAX_BATCH_REQUESTS);
  });
});
