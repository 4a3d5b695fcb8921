import type { EntityManager } from '@mikro-orm/core';
import { badInput, notFound } from '../errors/domain-error.js';
import { optionalText } from '../errors/validate.js';
import { rowId, writeTransaction } from '../db/write.js';
import { requirePartnership } from '../partnership/lookup.js';
import { Partnership } from '../partnership/partnership.entity.js';
import { AccessToken } from './access-token.entity.js';
import { asSystem, callerFor, type Caller } from './caller.js';
import { Role, ROLES, roleName } from './role.js';
import { expiryOf, hashToken, newTokenSecret, tokenState } from './token.js';

export interface TokenRequest {
  role: Role;
  /** Partnership codes; ignored for ADMIN (every partnership). */
  partnerships: readonly string[];
  /** YYYY-MM-DD: the last day the token works. */
  expires?: string | null;
  label?: string | null;
  /** A demo token, printed by a start with demo data (a production start revokes them all). */
  demo?: boolean;
}

export interface IssuedTokenView {
  /** The token itself: shown once, never stored. */
  token: string;
  record: AccessToken;
}

/** A token write, and the cache emptied once it has committed (or failed: nothing is kept that the write may have changed). */
async function afterTokenChange<T>(em: EntityManager, write: Promise<T>): Promise<T> {
  forgetCachedTokens(em);
  try {
    return await write;
  } finally {
    forgetCachedTokens(em);
  }
}

async function createToken(tx: EntityManager, secret: string, request: TokenRequest): Promise<AccessToken> {
  if (!ROLES.includes(request.role)) throw badInput('input.role', `"${request.role}" is not a role (${ROLES.join(', ')}).`);
  const codes = [...new Set(request.partnerships.map((code) => code.trim()).filter(Boolean))];
  if (request.role !== Role.ADMIN && codes.length === 0) throw badInput('input.partnerships', `a ${roleName(request.role)} token needs at least one partnership.`);
  if (request.role !== Role.ADMIN) for (const [i, code] of codes.entries()) await requirePartnership(tx, `input.partnerships[${i}]`, code);
  const record = tx.create(AccessToken, {
    hash: hashToken(secret),
    role: request.role,
    partnershipCodes: request.role === Role.ADMIN ? '*' : codes.join(','),
    label: optionalText('input.label', request.label, 200) ?? `${roleName(request.role)} token`,
    createdAt: new Date(),
    expiresAt: expiryOf('input.expires', request.expires),
    demo: request.demo ?? false,
  });
  await tx.flush();
  return record;
}

/** Issues a new random token; only its hash is kept. */
export function issueToken(em: EntityManager, request: TokenRequest): Promise<IssuedTokenView> {
  const token = newTokenSecret();
  return afterTokenChange(em, writeTransaction(em, async (tx) => ({ token, record: await createToken(tx, token, request) })));
}

/** Makes sure a token with this value exists (IOM_HUB_ADMIN_TOKEN); an existing one is kept as it is. */
export async function ensureToken(em: EntityManager, secret: string, request: TokenRequest): Promise<{ record: AccessToken; created: boolean }> {
  if (secret.length < 32) throw new Error('IOM_HUB_ADMIN_TOKEN must be at least 32 characters long (use `npx iom-hub token create` to make a random one).');
  return afterTokenChange(em, writeTransaction(em, async (tx) => {
    const existing = await tx.findOne(AccessToken, { hash: hashToken(secret) });
    return existing ? { record: existing, created: false } : { record: await createToken(tx, secret, request), created: true };
  }));
}

/** Revokes every demo token still working (a production start does, whatever an earlier start printed); returns how many. */
export async function revokeDemoTokens(em: EntityManager): Promise<number> {
  return afterTokenChange(em, writeTransaction(em, async (tx) => {
    const tokens = await tx.find(AccessToken, { demo: true, revokedAt: null });
    const now = new Date();
    for (const token of tokens) token.revokedAt = now;
    await tx.flush();
    return tokens.length;
  }));
}

export function listTokens(em: EntityManager): Promise<AccessToken[]> {
  return em.find(AccessToken, {}, { orderBy: { id: 'asc' } });
}

/** Revokes a token at once; revoking a revoked token keeps the first revocation time. */
export function revokeToken(em: EntityManager, id: string): Promise<AccessToken> {
  return afterTokenChange(em, writeTransaction(em, async (tx) => {
    const token = await tx.findOne(AccessToken, { id: rowId('token', id) });
    if (!token) throw notFound('token', id);
    token.revokedAt ??= new Date();
    await tx.flush();
    return token;
  }));
}

/**
 * Recently authenticated tokens, by hash, for each database (ORM configuration) the process
 * serves: the look-up is two statements on every request otherwise. An entry lives
 * `IOM_HUB_TOKEN_CACHE_MS` (default 2,000 ms; 0: no cache). Issuing or revoking a token in this
 * process empties its database's cache once the change is committed, so a token revoked through
 * the API or a production start fails on the very next request; one revoked by another process
 * (`npx iom-hub token revoke` beside a running hub) fails once its entry is that old.
 */
const tokenCaches = new WeakMap<object, { entries: Map<string, { caller: Caller; expiresAt: Date | null; until: number }>; generation: number }>();

function tokenCacheMs(): number {
  const ms = Number(process.env.IOM_HUB_TOKEN_CACHE_MS ?? 2_000);
  return Number.isFinite(ms) && ms > 0 ? ms : 0;
}

function tokenCacheOf(em: EntityManager) {
  let cache = tokenCaches.get(em.config);
  if (!cache) tokenCaches.set(em.config, (cache = { entries: new Map(), generation: 0 }));
  return cache;
}

/** Forgets every cached token of `em`'s database (after a token changed). */
export function forgetCachedTokens(em: EntityManager): void {
  const cache = tokenCacheOf(em);
  cache.entries.clear();
  cache.generation++;
}

/**
 * The caller a bearer token stands for, or null if it is unknown, expired or revoked.
 * Two queries, unless the token was looked up in the last moments (see tokenCaches).
 */
export async function authenticate(em: EntityManager, token: string, now = new Date()): Promise<Caller | null> {
  const hash = hashToken(token);
  const cache = tokenCacheOf(em);
  const cached = cache.entries.get(hash);
  if (cached && cached.until > Date.now()) {
    if (tokenState(cached, now) !== 'active') return null;
    return { ...cached.caller };
  }
  // An entry's life counts from before the read; a token change in this process while it was being read keeps it out of the cache.
  const ms = tokenCacheMs();
  const until = Date.now() + ms;
  const generation = cache.generation;
  const caller = await lookUp(em, hash, now);
  if (cache.entries.size >= 10_000) cache.entries.clear();
  if (ms && caller && cache.generation === generation) cache.entries.set(hash, { caller: { ...caller.caller }, expiresAt: caller.expiresAt, until });
  else cache.entries.delete(hash);
  return caller && { ...caller.caller };
}

async function lookUp(em: EntityManager, hash: string, now: Date): Promise<{ caller: Caller; expiresAt: Date | null } | null> {
  const system = asSystem(em, 'authenticate');
  const record = await system.findOne(AccessToken, { hash });
  if (!record || tokenState(record, now) !== 'active') return null;
  if (record.role === Role.ADMIN) return { caller: callerFor(record.id, record.role, 'ALL'), expiresAt: record.expiresAt ?? null };
  const partnerships = await system.find(Partnership, { code: { $in: record.partnerships } });
  return { caller: callerFor(record.id, record.role, partnerships.map((p) => p.id)), expiresAt: record.expiresAt ?? null };
}

/** One token per role for trying the hub on its demo data: admin for every partnership, the others for norfolk-suffolk. */
export async function issueDemoTokens(em: EntityManager): Promise<{ role: Role; token: string }[]> {
  const issued: { role: Role; token: string }[] = [];
  for (const role of ROLES) {
    const { token } = await issueToken(em, { role, partnerships: ['norfolk-suffolk'], label: `demo ${roleName(role)} token`, demo: true });
    issued.push({ role, token });
  }
  return issued;
}
