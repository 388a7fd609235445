// How many requests per second the Jira emulator answers with no injected latency, so that it is never
// the bottleneck of the engine's benchmarks (target: > 3,000 simple requests/s). The emulator runs in
// a child process (as `npm run emulator` does) and a keep-alive loopback client keeps N requests in flight.
import { rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSeed } from '../jira-emulator/index';
import { startEmulatorProcess } from './emulator-process';

const TARGET = 3000;
const DURATION_MS = 4000;
const CONCURRENCY = 32;
const AUTH = `Basic ${Buffer.from('sync-bot@example.com:demo-support-token').toString('base64')}`;

interface Scenario {
  name: string;
  method: string;
  path: string;
  body?: string;
}

async function cpuMs(base: string): Promise<number> {
  const stats = (await (await fetch(`${base}/_emulator/stats`)).json()) as { cpuMs: number };
  return stats.cpuMs;
}

/** Runs one scenario for DURATION_MS with CONCURRENCY requests in flight; returns requests/s and p50/p99 ms. */
async function measure(
  base: string,
  s: Scenario,
): Promise<{ rps: number; p50: number; p99: number; errors: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const url = new URL(base);
  const latencies: number[] = [];
  let errors = 0;
  const deadline = performance.now() + DURATION_MS;
  const one = () =>
    new Promise<void>((resolve) => {
      const started = performance.now();
      const req = request(
        {
          agent,
          host: url.hostname,
          port: url.port,
          method: s.method,
          path: `/support${s.path}`,
          headers: {
            Authorization: AUTH,
            Accept: 'application/json',
            ...(s.body ? { 'Content-Type': 'application/json' } : {}),
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            if ((res.statusCode ?? 500) >= 500) errors++;
            latencies.push(performance.now() - started);
            resolve();
          });
        },
      );
      req.on('error', () => {
        errors++;
        resolve();
      });
      req.end(s.body);
    });
  const worker = async () => {
    while (performance.now() < deadline) await one();
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
  return { rps: latencies.length / elapsed, p50: pct(0.5), p99: pct(0.99), errors };
}

export default async function emulatorBench(): Promise<string> {
  const seedPath = join(tmpdir(), `emulator-bench-${process.pid}.json`);
  writeFileSync(seedPath, JSON.stringify(generateSeed({ issues: 10_000 })));
  const scenarios: Scenario[] = [
    { name: 'GET serverInfo (no auth)', method: 'GET', path: '/rest/api/3/serverInfo' },
    { name: 'GET myself', method: 'GET', path: '/rest/api/3/myself' },
    { name: 'GET issue (all fields)', method: 'GET', path: '/rest/api/3/issue/SUP-5000' },
    {
      name: 'GET issue property (404)',
      method: 'GET',
      path: '/rest/api/3/issue/SUP-5000/properties/backbone.link',
    },
    {
      name: 'POST search/jql, 10k issues, page of 50 with 5 fields',
      method: 'POST',
      path: '/rest/api/3/search/jql',
      body: JSON.stringify({
        jql: 'project = SUP AND updated >= -30d',
        fields: ['summary', 'status', 'assignee', 'updated', 'labels'],
      }),
    },
  ];
  const rows: string[] = [];
  const loadBefore = loadavg()[0] ?? 0;
  const emulator = await startEmulatorProcess(seedPath);
  try {
    for (const s of scenarios) {
      await measure(emulator.url, { ...s }); // warm-up: JIT and keep-alive sockets
      const cpuBefore = await cpuMs(emulator.url);
      const r = await measure(emulator.url, s);
      const cpu = (await cpuMs(emulator.url)) - cpuBefore;
      const perCpuSecond = (r.rps * (DURATION_MS / 1000)) / (cpu / 1000);
      const simple = !s.path.includes('search');
      const n = (x: number) => Math.round(x).toLocaleString('en-US');
      rows.push(
        `| ${s.name} | ${n(r.rps)} | ${n(perCpuSecond)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.errors} | ${simple ? `${(r.rps / TARGET).toFixed(1)}×` : '—'} |`,
      );
    }
  } finally {
    await emulator.stop();
    rmSync(seedPath, { force: true });
  }
  return [
    '## Jira emulator throughput',
    '',
    `Requests per second answered by the emulator (child process, 10,000-issue seed, no injected latency) to a keep-alive loopback client in the bench process with ${CONCURRENCY} requests in flight for ${DURATION_MS / 1000} s per row, after a warm-up. Target: over ${TARGET.toLocaleString('en-US')} simple requests/s, so the emulator is never the bottleneck of the engine's benchmarks. "Per emulator CPU-second" divides the requests by the CPU time the emulator process used: the capacity of one core, which stays meaningful when other work shares the machine (the client competes for the same 2 cores). The 404 row is the engine's link probe on an unlinked issue.`,
    '',
    `Load average when the bench started: ${loadBefore.toFixed(1)} (the machine has 2 cores; above 2, other work was competing and the requests/s column understates the emulator).`,
    '',
    '| request | requests/s | per emulator CPU-second | p50 ms | p99 ms | errors | requests/s vs target |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...rows,
  ].join('\n');
}
