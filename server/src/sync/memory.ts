// The engine's memory policy (issue #6: peak RSS under 250 MB for 50,000 issues). What a run keeps live is small
// (about 20 MB of V8 heap after a full GC, at 5,000 issues as at 50,000: pages stream, links live in the store),
// but V8, on a machine with gigabytes of memory, lets the old generation grow to up to 4× the live size before it
// collects, and a sync's request churn (fetch, streams, timers) promotes a lot of short-lived garbage: 80–90 MB of
// old space were reserved at the peak. Asking V8 to favour memory makes it grow the heap conservatively.
import { setFlagsFromString } from 'node:v8';

let applied = false;

/**
 * Makes V8 favour memory over speed for the rest of the process (once). The engine runs in the CLI's own process
 * (the extension runs the CLI), so this never reaches the editor. Measured with test/bench/engine-scale.bench.ts:
 * the initial sync of 5,000 issues peaked at 137 MB instead of 186–213 MB, with the same CPU time.
 */
export function favourMemory(): void {
  if (applied) return;
  applied = true;
  try {
    // Only the heuristics read while running change (heap growth, compaction); the heap's limits stay as they are.
    setFlagsFromString('--optimize-for-size');
  } catch {
    // A runtime that refuses flags runs with its defaults.
  }
}
