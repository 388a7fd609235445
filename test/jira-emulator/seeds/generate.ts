// Large seeds for benchmarks: the demo's two sites with N generated SUP issues (deterministic for a
// given `random` seed). CLI: node --import tsx test/jira-emulator/seeds/generate.ts --issues 10000 --out big.json
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Adf, IssueSeed, Seed } from '../model';

export interface GenerateOptions {
  /** How many issues to generate in the support project SUP. */
  issues: number;
  /** Comments per issue (default 2). */
  commentsPerIssue?: number;
  /** Seed of the pseudo-random choices (default 42). */
  random?: number;
  /** Spread `created` over this many days before now (default 90). */
  days?: number;
}

const WORDS = [
  'invoice',
  'export',
  'login',
  'dashboard',
  'report',
  'webhook',
  'search',
  'attachment',
  'calendar',
  'session',
  'notification',
  'import',
  'portal',
  'billing',
  'timezone',
  'mobile',
  'board',
  'email',
  'permission',
  'audit',
];
const PROBLEMS = [
  'fails',
  'is slow',
  'shows wrong data',
  'times out',
  'crashes',
  'drops values',
  'duplicates entries',
];

function paragraph(text: string): Adf {
  return { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] };
}

/** A seed with the demo's sites and configuration and `issues` generated SUP issues. */
export function generateSeed(options: GenerateOptions): Seed {
  const demoPath = join(fileURLToPath(new URL('.', import.meta.url)), 'demo.json');
  const seed = JSON.parse(readFileSync(demoPath, 'utf8')) as Seed;
  const support = seed.sites.support;
  if (!support) throw new Error('demo.json has no support site');
  let state = (options.random ?? 42) >>> 0;
  const next = (n: number) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state % n;
  };
  const pick = <T>(items: readonly T[]) => items[next(items.length)] as T;
  const activeUsers = Object.entries(support.users)
    .filter(([, u]) => u.active !== false && !u.apiToken)
    .map(([id]) => id);
  const statuses = Object.keys(support.statuses);
  const priorities = ['Highest', 'High', 'Medium', 'Low', 'Lowest'];
  const days = options.days ?? 90;
  const minutes = days * 24 * 60;
  const issues: IssueSeed[] = [];
  for (let i = 1; i <= options.issues; i++) {
    const summary = `${pick(WORDS)} ${pick(PROBLEMS)} for customer ${1000 + next(9000)}`;
    const createdAgo = minutes - Math.floor((i / options.issues) * (minutes - 10));
    const reporter = pick(activeUsers);
    issues.push({
      key: `SUP-${i}`,
      issueType: next(3) === 0 ? 'Service Request' : 'Bug',
      status: pick(statuses),
      summary: summary.charAt(0).toUpperCase() + summary.slice(1),
      description: paragraph(`Generated issue ${i}: ${summary}.`),
      priority: pick(priorities),
      labels: [pick(WORDS)],
      assignee: next(4) === 0 ? null : pick(activeUsers),
      reporter,
      creator: reporter,
      created: `-${createdAgo}m`,
      updated: `-${Math.max(1, createdAgo - next(600))}m`,
      watchers: [reporter],
      comments: Array.from({ length: options.commentsPerIssue ?? 2 }, (_, c) => ({
        author: pick(activeUsers),
        body: paragraph(`Comment ${c + 1} on issue ${i}.`),
        created: `-${Math.max(1, createdAgo - 5 * (c + 1))}m`,
      })),
      fields: { customfield_10040: pick(activeUsers), customfield_10041: `Impact note ${i}` },
    });
  }
  support.issues = issues;
  return seed;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({
    options: {
      issues: { type: 'string', default: '10000' },
      out: { type: 'string' },
      random: { type: 'string' },
    },
  });
  const seed = generateSeed({
    issues: Number(values.issues),
    random: values.random ? Number(values.random) : undefined,
  });
  const text = JSON.stringify(seed);
  if (values.out) writeFileSync(values.out, text);
  else process.stdout.write(text);
}
