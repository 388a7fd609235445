// Completion and hover latency at 100 positions in generated 300-line and 5k-line configs, each request on
// a new document version (as when typing), beside yaml-language-server's doComplete/doHover configured with
// our schema on the same texts and positions. Our completion reads the line view of the version (built per
// version and timed here); hover on a mapping also parses the config reduced to that mapping, for the
// personal-data hover.
// The "with full parse" column adds the yaml parse of the version to completion, as an upper bound.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position } from 'vscode-languageserver-types';
import { getLanguageService } from 'yaml-language-server';
import { ConfigDocument } from '../../server/src/config/document';
import { complete } from '../../server/src/language/completion';
import { ConfigText } from '../../server/src/language/config-text';
import { hover } from '../../server/src/language/hover';
import { metadataCatalogue } from '../../server/src/language/metadata-catalogue';

const SCHEMA_URI = 'file:///bench/sync-config.schema.json';
const URI = 'file:///bench/big.sync.yaml';
const POSITIONS = 100;

/** A realistic config of about `lines` lines: two sites, sides, maps, and many field mappings of each form. */
export function generateConfig(lines: number): string {
  const out = [
    'version: 1',
    'name: big-sync',
    'sites:',
    '  support:',
    '    url: https://acme-support.atlassian.net',
    '    auth: { email: sync-bot@acme.com, token: "${env:SUPPORT_JIRA_TOKEN}" }',
    '    underYourControl: true',
    '  partner:',
    '    url: https://partner.atlassian.net',
    '    auth:',
    '      email: sync-bot@acme.com',
    '      token: "${env:PARTNER_JIRA_TOKEN}"',
    'source: { site: support, project: SUP, jql: "labels = escalated" }',
    'target: { site: partner, project: ENG }',
    'personalData:',
    '  exchange: true',
    '  users: account-id',
    'issueTypes: { Bug: Bug, "Service Request": Task }',
    'statuses:',
    '  Open: To Do',
    '  Resolved: Done',
    'fields:',
    '  summary: summary',
    '  description: description',
    '  assignee: assignee',
  ];
  for (let i = 0; out.length < lines - 2; i++) {
    const n = 10000 + i;
    if (i % 3 === 0) out.push(`  customfield_${n}: customfield_${n + 50000}`);
    else if (i % 3 === 1)
      out.push(`  customfield_${n}: { target: customfield_${n + 50000}, prefix: "sup-" }`);
    else
      out.push(
        `  customfield_${n}:`,
        `    target: customfield_${n + 50000}`,
        '    correlate:',
        '      High: P1',
        '      Low: P3',
        '    default: P3',
      );
  }
  out.push('comments: { sync: true }', 'link: { field: null }');
  return `${out.join('\n')}\n`;
}

/** 100 positions spread over the file: on keys (half-typed) and at line ends (values), alternately. */
function positionsOf(text: string): Position[] {
  const lines = text.split('\n');
  const out: Position[] = [];
  for (let i = 0; i < POSITIONS; i++) {
    const line = Math.floor((i * (lines.length - 2)) / POSITIONS);
    const content = lines[line]!;
    const colon = content.indexOf(':');
    const indent = content.length - content.trimStart().length;
    out.push({
      line,
      character:
        i % 2 === 0 && colon > indent
          ? indent + Math.max(1, Math.floor((colon - indent) / 2))
          : content.length,
    });
  }
  return out;
}

/** The text of version `v`: each request sees a changed document, as while typing. */
function versionText(base: string, v: number): string {
  return `${base}# edit ${v}\n`;
}

interface Stats {
  median: number;
  p95: number;
}

function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  return { median: at(0.5), p95: at(0.95) };
}

async function measure(
  base: string,
  positions: Position[],
  run: (text: string, version: number, position: Position) => Promise<unknown>,
): Promise<Stats> {
  // Warm-up: JIT and caches of the schema.
  for (let i = 0; i < 2; i++) await run(versionText(base, -1 - i), -1 - i, positions[i]!);
  const samples: number[] = [];
  let version = 1;
  for (const position of positions) {
    version++;
    const text = versionText(base, version);
    const started = performance.now();
    await run(text, version, position);
    samples.push(performance.now() - started);
  }
  return stats(samples);
}

function yamlLanguageService() {
  const schema = JSON.parse(
    readFileSync(join(import.meta.dirname, '..', '..', 'schemas', 'sync-config.schema.json'), 'utf8'),
  ) as object;
  const service = getLanguageService({
    schemaRequestService: async (uri: string) => {
      if (uri === SCHEMA_URI) return JSON.stringify(schema);
      throw new Error(`no schema at ${uri}`);
    },
    workspaceContext: { resolveRelativePath: (path: string) => path },
    clientCapabilities: {
      textDocument: {
        completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown'] } },
        hover: { contentFormat: ['markdown'] },
      },
    },
  });
  service.configure({
    validate: false,
    hover: true,
    completion: true,
    schemas: [{ uri: SCHEMA_URI, fileMatch: ['*.sync.yaml'], schema }],
  });
  return service;
}

const ms = (n: number) => n.toFixed(n < 10 ? 2 : 1);
const ratio = (a: number, b: number) => (b > 0 ? (a / b).toFixed(3) : 'n/a');

export default async function bench(): Promise<string> {
  const load = loadavg()[0]!;
  const stateDir = mkdtempSync(join(tmpdir(), 'backbone-bench-'));
  const yls = yamlLanguageService();
  const rows: string[] = [];
  const ratios: string[] = [];
  for (const [label, size, target] of [
    ['300 lines', 300, 0.5],
    ['5k lines', 5000, 0.25],
  ] as const) {
    const base = generateConfig(size);
    const positions = positionsOf(base);
    // As the handlers do: the field catalogue of the metadata snapshots (none in this state directory).
    const ourCompletion = await measure(base, positions, async (text, version, position) => {
      const lines = new ConfigText(URI, version, text);
      return complete(lines, position, { catalogue: metadataCatalogue(lines, stateDir) });
    });
    const ourCompletionParsed = await measure(base, positions, async (text, version, position) => {
      new ConfigDocument(URI, version, text);
      const lines = new ConfigText(URI, version, text);
      return complete(lines, position, { catalogue: metadataCatalogue(lines, stateDir) });
    });
    const ourHover = await measure(base, positions, async (text, version, position) => {
      const lines = new ConfigText(URI, version, text);
      return hover(lines, position, {
        catalogue: metadataCatalogue(lines, stateDir),
        doc: () => new ConfigDocument(URI, version, text),
        tokenStatus: async () => ({ inEnvironment: true, inSecretStorage: false }),
        context: { stateDir },
      });
    });
    const theirCompletion = await measure(base, positions, (text, version, position) =>
      yls.doComplete(TextDocument.create(URI, 'yaml', version, text), position, false),
    );
    const theirHover = await measure(base, positions, (text, version, position) =>
      yls.doHover(TextDocument.create(URI, 'yaml', version, text), position),
    );
    const lines = base.split('\n').length - 1;
    rows.push(
      `| ${label} (${lines}) | completion | ${ms(ourCompletion.median)} / ${ms(ourCompletion.p95)} | ${ms(ourCompletionParsed.median)} / ${ms(ourCompletionParsed.p95)} | ${ms(theirCompletion.median)} / ${ms(theirCompletion.p95)} | ${ratio(ourCompletion.p95, theirCompletion.median)} | ≤ ${target} |`,
      `| ${label} (${lines}) | hover | ${ms(ourHover.median)} / ${ms(ourHover.p95)} | — | ${ms(theirHover.median)} / ${ms(theirHover.p95)} | ${ratio(ourHover.p95, theirHover.median)} | ≤ ${target} |`,
    );
    ratios.push(
      `${label}: completion p95 incl. full parse / their median = ${ratio(ourCompletionParsed.p95, theirCompletion.median)}`,
    );
  }
  rmSync(stateDir, { recursive: true, force: true });
  return [
    '## Authoring: completion and hover latency',
    '',
    `${POSITIONS} positions per config (alternately inside a key and at the end of a line), each request on a new document version. Times in ms, median / p95. "Ours" is what the server does per request: build the line view of the new version and answer; on a field mapping, hover also parses the config reduced to that mapping for the personal-data hover (the full version only for \`personalData\`). "With full parse" adds the yaml parse of the new version to each completion. yaml-language-server 1.25 runs \`doComplete\`/\`doHover\` with our schema on the same texts and positions (its own parse per version included).`,
    '',
    '| config | request | ours | ours with full parse | yaml-language-server | ratio: our p95 / its median | target |',
    '|---|---|---|---|---|---|---|',
    ...rows,
    '',
    ...ratios.map((r) => `- ${r}`),
    '',
    `Load average when the bench started: ${load.toFixed(1)} (above the core count, other work competed for the CPU; both sides ran under the same load).`,
  ].join('\n');
}
