// Generates realistic sync configs of a given size for benchmarks (and any test that needs a big file):
// a valid head, then many field mappings in every form (passthrough, flow mapping, block mapping with a
// `correlate` table, `prefix`, `as: text`), comments, statuses, and optionally a sprinkling of errors.
// Deterministic: the same arguments always give the same text.
import { SeededRandom } from '../helpers/random';

export interface GenerateOptions {
  /** Add about one error per 150 lines (unknown field, wrong type, duplicate target, unknown key, bad enum). */
  withErrors?: boolean;
  seed?: number;
}

const HEAD = `# Generated for benchmarks: a support → engineering sync with many custom-field mappings.
version: 1
name: generated-sync
sites:
  support:
    url: https://acme-support.atlassian.net
    auth: { email: sync-bot@acme.com, token: "\${env:SUPPORT_JIRA_TOKEN}" }
    underYourControl: true
  engineering:
    url: https://acme-eng.atlassian.net
    auth:
      email: sync-bot@acme.com
      token: "\${env:ENGINEERING_JIRA_TOKEN}"
    underYourControl: true
source: { site: support, project: SUP, jql: "labels = escalated" }
target: { site: engineering, project: ENG }
issueTypes: { Bug: Bug, "Service Request": Task, Incident: Bug }
comments: { sync: false }
attachments: { sync: false }
link: { field: customfield_99999 }
fields:
  summary: summary
  description: description
  priority: { target: priority, correlate: { Highest: P1, High: P2, Medium: P3, Low: P4 }, default: P3 }
  labels: { target: labels, prefix: "sup-" }
`;

/** One mapping of custom field number `n` (source 10000+n → target 20000+n), as a few lines. */
function mapping(n: number, random: SeededRandom): string[] {
  const source = `customfield_${10000 + n}`;
  const target = `customfield_${20000 + n}`;
  switch (random.int(6)) {
    case 0:
    case 1:
      return [`  ${source}: ${target}`];
    case 2:
      return [`  ${source}: { target: ${target}, prefix: "sup-${n}-" }`];
    case 3:
      return [`  # mapped for team ${n % 17}`, `  ${source}: { target: ${target}, as: text }`];
    case 4: {
      const size = 2 + random.int(5);
      const rows = Array.from({ length: size }, (_, i) => `      "Option ${i + 1}": O${i + 1}`);
      return [`  ${source}:`, `    target: ${target}`, `    correlate:`, ...rows, `    default: O1`];
    }
    default:
      return [
        `  ${source}:`,
        `    target: ${target}`,
        `    direction: source-to-target`,
        `    correlate: { "Yes": true, "No": false, "Unknown": null }`,
      ];
  }
}

/** A mapping with one error in it, each kind reported by a different rule. */
function brokenMapping(n: number, random: SeededRandom): string[] {
  const source = `customfield_${10000 + n}`;
  switch (random.int(6)) {
    case 0:
      return [`  custom_field_${n}: customfield_${20000 + n}`]; // unknown-field (source)
    case 1:
      return [`  ${source}: ${n}`]; // schema: type (text or a mapping)
    case 2:
      return [`  ${source}: customfield_${20000 + n - 1}`]; // duplicate-target
    case 3:
      return [`  ${source}: { target: customfield_${20000 + n}, prefx: "x" }`]; // schema: additionalProperties
    case 4:
      return [`  ${source}: { target: customfield_${20000 + n}, direction: sideways }`]; // schema: enum
    default:
      return [`  ${source}: { target: customfield_${20000 + n}, direction: both }`]; // direction-unsupported
  }
}

/** A config of about `lines` lines (never fewer). */
export function generateConfig(lines: number, options: GenerateOptions = {}): string {
  const random = new SeededRandom(options.seed ?? 42);
  const out = HEAD.trimEnd().split('\n');
  const statuses = ['statuses:', '  Open: To Do', '  "In Progress": In Progress', '  Resolved: Done'];
  let n = 0;
  while (out.length + statuses.length < lines) {
    n++;
    const broken = options.withErrors && n % 40 === 0;
    out.push(...(broken ? brokenMapping(n, random) : mapping(n, random)));
  }
  out.push(...statuses);
  return `${out.join('\n')}\n`;
}

const LABELS_LINE = '  labels: { target: labels, prefix: "sup-" }';

/** The `index`-th version of the edited line (see `editConfig`). */
export function editedLabelsLine(index: number): string {
  return `  labels: { target: labels, prefix: "sup-${index}-" }`;
}

/** The 0-based line and length of the line that `editConfig` changes, for incremental protocol edits. */
export function editedLinePosition(text: string): { line: number; length: number } {
  const line = text.split('\n').indexOf(LABELS_LINE);
  if (line === -1) throw new Error('editedLinePosition(): not a generated config');
  return { line, length: LABELS_LINE.length };
}

/**
 * The same config after one keystroke-sized edit (the `index`-th edit): the prefix of one flow mapping
 * or a comment changes, so every version is new text of the same shape and size.
 */
export function editConfig(text: string, index: number): string {
  return text.replace(LABELS_LINE, editedLabelsLine(index));
}
