// Our HTTP transport for jira.js (its `Client.sendRequest` hook). We do the HTTP ourselves so that we see the
// headers (Retry-After) and so that no retry policy of jira.js ever repeats a POST create (DESIGN.md §6).
import { JiraNetworkError, JiraRequestError, CancelledError, errorShape } from './errors';
import { sleep, type SiteLimiter } from './limiter';

/** The subset of jira.js's SendRequestOptions we read. */
export interface JiraRequest {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: unknown;
  searchParams?: Record<string, unknown>;
}

/** Request counts of one site, for progress, logs and the benchmark. */
export interface SiteStats {
  /** Every HTTP attempt, retries included. */
  requests: number;
  /** Attempts of writing calls (create, edit, transition, comment, watcher, property). */
  writes: number;
  retries: number;
  rateLimited: number;
}

export interface TransportOptions {
  baseUrl: string;
  /** The value of the Authorization header; kept in this closure only. */
  authorization: string;
  limiter: SiteLimiter;
  stats: SiteStats;
  /** Cancels waiting (slots, backoff); a request already on the wire is allowed to finish. */
  signal?: AbortSignal;
  /** Attempts for a 429 (any method: a 429 means the request was not processed). */
  maxRateLimitAttempts?: number;
  /** Attempts for 5xx and network errors on idempotent calls. */
  maxTransientAttempts?: number;
  /** First backoff step in ms (tests make it small). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Per-attempt timeout. */
  timeoutMs?: number;
  random?: () => number;
}

// POST endpoints that only read: safe to repeat.
const READ_ONLY_POSTS = [
  /\/rest\/api\/3\/search\/jql$/,
  /\/rest\/api\/3\/search\/approximate-count$/,
  /\/rest\/api\/3\/issue\/bulkfetch$/,
  /\/rest\/api\/3\/comment\/list$/,
];

export function isIdempotent(method: string, path: string): boolean {
  if (method === 'GET' || method === 'HEAD' || method === 'PUT' || method === 'DELETE') return true;
  return method === 'POST' && READ_ONLY_POSTS.some((re) => re.test(path));
}

function isRead(method: string, path: string): boolean {
  return (
    method === 'GET' ||
    method === 'HEAD' ||
    (method === 'POST' && READ_ONLY_POSTS.some((re) => re.test(path)))
  );
}

/** Retry-After is seconds, or an HTTP date. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Exponential backoff with 0.7–1.3 jitter. */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: () => number): number {
  const exponential = Math.min(maxMs, baseMs * 2 ** attempt);
  return Math.round(exponential * (0.7 + 0.6 * random()));
}

function buildUrl(baseUrl: string, url: string, searchParams?: Record<string, unknown>): string {
  const path = url.startsWith('/') ? url : `/${url}`;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(searchParams ?? {})) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) params.append(key, value.map(String).join(','));
    else params.append(key, String(value as string | number | boolean));
  }
  const query = params.toString();
  return `${baseUrl}${path}${query ? `?${query}` : ''}`;
}

function networkCode(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; name?: unknown } } | undefined)?.cause;
  if (typeof cause?.code === 'string') return cause.code;
  if ((error as { name?: unknown } | undefined)?.name === 'TimeoutError') return 'ETIMEDOUT';
  if (typeof cause?.name === 'string') return cause.name;
  return 'ENETWORK';
}

async function readBody(response: Response): Promise<unknown> {
  if (response.status === 204) return undefined;
  const text = await response.text();
  if (text === '') return undefined;
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** Builds the `sendRequest` of a jira.js Client for one site. */
export function createTransport(options: TransportOptions): {
  sendRequest: <T>(request: JiraRequest) => Promise<T>;
} {
  const {
    baseUrl,
    authorization,
    limiter,
    stats,
    signal,
    maxRateLimitAttempts = 10,
    maxTransientAttempts = 6,
    baseDelayMs = 500,
    maxDelayMs = 30_000,
    timeoutMs = 60_000,
    random = Math.random,
  } = options;

  async function sendRequest<T>(request: JiraRequest): Promise<T> {
    const method = (request.method ?? 'GET').toUpperCase();
    const path = request.url.startsWith('/') ? request.url : `/${request.url}`;
    const url = buildUrl(baseUrl, path, request.searchParams);
    const idempotent = isIdempotent(method, path);
    const body =
      request.body === undefined || request.body === null ? undefined : JSON.stringify(request.body);
    const headers: Record<string, string> = {
      Accept: 'application/json',
      ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      ...request.headers,
      Authorization: authorization,
    };
    let rateLimitAttempts = 0;
    let transientAttempts = 0;
    for (;;) {
      if (signal?.aborted) throw new CancelledError();
      const release = await limiter.acquire(signal);
      let response: Response;
      try {
        stats.requests++;
        if (!isRead(method, path)) stats.writes++;
        // The run's signal is deliberately not passed on: a request on the wire finishes, so its effect is recorded.
        response = await fetch(url, { method, headers, body, signal: AbortSignal.timeout(timeoutMs) });
      } catch (error) {
        release();
        const code = networkCode(error);
        if (idempotent && ++transientAttempts < maxTransientAttempts) {
          stats.retries++;
          await sleep(backoffDelay(transientAttempts, baseDelayMs, maxDelayMs, random), signal);
          continue;
        }
        throw new JiraNetworkError(method, path, code);
      }
      let data: unknown;
      try {
        data = await readBody(response);
      } catch (error) {
        release();
        // The body was cut off mid-way; for a write its effect is unknown, so only reads are repeated.
        if (idempotent && ++transientAttempts < maxTransientAttempts) {
          stats.retries++;
          await sleep(backoffDelay(transientAttempts, baseDelayMs, maxDelayMs, random), signal);
          continue;
        }
        throw new JiraNetworkError(method, path, networkCode(error));
      }
      release();
      if (response.ok) return data as T;

      const status = response.status;
      if (status === 429) {
        stats.rateLimited++;
        const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
        const limit = Number(response.headers.get('x-ratelimit-limit'));
        if (limit > 0) limiter.learnRate(limit);
        if (++rateLimitAttempts < maxRateLimitAttempts) {
          // Retry-After is a minimum, so its jitter only adds; without it, plain exponential backoff with jitter.
          const wait =
            retryAfter !== undefined
              ? Math.round(retryAfter * (1 + 0.3 * random()))
              : backoffDelay(rateLimitAttempts, baseDelayMs, maxDelayMs, random);
          // Everyone on this site waits: the limit is the site's, not this request's.
          limiter.pause(wait);
          stats.retries++;
          await sleep(0, signal);
          continue;
        }
        const shape = errorShape(data);
        throw new JiraRequestError(status, method, path, shape.keys, shape.messageCount, retryAfter);
      }
      if (status >= 500 && idempotent && ++transientAttempts < maxTransientAttempts) {
        stats.retries++;
        await sleep(backoffDelay(transientAttempts, baseDelayMs, maxDelayMs, random), signal);
        continue;
      }
      const shape = errorShape(data);
      throw new JiraRequestError(status, method, path, shape.keys, shape.messageCount);
    }
  }
  return { sendRequest };
}
