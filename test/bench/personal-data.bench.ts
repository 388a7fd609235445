// The personal-data validator's share of validation time (issue 4, Performance: under 10% on the 5k-line
// bench config). Each iteration parses a fresh document and runs every validator, with and without the
// personal-data one, interleaved so that both see the same machine state; medians of many iterations.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigDocument } from '../../server/src/config/document';
import { validateDocument } from '../../server/src/config/validate';
import type { ValidationContext } from '../../server/src/config/validator';
import { VALIDATORS } from '../../server/src/config/validators';
import { personalDataDiagnostics, personalDataValidator } from '../../server/src/personal-data/validator';
import { generateConfig } from './generate-config';

const LINES = 5_000;
const ITERATIONS = 61;
const BUDGET = 0.1;

const USER_TYPES = [
  'com.atlassian.jira.plugin.system.customfieldtypes:userpicker',
  'com.atlassian.jira.plugin.system.customfieldtypes:textarea',
  'com.atlassian.jira.plugin.system.customfieldtypes:select',
  'com.atlassian.jira.plugin.system.customfieldtypes:multiuserpicker',
  'com.atlassian.jira.plugin.system.customfieldtypes:textfield',
  'com.atlassian.jira.plugin.system.customfieldtypes:people',
];

/** The bench config with personal data switched on, user fields mapped, and the target not under your control. */
function personalDataConfig(): string {
  const text = generateConfig(LINES);
  const engineering = text.indexOf('  engineering:');
  const control = text.indexOf('underYourControl: true', engineering);
  return (
    text.slice(0, control) +
    'underYourControl: false' +
    text.slice(control + 'underYourControl: true'.length)
  )
    .replace(
      'target: { site: engineering, project: ENG }\n',
      'target: { site: engineering, project: ENG }\npersonalData: { exchange: true, retentionDays: 14 }\n',
    )
    .replace('comments: { sync: false }', 'comments: { sync: true }')
    .replace(
      '  summary: summary\n',
      '  summary: summary\n  assignee: assignee\n  reporter: { target: customfield_29999, as: text }\n  watchers: watchers\n',
    );
}

/** Snapshots that classify every generated custom field: a third are user fields, a third free text. */
function writeSnapshots(stateDir: string, count: number): void {
  const dir = join(stateDir, 'metadata', 'generated-sync');
  mkdirSync(dir, { recursive: true });
  for (const [site, base] of [
    ['support', 10_000],
    ['engineering', 20_000],
  ] as const) {
    const fields = Array.from({ length: count }, (_, i) => {
      const custom = USER_TYPES[i % USER_TYPES.length]!;
      const type = custom.endsWith('picker') || custom.endsWith('people') ? 'user' : 'string';
      return {
        id: `customfield_${base + i}`,
        name: `Field ${i}`,
        custom: true,
        schema: { type, custom, customId: base + i },
      };
    });
    const snapshot = {
      version: 1,
      site: { name: site, url: `https://${site}.example.net` },
      fetchedAt: '2026-12-01T00:00:00Z',
      fields,
      projects: [],
    };
    writeFileSync(join(dir, `${site}.json`), JSON.stringify(snapshot));
  }
}

/** CPU milliseconds of this process: on a shared machine, wall time mostly measures the neighbours. */
function cpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

interface Row {
  scenario: string;
  without: number[];
  withPd: number[];
  alone: number[];
  diagnostics: number;
}

function measure(scenario: string, text: string, context: ValidationContext): Row {
  const withoutPd = VALIDATORS.filter((v) => v !== personalDataValidator);
  const runs = { without: [] as number[], withPd: [] as number[], alone: [] as number[] };
  let diagnostics = 0;
  // Warm up the parser, ajv and the snapshot cache.
  for (let i = 0; i < 3; i++)
    validateDocument(new ConfigDocument('file:///bench.sync.yaml', i, text), context);
  for (let i = 0; i < ITERATIONS; i++) {
    const order = i % 2 === 0 ? ['without', 'with'] : ['with', 'without'];
    for (const which of order) {
      const start = cpuMs(); // an edit: parse the new version, then validate it
      validateDocument(
        new ConfigDocument('file:///bench.sync.yaml', i, text),
        context,
        which === 'with' ? VALIDATORS : withoutPd,
      );
      (which === 'with' ? runs.withPd : runs.without).push(cpuMs() - start);
    }
    // The personal-data validator alone, on a parsed document whose value is already computed.
    const doc = new ConfigDocument('file:///bench.sync.yaml', i, text);
    void doc.value;
    doc.positionAt(doc.text.length); // the line table, which the schema and semantic checks build anyway
    const start = cpuMs();
    diagnostics = personalDataDiagnostics(doc, context).length;
    runs.alone.push(cpuMs() - start);
  }
  return { scenario, ...runs, diagnostics };
}

export default async function bench(): Promise<string> {
  const stateDir = mkdtempSync(join(tmpdir(), 'pd-bench-'));
  try {
    const text = personalDataConfig();
    const lines = text.split('\n').length;
    const empty = join(stateDir, 'empty');
    mkdirSync(empty);
    const withSnapshots = join(stateDir, 'state');
    writeSnapshots(withSnapshots, 2_000);
    const rows = [
      measure('no metadata snapshots', text, { stateDir: empty }),
      measure('snapshots classify every custom field', text, { stateDir: withSnapshots }),
    ];
    const ms = (v: number): string => v.toFixed(1);
    const pct = (v: number): string => `${(v * 100).toFixed(1)}%`;
    const table = [
      '## Personal-data validator',
      '',
      `Validation of the ${lines.toLocaleString('en-US')}-line bench config (\`generate-config.ts\`, with \`personalData.exchange: true\`, user fields mapped, comments synced, a target not under your control), parse included, ${ITERATIONS} interleaved runs each, in CPU time of the process (the machine is shared, so wall time would mostly measure the neighbours). Budget: the personal-data validator adds under ${BUDGET * 100}% (checked on the first scenario, the bench config as the validation bench uses it; the second is a stress case where a third of 1,800 custom fields are user fields, so every third line gets diagnostics).`,
      '',
      '| Scenario | Statistic | Without personal data (ms) | With personal data (ms) | Added | Personal-data validator alone (ms) | Alone / without | Its diagnostics |',
      '|---|---|---:|---:|---:|---:|---:|---:|',
    ];
    for (const r of rows) {
      for (const [label, stat] of [
        ['median', median],
        ['best', (v: number[]) => Math.min(...v)],
      ] as const) {
        const without = stat(r.without);
        const withPd = stat(r.withPd);
        const alone = stat(r.alone);
        table.push(
          `| ${r.scenario} | ${label} | ${ms(without)} | ${ms(withPd)} | ${pct((withPd - without) / without)} | ${ms(alone)} | ${pct(alone / without)} | ${r.diagnostics} |`,
        );
      }
    }
    const first = rows[0]!;
    const share = median(first.alone) / median(first.without);
    table.push(
      '',
      `**Within budget: ${share < BUDGET ? 'yes' : 'no'}** (the validator alone takes ${pct(share)} of a validation without it, medians). "Added" compares whole validations and carries the machine's noise; "alone" times the validator by itself on an already parsed document.`,
    );
    return table.join('\n');
  } finally {
    rmSync(stateDir, { recursive: true, force: true });
  }
}
