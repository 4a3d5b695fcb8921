import { QUERY_LIMITS, type QueryLimits } from './limits.js';

export interface AccessConfig {
  /** NODE_ENV=production: no suggestions in errors, introspection for analyst and admin tokens only. */
  production: boolean;
  /** Origins other than the hub's own that browsers may call it from (IOM_HUB_CORS_ORIGINS, comma-separated). */
  corsOrigins: string[];
  /** Requests per minute per token (IOM_HUB_RATE_LIMIT). */
  rateLimitPerMinute: number;
  /** Requests per minute per client address without a valid token, /healthz included (IOM_HUB_ANONYMOUS_RATE_LIMIT). */
  anonymousRateLimitPerMinute: number;
  /** The hub's address as its users reach it, e.g. https://hub.example.org (IOM_HUB_PUBLIC_URL): the add-in's manifest points there. */
  publicUrl: string | null;
  /**
   * Proxies whose X-Forwarded-For, -Proto and -Host are believed (IOM_HUB_TRUSTED_PROXIES:
   * addresses, CIDR ranges, or `loopback`, `linklocal`, `uniquelocal`); from anyone else they are ignored.
   */
  trustedProxies: string[];
  limits: QueryLimits;
}

export const DEFAULT_RATE_LIMIT_PER_MINUTE = 600;

function perMinute(name: string, value: string | undefined): number {
  const rate = Number(value ?? DEFAULT_RATE_LIMIT_PER_MINUTE);
  if (!Number.isSafeInteger(rate) || rate < 1) throw new Error(`${name} "${value}" is not a whole number of requests per minute.`);
  return rate;
}

const list = (value: string | undefined) => (value ?? '').split(',').map((item) => item.trim()).filter(Boolean);

/** Reads NODE_ENV, IOM_HUB_CORS_ORIGINS, IOM_HUB_RATE_LIMIT, IOM_HUB_ANONYMOUS_RATE_LIMIT, IOM_HUB_PUBLIC_URL and IOM_HUB_TRUSTED_PROXIES. */
export function readAccessConfig(env: NodeJS.ProcessEnv = process.env): AccessConfig {
  const origins = list(env.IOM_HUB_CORS_ORIGINS).map((o) => o.replace(/\/$/, ''));
  for (const origin of origins) if (!/^https?:\/\/[^/\s]+$/.test(origin)) throw new Error(`IOM_HUB_CORS_ORIGINS: "${origin}" is not an origin like https://excel.example.org.`);
  const publicUrl = env.IOM_HUB_PUBLIC_URL?.trim().replace(/\/+$/, '') || null;
  if (publicUrl && !/^https?:\/\/[^/\s?#]+(\/[^\s?#]*)?$/.test(publicUrl)) throw new Error(`IOM_HUB_PUBLIC_URL "${publicUrl}" is not an address like https://hub.example.org.`);
  return {
    production: env.NODE_ENV === 'production',
    corsOrigins: origins,
    rateLimitPerMinute: perMinute('IOM_HUB_RATE_LIMIT', env.IOM_HUB_RATE_LIMIT),
    anonymousRateLimitPerMinute: perMinute('IOM_HUB_ANONYMOUS_RATE_LIMIT', env.IOM_HUB_ANONYMOUS_RATE_LIMIT),
    publicUrl,
    trustedProxies: list(env.IOM_HUB_TRUSTED_PROXIES),
    limits: QUERY_LIMITS,
  };
}
