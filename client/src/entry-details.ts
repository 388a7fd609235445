// An entry's details as Markdown: the tooltip in the tree, and the details view ("Show Entry Details")
// with the help section of docs/troubleshooting.md (symptoms, cause, resolution), the field, the pending
// change (users as account IDs) and the attempts.
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { EntryJson, IssueRefJson } from '../../server/src/protocol/cli-json';
import { isDeletedTargetEntry } from '../../server/src/protocol/events';
import { entryTitle } from './categories';
import { md } from './documents';

function issueLink(ref: IssueRefJson | null, missing: string): string {
  if (!ref) return missing;
  return ref.url ? `[${md(ref.key)}](${ref.url})` : md(ref.key);
}

function time(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

function jiraAnswer(entry: EntryJson): string {
  const parts: string[] = [];
  if (entry.jiraStatus !== null) parts.push(`HTTP ${entry.jiraStatus}`);
  if (entry.jiraErrorKeys.length)
    parts.push(`error keys ${entry.jiraErrorKeys.map((k) => `\`${md(k)}\``).join(', ')}`);
  return parts.join(', ');
}

export function entryTooltip(entry: EntryJson): vscode.MarkdownString {
  const lines = [
    `**${md(entryTitle(entry))}**: ${md(entry.message)}`,
    '',
    `Occurred in: ${issueLink(entry.occurredIn, '_not created yet_')}  `,
    `Triggered by: ${issueLink(entry.triggeredBy, '')}  `,
    `Time: ${time(entry.lastSeen)}${entry.attempts > 1 ? ` (${entry.attempts} attempts)` : ''}`,
  ];
  const tooltip = new vscode.MarkdownString(lines.join('\n'));
  tooltip.isTrusted = false;
  return tooltip;
}

/** The section of docs/troubleshooting.md for a category: from its heading to the next heading of that level. */
export function helpSection(docsFile: string, category: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(docsFile, 'utf8');
  } catch {
    return undefined;
  }
  const lines = text.split(/\r?\n/);
  const slug = (heading: string): string =>
    heading
      .toLowerCase()
      .replace(/[^a-z0-9 -]/g, '')
      .trim()
      .replace(/ /g, '-');
  const start = lines.findIndex((line) => {
    const match = /^(#{2,3})\s+(.*)$/.exec(line);
    if (!match) return false;
    const heading = match[2] as string;
    return (
      heading.includes(`{#${category}}`) || heading.includes(`\`${category}\``) || slug(heading) === category
    );
  });
  if (start < 0) return undefined;
  const level = /^(#+)/.exec(lines[start] as string)?.[1]?.length ?? 2;
  let end = lines.findIndex((line, i) => i > start && new RegExp(`^#{1,${level}}\\s`).test(line));
  if (end < 0) end = lines.length;
  return lines
    .slice(start + 1, end)
    .join('\n')
    .trim();
}

/** The actions of an entry, as the Troubleshooting view offers them (and their CLI equivalents). */
export function entryActions(entry: EntryJson): string[] {
  if (!isDeletedTargetEntry(entry)) {
    return [
      'Use the buttons on the entry in the Troubleshooting view: **Retry** (after fixing the cause), **Ignore**, ' +
        '**Open in Jira**, **Go to Mapping**.',
    ];
  }
  const source = md(entry.triggeredBy.key);
  const id = md(entry.id);
  return [
    `The target issue ${entry.occurredIn ? md(entry.occurredIn.key) : ''} was deleted, or is hidden from the sync ` +
      `user. Use the buttons on the entry in the Troubleshooting view:`,
    '',
    `- **Sync into a New Issue**: creates a new target issue for ${source} (with the link property) and syncs ` +
      `into it from now on (\`backbone-sync retry ${id}\`).`,
    `- **Ignore Future Changes**: closes this entry and stops syncing ${source}: its changes are no longer ` +
      `written to the target and open no entry (\`backbone-sync ignore ${id} --stop-syncing\`). To sync it ` +
      `again later, into a new issue: \`backbone-sync retry ${id}\`.`,
    `- **Open in Jira** opens the source issue ${source}.`,
  ];
}

export function entryMarkdown(entry: EntryJson, docsFolder: string): string {
  const out: string[] = [
    `# ${md(entryTitle(entry))}${entry.fieldId ? `: \`${md(entry.fieldId)}\`` : ''}`,
    '',
    `**Error:** ${md(entry.message)}`,
    '',
    '| | |',
    '|---|---|',
    `| Occurred in | ${issueLink(entry.occurredIn, '_not created yet_')} |`,
    `| Triggered by | ${issueLink(entry.triggeredBy, '')} |`,
    `| Time | first ${time(entry.firstSeen)}, last ${time(entry.lastSeen)} |`,
    `| Attempts | ${entry.attempts} |`,
    `| Operation | ${md(entry.operation)} |`,
    `| Field | ${entry.fieldId ? `\`${md(entry.fieldId)}\`` : '_(whole issue)_'} |`,
    `| Sync | ${md(entry.sync)} (entry \`${md(entry.id)}\`) |`,
  ];
  const answer = jiraAnswer(entry);
  if (answer) out.push(`| Jira answered | ${answer} |`);
  if (entry.configPath && entry.configLine) {
    out.push(`| Mapping | ${md(entry.configPath)}, line ${entry.configLine} |`);
  }
  out.push('');
  if (entry.pendingChange) {
    const p = entry.pendingChange;
    out.push(
      '## Pending change',
      '',
      'Kept as references only until the entry is resolved or ignored:',
      '',
      `- source issue id \`${md(p.sourceIssueId)}\`, operation ${md(p.operation)}`,
      `- fields: ${p.fieldIds.length ? p.fieldIds.map((f) => `\`${md(f)}\``).join(', ') : '_none_'}`,
    );
    if (p.accountIds.length)
      out.push(`- users (account IDs): ${p.accountIds.map((a) => `\`${md(a)}\``).join(', ')}`);
    out.push('');
  }
  const help = helpSection(`${docsFolder}/troubleshooting.md`, entry.category);
  out.push('## Help', '');
  out.push(
    help ??
      `See [${entry.helpUrl}](${vscode.Uri.file(`${docsFolder}/troubleshooting.md`).toString()}#${entry.category}).`,
  );
  out.push('', '## What you can do', '', ...entryActions(entry));
  return `${out.join('\n')}\n`;
}
