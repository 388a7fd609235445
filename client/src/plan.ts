// Renders a dry run's plan (the engine's `plan` events) as Markdown: creates, field-level before/after,
// transitions, comments and watchers. Values are what the engine would write; users are account IDs.
import type { PlanItem, RunCounts } from '../../server/src/protocol/events';
import { md } from './documents';

function value(v: unknown): string {
  if (v === null || v === undefined) return '_(empty)_';
  if (typeof v === 'string') return md(v.length > 120 ? `${v.slice(0, 117)}…` : v);
  const json = JSON.stringify(v);
  return `\`${json.length > 120 ? `${json.slice(0, 117)}…` : json}\``;
}

export function planMarkdown(sync: string, items: readonly PlanItem[], counts: RunCounts | null): string {
  const lines: string[] = [`# Dry run of \`${md(sync)}\``, ''];
  lines.push('Nothing was written to Jira or to the state directory. This is what a run would do now.', '');
  if (counts) {
    lines.push(
      `**${counts.exported}** source issues read · **${counts.created}** to create · **${counts.updated}** to update · ` +
        `**${counts.unchanged}** unchanged · **${counts.transitions}** transitions` +
        (counts.stopped ? ` · **${counts.stopped}** not synced (future changes ignored)` : ''),
      '',
    );
  }
  if (items.length === 0) lines.push('_No changes: the target is up to date._');
  const creates = items.filter((i) => i.kind === 'create');
  const edits = items.filter((i) => i.kind === 'edit');
  const transitions = items.filter((i) => i.kind === 'transition');
  const others = items.filter((i) => i.kind === 'comment' || i.kind === 'watchers');
  const skipped = items.filter((i) => i.kind === 'skip');

  if (creates.length) {
    lines.push(`## Create (${creates.length})`, '');
    for (const item of creates) {
      lines.push(
        `### ${md(item.sourceKey)} → new ${md(item.issueType)}`,
        '',
        '| field | value |',
        '|---|---|',
      );
      for (const [field, v] of Object.entries(item.fields)) lines.push(`| ${md(field)} | ${value(v)} |`);
      lines.push('');
    }
  }
  if (edits.length) {
    lines.push(`## Update (${edits.length})`, '');
    for (const item of edits) {
      lines.push(
        `### ${md(item.sourceKey)} → ${md(item.targetKey)}`,
        '',
        '| field | before | after |',
        '|---|---|---|',
      );
      for (const change of item.changes) {
        lines.push(`| ${md(change.field)} | ${value(change.before)} | ${value(change.after)} |`);
      }
      lines.push('');
    }
  }
  if (transitions.length) {
    lines.push(
      `## Transitions (${transitions.length})`,
      '',
      '| issue | from | to | path |',
      '|---|---|---|---|',
    );
    for (const t of transitions) {
      const issue = `${md(t.sourceKey)} → ${t.targetKey ? md(t.targetKey) : '_new issue_'}`;
      lines.push(
        `| ${issue} | ${t.from ? md(t.from) : '_(new)_'} | ${md(t.to)} | ${t.path.map(md).join(' → ')} |`,
      );
    }
    lines.push('');
  }
  if (others.length) {
    lines.push('## Comments and watchers', '');
    for (const item of others) {
      const target = item.targetKey ? md(item.targetKey) : '_new issue_';
      if (item.kind === 'comment') {
        lines.push(`- ${md(item.sourceKey)} → ${target}: add comment ${md(item.sourceCommentId)}`);
      } else if (item.kind === 'watchers') {
        const parts = [];
        if (item.add.length) parts.push(`add ${item.add.map((a) => `\`${md(a)}\``).join(', ')}`);
        if (item.remove.length) parts.push(`remove ${item.remove.map((a) => `\`${md(a)}\``).join(', ')}`);
        lines.push(`- ${md(item.sourceKey)} → ${target}: watchers ${parts.join('; ')}`);
      }
    }
    lines.push('');
  }
  if (skipped.length) {
    lines.push(`## Not synced (${skipped.length})`, '');
    lines.push(
      'Ignore Future Changes was chosen for these issues after their target issue was deleted. ' +
        'Resume Syncing (or `backbone-sync retry ENTRY_ID`) syncs one into a new issue.',
      '',
    );
    for (const item of skipped) {
      if (item.kind !== 'skip') continue;
      const by = item.stoppedBy ? ` by ${md(item.stoppedBy)}` : '';
      lines.push(`- ${md(item.sourceKey)}: stopped${by} on ${item.since.slice(0, 10)}`);
    }
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}
