// The engine against the emulator (in its own process) with 20 ms latency and a 100 requests/s rate limit per
// site: an initial sync, a no-change re-run over the whole project, and a run where 10% of the issues changed.
// Reports requests per site, writes per changed issue, wall time, and the bound: the largest over the sites of
// max(requests × latency / concurrency, requests / rate). Targets: wall ≤ 1.25 × bound; no writes on no-change.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSeed } from '../jira-emulator/index';
import { runSync, type RunResult } from '../../server/src/sync/engine';
import { startEmulatorProcess } from './emulator-process';

const ISSUES = Number(process.env.BENCH_ENGINE_ISSUES ?? 5000);
const LATENCY_MS = 20;
const RATE = 100;
const CONCURRENCY = 8;
const AUTH = (token: string): string =>
  `Basic ${Buffer.from(`sync-bot@example.com:${token}`).toString('base64')}`;

async function control(url: string, method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${url}/_emulator${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return text ? (JSON.parse(text) as unknown) : undefined;
}

const faults = {
  rules: [
    { kind: 'latency', latencyMs: LATENCY_MS },
    { kind: 'rate-limit', requestsPerSecond: RATE },
  ],
};

interface Row {
  name: string;
  result: RunResult;
  wallMs: number;
  /** CPU time of this (the engine's) process during the run; the emulator runs in its own process. */
  cpuMs: number;
  /** Peak resident set size of this process during the run (sampled every 100 ms). */
  peakRssMb: number;
  changed: number;
}

function bound(result: RunResult): { ms: number; site: string } {
  let best = { ms: 0, site: '' };
  for (const [site, requests] of Object.entries(result.requests)) {
    const ms = Math.max((requests * LATENCY_MS) / CONCURRENCY, (requests / RATE) * 1000);
    if (ms > best.ms) best = { ms, site };
  }
  return best;
}

export default async function engineBench(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'bbs-engine-bench-'));
  const seedPath = join(dir, 'seed.json');
  writeFileSync(seedPath, JSON.stringify(generateSeed({ issues: ISSUES, commentsPerIssue: 0 })));
  const emulator = await startEmulatorProcess(seedPath);
  try {
    const env = {
      B_SUPPORT_URL: `${emulator.url}/support`,
      B_ENG_URL: `${emulator.url}/engineering`,
      B_SUPPORT_TOKEN: 'demo-support-token',
      B_ENG_TOKEN: 'demo-engineering-token',
    };
    const configPath = join(dir, 'bench.sync.yaml');
    writeFileSync(
      configPath,
      `version: 1
name: bench
sites:
  support:
    url: "\${env:B_SUPPORT_URL}"
    auth: { email: sync-bot@example.com, token: "\${env:B_SUPPORT_TOKEN}" }
    underYourControl: true
  engineering:
    url: "\${env:B_ENG_URL}"
    auth: { email: sync-bot@example.com, token: "\${env:B_ENG_TOKEN}" }
    underYourControl: true
source: { site: support, project: SUP }
target: { site: engineering, project: ENG }
issueTypes: { Bug: Bug, "Service Request": Task }
fields:
  summary: summary
  description: description
  priority: { target: priority, correlate: { Highest: P1, High: P2, Medium: P3, Low: P4 }, default: P3 }
  labels: { target: labels, prefix: "sup-" }
  customfield_10041: { target: customfield_20012, default: "n/a" }
`,
    );
    const stateDir = join(dir, 'state');
    const baselineRssMb = process.memoryUsage().rss / 2 ** 20;
    const rows: Row[] = [];
    const run = async (name: string, changed: number, now?: () => Date): Promise<void> => {
      await control(emulator.url, 'POST', '/faults', faults);
      const started = performance.now();
      const cpu = process.cpuUsage();
      let peak = process.memoryUsage().rss;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
      const result = await runSync({
        configPath,
        stateDir,
        env,
        concurrency: CONCURRENCY,
        ...(now ? { now } : {}),
      });
      clearInterval(sampler);
      const used = process.cpuUsage(cpu);
      rows.push({
        name,
        result,
        wallMs: performance.now() - started,
        cpuMs: (used.user + used.system) / 1000,
        peakRssMb: peak / 2 ** 20,
        changed,
      });
      await control(emulator.url, 'DELETE', '/faults');
      if (result.exitCode !== 0) throw new Error(`${name}: exit ${result.exitCode} ${result.message ?? ''}`);
    };
    await run('initial sync', ISSUES);
    // Every issue exported again (a clock far ahead makes the export window cover the whole project).
    const later = new Date(Date.now() + 365 * 24 * 3600 * 1000);
    await run('no-change re-run (whole project exported)', 0, () => later);
    // 10% of the issues change (summary), without faults, then an incremental run.
    const tenth = Math.round(ISSUES / 10);
    const ids: string[] = [];
    for (let token: string | undefined; ids.length < tenth;) {
      const page = (await (
        await fetch(`${emulator.url}/support/rest/api/3/search/jql`, {
          method: 'POST',
          headers: { authorization: AUTH('demo-support-token'), 'content-type': 'application/json' },
          body: JSON.stringify({
            jql: 'project = SUP ORDER BY id ASC',
            fields: ['summary'],
            maxResults: 100,
            ...(token ? { nextPageToken: token } : {}),
          }),
        })
      ).json()) as { issues: { id: string }[]; nextPageToken?: string };
      ids.push(...page.issues.map((i) => i.id));
      token = page.nextPageToken;
      if (!token) break;
    }
    // Changed in batches, so that the emulator's request queue stays short.
    for (let i = 0; i < tenth; i += 50) {
      await Promise.all(
        ids.slice(i, Math.min(i + 50, tenth)).map((id, j) =>
          fetch(`${emulator.url}/support/rest/api/3/issue/${id}`, {
            method: 'PUT',
            headers: { authorization: AUTH('demo-support-token'), 'content-type': 'application/json' },
            body: JSON.stringify({ fields: { summary: `Changed for the benchmark ${i + j}` } }),
          }),
        ),
      );
    }
    await run('10% changed', tenth);

    const lines = [
      '## Sync engine',
      '',
      `${ISSUES.toLocaleString('en')} source issues; emulator in its own process with ${LATENCY_MS} ms latency and ${RATE} requests/s per site; \`--concurrency ${CONCURRENCY}\`. Requests count every HTTP attempt (429s and retries included). Bound = max over sites of max(requests × latency / concurrency, requests / rate).`,
      '',
      '| run | requests (support / engineering) | writes | writes per changed issue | wall | bound | wall / bound | engine CPU | peak RSS |',
      '|---|---|---|---|---|---|---|---|---|',
    ];
    for (const row of rows) {
      const b = bound(row.result);
      const writes = Object.values(row.result.writes).reduce((a, n) => a + n, 0);
      lines.push(
        `| ${row.name} | ${row.result.requests.support ?? 0} / ${row.result.requests.engineering ?? 0} | ${writes} | ${row.changed > 0 ? (writes / row.changed).toFixed(2) : '–'} | ${(row.wallMs / 1000).toFixed(1)} s | ${(b.ms / 1000).toFixed(1)} s (${b.site}) | ${(row.wallMs / b.ms).toFixed(2)} | ${(row.cpuMs / 1000).toFixed(1)} s | ${row.peakRssMb.toFixed(0)} MB |`,
      );
    }
    lines.push(
      '',
      'Targets: one write per created or changed issue (no transitions, comments or watchers are mapped here), zero writes on the no-change re-run, wall ≤ 1.25 × bound. The engine paces each site below the `X-RateLimit-Limit` it learns from the first 429, so a rate limit costs one refused request rather than a second of waiting per burst.',
    );
    lines.push(
      '',
      'Where the time above the bound goes: fixed costs of every run (config validation, opening the store, the permission preflight, one approximate count: about 1–2 s), the first 429 (its `Retry-After` of at least 1 s pauses the site before pacing starts), the export pages, which are sequential by nature (`nextPageToken`) and therefore not divided by the concurrency, and the fsynced create intents. On a loaded machine the emulator, which shares the 2 cores, is slower too: compare the engine CPU column with the wall time.',
    );
    const noChange = rows.find((row) => row.name.startsWith('no-change'));
    if (noChange) {
      const pages = noChange.result.requests.support ?? 0;
      lines.push(
        '',
        `The no-change re-run writes nothing, so its bound is only its ${pages} source requests (${(bound(noChange.result).ms / 1000).toFixed(1)} s), below what any run costs: the export pages alone wait ${((pages * LATENCY_MS) / 1000).toFixed(1)} s for their latency one after another, and the engine maps and compares every issue (its CPU column). So this run is over the 1.25× there and cannot meet it: Jira's search pages only by the token of the previous page, and even with no fixed costs the pages' own latency exceeds 1.25 × the bound.`,
      );
    }
    lines.push(
      '',
      `Peak RSS is the whole bench process: the engine plus the generated seed, tsx and the harness (${baselineRssMb.toFixed(0)} MB before the first run). The engine streams the export page by page and keeps per issue only its link in the store.`,
    );
    lines.push(
      '',
      `Load average when measured: ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' / ')} (1 / 5 / 15 min) on ${cpus().length} cores.`,
    );
    return lines.join('\n');
  } finally {
    await emulator.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
