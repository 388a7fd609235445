// The jira.js client factory: one jira.js Cloud client per site, driven by our transport (never jira.js's retry).
import { createCloudClient } from 'jira.js';
import { checkSiteUrl } from './site-url';
import { SiteLimiter } from './limiter';
import { createTransport, type SiteStats, type TransportOptions } from './transport';

export type CloudClient = ReturnType<typeof createCloudClient>;

export interface SiteCredentials {
  /** The site's name in the config (`sites.<name>`). */
  name: string;
  url: string;
  email: string;
  /** The API token, already resolved from the environment. Kept in the transport's closure only. */
  token: string;
}

export interface JiraSite {
  name: string;
  baseUrl: string;
  api: CloudClient;
  stats: SiteStats;
  /** Sends a raw request through the same transport (for endpoints jira.js does not model the way we need). */
  request: <T>(
    method: string,
    url: string,
    body?: unknown,
    searchParams?: Record<string, unknown>,
  ) => Promise<T>;
}

export type JiraSiteResult = { ok: true; site: JiraSite } | { ok: false; message: string };

export interface ClientOptions extends Omit<
  TransportOptions,
  'baseUrl' | 'authorization' | 'limiter' | 'stats'
> {
  /** Concurrent requests per site. */
  concurrency?: number;
  /** Shares limiters between clients of the same base URL (one limit per site). */
  limiters?: Map<string, SiteLimiter>;
}

/** Creates the client of one site, or says why it cannot (a refused URL, missing credentials). */
export function createJiraSite(credentials: SiteCredentials, options: ClientOptions = {}): JiraSiteResult {
  const checked = checkSiteUrl(credentials.url);
  if (!checked.ok) return { ok: false, message: `Site '${credentials.name}': ${checked.message}` };
  if (!credentials.email || !credentials.token) {
    return {
      ok: false,
      message: `Site '${credentials.name}' has no credentials: set auth.email and auth.token ("\${env:NAME}") and the environment variable.`,
    };
  }
  const limiters = options.limiters ?? new Map<string, SiteLimiter>();
  let limiter = limiters.get(checked.baseUrl);
  if (!limiter) {
    limiter = new SiteLimiter(options.concurrency ?? 8);
    limiters.set(checked.baseUrl, limiter);
  }
  const stats: SiteStats = { requests: 0, writes: 0, retries: 0, rateLimited: 0 };
  const authorization = `Basic ${Buffer.from(`${credentials.email}:${credentials.token}`, 'utf8').toString('base64')}`;
  const transport = createTransport({ ...options, baseUrl: checked.baseUrl, authorization, limiter, stats });
  const api = createCloudClient(transport as Parameters<typeof createCloudClient>[0]);
  return {
    ok: true,
    site: {
      name: credentials.name,
      baseUrl: checked.baseUrl,
      api,
      stats,
      request: (method, url, body, searchParams) =>
        transport.sendRequest({ method, url, body, searchParams }),
    },
  };
}
