// The log of every request the emulator answered (rejected and faulted ones included), for tests to
// assert on: what was called, in which order, with which outcome. Capped so benchmarks stay flat.
export interface LoggedRequest {
  /** ISO time the request arrived. */
  time: string;
  method: string;
  /** Path below the site prefix, e.g. `/rest/api/3/issue`. */
  path: string;
  query: string;
  /** Site name, or null when the path named no known site. */
  site: string | null;
  /** HTTP status sent, or 0 when the connection was reset instead. */
  status: number;
  /** The fault that shaped the answer, if any: `latency`, `rate-limit`, `status`, `reset`. */
  fault?: string;
  /** The JSON request body of writes (the emulator is a test double: tests assert on it). */
  body?: unknown;
  durationMs: number;
}

const LIMIT = 20_000;

/** As stored: the time stays a number until someone lists the log (formatting on every request costs). */
type StoredRequest = Omit<LoggedRequest, 'time'> & { at: number };

export class RequestLog {
  private entries: StoredRequest[] = [];

  add(entry: StoredRequest): void {
    this.entries.push(entry);
    if (this.entries.length > LIMIT * 1.5) this.entries = this.entries.slice(-LIMIT);
  }

  list(site?: string): LoggedRequest[] {
    const kept = this.entries.length > LIMIT ? this.entries.slice(-LIMIT) : this.entries;
    return kept
      .filter((e) => !site || e.site === site)
      .map(({ at, ...rest }) => ({ time: new Date(at).toISOString(), ...rest }));
  }

  clear(): void {
    this.entries = [];
  }
}
