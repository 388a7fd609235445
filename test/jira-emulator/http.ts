// What a handler receives and returns. Handlers are pure functions of (request, site state) → reply;
// server.ts does the I/O. Every error reply has Jira's body shape {"errorMessages":[],"errors":{}}.
import type { SiteState } from './site-state';

export interface EmulatorRequest {
  method: string;
  /** Path below the site prefix, e.g. `/rest/api/3/issue/SUP-1`. */
  path: string;
  query: URLSearchParams;
  /** Parsed JSON body (undefined when there is none). */
  body: unknown;
  /** Path parameters from the route pattern. */
  params: Record<string, string>;
  site: SiteState;
  /** The authenticated account ID. */
  accountId: string;
  /** The site's base URL, e.g. `http://127.0.0.1:4000/support`. */
  baseUrl: string;
  /** Index lag in ms currently configured by the control API (0 = none). */
  indexLagMs: number;
}

export interface Reply {
  status: number;
  /** JSON body; undefined = no body. */
  body?: unknown;
  /** A plain-text body instead of JSON. */
  text?: string;
  headers?: Record<string, string>;
}

export type Handler = (req: EmulatorRequest) => Reply;

export function ok(body: unknown, status = 200): Reply {
  return { status, body };
}

export function noContent(): Reply {
  return { status: 204 };
}

/** A Jira error reply: messages go to errorMessages, field errors to errors. */
export function jiraError(
  status: number,
  errorMessages: string[],
  errors: Record<string, string> = {},
): Reply {
  return { status, body: { errorMessages, errors } };
}

export function fieldErrors(errors: Record<string, string>, status = 400): Reply {
  return jiraError(status, [], errors);
}

export const ISSUE_NOT_FOUND = 'Issue does not exist or you do not have permission to see it.';

export function issueNotFound(): Reply {
  return jiraError(404, [ISSUE_NOT_FOUND]);
}

/** Values of a multi-valued query parameter, given repeated (`a=1&a=2`) or comma-separated (`a=1,2`). */
export function listParam(query: URLSearchParams, name: string): string[] | undefined {
  const values = query.getAll(name);
  if (values.length === 0) return undefined;
  return values
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

/** An integer query parameter with a default; NaN-safe. */
export function intParam(query: URLSearchParams, name: string, fallback: number): number {
  const raw = query.get(name);
  const value = raw === null ? NaN : Number(raw);
  return Number.isInteger(value) ? value : fallback;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Jira's timestamp format: `2024-05-01T10:00:00.000+0000`. */
export function jiraTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}
