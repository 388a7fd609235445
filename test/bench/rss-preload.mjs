// Preloaded into the measured CLI (`node --import ./rss-preload.mjs dist/cli.js …`) by engine-scale.bench.ts.
// Plain JavaScript, so the CLI runs without tsx. At exit it writes to $BENCH_RSS_OUT (JSON): the process's peak
// RSS (`resourceUsage().maxRSS`, KiB: the kernel's high-water mark), the largest `memoryUsage()` sample (every
// 100 ms) and the sample at which the high-water mark last rose, to show what dominates memory and when.
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

/** Fields of /proc/self/status in MB: RssFile (memory backed by files: the node binary's code) and VmHWM. */
function status() {
  try {
    const text = readFileSync('/proc/self/status', 'utf8');
    const field = (name) => {
      const m = new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(text);
      return m ? Number(m[1]) / 1024 : null;
    };
    return { rssFileMb: field('RssFile'), hwmMb: field('VmHWM') };
  } catch {
    return { rssFileMb: null, hwmMb: null };
  }
}

if (out) {
  const mb = (n) => Math.round((n / 2 ** 20) * 10) / 10;
  const sample = () => {
    const m = process.memoryUsage();
    const s = status();
    return {
      atMs: Math.round(performance.now()),
      rssMb: mb(m.rss),
      heapTotalMb: mb(m.heapTotal),
      heapUsedMb: mb(m.heapUsed),
      externalMb: mb(m.external),
      arrayBuffersMb: mb(m.arrayBuffers),
      rssFileMb: s.rssFileMb,
      hwmMb: s.hwmMb,
    };
  };
  // The largest sample, and the sample at which the kernel's high-water mark last rose (a peak between two
  // samples, e.g. a compiler's transient memory, shows there and not in the largest sample).
  let largest = sample();
  let hwmRose = largest;
  const timer = setInterval(() => {
    const s = sample();
    if (s.rssMb >= largest.rssMb) largest = s;
    if ((s.hwmMb ?? 0) > (hwmRose.hwmMb ?? 0)) hwmRose = s;
  }, 100);
  timer.unref();
  process.on('exit', () => {
    const atExit = sample();
    if (atExit.rssMb >= largest.rssMb) largest = atExit;
    if ((atExit.hwmMb ?? 0) > (hwmRose.hwmMb ?? 0)) hwmRose = atExit;
    writeFileSync(
      out,
      JSON.stringify({ maxRssMb: process.resourceUsage().maxRSS / 1024, largest, hwmRose, atExit }),
    );
  });
}
