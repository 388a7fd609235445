// One concurrency limit per Jira site, shared by every client of that site, plus a site-wide pause after a 429:
// a rate limit is per site, so the whole site slows down, not just the request that saw it.
import { CancelledError } from './errors';

export class SiteLimiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  /** Epoch ms before which no request of this site starts (set by Retry-After). */
  private pausedUntil = 0;
  /** Requests per second the site allows, once a 429 told us (X-RateLimit-Limit); undefined until then. */
  private rate: number | undefined;
  /** Start times of the requests of the last second, while pacing. */
  private readonly starts: number[] = [];

  constructor(readonly concurrency: number) {}

  /** Waits for a free slot (and for a pause to end); returns the release function. */
  async acquire(signal?: AbortSignal): Promise<() => void> {
    for (;;) {
      const pause = this.pausedUntil - Date.now();
      if (pause > 0) {
        await sleep(pause, signal);
        continue;
      }
      if (this.rate !== undefined) {
        // Pacing: stay under the learnt rate over any one-second window, so a limit costs one 429, not many.
        const now = Date.now();
        while (this.starts.length > 0 && (this.starts[0] as number) <= now - 1000) this.starts.shift();
        if (this.starts.length >= this.rate) {
          await sleep((this.starts[0] as number) + 1000 - now + 1, signal);
          continue;
        }
      }
      if (this.active < this.concurrency) {
        if (this.rate !== undefined) this.starts.push(Date.now());
        this.active++;
        let released = false;
        return () => {
          if (released) return;
          released = true;
          this.active--;
          this.waiting.shift()?.();
        };
      }
      await new Promise<void>((resolve, reject) => {
        const onAbort = (): void => {
          const index = this.waiting.indexOf(wake);
          if (index >= 0) this.waiting.splice(index, 1);
          reject(new CancelledError());
        };
        const wake = (): void => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        };
        if (signal?.aborted) return onAbort();
        signal?.addEventListener('abort', onAbort, { once: true });
        this.waiting.push(wake);
      });
    }
  }

  /** Paces the site below a limit it announced (95% of it, to leave room for clocks and other clients). */
  learnRate(requestsPerSecond: number): void {
    if (!Number.isFinite(requestsPerSecond) || requestsPerSecond <= 0) return;
    const paced = Math.max(1, Math.floor(requestsPerSecond * 0.95));
    this.rate = this.rate === undefined ? paced : Math.min(this.rate, paced);
  }

  /** Holds every new request of the site for `ms`. */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, Date.now() + ms);
  }
}

/** Sleeps, or rejects with CancelledError when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new CancelledError());
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new CancelledError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
