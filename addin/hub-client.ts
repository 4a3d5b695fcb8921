/**
 * The add-in's GraphQL client: one POST per operation (the hub does not accept batched HTTP
 * requests), the bearer token on every call, and errors sorted into what a user can act on.
 */

export type HubErrorKind = 'unreachable' | 'refused' | 'http' | 'graphql';

export interface GraphQLErrorItem {
  message: string;
  path?: ReadonlyArray<string | number>;
  extensions?: Record<string, unknown>;
}

export class HubError extends Error {
  constructor(
    readonly kind: HubErrorKind,
    message: string,
    readonly errors: GraphQLErrorItem[] = [],
    readonly status?: number,
  ) {
    super(message);
    this.name = 'HubError';
  }

  /** The GraphQL error code of the first error (`CONFLICT`, `BAD_USER_INPUT`…), if any. */
  get code(): string | undefined {
    const code = this.errors[0]?.extensions?.code;
    return typeof code === 'string' ? code : undefined;
  }
}

export interface Connection {
  /** The hub's base URL, e.g. `https://hub.example.org`. */
  url: string;
  token: string;
}

export interface GraphQLResponse<T = Record<string, unknown>> {
  data?: T | null;
  errors?: GraphQLErrorItem[];
  /** `iomHub`: what the figures are (data as at, query hash, measures), for a request made for a workbook's binding. */
  extensions?: Record<string, unknown>;
}

export type Fetch = (input: string, init: { method: string; headers: Record<string, string>; body: string; signal?: AbortSignal }) => Promise<{
  status: number;
  ok: boolean;
  json(): Promise<unknown>;
}>;

/** `https://hub.example.org/` or `…/graphql` → the GraphQL endpoint. */
export function endpointOf(url: string): string {
  const trimmed = url.trim().replace(/\/+$/, '');
  return trimmed.endsWith('/graphql') ? trimmed : `${trimmed}/graphql`;
}

export interface HubClient {
  /** The whole response, partial data and per-field errors included; throws only when no GraphQL answer came back. */
  send<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, signal?: AbortSignal): Promise<GraphQLResponse<T>>;
  /** The data of a response without errors; throws a HubError otherwise. */
  request<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, signal?: AbortSignal): Promise<T>;
}

/** `headers`: sent with every request besides the token (the lineage headers naming a workbook's binding: addin/lineage.ts). */
export function createHubClient(connection: Connection, fetchImpl: Fetch = globalThis.fetch as unknown as Fetch, extraHeaders: Record<string, string> = {}): HubClient {
  const endpoint = endpointOf(connection.url);
  const host = connection.url.trim() || '(no address)';

  async function send<T>(query: string, variables: Record<string, unknown> = {}, signal?: AbortSignal): Promise<GraphQLResponse<T>> {
    const headers: Record<string, string> = { ...extraHeaders, 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' };
    if (connection.token) headers.authorization = `Bearer ${connection.token}`;
    let response: Awaited<ReturnType<Fetch>>;
    try {
      response = await fetchImpl(endpoint, { method: 'POST', headers, body: JSON.stringify({ query, variables }), signal });
    } catch (error) {
      if ((error as Error)?.name === 'AbortError') throw error;
      throw new HubError('unreachable', `Cannot reach the hub at ${host}. Check the address and your network, then try again.`);
    }
    if (response.status === 401 || response.status === 403) {
      throw new HubError('refused', `The hub refused the token (HTTP ${response.status}). Check the token, or ask the hub's administrator for a new one.`, [], response.status);
    }
    let body: GraphQLResponse<T> | undefined;
    try {
      body = (await response.json()) as GraphQLResponse<T>;
    } catch {
      body = undefined;
    }
    if (!body || typeof body !== 'object' || (!('data' in body) && !('errors' in body))) {
      throw new HubError('http', `The address ${host} answered HTTP ${response.status} but not as an IOM hub. Check the address.`, [], response.status);
    }
    if (!('data' in body) || body.data == null) {
      const errors = body.errors ?? [];
      throw new HubError('graphql', errors.map((e) => e.message).join('\n') || `The hub answered HTTP ${response.status} with no data.`, errors, response.status);
    }
    return body;
  }

  return clientOf(send);
}

/** A HubClient from its `send` (over HTTP here; in-process for the command line): `request` keeps only error-free data. */
export function clientOf(send: HubClient['send']): HubClient {
  return {
    send,
    async request<T>(query: string, variables?: Record<string, unknown>, signal?: AbortSignal): Promise<T> {
      const body = await send<T>(query, variables, signal);
      if (body.errors?.length) throw new HubError('graphql', body.errors.map((e) => e.message).join('\n'), body.errors);
      return body.data as T;
    },
  };
}

/** A clear sentence for a failed save: a stale version names the versions instead of the raw error. */
export function describeHubError(error: unknown): string {
  if (error instanceof HubError) {
    if (error.code === 'CONFLICT') {
      const current = error.errors[0]?.extensions?.currentVersion;
      return `Someone changed this on the hub since you loaded it${current !== undefined ? ` (it is now version ${current})` : ''}. Nothing was overwritten: reload the sheet from the hub, apply your change again and resubmit.`;
    }
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
