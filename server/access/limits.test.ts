import { describe, expect, it } from 'vitest';
import { buildSchema, parse } from 'graphql';
import { limitViolations, measureDocument, pageOf, QUERY_LIMITS } from './limits.js';

const schema = buildSchema(`
  type Query { things(first: Int): [Thing!]! one: Thing }
  type Thing { name: String! children(first: Int): [Thing!]! parent: Thing }
`);
const measure = (query: string) => measureDocument(schema, parse(query));

describe('query measures', () => {
  it('count depth as fields nested in fields, through fragments', () => {
    expect(measure('{ one { name } }').depth).toBe(2);
    expect(measure('{ one { ...F } } fragment F on Thing { parent { parent { name } } }').depth).toBe(4);
  });

  it('count cost as fields times the page size of every list above them', () => {
    expect(measure('{ one { name } }').cost).toBe(2);
    expect(measure('{ things { name } }').cost).toBe(1 + 10);
    expect(measure('{ things(first: 3) { children(first: 2) { name } } }').cost).toBe(1 + 3 + 6);
  });

  it('count aliases and tokens, not comments', () => {
    expect(measure('{ a: one { b: name } c: one { name } }').aliases).toBe(3);
    expect(measure('# a comment\n{ one { name } }').tokens).toBe(6);
  });

  it('leave introspection free, so the query editors can always load the schema', () => {
    const m = measure('{ __schema { types { fields { type { ofType { ofType { ofType { ofType { name } } } } } } } } }');
    expect(m).toMatchObject({ depth: 0, cost: 0 });
  });

  it('are refused one over each limit, not at it', () => {
    const at = { depth: QUERY_LIMITS.maxDepth, aliases: QUERY_LIMITS.maxAliases, tokens: QUERY_LIMITS.maxTokens, cost: QUERY_LIMITS.maxCost };
    expect(limitViolations(at)).toEqual([]);
    for (const key of Object.keys(at) as (keyof typeof at)[]) expect(limitViolations({ ...at, [key]: at[key] + 1 })).toHaveLength(1);
  });
});

describe('pages', () => {
  it('are at most 100 rows, and say which argument is out of range', () => {
    expect(pageOf('first', 100, 'offset', 0)).toEqual({ limit: 100, skip: 0 });
    expect(pageOf('first', null, 'offset', null)).toEqual({ limit: 100, skip: 0 });
    expect(() => pageOf('first', 101, 'offset', 0)).toThrow('first: at most 100 at a time (asked for 101); page with `offset`.');
    expect(() => pageOf('first', 5, 'offset', -1)).toThrow('offset: must not be negative (got -1).');
  });
});
