// Errors of our Jira transport. They keep what we may store and show (status, method, path, the KEYS of Jira's
// `errors` object, how many `errorMessages` there were) and drop the body: Jira's text is translated and may name
// people, so it is never logged or stored (DESIGN.md §6, §9.1).

export class JiraRequestError extends Error {
  override readonly name = 'JiraRequestError';
  constructor(
    readonly status: number,
    readonly method: string,
    /** The request path without query string. */
    readonly path: string,
    /** Keys of Jira's `errors` object, e.g. ['customfield_10010']. Values are never kept. */
    readonly errorKeys: string[],
    readonly errorMessageCount: number,
    /** From Retry-After on a 429, when the retries ran out. */
    readonly retryAfterMs?: number,
  ) {
    super(
      `Jira answered HTTP ${status} to ${method} ${path}` +
        (errorKeys.length > 0 ? ` (error keys: ${errorKeys.join(', ')})` : ''),
    );
  }
}

/** The request never got an HTTP answer: connection refused or reset, DNS, TLS, timeout. */
export class JiraNetworkError extends Error {
  override readonly name = 'JiraNetworkError';
  constructor(
    readonly method: string,
    readonly path: string,
    /** A system error code like ECONNRESET, never a message. */
    readonly code: string,
  ) {
    super(`No answer from Jira to ${method} ${path} (${code})`);
  }
}

/** The run was cancelled while this request waited or ran. */
export class CancelledError extends Error {
  override readonly name = 'CancelledError';
  constructor() {
    super('Cancelled');
  }
}

export function isCancelled(error: unknown): error is CancelledError {
  return error instanceof CancelledError;
}

/** Reads status-independent facts from an error body without keeping any of its text. */
export function errorShape(body: unknown): { keys: string[]; messageCount: number } {
  if (body === null || typeof body !== 'object') return { keys: [], messageCount: 0 };
  const record = body as { errors?: unknown; errorMessages?: unknown };
  const keys =
    record.errors !== null && typeof record.errors === 'object' ? Object.keys(record.errors as object) : [];
  const messageCount = Array.isArray(record.errorMessages) ? record.errorMessages.length : 0;
  return { keys, messageCount };
}

/** A safe one-line description of any error for logs: never the message of a foreign error (jira.js puts bodies there). */
export function describeError(error: unknown): string {
  if (
    error instanceof JiraRequestError ||
    error instanceof JiraNetworkError ||
    error instanceof CancelledError
  ) {
    return error.message;
  }
  if (error instanceof Error) return `${error.name} (details withheld)`;
  return 'unknown error';
}
