import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/core';
import { recordNominalRead } from '../access/audit.subscriber.js';
import { forEngine } from '../db/dialect.js';
import type { HubContext } from '../context.js';
import { badInput } from '../errors/domain-error.js';
import { optionalDate, requireWholeNumber } from '../errors/validate.js';
import { requirePartnership } from '../partnership/lookup.js';
import { monthsBefore } from '../performance/measures.js';
import { Membership, Offence, StatusReview } from './cohort.entity.js';
import type { CohortFilter, CohortSort } from './cohort.input.js';

export const MAX_PAGE = 500;
const FAR_FUTURE = '9999-12-31';

export interface CohortPageView {
  nodes: Membership[];
  totalCount: number;
  endCursor: string | null;
  hasNextPage: boolean;
}

/** Runs raw SQL on the request's connection (logged like every other statement). */
export function sql<T = Record<string, unknown>>(em: EntityManager, query: string, params: readonly unknown[]): Promise<T[]> {
  return (em.getConnection() as unknown as { execute(q: string, p: readonly unknown[], method: 'all'): Promise<T[]> }).execute(forEngine(em, query), params, 'all');
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
 * One page of a partnership's memberships, filtered and sorted in SQL with a keyset cursor:
 * two statements (the page and its total) whatever the page size.
 */
export async function loadCohortPage(em: EntityManager, partnershipCode: string, filter: CohortFilter = {}, sort: CohortSort = 'START_DATE', first = 50, after?: string | null): Promise<CohortPageView> {
  const partnership = await requirePartnership(em, 'partnership', partnershipCode);
  requireWholeNumber('first', first, { min: 1, max: MAX_PAGE });
  const activeOn = optionalDate('filter.activeOn', filter.activeOn);
  const where: string[] = ['n.partnership_id = ?'];
  const params: unknown[] = [partnership.id, activeOn ?? FAR_FUTURE, partnership.id];
  if (activeOn) { where.push('m.start_date <= ? AND (m.end_date IS NULL OR m.end_date > ?)'); params.push(activeOn, activeOn); }
  if (filter.status?.length) { where.push(`l.status IN (${filter.status.map(() => '?').join(', ')})`); params.push(...filter.status); }
  if (filter.statutoryStatus?.length) { where.push(`n.statutory_status IN (${filter.statutoryStatus.map(() => '?').join(', ')})`); params.push(...filter.statutoryStatus); }
  if (filter.hub) { where.push('h.name = ?'); params.push(filter.hub); }
  const from = optionalDate('filter.startedFrom', filter.startedFrom);
  const to = optionalDate('filter.startedTo', filter.startedTo);
  if (from) { where.push('m.start_date >= ?'); params.push(from); }
  if (to) { where.push('m.start_date <= ?'); params.push(to); }
  const sortExpr = sort === 'REFERENCE' ? 'n.reference' : 'm.start_date';
  const head = `WITH latest AS (
      SELECT r.membership_id, r.status, ROW_NUMBER() OVER (PARTITION BY r.membership_id ORDER BY r.review_date DESC, r.id DESC) AS rn
      FROM nominal rn CROSS JOIN membership rm ON rm.nominal_id = rn.id CROSS JOIN status_review r ON r.membership_id = rm.id
      WHERE rn.partnership_id = ? AND r.review_date <= ?)`;
  const fromClause = `FROM nominal n CROSS JOIN membership m ON m.nominal_id = n.id LEFT JOIN hub h ON h.id = n.hub_id
      LEFT JOIN latest l ON l.membership_id = m.id AND l.rn = 1`;
  const pageWhere = [...where];
  const pageParams = [...params];
  if (after) {
    const [value, id] = decodeCursor(after);
    pageWhere.push(`(${sortExpr}, m.id) > (?, ?)`);
    pageParams.push(value, id);
  }
  const rows = await sql<{ id: number; sort_value: string }>(
    em,
    `${head} SELECT m.id AS id, ${sortExpr} AS sort_value ${fromClause} WHERE ${pageWhere.join(' AND ')} ORDER BY ${sortExpr}, m.id LIMIT ?`,
    [...pageParams, first + 1],
  );
  const [{ total }] = await sql<{ total: number }>(em, `${head} SELECT COUNT(*) AS total ${fromClause} WHERE ${where.join(' AND ')}`, params);
  const page = rows.slice(0, first);
  const loaded = page.length ? await em.find(Membership, { id: { $in: page.map((r) => r.id) } }, { populate: ['nominal'] }) : [];
  const byId = new Map(loaded.map((m) => [m.id, m]));
  const last = page.at(-1);
  await recordNominalRead(em, 'cohort', new Set(loaded.map((m) => m.nominal.id)).size);
  return {
    nodes: page.map((r) => byId.get(r.id)!),
    totalCount: Number(total),
    endCursor: last ? encodeCursor(String(last.sort_value), last.id) : null,
    hasNextPage: rows.length > first,
  };
}

function loader<K, V>(ctx: HubContext, key: string, batch: (keys: readonly K[]) => Promise<V[]>): DataLoader<K, V> {
  let found = ctx.loaders.get(key) as DataLoader<K, V> | undefined;
  if (!found) ctx.loaders.set(key, (found = new DataLoader<K, V>(batch)));
  return found;
}

/** The latest review on or before `asOf` of many memberships, in one statement (a window function). */
export function latestReviewOf(ctx: HubContext, asOf: string = FAR_FUTURE): DataLoader<number, StatusReview | null> {
  return loader(ctx, `latestReview.${asOf}`, async (ids) => {
    const rows = await sql<Record<string, unknown>>(
      ctx.em,
      `SELECT * FROM (SELECT r.*, ROW_NUMBER() OVER (PARTITION BY r.membership_id ORDER BY r.review_date DESC, r.id DESC) AS rn
         FROM status_review r WHERE r.membership_id IN (${ids.map(() => '?').join(', ')}) AND r.review_date <= ?) latest WHERE rn = 1`,
      [...ids, asOf],
    );
    const byMembership = new Map(rows.map((row) => [Number(row.membership_id), ctx.em.map(StatusReview, row)]));
    return ids.map((id) => byMembership.get(id) ?? null);
  });
}

/** Proven offences of many nominals dated in the 12 months to `asOf` (after asOf − 12 months, up to asOf), in one statement. */
export function offencesInYearTo(ctx: HubContext, asOf: string): DataLoader<number, Offence[]> {
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
