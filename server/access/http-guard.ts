import type { EntityManager } from '@mikro-orm/core';
import type { Request, RequestHandler, Response } from 'express';
import type { Caller } from './caller.js';
import { RateLimiter } from './rate-limit.js';
import { authenticate } from './token.service.js';
import { bearerToken } from './token.js';

function graphqlError(message: string, code: string) {
  return { errors: [{ message, extensions: { code } }] };
}

/** The browser's query editor page (GET /graphql asking for HTML): it holds no data, the user pastes a token into it. */
export function wantsQueryEditor(req: Request): boolean {
  return req.method === 'GET' && req.accepts(['application/json', 'application/graphql-response+json', 'text/html']) === 'text/html';
}

/** What anyone may fetch without a token: the health check, the query editor and case managers' pages (they hold no data until a token is pasted in) and their assets, the add-in's static files. */
export function isOpenPath(req: Request): boolean {
  const path = req.path;
  if (path === '/healthz' || path === '/' || path === '/manifest.xml' || path === '/case-manager') return true;
  if (path.startsWith('/assets/') || path === '/addin' || path.startsWith('/addin/')) return true;
  return path === '/graphql' && wantsQueryEditor(req);
}

/** The caller authenticated for this request (set by requireToken). */
export function callerOfRequest(res: { locals: Record<string, unknown> }): Caller {
  const caller = res.locals.caller as Caller | undefined;
  if (!caller) throw new Error('The request was not authenticated.');
  return caller;
}

/**
 * Every request but the open paths needs `Authorization: Bearer <token>` with a token that is
 * known, unexpired and not revoked; anything else is 401 with a GraphQL-shaped UNAUTHENTICATED
 * error that does not say which of those it was.
 */
export function requireToken(em: EntityManager, anonymous: AddressLimit = () => true): RequestHandler {
  return async (req, res, next) => {
    if (req.method === 'OPTIONS') return next();
    if (isOpenPath(req)) return anonymous(req, res) ? next() : undefined;
    const token = bearerToken(req.get('authorization'));
    const caller = token ? await authenticate(em, token) : null;
    if (!caller) {
      // Guessing tokens counts against the address, like every request without a valid one.
      if (!anonymous(req, res)) return;
      res.status(401).set('WWW-Authenticate', 'Bearer realm="iom-hub"').json(
        graphqlError('A valid token is needed: send Authorization: Bearer <token> (ask an administrator for one).', 'UNAUTHENTICATED'),
      );
      return;
    }
    res.locals.caller = caller;
    next();
  };
}

/** Counts a request without a valid token against its client address; false (having answered 429) when it is over. */
export type AddressLimit = (req: Request, res: Response) => boolean;

/**
 * At most `perMinute` requests a minute from one client address without a valid token: the open
 * paths (/healthz, the query editor, the add-in's files) and refused tokens. The address is the
 * connection's, or X-Forwarded-For's from a trusted proxy (IOM_HUB_TRUSTED_PROXIES).
 */
export function rateLimitPerAddress(perMinute: number): AddressLimit {
  const limiter = new RateLimiter(perMinute);
  return (req, res) => {
    const { allowed, retryAfterSeconds } = limiter.take(req.ip ?? req.socket.remoteAddress ?? 'unknown');
    if (allowed) return true;
    res.status(429).set('Retry-After', String(retryAfterSeconds)).json(graphqlError(`Too many requests from this address without a token: at most ${perMinute} a minute. Try again in ${retryAfterSeconds} s.`, 'RATE_LIMITED'));
    return false;
  };
}

/** At most `perMinute` requests a minute per token (429 with Retry-After beyond that). */
export function rateLimitPerToken(perMinute: number): RequestHandler {
  const limiter = new RateLimiter(perMinute);
  return (_req, res, next) => {
    const caller = res.locals.caller as Caller | undefined;
    if (!caller) return next();
    const { allowed, retryAfterSeconds } = limiter.take(String(caller.tokenId));
    if (allowed) return next();
    res.status(429).set('Retry-After', String(retryAfterSeconds)).json(graphqlError(`Too many requests with this token: at most ${perMinute} a minute. Try again in ${retryAfterSeconds} s.`, 'RATE_LIMITED'));
  };
}

/**
 * CORS for the hub's own origin (which browsers never need it for) and the configured ones:
 * a configured origin gets the headers it needs to send a token; any other origin's preflight
 * is refused, so a page elsewhere cannot call the hub from a browser.
 */
export function corsFor(origins: readonly string[]): RequestHandler {
  const allowed = new Set(origins);
  return (req, res, next) => {
    const origin = req.get('origin');
    const own = origin && origin === `${req.protocol}://${req.get('host')}`;
    if (origin && (allowed.has(origin) || own)) {
      res.set('Access-Control-Allow-Origin', origin).set('Vary', 'Origin');
      if (req.method === 'OPTIONS') {
        res.set('Access-Control-Allow-Methods', 'GET, POST').set('Access-Control-Allow-Headers', 'authorization, content-type, apollo-require-preflight, x-iom-workbook, x-iom-binding, x-iom-workbook-title, x-iom-report').set('Access-Control-Max-Age', '600');
        res.status(204).end();
        return;
      }
    } else if (origin && req.method === 'OPTIONS') {
      res.status(403).end();
      return;
    }
    next();
  };
}
