import type { EntityClass } from '@mikro-orm/core';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { isObjectType, type FormattedExecutionResult, type GraphQLFieldResolver } from 'graphql';
import { asSystem, callerFor, systemCaller, type Caller } from '../server/access/caller.js';
import type { Hub as HubServer } from '../server/app.js';
import { Role } from '../server/access/role.js';
import { columnsOf, fieldsOfParts, part, plainOf, plainPartOf, plainPartRowOf, plainParts, plainRowOf, plainRowRead, prefixedColumns, readsPartDirectly } from '../server/db/entity-rows.js';
import { FundingRisk } from '../server/funding/funding.entity.js';
import { reportSql } from '../server/db/sql.js';
import { CrimeCategory } from '../server/reference/crime-category.entity.js';
import { Hub } from '../server/partnership/partnership.entity.js';
import { Membership, Nominal, Offence, StatusReview } from '../server/cohort/cohort.entity.js';
import { dataOf, type TestHub } from './support/hub.js';
import { plainAndGraphqlHubs } from './support/plain-answers.js';
import { lastAuditedReads, leanAndOrm } from './support/lean-and-orm.js';
import { HeldLoader } from '../server/cohort/cohort-list.service.js';
import { hubSchema } from '../server/schema.js';
import { rowById } from '../server/db/batch.js';
import type { HubContext } from '../server/context.js';

/**
 * A table's plain row out of a joined statement made straight from its `alias__column`s
 * (plainPartOf) is the object plainOf makes from the row's part: the same class, the same own
 * properties in the same order, the same values (a relation the very same object). Checked for
 * every table's rows on both engines, and through the cohort page, whose rows are made so: its
 * answers and the nominal reads it audits equal the ORM's, for each caller, field set and alias.
 */
let t: TestHub;
/** A hub on the same database with the plain answers off (server/access/plain-lists.ts): graphql-js answers every page, through the fields' resolvers. */
let graphqlOnly: HubServer;
const hubs = plainAndGraphqlHubs();
beforeAll(() => ({ t, old: graphqlOnly } = hubs));

/** `query` answered by graphql-js. */
async function executed(query: string, variables: Record<string, unknown>, caller: Caller = systemCaller('test')): Promise<FormattedExecutionResult> {
  const response = await graphqlOnly.apollo.executeOperation({ query, variables }, { contextValue: graphqlOnly.contextFor({ ...caller }) });
  if (response.body.kind !== 'single') throw new Error('expected a single result');
  return response.body.singleResult;
}

/** `made` and `expected` are alike as plainOf's rows are: class, own keys in order, values (objects by identity). */
function expectSame(made: object, expected: object, what: string): void {
  expect(Object.getPrototypeOf(made), what).toBe(Object.getPrototypeOf(expected));
  expect(Object.keys(made), what).toEqual(Object.keys(expected));
  for (const key of Object.keys(expected)) {
    const [a, b] = [(made as Record<string, unknown>)[key], (expected as Record<string, unknown>)[key]];
    // A relation (an entity's object) is the very same one; a value (an array, JSON, a date) equal.
    const relation = a !== null && typeof a === 'object' && !Array.isArray(a) && !(a instanceof Date) && Object.getPrototypeOf(a) !== Object.prototype;
    if (relation) expect(a, `${what}.${key}`).toBe(b);
    else expect(a, `${what}.${key}`).toStrictEqual(b);
  }
}

const PAGE_ENTITIES: EntityClass<object>[] = [Membership, Nominal, Hub, StatusReview, Offence, CrimeCategory];

describe('a table\'s plain row straight from a joined statement', () => {
  it('is plainOf\'s row from its part, for every table\'s rows', async () => {
    const em = asSystem(t.orm.em.fork(), 'test');
    let rows = 0, direct = 0;
    for (const meta of Object.values(t.orm.getMetadata().getAll())) {
      if (meta.embeddable || meta.virtual || meta.abstract || !meta.tableName || !meta.class) continue;
      const columns = columnsOf(em, meta.className);
      // A column named by a reserved word (`group`) would need quoting in the hand-written select list: left out.
      if (!columns.length || columns.some((c) => ['group', 'order', 'user'].includes(c))) continue;
      const entity = meta.class as EntityClass<object>;
      const found = await reportSql<Record<string, unknown>>(em, `SELECT 1 AS other, ${prefixedColumns('x', columns)} FROM ${meta.tableName} x ORDER BY 2 LIMIT 300`);
      if (readsPartDirectly(em, entity, 'x', columns)) direct++;
      for (const row of found) {
        expectSame(plainPartOf(em, entity, row, 'x', columns), plainOf(em, entity, part(row, 'x', columns)), meta.className);
        rows++;
      }
    }
    expect(rows).toBeGreaterThan(1000);
    expect(direct).toBeGreaterThan(5);
    // The cohort page's tables are read directly, not through plainOf.
    for (const entity of PAGE_ENTITIES) expect(readsPartDirectly(em, entity, 'x', columnsOf(em, entity.name)), entity.name).toBe(true);
  }, 120_000);

  it('gives plainOf\'s row where a column is absent from the row, and keeps the relations given', async () => {
    const em = asSystem(t.orm.em.fork(), 'test');
    const columns = columnsOf(em, 'Offence');
    const [row] = await reportSql<Record<string, unknown>>(em, `SELECT ${prefixedColumns('o', columns)} FROM offence o ORDER BY o.id LIMIT 1`);
    const category = { id: 1 };
    expectSame(plainPartOf(em, Offence, row, 'o', columns, { category }), plainOf(em, Offence, part(row, 'o', columns), { category }), 'with a relation given');
    expect((plainPartOf(em, Offence, row, 'o', columns, { category }) as unknown as { category: object }).category).toBe(category);
    const absent = { ...row, [`o__${columns.at(-1)}`]: undefined };
    expectSame(plainPartOf(em, Offence, absent, 'o', columns), plainOf(em, Offence, part(absent, 'o', columns)), 'a column absent');
  });

  it('reads some of a table\'s columns as those fields alone, each row once, none of them remembered for the request (fieldsOfParts)', async () => {
    const em = asSystem(t.orm.em.fork(), 'test');
    const some = ['id', 'title', 'exposure_pence'];
    const rows = await reportSql<Record<string, unknown>>(em, `SELECT ${prefixedColumns('r', some)} FROM funding_risk r CROSS JOIN (SELECT 1 AS twice UNION ALL SELECT 2) k ORDER BY r.id`);
    const ids = [...new Set(rows.map((row) => row.r__id))];
    expect(ids.length).toBeGreaterThan(1);
    const fields = fieldsOfParts<FundingRisk, 'id' | 'title' | 'exposurePence'>(em, FundingRisk, rows, 'r', some);
    expect(fields.map((risk) => risk.id)).toEqual(ids);
    for (const [i, risk] of fields.entries()) {
      expect(Object.getPrototypeOf(risk)).toBe(FundingRisk.prototype);
      expect(Object.keys(risk)).toEqual(['id', 'title', 'exposurePence']);
      expect(risk).toEqual(plainOf(em, FundingRisk, part(rows[i * 2], 'r', some)));
      expect(plainRowRead(em, FundingRisk, risk.id), 'remembered').toBeUndefined();
    }
    // Whole rows made with plainParts are remembered: a relation read later gets them.
    const whole = await reportSql<Record<string, unknown>>(em, `SELECT ${prefixedColumns('r', columnsOf(em, 'FundingRisk'))} FROM funding_risk r ORDER BY r.id`);
    const [first] = plainParts(em, FundingRisk, whole, 'r', columnsOf(em, 'FundingRisk'));
    expect(plainRowRead(em, FundingRisk, first.id)).toBe(first);
  });

  it('remembers a membership as plainRowOf does, its referral made when first read', async () => {
    const columns = columnsOf(t.orm.em, 'Membership');
    const read = async () => {
      const em = asSystem(t.orm.em.fork(), 'test');
      return { em, rows: await reportSql<Record<string, unknown>>(em, `SELECT ${prefixedColumns('m', columns)} FROM membership m ORDER BY m.id LIMIT 50`) };
    };
    const direct = await read();
    const viaPart = await read();
    for (let i = 0; i < direct.rows.length; i++) {
      const a = plainPartRowOf(direct.em, Membership, direct.rows[i], 'm', columns, {}, ['referral']);
      const b = plainRowOf(viaPart.em, Membership, part(viaPart.rows[i], 'm', columns), {}, ['referral']);
      expect(Object.keys(a)).toEqual(Object.keys(b));
      expect(Object.getPrototypeOf(a)).toBe(Object.getPrototypeOf(b));
      expect(a.id).toBe(b.id);
      expect(a.startDate).toBe(b.startDate);
      expect(a.referral?.id).toBe(b.referral?.id);
      expect(a.nominal?.id).toBe(b.nominal?.id);
    }
  });
});

const PAGES = {
  bench: `query ($partnership: String!, $date: String!, $first: Int!) { cohort(partnership: $partnership, filter: { activeOn: $date }, first: $first) {
    totalCount hasNextPage
    nodes { id startDate nominal { reference gender ageBand hubName }
      latestReview(asOf: $date) { reviewDate status }
      offencesInLast12Months(asOf: $date) { offenceDate outcome category { code banding } } } } }`,
  aliases: `query ($partnership: String!, $date: String!, $first: Int!) { page: cohort(partnership: $partnership, filter: { activeOn: $date }, first: $first, sort: REFERENCE) {
    n: totalCount endCursor
    nodes { key: id startDate endDate relevantBanding version
      who: nominal { id reference gender ageBand hubName statutoryStatus version updatedAt domesticAbusePerpetrator registeredSexOffender mappaLevel }
      now: latestReview { id reviewDate status }
      then: latestReview(asOf: $date) { reviewDate status membership { id } }
      offencesInLast12Months(asOf: $date) { id offenceDate outcome category { id code banding priority } } } } }`,
  noReview: `query ($partnership: String!, $date: String!, $first: Int!) { cohort(partnership: $partnership, first: $first) {
    totalCount nodes { id nominal { reference } offencesInLast12Months(asOf: $date) { offenceDate } } } }`,
};

describe('the cohort page, its rows made straight from its statement', () => {
  it('answers and audits as the ORM does, for each caller, field set, alias and argument', async () => {
    const { partnerships } = dataOf(await t.gql('{ partnerships { id code } }'));
    const [first, second] = partnerships as { id: string; code: string }[];
    let nodes = 0, reviews = 0;
    for (const [name, query] of Object.entries(PAGES))
      for (const { id, code } of [first, second])
        for (const caller of [systemCaller('test'), callerFor(1, Role.CASE_MANAGER, [Number(id)]), callerFor(2, Role.CASE_MANAGER, [Number(first.id === id ? second.id : first.id)]), callerFor(3, Role.ANALYST, [Number(id)]), callerFor(4, Role.BOARD, [Number(id)])])
          for (const [date, size] of [['2015-03-31', 100], ['2016-09-30', 7]] as const) {
            const what = `${name} ${code} ${caller.role} ${date}`;
            const { lean, orm, leanReads, ormReads } = await leanAndOrm(t, query, { partnership: code, date, first: size }, caller);
            expect(lean, what).toEqual(orm);
            if (lean.errors) continue;
            expect(leanReads, `audit ${what}`).toEqual(ormReads);
            const page = (lean.data as any).cohort ?? (lean.data as any).page;
            nodes += page.nodes.length;
            reviews += page.nodes.filter((n: any) => n.latestReview ?? n.then).length;
          }
    expect(nodes).toBeGreaterThan(100);
    expect(reviews).toBeGreaterThan(0);
  }, 240_000);
});

/** The page's member fields that once were promises for every member, and the offences' category, once a promise for every offence. */
const MEMBER_FIELDS = ['Membership.nominal', 'Membership.latestReview', 'Membership.offencesInLast12Months', 'Nominal.hubName', 'Offence.category'];

/** Runs `during` with each of the member fields' resolvers counting what it gives, values and promises (`promised`: each given as a promise, as they once were). */
async function countingAnswers<T>(during: () => Promise<T>, promised = false): Promise<{ result: T; values: Record<string, number>; promises: Record<string, number> }> {
  const values: Record<string, number> = {}, promises: Record<string, number> = {};
  const restore: (() => void)[] = [];
  for (const key of MEMBER_FIELDS) {
    const [typeName, fieldName] = key.split('.');
    const type = hubSchema().getType(typeName);
    if (!isObjectType(type)) throw new Error(typeName);
    const field = type.getFields()[fieldName];
    const resolve = field.resolve as GraphQLFieldResolver<unknown, unknown>;
    field.resolve = (...args) => {
      const answer = resolve(...args);
      const counts = answer instanceof Promise ? promises : values;
      counts[key] = (counts[key] ?? 0) + 1;
      if (!promised) return answer;
      // As it was: the hub's name read from the hub its loader gives.
      const [nominal, , context] = args as unknown as [Nominal, unknown, HubContext];
      if (key === 'Nominal.hubName') return Promise.resolve(answer).then(() => (nominal.hub ? rowById(context, Hub).load(nominal.hub.id).then((hub) => hub?.name ?? null) : null));
      return Promise.resolve(answer);
    };
    restore.push(() => { field.resolve = resolve; });
  }
  try {
    return { result: await during(), values, promises };
  } finally {
    for (const undo of restore) undo();
  }
}

const ALONE = {
  hubNameAlone: `query ($partnership: String!, $first: Int!) { cohort(partnership: $partnership, first: $first) { nodes { nominal { hubName } } } }`,
  reviewAlone: `query ($partnership: String!, $first: Int!) { cohort(partnership: $partnership, first: $first) { nodes { latestReview { status } } } }`,
  offencesAlone: `query ($partnership: String!, $first: Int!) { cohort(partnership: $partnership, first: $first) { nodes { offencesInLast12Months { id } } } }`,
  twoDates: `query ($partnership: String!, $date: String!, $first: Int!) { cohort(partnership: $partnership, first: $first) {
    nodes { id a: offencesInLast12Months(asOf: $date) { id offenceDate } b: offencesInLast12Months(asOf: "2016-01-31") { id outcome }
      c: latestReview(asOf: "2015-06-30") { id status } d: latestReview(asOf: $date) { id } } } }`,
  inlineFragment: `query ($partnership: String!, $date: String!, $first: Int!) { cohort(partnership: $partnership, first: $first) {
    ... on CohortPage { nodes { ... on Membership { id latestReview(asOf: $date) { status } offencesInLast12Months(asOf: $date) { offenceDate } } } } } }`,
  badDate: `query ($partnership: String!, $first: Int!) { cohort(partnership: $partnership, first: $first) { nodes { id offencesInLast12Months(asOf: "soon") { id } } } }`,
};

describe('the cohort page\'s member fields', () => {
  const callers = (id: string, other: string) => [systemCaller('test'), callerFor(1, Role.CASE_MANAGER, [Number(id)]), callerFor(2, Role.CASE_MANAGER, [Number(other)]), callerFor(3, Role.ANALYST, [Number(id)]), callerFor(4, Role.BOARD, [Number(id)])];

  it('answer the page\'s members with values, not promises', async () => {
    const { partnerships } = dataOf(await t.gql('{ partnerships { id code } }'));
    const { code } = (partnerships as { code: string }[])[0];
    const { result, values, promises } = await countingAnswers(() => executed(PAGES.bench, { partnership: code, date: '2015-03-31', first: 100 }));
    const page = (dataOf(result) as any).cohort;
    expect(page.nodes.length).toBeGreaterThan(10);
    expect(promises).toEqual({});
    for (const key of MEMBER_FIELDS.filter((k) => k !== 'Offence.category')) expect(values[key], key).toBe(page.nodes.length);
    expect(values['Offence.category']).toBe(page.nodes.flatMap((n: any) => n.offencesInLast12Months).length);
    expect(values['Offence.category']).toBeGreaterThan(0);
  });

  it('answer and audit as the same page with every one of them loaded as a promise', async () => {
    const { partnerships } = dataOf(await t.gql('{ partnerships { id code } }'));
    const [first, second] = partnerships as { id: string; code: string }[];
    let nodes = 0, offences = 0, refused = 0;
    for (const [name, query] of Object.entries({ ...PAGES, ...ALONE }))
      for (const { id, code } of [first, second])
        for (const caller of callers(id, first.id === id ? second.id : first.id))
          for (const [date, size] of [['2015-03-31', 100], ['2016-09-30', 7]] as const) {
            const what = `${name} ${code} ${caller.role} ${date}`;
            const variables = { partnership: code, date, first: size };
            const now = await executed(query, variables, caller);
            const nowReads = await lastAuditedReads(t);
            // The same page as it was answered before: each held value through its loader's promise, every one of the fields a promise.
            const answer = vi.spyOn(HeldLoader.prototype, 'answer').mockImplementation(function (this: HeldLoader<unknown, unknown>, key: unknown) { return this.load(key); });
            let before;
            try {
              before = await countingAnswers(() => executed(query, variables, caller), true);
            } finally {
              answer.mockRestore();
            }
            const loadedReads = await lastAuditedReads(t);
            expect(now, what).toEqual(before.result);
            expect(nowReads, `audit ${what}`).toEqual(loadedReads);
            if (now.errors) { refused++; continue; }
            const page = (now.data as any).cohort ?? (now.data as any).page;
            nodes += page.nodes.length;
            offences += page.nodes.flatMap((n: any) => n.offencesInLast12Months ?? n.a ?? []).length;
          }
    expect(nodes).toBeGreaterThan(100);
    expect(offences).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
  }, 300_000);
});
