import DataLoader from 'dataloader';
import { callerOf } from '../access/caller.js';
import { rowById } from '../db/batch.js';
import { partnershipScope } from '../db/partnership-scope.js';
import { reportSql, sql } from '../db/sql.js';
import { columnsOf, part, plainPartOf, plainPartRowOf, plainOf, prefixedColumns, readsLean } from '../db/entity-rows.js';
import type { HubContext } from '../context.js';
import { badInput } from '../errors/domain-error.js';
import { optionalDate, requireWholeNumber } from '../errors/validate.js';
import { requirePartnership } from '../partnership/lookup.js';
import { monthsBefore } from '../calendar/months.js';
import { Membership, Nominal, Offence, StatusReview } from './cohort.entity.js';
import { Hub } from '../partnership/partnership.entity.js';
import type { CohortFilter, CohortSort } from './cohort.input.js';

export const MAX_PAGE = 500;
export const FAR_FUTURE = '9999-12-31';

export interface CohortPageView {
  nodes: Membership[];
  totalCount: number;
  endCursor: string | null;
  hasNextPage: boolean;
}

const encodeCursor = (value: string, id: number) => Buffer.from(JSON.stringify([value, id])).toString('base64url');
function decodeCursor(cursor: string): [string, number] {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && typeof parsed[0] === 'string' && Number.isSafeInteger(parsed[1])) return [parsed[0], parsed[1]];
  } catch { /* fall through */ }
  throw badInput('after', 'is not a cursor from this list.');
}

/**
 * One page of a partnership's memberships, filtered and sorted in SQL with a keyset cursor, in one
 * statement whatever the page size: the page with its nominals, hubs and total, and (when the
 * query asks for it, `latestReviewAsOf`) each member's latest review, which primes latestReviewOf.
 * A report statement (reportSql): on PostgreSQL a report's connection keeps it prepared by name, so
 * the server does not plan it again for every page (about 1 ms of a page of 100 at S); the same rows
 * as with its values written in (test/cohort-page-statement.test.ts).
 */
export async function loadCohortPage(ctx: HubContext, partnershipCode: string, filter: CohortFilter = {}, sort: CohortSort = 'START_DATE', first = 50, after?: string | null, latestReviewAsOf?: string): Promise<CohortPageView> {
  const { em } = ctx;
  const { cols, filtered, sortExpr, cursorWhere, params, pageParams } = cohortPageParts(ctx, partnershipCode, filter, sort, first, after, latestReviewAsOf);
  const rows = await reportSql<Record<string, unknown>>(em, cohortPageStatement(cols, filtered, sortExpr, cursorWhere, !!latestReviewAsOf), { ...params, ...pageParams });
  let total = rows.length ? Number(rows[0].total_count) : 0;
  if (!rows.length) {
    // Nothing on this page: is there such a partnership (one the caller may see), and how many members in all?
    await requirePartnership(em, 'partnership', partnershipCode);
    if (after) total = Number((await sql<{ total: number }>(em, `SELECT COUNT(*) AS total ${filtered}`, params))[0].total);
  }
  const page = rows.slice(0, first);
  // The page is only read: on the lean path its memberships, nominals, hubs and latest reviews
  // become objects of the entities' classes that the ORM does not manage (plainOf, each read from
  // its columns of the page's row by plainPartOf), given to the loaders their resolvers ask. The
  // memberships are remembered for the request (plainRowOf), so a member's reviews read later as
  // plain rows (reviewsOfMembers, latestReviewOf) reach their membership, and through it their
  // nominal, as the audit of nominal reads needs.
  const lean = readsLean(em);
  const hubs = new Map<number, Hub>();
  const nominals = rowById(ctx, Nominal);
  const latestReviews = latestReviewAsOf ? latestReviewOf(ctx, latestReviewAsOf) : null;
  const nodes = page.map((row) => {
    const hubId = row.h__id === null || row.h__id === undefined ? null : Number(row.h__id);
    let hub = hubId === null ? null : (hubs.get(hubId) ?? null);
    if (hubId !== null && !hub) {
      hubs.set(hubId, (hub = lean ? plainPartRowOf(em, Hub, row, 'h', cols.h) : em.map(Hub, part(row, 'h', cols.h))));
      rowById(ctx, Hub).prime(hubId, hub);
    }
    let membership: Membership;
    if (lean) {
      const nominal = plainPartRowOf(em, Nominal, row, 'n', cols.n, { hub });
      nominals.prime(nominal.id, nominal);
      membership = plainPartRowOf(em, Membership, row, 'm', cols.m, { nominal }, ['referral']);
    } else {
      em.map(Nominal, part(row, 'n', cols.n));
      membership = em.map(Membership, part(row, 'm', cols.m));
    }
    if (latestReviews) {
      latestReviews.hold(membership.id, row.r__id === null ? null : lean ? plainPartOf(em, StatusReview, row, 'r', cols.r, { membership }) : em.map(StatusReview, part(row, 'r', cols.r)));
    }
    return membership;
  });
  const last = page.at(-1);
  return {
    nodes,
    totalCount: total,
    endCursor: last ? encodeCursor(String(last.sort_value), Number(last.m__id)) : null,
    hasNextPage: rows.length > first,
  };
}

/** What a cohort page's statement is made of (cohortPageStatement): the filter as FROM … WHERE … with its parameters, the sort, the cursor and the page's own parameters. */
export function cohortPageParts(ctx: HubContext, partnershipCode: string, filter: CohortFilter = {}, sort: CohortSort = 'START_DATE', first = 50, after?: string | null, latestReviewAsOf?: string) {
  const { em } = ctx;
  requireWholeNumber('first', first, { min: 1, max: MAX_PAGE });
  const activeOn = optionalDate('filter.activeOn', filter.activeOn);
  const scope = partnershipScope(callerOf(em), 'p.id');
  const where: string[] = ['p.code = :partnership', scope.where];
  const params: Record<string, unknown> = { partnership: partnershipCode, ...scope.params };
  if (activeOn) { where.push('m.start_date <= :activeOn AND (m.end_date IS NULL OR m.end_date > :activeOn)'); params.activeOn = activeOn; }
  if (filter.status?.length) {
    where.push('(SELECT r.status FROM status_review r WHERE r.membership_id = m.id AND r.review_date <= :statusAsOf ORDER BY r.review_date DESC, r.id DESC LIMIT 1) IN (:statuses)');
    Object.assign(params, { statusAsOf: activeOn ?? FAR_FUTURE, statuses: filter.status });
  }
  if (filter.statutoryStatus?.length) { where.push('n.statutory_status IN (:statutoryStatuses)'); params.statutoryStatuses = filter.statutoryStatus; }
  if (filter.hub) { where.push('h.name = :hub'); params.hub = filter.hub; }
  const from = optionalDate('filter.startedFrom', filter.startedFrom);
  const to = optionalDate('filter.startedTo', filter.startedTo);
  if (from) { where.push('m.start_date >= :startedFrom'); params.startedFrom = from; }
  if (to) { where.push('m.start_date <= :startedTo'); params.startedTo = to; }
  const sortExpr = sort === 'REFERENCE' ? 'n.reference' : 'm.start_date';
  const pageParams: Record<string, unknown> = { limit: first + 1 };
  let cursorWhere = '';
  if (after) {
    [pageParams.cursorValue, pageParams.cursorId] = decodeCursor(after);
    cursorWhere = 'WHERE (f.sort_value, f.m__id) > (:cursorValue, :cursorId)';
  }
  if (latestReviewAsOf) pageParams.reviewAsOf = latestReviewAsOf;
  const cols = { m: columnsOf(em, 'Membership'), n: columnsOf(em, 'Nominal'), h: columnsOf(em, 'Hub'), r: columnsOf(em, 'StatusReview') };
  const filtered = `FROM partnership p CROSS JOIN nominal n ON n.partnership_id = p.id CROSS JOIN membership m ON m.nominal_id = n.id LEFT JOIN hub h ON h.id = n.hub_id
       WHERE ${where.join(' AND ')}`;
  return { cols, filtered, sortExpr, cursorWhere, params, pageParams };
}

/**
 * The statement of a cohort page: the members the filter passes (`filtered`: FROM … WHERE …, over
 * m, n, h) counted and ordered by their key and sort value alone, the page of them (:limit after
 * the cursor) read whole, with its nominal, hub and (`review`) latest review as of :reviewAsOf:
 * whole rows for a hundred members, not for every member the count passes. Each column as
 * `alias__column`, with `sort_value` and `total_count`.
 */
export function cohortPageStatement(cols: { m: string[]; n: string[]; h: string[]; r: string[] }, filtered: string, sortExpr: string, cursorWhere: string, review: boolean): string {
  return `WITH filtered AS (SELECT m.id AS m__id, ${sortExpr} AS sort_value, COUNT(*) OVER () AS total_count ${filtered}),
     page AS (SELECT * FROM filtered f ${cursorWhere} ORDER BY f.sort_value, f.m__id LIMIT :limit)
     SELECT page.sort_value, page.total_count, ${prefixedColumns('m', cols.m)}, ${prefixedColumns('n', cols.n)}, ${prefixedColumns('h', cols.h)}${review ? `, ${prefixedColumns('r', cols.r)}` : ''}
     FROM page CROSS JOIN membership m ON m.id = page.m__id CROSS JOIN nominal n ON n.id = m.nominal_id LEFT JOIN hub h ON h.id = n.hub_id${review
       ? `
     LEFT JOIN status_review r ON r.id = (SELECT lr.id FROM status_review lr WHERE lr.membership_id = page.m__id AND lr.review_date <= :reviewAsOf ORDER BY lr.review_date DESC, lr.id DESC LIMIT 1)`
       : ''}
     ORDER BY page.sort_value, page.m__id`;
}

/**
 * A batch loader that also holds the values a page loaded with itself (`hold`), so a field asking
 * for one of them has it at once (`answer`: the value, not a promise) and graphql-js completes the
 * member without waiting; any other key is loaded, batched, as before.
 */
export class HeldLoader<K, V> extends DataLoader<K, V> {
  private readonly held = new Map<K, V>();

  /** Gives `key` its value, as `prime` does (a value already held or loaded is kept). */
  hold(key: K, value: V): void {
    if (this.held.has(key)) return;
    this.held.set(key, value);
    this.prime(key, value);
  }

  /** The value held for `key`, else its load. */
  answer(key: K): V | Promise<V> {
    return this.held.has(key) ? this.held.get(key)! : this.load(key);
  }
}

/** The request's loader under `key`, made with `batch` the first time it is asked for. */
export function loader<K, V>(ctx: HubContext, key: string, batch: (keys: readonly K[]) => Promise<V[]>): HeldLoader<K, V> {
  let found = ctx.loaders.get(key) as HeldLoader<K, V> | undefined;
  if (!found) ctx.loaders.set(key, (found = new HeldLoader<K, V>(batch)));
  return found;
}

/**
 * The latest review on or before `asOf` of many memberships, in one statement (a window function).
 * On the lean read path the reviews are plain rows (plainOf) whose membership is the one the page
 * made, or the ORM's, as `em.map` would give it.
 */
export function latestReviewOf(ctx: HubContext, asOf: string = FAR_FUTURE): HeldLoader<number, StatusReview | null> {
  return loader(ctx, `latestReview.${asOf}`, async (ids) => {
    const lean = readsLean(ctx.em);
    const rows = await sql<Record<string, unknown>>(
      ctx.em,
      `SELECT * FROM (SELECT r.*, ROW_NUMBER() OVER (PARTITION BY r.membership_id ORDER BY r.review_date DESC, r.id DESC) AS rn
         FROM status_review r WHERE r.membership_id IN (:ids) AND r.review_date <= :asOf) latest WHERE rn = 1`,
      { ids, asOf },
    );
    const byMembership = new Map(rows.map((row) => [Number(row.membership_id), lean ? plainOf(ctx.em, StatusReview, row) : ctx.em.map(StatusReview, row)]));
    return ids.map((id) => byMembership.get(id) ?? null);
  });
}

/** Proven offences of many nominals dated in the 12 months to `asOf` (after asOf − 12 months, up to asOf), in one statement. */
export function offencesInYearTo(ctx: HubContext, asOf: string): HeldLoader<number, Offence[]> {
  return loader(ctx, `offences12.${asOf}`, async (nominalIds) => {
    const offences = await ctx.em.find(
      Offence,
      { nominal: { $in: [...nominalIds] }, offenceDate: { $gt: monthsBefore(asOf, 12), $lte: asOf } },
      { populate: ['category'], orderBy: { offenceDate: 'asc', id: 'asc' } },
    );
    const byNominal = new Map<number, Offence[]>(nominalIds.map((id) => [id, []]));
    for (const offence of offences) byNominal.get(offence.nominal.id)?.push(offence);
    return nominalIds.map((id) => byNominal.get(id) ?? []);
  });
}
