import { QUERY_LIMITS, type QueryLimits } from './limits.js';

export interface AccessConfig {
  /** NODE_ENV=production: no suggestions in errors, introspection for analyst and admin tokens only. */
  production: boolean;
  /** Origins other than the hub's own that browsers may call it from (IOM_HUB_CORS_ORIGINS, comma-separated). */
  corsOrigins: string[];
  /** Requests per minute per token (IOM_HUB_RATE_LIMIT). */
  rateLimitPerMinute: number;
  limits: QueryLimits;
}

export const DEFAULT_RATE_LIMIT_PER_MINUTE = 600;

/** Reads NODE_ENV, IOM_HUB_CORS_ORIGINS and IOM_HUB_RATE_LIMIT. */
export function readAccessConfig(env: NodeJS.ProcessEnv = process.env): AccessConfig {
  const rate = Number(env.IOM_HUB_RATE_LIMIT ?? DEFAULT_RATE_LIMIT_PER_MINUTE);
  if (!Number.isSafeInteger(rate) || rate < 1) throw new Error(`IOM_HUB_RATE_LIMIT "${env.IOM_HUB_RATE_LIMIT}" is not a whole number of requests per minute.`);
  const origins = (env.IOM_HUB_CORS_ORIGINS ?? '').split(',').map((o) => o.trim().replace(/\/$/, '')).filter(Boolean);
  for (const origin of origins) if (!/^https?:\/\/[^/\s]+$/.test(origin)) throw new Error(`IOM_HUB_CORS_ORIGINS: "${origin}" is not an origin like https://excel.example.org.`);
  return { production: env.NODE_ENV === 'production', corsOrigins: origins, rateLimitPerMinute: rate, limits: QUERY_LIMITS };
}
