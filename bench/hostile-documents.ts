/**
 * GraphQL documents written to make a server work hard before it answers: each one small enough to
 * pass the request body limit (1 MB), each aimed at a different step (parsing, graphql-js's own
 * validation rules, the hub's cost analysis, execution). Used by the test that sends them while
 * probing /healthz (test/access-hostile.test.ts) and by the benchmark that times them
 * (bench/hostile.ts).
 */
export interface HostileDocument {
  name: string;
  query: string;
  operationName?: string;
  variables?: Record<string, unknown>;
}

const times = (n: number, make: (i: number) => string, separator = ' ') => Array.from({ length: n }, (_, i) => make(i)).join(separator);

/** Fragment i spreads fragment i + 1 `fan` times: the document grows by one line a level, its expansion by `fan` times. */
function nestedSpreads(levels: number, fan: number, type: string, leaf: string): string {
  const fragments = times(levels, (i) => `fragment F${i} on ${type} { ${times(fan, () => `...F${i + 1}`)} }`, '\n');
  return `${fragments}\nfragment F${levels} on ${type} { ${leaf} }`;
}

export const HOSTILE_DOCUMENTS: HostileDocument[] = [
  // About 1 KB: each fragment spreads the next twice, so the expansion doubles with each level.
  { name: 'nested fragment spreads (2 a level, 40 levels)', query: `{ ...F0 }\n${nestedSpreads(40, 2, 'Query', 'partnerships { code }')}` },
  // Wider and inside a list: ten spreads a level under `partnerships`.
  { name: 'nested fragment spreads (10 a level, 12 levels, in a list)', query: `{ partnerships { ...F0 } }\n${nestedSpreads(12, 10, 'Partnership', 'code name')}` },
  // The same spread repeated at one level: OverlappingFieldsCanBeMerged compares every pair.
  { name: 'one fragment spread 20,000 times', query: `{ ${times(20_000, () => '...P')} }\nfragment P on Query { partnerships { code } }` },
  { name: '50,000 aliases', query: `{ ${times(50_000, (i) => `a${i}: __typename`)} }` },
  // One response name many times: the overlap rule compares each pair of fields with that name.
  { name: '80,000 copies of one field', query: `{ ${times(80_000, () => '__typename')} }` },
  { name: '20,000 conflicting fields under one name', query: `{ ${times(20_000, (i) => `p: partnership(code: "p${i}") { code }`)} }` },
  // 99 aliased copies of the schema: a small request, a response of megabytes.
  { name: '99 aliased introspection copies', query: `{ ${times(99, (i) => `s${i}: __schema { types { name kind description fields { name description args { name } type { name kind ofType { name kind } } } } }`)} }` },
  { name: '5,000 aliased __type lookups', query: `{ ${times(5_000, (i) => `t${i}: __type(name: "Query") { fields { name } }`)} }` },
  { name: '40,000 repeated directives', query: `{ __typename ${times(40_000, () => '@include(if: true)')} }` },
  { name: '20,000 operations', query: times(20_000, (i) => `query Q${i} { __typename }`, '\n'), operationName: 'Q1' },
  { name: '20,000 anonymous operations', query: times(20_000, () => '{ __typename }', '\n') },
  { name: '20,000 repeated arguments', query: `{ partnership(${times(20_000, () => 'code: "barnet"')}) { code } }` },
  { name: '20,000 unused variables', query: `query (${times(20_000, (i) => `$v${i}: String`)}) { __typename }` },
  { name: 'fields nested 20,000 deep', query: `{ ${'partnerships { '.repeat(20_000)}code${' }'.repeat(20_000)} }` },
  { name: 'lists nested 100,000 deep in an argument', query: `{ partnership(code: ${'['.repeat(100_000)}"x"${']'.repeat(100_000)}) { code } }` },
  // Within the token limit: each of these must be refused by what it is, not by its length.
  { name: '1,990 copies of one field (within the token limit)', query: `{ ${times(1_990, () => '__typename')} }` },
  { name: '100 fragments on one list, each with the same fields', query: `{ partnerships { ${times(100, (i) => `...P${i}`)} } }\n${times(100, (i) => `fragment P${i} on Partnership { agencies { code } hubs { name } }`, '\n')}` },
  { name: 'nested fragment spreads (3 a level, 160 levels)', query: `{ ...F0 }\n${nestedSpreads(160, 3, 'Query', 'partnerships { code }')}` },
  { name: '15 aliased introspection copies (within the alias limit)', query: `{ ${times(15, (i) => `s${i}: __schema { types { name kind description fields { name description args { name description } type { name kind ofType { name kind } } } } }`)} }` },
  { name: 'introspection walking the type graph', query: `{ __schema { types { fields { type { fields { type { fields { type { fields { type { fields { name } } } } } } } } } } } }` },
  { name: '280 repeated directives (within the token limit)', query: `{ __typename ${times(280, () => '@include(if: true)')} }` },
  { name: 'fragment cycle (within the token limit)', query: `{ ...A }\n${times(25, (i) => `fragment ${i ? `A${i}` : 'A'} on Query { ${times(25, (j) => `...A${(i + j + 1) % 25 || ''}`)} }`, '\n')}` },
  { name: 'a page of 500 with lists inside', query: `{ cohort(partnership: "thurrock", first: 500) { nodes { nominal { reference offences { offenceDate outcome category { code banding } } referrals { referralDate agency } } reviews { status reviewDate } } } }` },
  { name: 'a page size given by a variable', query: 'query ($n: Int) { cohort(partnership: "thurrock", first: $n) { nodes { nominal { reference offences { offenceDate outcome } } reviews { status } } } }', variables: { n: 500 } },
  { name: 'fragment cycle, fanned out', query: `{ ...A }\n${times(200, (i) => `fragment ${i ? `A${i}` : 'A'} on Query { ${times(50, (j) => `...A${(i + j + 1) % 200 || ''}`)} }`, '\n')}` },
];
