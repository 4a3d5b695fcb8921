import { describe, expect, it } from 'vitest';
import { buildSchema, getIntrospectionQuery, parse, specifiedRules, validate } from 'graphql';
import { limitViolations, measureDocument, pageOf, QUERY_LIMITS, queryLimitsRule, type QueryMeasure } from './limits.js';

const schema = buildSchema(`
  type Query { things(first: Int): [Thing!]! one: Thing page(first: Int = 50): Page! each(codes: [String!]): Page! }
  type Thing { name: String! children(first: Int): [Thing!]! parent: Thing }
  type Page { total: Int! nodes: [Thing!]! }
`);
const measure = (query: string, variables = {}) => measureDocument(schema, parse(query), variables);
const times = (n: number, make: (i: number) => string) => Array.from({ length: n }, (_, i) => make(i)).join(' ');

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

  it('let a page size bound the list inside the page, given, from a variable or by default', () => {
    expect(measure('{ page(first: 500) { total nodes { name parent { name } } } }').cost).toBe(1 + 1 + 1 + 500 * 3);
    expect(measure('{ page { nodes { name } } }').cost).toBe(1 + 1 + 50);
    expect(measure('query ($n: Int) { page(first: $n) { nodes { name } } }', { n: 400 }).cost).toBe(1 + 1 + 400);
    expect(measure('{ each(codes: ["a", "b", "c"]) { nodes { name } } }').cost).toBe(1 + 1 + 30);
  });

  it('measure each fragment once, however often it is spread', () => {
    const levels = 40;
    const fragments = Array.from({ length: levels }, (_, i) => `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`).join('\n');
    const started = performance.now();
    const m = measure(`{ ...F0 }\n${fragments}\nfragment F${levels} on Query { one { name } }`);
    expect(performance.now() - started).toBeLessThan(50);
    expect(m.cost).toBe(2 ** levels * 2);
    expect(m.repeats).toBe(2 ** levels);
  });

  it('count aliases, introspection fields included, and tokens, not comments', () => {
    expect(measure('{ a: one { b: name } c: one { name } }').aliases).toBe(3);
    expect(measure('{ a: __schema { b: types { name } } c: __typename }').aliases).toBe(3);
    expect(measure('# a comment\n{ one { name } }').tokens).toBe(6);
  });

  it('count introspection by what it returns from the schema itself, stopping past the limit', () => {
    const full = measure(getIntrospectionQuery());
    expect(full.introspection).toBeGreaterThan(100);
    expect(full.introspection).toBeLessThan(QUERY_LIMITS.maxIntrospection);
    expect(full).toMatchObject({ depth: 0, cost: 1 });
    expect(measure('{ __type(name: "Thing") { fields { name } } }').introspection).toBe(1 + 1 + 3);
    const recursive = `{ __schema { types { fields { type { fields { type { fields { type { fields { type { fields { name } } } } } } } } } } } }`;
    expect(measureDocument(schema, parse(recursive), {}, { ...QUERY_LIMITS, maxIntrospection: 50 }).introspection).toBe(Infinity);
  });

  it('count one response name repeated in one selection, fragments included', () => {
    expect(measure('{ one { name name ...F } } fragment F on Thing { name }').repeats).toBe(3);
    expect(measure(`{ ${times(5, (i) => `...F${i}`)} } ${times(5, (i) => `fragment F${i} on Query { one { name } }`)}`).repeats).toBe(5);
  });

  it('count directives and find fragment cycles', () => {
    expect(measure('{ one @include(if: true) @skip(if: false) { name } }').directives).toBe(2);
    expect(measure('{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }').cycle).toMatch(/^[AB]$/);
  });

  it('are refused one over each limit, not at it', () => {
    const at: QueryMeasure = {
      depth: QUERY_LIMITS.maxDepth, aliases: QUERY_LIMITS.maxAliases, tokens: QUERY_LIMITS.maxTokens, cost: QUERY_LIMITS.maxCost,
      introspection: QUERY_LIMITS.maxIntrospection, repeats: QUERY_LIMITS.maxRepeats, directives: QUERY_LIMITS.maxDirectives,
    };
    expect(limitViolations(at)).toEqual([]);
    for (const key of Object.keys(at) as (keyof typeof at)[]) expect(limitViolations({ ...at, [key]: (at[key] as number) + 1 })).toHaveLength(1);
  });
});

describe('the limits rule', () => {
  it('refuses a document over a limit before graphql-js\'s own rules look at it', () => {
    // OverlappingFieldsCanBeMerged alone would compare 200 million pairs of fields here; `nope`
    // would be reported by graphql-js's rules if they looked at the document at all.
    const repeated = parse(`{ one { ${'name '.repeat(20_000)}} nope }`);
    const started = performance.now();
    const errors = validate(schema, repeated, [...specifiedRules, queryLimitsRule()]);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(errors.map((e) => e.message)).toEqual([
      'The query has 20006 tokens; the hub accepts at most 2000.',
      'The query asks for one field 20000 times in one place; the hub accepts at most 50.',
      'The query could resolve about 20002 fields; the hub accepts at most 10000. Ask for fewer fields or smaller pages (`first`).',
    ]);
  });

  it('lets graphql-js report everything else', () => {
    expect(validate(schema, parse('{ nope }'), [...specifiedRules, queryLimitsRule()]).map((e) => e.message)).toEqual([expect.stringMatching(/^Cannot query field "nope" on type "Query"/)]);
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
