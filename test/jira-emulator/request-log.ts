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

export class RequestLog {
  private entries: LoggedRequest[] = [];

  add(entry: LoggedRequest): void {
    this.entries.push(entry);
    if (this.entries.length > LIMIT) this.entries.splice(0, this.entries.length - LIMIT);
  }

  list(site?: string): LoggedRequest[] {
    return site ? this.entries.filter((e) => e.site === site) : [...this.entries];
  }

  clear(): void {
    this.entries = [];
  }
}
