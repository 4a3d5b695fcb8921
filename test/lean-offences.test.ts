import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callerFor, systemCaller, type Caller } from '../server/access/caller.js';
import { Role } from '../server/access/role.js';
import { loadCohortPage, offencesInYearTo } from '../server/cohort/cohort-list.service.js';
import { recentOffencesOf } from '../server/cohort/offence-rows.js';
import { dataOf, startTestHub, type TestHub } from './support/hub.js';
import { leanAndOrm } from './support/lean-and-orm.js';

/**
 * A cohort page's offences of the last 12 months are plain rows on the lean read path
 * (server/cohort/offence-rows.ts) and the ORM's entities inside a transaction. Both must answer
 * alike, field for field, in the same order, for every caller, and leave the same audit of
 * nominal reads; neither may reach another partnership's offences.
 */
let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
});
afterAll(() => t.close());

const PAGE = `query ($partnership: String!, $date: String!) { cohort(partnership: $partnership, filter: { activeOn: $date }, first: 40) {
  totalCount nodes { id nominal { id reference }
    offencesInLast12Months(asOf: $date) { id offenceDate outcome outcomeDate reference version updatedAt
      category { id code description banding crimeGroup offenceGroup priority source classification } } } } }`;

/** The page on the lean path and on the ORM's, with the nominal reads each audited. */
const bothWays = (variables: Record<string, unknown>, caller: Caller, query = PAGE) => leanAndOrm(t, query, variables, caller);

describe('a cohort page\'s offences as plain rows', () => {
  it('answers every field of every offence, in order, exactly as the ORM does, for each caller, with the same audit of nominal reads', async () => {
    const { partnerships } = dataOf(await t.gql('{ partnerships { id code } }'));
    const [first, second] = partnerships as { id: string; code: string }[];
    let offences = 0, classifications = 0;
    for (const { id, code } of [first, second])
      for (const caller of [systemCaller('test'), callerFor(1, Role.CASE_MANAGER, [Number(id)]), callerFor(2, Role.CASE_MANAGER, [Number(first.id === id ? second.id : first.id)])])
        for (const date of ['2015-03-31', '2016-09-30']) {
          const { lean, orm, leanReads, ormReads } = await bothWays({ partnership: code, date }, caller);
          expect(lean, `${code} ${caller.role} ${date}`).toEqual(orm);
          if (lean.errors) {
            expect(lean.errors[0].message).toMatch(new RegExp(`there is no partnership "${code}"`));
            continue;
          }
          expect(leanReads.length).toBeGreaterThan(0);
          expect(leanReads, `audit ${code} ${caller.role} ${date}`).toEqual(ormReads);
          for (const node of (lean.data as any).cohort.nodes) {
            const dates = node.offencesInLast12Months.map((o: any) => `${o.offenceDate} ${String(o.id).padStart(10, '0')}`);
            expect(dates).toEqual([...dates].sort());
            offences += node.offencesInLast12Months.length;
            classifications += node.offencesInLast12Months.filter((o: any) => o.category.classification).length;
          }
        }
    // The comparison must reach offences and classified categories, not only empty lists.
    expect(offences).toBeGreaterThan(0);
    expect(classifications).toBeGreaterThan(0);
  }, 120_000);

  it('never gives a caller another partnership\'s offences, on either path', async () => {
    const { partnerships } = dataOf(await t.gql('{ partnerships { id code } }'));
    const [first, second] = partnerships as { id: string; code: string }[];
    const date = '2015-03-31';
    const { cohort } = dataOf(await t.gql(PAGE, { partnership: second.code, date }));
    const withOffences = (cohort.nodes as any[]).filter((n) => n.offencesInLast12Months.length).map((n) => Number(n.nominal.id));
    expect(withOffences.length).toBeGreaterThan(0);
    // The hub itself sees them through the plain rows' loader.
    const all = await recentOffencesOf(t.hub.contextFor(systemCaller('test')), date).loadMany(withOffences);
    expect((all as any[]).every((list) => list.length > 0)).toBe(true);
    // A case manager of the first partnership asking for the second's nominals by id gets nothing, both ways.
    const outsider = callerFor(1, Role.CASE_MANAGER, [Number(first.id)]);
    expect(await recentOffencesOf(t.hub.contextFor(outsider), date).loadMany(withOffences)).toEqual(withOffences.map(() => []));
    const context = t.hub.contextFor(outsider);
    expect(await context.em.transactional((tx) => recentOffencesOf({ ...context, em: tx }, date).loadMany(withOffences))).toEqual(withOffences.map(() => []));
    expect(await offencesInYearTo(t.hub.contextFor(outsider), date).loadMany(withOffences)).toEqual(withOffences.map(() => []));
  });
});

/** The whole page as plain rows: members, nominals, hubs, latest reviews (the one read with the page and another), every review, offences. */
const WHOLE_PAGE = `query ($partnership: String!, $date: String!, $after: String) { cohort(partnership: $partnership, filter: { activeOn: $date }, first: 30, after: $after) {
  totalCount endCursor hasNextPage nodes { id startDate endDate deselectionReason deselectionNote relevantBanding version updatedAt
    nominal { id reference gender ageBand hubName statutoryStatus needs version updatedAt identity { name pncId } }
    latestReview(asOf: $date) { id reviewDate status note reference version updatedAt }
    latest: latestReview { id reviewDate status } reviews { id reviewDate status note version }
    offencesInLast12Months(asOf: $date) { id offenceDate outcome category { code banding } } } } }`;

describe('a cohort page\'s members, nominals, hubs and reviews as plain rows', () => {
  it('answers the whole page exactly as the ORM does, for each caller, two pages deep, with the same audit of nominal reads', async () => {
    const { partnerships } = dataOf(await t.gql('{ partnerships { id code } }'));
    const [first, second] = partnerships as { id: string; code: string }[];
    const reached = { members: 0, reviews: 0, latest: 0, identities: 0 };
    for (const { id, code } of [first, second])
      for (const caller of [systemCaller('test'), callerFor(1, Role.CASE_MANAGER, [Number(id)]), callerFor(2, Role.CASE_MANAGER, [Number(first.id === id ? second.id : first.id)]), callerFor(3, Role.ANALYST, [Number(id)])]) {
        let after: string | null = null;
        for (let pages = 0; pages < 2; pages++) {
          const { lean, orm, leanReads, ormReads } = await bothWays({ partnership: code, date: '2015-03-31', after }, caller, WHOLE_PAGE);
          const what = `${code} ${caller.role} ${caller.partnershipIds} page ${pages}`;
          expect(lean, what).toEqual(orm);
          if (lean.errors) break;
          expect(leanReads.length, what).toBeGreaterThan(0);
          expect(leanReads, `audit ${what}`).toEqual(ormReads);
          const { nodes, endCursor } = (lean.data as any).cohort;
          for (const n of nodes as any[]) {
            reached.members++;
            reached.reviews += n.reviews.length;
            if (n.latestReview && n.latest) reached.latest++;
            if (n.nominal.identity?.name) reached.identities++;
          }
          after = endCursor;
        }
      }
    // The comparison must reach members, their reviews (all, and the latest both ways) and identities, not only nulls.
    for (const [what, count] of Object.entries(reached)) expect(count, what).toBeGreaterThan(0);
  }, 120_000);

  it('gives each plain member its referral when read, as the ORM does', async () => {
    const referrals = (ms: { referral?: { id: number } | null }[]) => ms.map((m) => m.referral?.id ?? null);
    const lean = await loadCohortPage(t.hub.contextFor(systemCaller('test')), 'norfolk-suffolk', {}, 'START_DATE', 60);
    const context = t.hub.contextFor(systemCaller('test'));
    const orm = await context.em.transactional(async (tx) => referrals((await loadCohortPage({ ...context, em: tx }, 'norfolk-suffolk', {}, 'START_DATE', 60)).nodes));
    expect(referrals(lean.nodes)).toEqual(orm);
    expect(orm.filter((id) => id !== null).length).toBeGreaterThan(0);
  });
});
