import { beforeAll, describe, expect, it } from 'vitest';
import { callerFor, systemCaller, type Caller } from '../server/access/caller.js';
import { Role } from '../server/access/role.js';
import type { Hub } from '../server/app.js';
import { dataOf, type TestHub } from './support/hub.js';
import { bothWays as bothWaysOf, lastAudit, plainAndGraphqlHubs } from './support/plain-answers.js';
import { plainListCounts } from '../server/access/plain-lists.js';

/**
 * The cohort page asked for plain fields alone (its members', their nominals', latest reviews' and
 * offences' with their categories) is answered without graphql-js (server/access/plain-lists.ts),
 * as the flat list is. It must answer exactly as graphql-js does (the same JSON text, key for key,
 * in the same order), for every caller, page size, cursor, sort, filter, alias and variable, and
 * leave the same audit entry with the same nominal reads; anything it does not answer plainly is
 * graphql-js's, errors included.
 */
let t: TestHub;
/** A hub on the same database with the plain answers off: graphql-js answers every query. */
let old: Hub;
const hubs = plainAndGraphqlHubs();
beforeAll(() => ({ t, old } = hubs));

const bothWays = (query: string, variables: Record<string, unknown> | undefined, caller: Caller) => bothWaysOf(t, old, query, variables, caller);

const V = '$partnership: String!, $date: String!, $first: Int!';
const PAGES: Record<string, string> = {
  // The benchmark's page (bench/queries.ts, cohort-page-100).
  bench: `query CohortPage(${V}) {
  cohort(partnership: $partnership, filter: { activeOn: $date }, first: $first) {
    totalCount hasNextPage
    nodes { id startDate nominal { reference gender ageBand hubName }
      latestReview(asOf: $date) { reviewDate status }
      offencesInLast12Months(asOf: $date) { offenceDate outcome category { code banding } } }
  }
}`,
  aliases: `query (${V}) { page: cohort(partnership: $partnership, filter: { activeOn: $date }, first: $first, sort: REFERENCE) {
    __typename cursor: endCursor more: hasNextPage total: totalCount
    members: nodes { __typename key: id startDate who: nominal { __typename ref: reference hub: hubName }
      review: latestReview(asOf: $date) { __typename when: reviewDate rag: status }
      recent: offencesInLast12Months(asOf: $date) { __typename id what: category { __typename code } } } } }`,
  everyPlainField: `query (${V}) { cohort(partnership: $partnership, first: $first) { totalCount endCursor hasNextPage
    nodes { id version updatedAt startDate endDate deselectionReason deselectionNote relevantBanding
      nominal { id version updatedAt reference gender ageBand ethnicity statutoryStatus localAuthority mappaLevel domesticAbusePerpetrator registeredSexOffender hubName }
      latestReview(asOf: $date) { id version updatedAt reviewDate status note reference }
      offencesInLast12Months(asOf: $date) { id version updatedAt offenceDate outcome outcomeDate reference
        category { id code banding priority classification } } } } }`,
  noReview: `query (${V}) { cohort(partnership: $partnership, filter: { activeOn: $date }, first: $first) { totalCount nodes { id nominal { reference } } } }`,
  literalsAndDefaults: `query ($partnership: String!, $first: Int!) { cohort(partnership: $partnership, first: $first) {
    nodes { startDate latestReview { status } offencesInLast12Months(asOf: "2016-01-31") { offenceDate } a: offencesInLast12Months(asOf: "2015-06-30") { id } } } }`,
  filtered: `query (${V}, $statuses: [RagStatus!], $statutory: [StatutoryStatus!]) { cohort(partnership: $partnership, first: $first, filter: { activeOn: $date, status: $statuses, statutoryStatus: $statutory }) {
    totalCount endCursor nodes { id latestReview(asOf: $date) { status } nominal { statutoryStatus } } } }`,
};

const CALLERS = (id: string, other: string): Caller[] => [
  systemCaller('test'), callerFor(1, Role.CASE_MANAGER, [Number(id)]), callerFor(2, Role.CASE_MANAGER, [Number(other)]),
  callerFor(3, Role.ANALYST, [Number(id)]), callerFor(4, Role.BOARD, [Number(id)]), callerFor(5, Role.FINANCE, [Number(id)]),
];

describe('the cohort page answered plainly', () => {
  it('gives the same JSON and the same audit entry as graphql-js, for every caller, shape, page size, cursor and variable', async () => {
    const { partnerships } = dataOf(await t.gql('{ partnerships { id code } }'));
    const [first, second] = partnerships as { id: string; code: string }[];
    let plainly = 0, refused = 0, members = 0, offences = 0, pagesAfter = 0;
    for (const [name, query] of Object.entries(PAGES))
      for (const { id, code } of [first, second])
        for (const caller of CALLERS(id, first.id === id ? second.id : first.id))
          for (const [date, size] of [['2015-03-31', 100], ['2016-09-30', 7], ['2016-09-30', 1]] as const) {
            const variables: Record<string, unknown> = { partnership: code, date, first: size, ...(name === 'filtered' ? { statuses: ['RED', 'AMBER'], statutory: null } : {}) };
            // The first page, then the next one from its cursor.
            for (let turn = 0; turn < 2; turn++) {
              const what = `${name} ${code} ${caller.role} ${date} ${size} page ${turn + 1}`;
              const both = await bothWays(turn ? query.replace('first: $first', 'first: $first, after: $after').replace('($', '($after: String, $') : query, variables, caller);
              expect(JSON.stringify(both.plain.answer), what).toBe(JSON.stringify(both.graphql.answer));
              if (both.plain.answer.errors) {
                expect(both.plainly, what).toBe(false);
                refused++;
                break;
              }
              expect(both.plainly, what).toBe(true);
              expect(both.plain.audit, `audit ${what}`).toEqual(both.graphql.audit);
              plainly++;
              const page = Object.values(both.plain.answer.data!)[0] as any;
              const nodes = page.nodes ?? page.members;
              members += nodes.length;
              offences += nodes.flatMap((n: any) => n.offencesInLast12Months ?? n.recent ?? []).length;
              if (nodes.length) expect((both.plain.audit as { reads: unknown[] }).reads.length, what).toBeGreaterThan(0);
              const cursor = page.endCursor ?? page.cursor;
              if (turn || !cursor) break;
              variables.after = cursor;
              pagesAfter++;
            }
          }
    expect(plainly).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(20);
    expect(members).toBeGreaterThan(500);
    expect(offences).toBeGreaterThan(0);
    expect(pagesAfter).toBeGreaterThan(20);
  }, 600_000);

  it('leaves to graphql-js what it does not answer plainly, with graphql-js\'s answer and errors', async () => {
    const { partnerships } = dataOf(await t.gql('{ partnerships { id code } }'));
    const { id, code } = (partnerships as { id: string; code: string }[])[0];
    const admin = systemCaller('test');
    const manager = callerFor(1, Role.CASE_MANAGER, [Number(id)]);
    const page = (inside: string, args = '') => `{ cohort(partnership: "${code}", first: 20${args}) { ${inside} } }`;
    const cases: [string, Record<string, unknown> | undefined, Caller][] = [
      // A fragment spread, an inline fragment, a directive, two root fields, a key asked twice.
      [`{ cohort(partnership: "${code}", first: 20) { ...p } } fragment p on CohortPage { totalCount nodes { id } }`, undefined, admin],
      [page('nodes { ... on Membership { id } }'), undefined, admin],
      [`query ($x: Boolean!) { cohort(partnership: "${code}", first: 20) { nodes { id nominal @include(if: $x) { reference } } } }`, { x: true }, admin],
      [`${page('totalCount').slice(0, -1)} partnerships { code } }`, undefined, admin],
      [page('nodes { id id }'), undefined, admin],
      [page('nodes { id } nodes { startDate }'), undefined, admin],
      // A field with a resolver of its own (a promise), an identity field; a field whose value is a promise (an asOf the page did not load), met after the page was read.
      [page('nodes { id reviews { status } }'), undefined, admin],
      [page('nodes { nominal { reference identity { name } } }'), undefined, manager],
      [page('nodes { id offencesInLast12Months(asOf: "soon") { id } }'), undefined, admin],
      [page('nodes { id latestReview(asOf: "2016-01-31") { status } last: latestReview { status } }'), undefined, admin],
      // Refused: roles that may not read nominal-level rows, an argument with a NUL, a page too large, a variable that does not coerce, a cursor that is not one.
      [page('nodes { id }'), undefined, callerFor(4, Role.BOARD, [Number(id)])],
      [page('nodes { id }'), undefined, callerFor(5, Role.FINANCE, [Number(id)])],
      [page('nodes { id latestReview(asOf: "2015\u0000") { status } }'), undefined, admin],
      [page('nodes { id }', ', sort: REFERENCE').replace('first: 20', 'first: 501'), undefined, admin],
      [`query ($first: Int!) { cohort(partnership: "${code}", first: $first) { nodes { id } } }`, { first: 'many' }, admin],
      [page('nodes { id }', ', after: "nonsense"'), undefined, admin],
      [`{ cohort(partnership: "nowhere", first: 5) { totalCount nodes { id } } }`, undefined, admin],
    ];
    for (const [query, variables, caller] of cases) {
      const both = await bothWays(query, variables, caller);
      expect(both.plainly, query).toBe(false);
      expect(JSON.stringify(both.plain.answer), query).toBe(JSON.stringify(both.graphql.answer));
      if (!both.plain.answer.errors) expect(both.plain.audit, `audit ${query}`).toEqual(both.graphql.audit);
    }
  });

  it('answers a page read inside a transaction, the ORM\'s entities, as graphql-js does', async () => {
    // Inside a transaction the page's rows are the ORM's entities (em.map), held by the same loaders.
    const { partnerships } = dataOf(await t.gql('{ partnerships { id code } }'));
    const { id, code } = (partnerships as { id: string; code: string }[])[0];
    const inTransaction = async (hub: Hub, caller: Caller) => {
      const context = hub.contextFor({ ...caller });
      const response = await context.em.transactional((tx) => hub.apollo.executeOperation({ query: PAGES.bench, variables: { partnership: code, date: '2015-03-31', first: 100 } }, { contextValue: { ...context, em: tx } }));
      if (response.body.kind !== 'single') throw new Error('expected a single result');
      return { answer: response.body.singleResult, audit: await lastAudit(t) };
    };
    for (const caller of [systemCaller('test'), callerFor(1, Role.CASE_MANAGER, [Number(id)])]) {
      const before = plainListCounts.answered;
      const plain = await inTransaction(t.hub, caller);
      expect(plainListCounts.answered).toBe(before + 1);
      const graphql = await inTransaction(old, caller);
      expect((plain.answer.data as any).cohort.nodes.length).toBeGreaterThan(10);
      expect(JSON.stringify(plain.answer)).toBe(JSON.stringify(graphql.answer));
      expect(plain.audit).toEqual(graphql.audit);
      // And as the same page answered plainly, outside a transaction.
      const outside = await bothWays(PAGES.bench, { partnership: code, date: '2015-03-31', first: 100 }, caller);
      expect(outside.plainly).toBe(true);
      expect(JSON.stringify(outside.plain.answer)).toBe(JSON.stringify(plain.answer));
      expect(outside.plain.audit).toEqual(plain.audit);
    }
  });
});
