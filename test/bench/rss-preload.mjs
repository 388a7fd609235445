// Preloaded into the measured CLI (`node --import ./rss-preload.mjs dist/cli.js …`) by engine-scale.bench.ts.
// Plain JavaScript, so the CLI runs without tsx. At exit it writes to $BENCH_RSS_OUT (JSON): the process's peak
// RSS (`resourceUsage().maxRSS`, KiB: the kernel's high-water mark) and the `memoryUsage()` sample taken when
// RSS was highest (sampled every 100 ms), to show what dominates memory: V8 heap, external (wasm, buffers), code.
// $BENCH_CLOCK_SHIFT_MS moves the CLI's clock forward ("a run a year later"), so that the incremental export
// window covers the whole project without touching any source issue.
import { readFileSync, writeFileSync } from 'node:fs';

const out = process.env.BENCH_RSS_OUT;
const shift = Number(process.env.BENCH_CLOCK_SHIFT_MS ?? 0);

if (shift) {
  const RealDate = Date;
  class ShiftedDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(RealDate.now() + shift);
      else super(...args);
    }
    static now() {
      return RealDate.now() + shift;
    }
  }
  globalThis.Date = ShiftedDate;
}

/** Resident memory backed by files (the node binary, shared libraries): code, not data. */
function rssFileMb() {
  try {
    const line = readFileSync('/proc/self/status', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('RssFile:'));
    return line ? Number.parseInt(line.slice(8), 10) / 1024 : null;
  } catch {
    return null;
  }
}

if (out) {
  const mb = (n) => Math.round((n / 2 ** 20) * 10) / 10;
  const sample = () => {
    const m = process.memoryUsage();
    return {
      atMs: Math.round(performance.now()),
      rssMb: mb(m.rss),
      heapTotalMb: mb(m.heapTotal),
      heapUsedMb: mb(m.heapUsed),
      externalMb: mb(m.external),
      arrayBuffersMb: mb(m.arrayBuffers),
      rssFileMb: rssFileMb(),
    };
  };
  let atPeak = sample();
  const timer = setInterval(() => {
    const s = sample();
    if (s.rssMb >= atPeak.rssMb) atPeak = s;
  }, 100);
  timer.unref();
  process.on('exit', () => {
    const atExit = sample();
    if (atExit.rssMb >= atPeak.rssMb) atPeak = atExit;
    writeFileSync(out, JSON.stringify({ maxRssMb: process.resourceUsage().maxRSS / 1024, atPeak, atExit }));
  });
}
