// Scripted faults, set through the control API: latency, rate limiting (429 with Jira's headers),
// 5xx responses, connection resets (before or after the request took effect), and search index lag.
// Shares are drawn from a seeded generator so that a test run is reproducible.

export interface FaultRule {
  kind: 'latency' | 'rate-limit' | 'status' | 'reset';
  /** Only requests to this site (all sites when absent). */
  site?: string;
  /** Only this HTTP method. */
  method?: string;
  /** Only paths (below the site prefix) matching this regular expression, e.g. `^/rest/api/3/issue$`. */
  path?: string;
  /** Share of matching requests the rule fires on, 0..1 (default 1). */
  share?: number;
  /** Fire at most this many times (default: no limit). */
  count?: number;
  /** latency: delay before answering. */
  latencyMs?: number;
  /** status: the status to answer with (default 500). */
  status?: number;
  /** rate-limit: a limit of this many requests per second per site; without it, the rule fires as a burst. */
  requestsPerSecond?: number;
  /** rate-limit: the Retry-After value in seconds (default 1, or when the next slot frees up); status: sent when set. */
  retryAfterSeconds?: number;
  /** rate-limit: the RateLimit-Reason header (default `jira-burst-based`). */
  reason?: string;
  /** reset: drop the connection after the request was processed, so the write happened but the answer is lost. */
  afterProcessing?: boolean;
}

export interface FaultConfig {
  rules?: FaultRule[];
  /** New and updated issues appear in search only after this many ms. */
  indexLagMs?: number;
  /** Seed of the generator that draws `share`s (default 1). */
  seed?: number;
}

export type FaultDecision =
  | { kind: 'none' }
  | { kind: 'reset'; afterProcessing: boolean; rule: number }
  | { kind: 'reply'; status: number; headers: Record<string, string>; message: string; fault: string };

interface RuleState {
  rule: FaultRule;
  pattern?: RegExp;
  fired: number;
  /** Per site: timestamps (ms) of requests let through in the last second, for requestsPerSecond. */
  windows: Map<string, number[]>;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Faults {
  private rules: RuleState[] = [];
  private random = mulberry32(1);
  indexLagMs = 0;

  /** Replaces the fault set; throws a readable Error for an invalid rule. */
  set(config: FaultConfig): void {
    const rules = config.rules ?? [];
    this.rules = rules.map((rule, i) => {
      if (!['latency', 'rate-limit', 'status', 'reset'].includes(rule.kind)) {
        throw new Error(`rules[${i}].kind must be latency, rate-limit, status or reset`);
      }
      let pattern: RegExp | undefined;
      if (rule.path !== undefined) {
        try {
          pattern = new RegExp(rule.path);
        } catch {
          throw new Error(`rules[${i}].path is not a valid regular expression`);
        }
      }
      return { rule, pattern, fired: 0, windows: new Map() };
    });
    this.indexLagMs = Math.max(0, config.indexLagMs ?? 0);
    this.random = mulberry32(config.seed ?? 1);
  }

  clear(): void {
    this.set({});
  }

  /** The current fault set with how often each rule fired. */
  describe(): { rules: (FaultRule & { fired: number })[]; indexLagMs: number } {
    return { rules: this.rules.map((s) => ({ ...s.rule, fired: s.fired })), indexLagMs: this.indexLagMs };
  }

  get active(): boolean {
    return this.rules.length > 0;
  }

  private applies(s: RuleState, site: string, method: string, path: string): boolean {
    const r = s.rule;
    if (r.site !== undefined && r.site !== site) return false;
    if (r.method !== undefined && r.method.toUpperCase() !== method) return false;
    if (s.pattern && !s.pattern.test(path)) return false;
    if (r.count !== undefined && s.fired >= r.count) return false;
    return true;
  }

  private draw(s: RuleState): boolean {
    const share = s.rule.share ?? 1;
    return share >= 1 || this.random() < share;
  }

  /** Total latency to add to this request. */
  latency(site: string, method: string, path: string): number {
    let total = 0;
    for (const s of this.rules) {
      if (s.rule.kind !== 'latency' || !this.applies(s, site, method, path) || !this.draw(s)) continue;
      s.fired++;
      total += s.rule.latencyMs ?? 0;
    }
    return total;
  }

  /** What to do instead of (or after) answering normally: the first rule that fires wins. */
  decide(site: string, method: string, path: string, now = Date.now()): FaultDecision {
    for (const [index, s] of this.rules.entries()) {
      const r = s.rule;
      if (r.kind === 'latency' || !this.applies(s, site, method, path)) continue;
      if (r.kind === 'rate-limit' && r.requestsPerSecond !== undefined) {
        const window = (s.windows.get(site) ?? []).filter((t) => t > now - 1000);
        s.windows.set(site, window);
        if (window.length < r.requestsPerSecond) {
          window.push(now);
          continue;
        }
        s.fired++;
        const freeAt = (window[0] as number) + 1000;
        return this.tooMany(r, Math.max(1, Math.ceil((freeAt - now) / 1000)), r.requestsPerSecond, freeAt);
      }
      if (!this.draw(s)) continue;
      s.fired++;
      if (r.kind === 'rate-limit') {
        const retry = r.retryAfterSeconds ?? 1;
        return this.tooMany(r, retry, 100, now + retry * 1000);
      }
      if (r.kind === 'reset')
        return { kind: 'reset', afterProcessing: r.afterProcessing === true, rule: index };
      const status = r.status ?? 500;
      return {
        kind: 'reply',
        status,
        headers: r.retryAfterSeconds !== undefined ? { 'Retry-After': String(r.retryAfterSeconds) } : {},
        message: status === 503 ? 'Service Unavailable' : 'Internal server error',
        fault: 'status',
      };
    }
    return { kind: 'none' };
  }

  private tooMany(r: FaultRule, retryAfter: number, limit: number, resetAt: number): FaultDecision {
    return {
      kind: 'reply',
      status: 429,
      headers: {
        'Retry-After': String(r.retryAfterSeconds ?? retryAfter),
        'X-RateLimit-Limit': String(limit),
        'X-RateLimit-Remaining': '0',
        'X-RateLimit-Reset': new Date(resetAt).toISOString(),
        'RateLimit-Reason': r.reason ?? 'jira-burst-based',
      },
      message: 'Rate limit exceeded.',
      fault: 'rate-limit',
    };
  }
}
