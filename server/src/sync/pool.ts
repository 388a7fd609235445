// A small worker pool: the issues of a page are imported `limit` at a time, and cancelling stops new ones.
import { isCancelled } from '../jira/errors';

/** Runs `fn` over items, `limit` at a time; stops starting new ones once the signal aborts. Returns true if cancelled. */
export async function forEachLimited<T>(
  items: T[],
  limit: number,
  signal: AbortSignal | undefined,
  fn: (item: T) => Promise<void>,
): Promise<boolean> {
  let next = 0;
  let cancelled = false;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      if (signal?.aborted) {
        cancelled = true;
        return;
      }
      const item = items[next++] as T;
      try {
        await fn(item);
      } catch (error) {
        if (isCancelled(error)) {
          cancelled = true;
          return;
        }
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return cancelled || signal?.aborted === true;
}
