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
  /** Share of the issues that have comments, spread evenly (default 1: every issue has `commentsPerIssue`). */
  commentedShare?: number;
  /**
   * Richer text as in a real support project (default false): descriptions of a few paragraphs, and Bugs get
   * Steps to reproduce (customfield_10042, rich text). Off, the issues are the same as before this option.
   */
  richText?: boolean;
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

function paragraphs(texts: string[]): Adf {
  return {
    type: 'doc',
    version: 1,
    content: texts.map((text) => ({ type: 'paragraph', content: [{ type: 'text', text }] })),
  };
}

function orderedList(items: string[]): Adf {
  return {
    type: 'doc',
    version: 1,
    content: [
      {
        type: 'orderedList',
        content: items.map((text) => ({
          type: 'listItem',
          content: [{ type: 'paragraph', content: [{ type: 'text', text }] }],
        })),
      },
    ],
  };
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
  const share = Math.min(1, Math.max(0, options.commentedShare ?? 1));
  const issues: IssueSeed[] = [];
  for (let i = 1; i <= options.issues; i++) {
    const summary = `${pick(WORDS)} ${pick(PROBLEMS)} for customer ${1000 + next(9000)}`;
    const createdAgo = minutes - Math.floor((i / options.issues) * (minutes - 10));
    const reporter = pick(activeUsers);
    // Evenly spread without a random draw, so that the default (share 1) leaves the sequence unchanged.
    const commented = Math.floor(i * share) !== Math.floor((i - 1) * share);
    const issue: IssueSeed = {
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
      comments: Array.from({ length: commented ? (options.commentsPerIssue ?? 2) : 0 }, (_, c) => ({
        author: pick(activeUsers),
        body: paragraph(`Comment ${c + 1} on issue ${i}.`),
        created: `-${Math.max(1, createdAgo - 5 * (c + 1))}m`,
      })),
      fields: { customfield_10040: pick(activeUsers), customfield_10041: `Impact note ${i}` },
    };
    if (options.richText) {
      const area = pick(WORDS);
      issue.description = paragraphs([
        `Generated issue ${i}: ${summary}.`,
        `The customer reports that the ${area} page ${pick(PROBLEMS)} since the last release; it happens for every user of their organisation and blocks their month-end work.`,
        `Workaround: none known. Affected accounts: ${1 + next(40)}. First seen ${1 + next(14)} days ago.`,
      ]);
      issue.labels = [pick(WORDS), ...(next(2) === 0 ? [pick(WORDS)] : [])];
      if (issue.issueType === 'Bug' && issue.fields) {
        issue.fields.customfield_10042 = orderedList([
          `Sign in as a user of customer ${1000 + next(9000)}`,
          `Open ${area} and start an export`,
          `Observe that it ${pick(PROBLEMS)}`,
        ]);
      }
    }
    issues.push(issue);
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
