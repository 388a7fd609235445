// Human output of `backbone-sync run`: the progress line on a TTY, the plan of a dry run, the summary table.
import type { EntrySummary, PlanItem, ProgressEvent } from '../protocol/events';
import type { RunResult } from '../sync/engine';

export function progressLine(event: ProgressEvent): string {
  if (event.phase !== 'import') return `Preparing (${event.phase})…`;
  const total = event.total !== null ? `/${event.total}` : '';
  const eta = event.etaSeconds !== null ? ` · ETA ${formatSeconds(event.etaSeconds)}` : '';
  return `Syncing: ${event.done}${total} issues · ${event.ratePerSecond.toFixed(1)}/s${eta}`;
}

function formatSeconds(s: number): string {
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

const show = (v: unknown): string =>
  v === null || v === undefined ? '∅' : typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v);

export function formatPlanItem(item: PlanItem): string {
  switch (item.kind) {
    case 'create':
      return `create  ${item.sourceKey} → new ${item.issueType} (${Object.keys(item.fields).join(', ')})`;
    case 'edit':
      return `edit    ${item.sourceKey} → ${item.targetKey}: ${item.changes.map((c) => `${c.field} ${show(c.before)} → ${show(c.after)}`).join('; ')}`;
    case 'transition':
      return `status  ${item.sourceKey} → ${item.targetKey ?? 'new issue'}: ${item.from ?? 'initial'} → ${item.path.join(' → ') || item.to}`;
    case 'comment':
      return `comment ${item.sourceKey} → ${item.targetKey ?? 'new issue'}: source comment ${item.sourceCommentId}`;
    case 'watchers':
      return `watch   ${item.sourceKey} → ${item.targetKey ?? 'new issue'}: +${item.add.length} −${item.remove.length}`;
    case 'skip':
      return `skip    ${item.sourceKey}: not synced, its changes are ignored since ${item.since.slice(0, 10)}${item.stoppedBy ? ` (stopped by ${item.stoppedBy}; \`backbone-sync retry ${item.stoppedBy}\` resumes it)` : ''}`;
  }
}

const OUTCOME_TEXT: Record<string, string> = {
  synced: 'all synced',
  'open-entries': 'finished with open troubleshooting entries',
  cancelled: 'cancelled',
};

export function formatSummary(result: RunResult, entries: EntrySummary[], dryRun: boolean): string {
  const c = result.counts;
  const rows: [string, number][] = [
    ['exported', c.exported],
    ['created', c.created],
    ['updated', c.updated],
    ['unchanged', c.unchanged],
    ['queued behind entries', c.queued],
    ['stopped (changes ignored)', c.stopped],
    ['failed', c.failed],
    ['transitions', c.transitions],
    ['comments added', c.commentsAdded],
    ['watcher changes', c.watchersChanged],
    ['entries opened', c.entriesOpened],
    ['entries resolved', c.entriesResolved],
    ['open entries now', c.openEntries],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  const lines = [
    `${dryRun ? 'Dry run (nothing was written; counts are what a run would do)' : 'Sync'} ${dryRun && result.outcome === 'synced' ? 'finished' : (OUTCOME_TEXT[result.outcome] ?? result.outcome)} in ${(result.durationMs / 1000).toFixed(1)} s (exit ${result.exitCode})`,
    ...rows.map(([label, n]) => `  ${label.padEnd(width)}  ${String(n).padStart(6)}`),
    `  requests: ${Object.entries(result.requests)
      .map(([site, n]) => `${site} ${n}`)
      .join(', ')}`,
  ];
  if (result.message) lines.push(result.message);
  if (entries.length > 0) {
    lines.push('', 'Troubleshooting entries of this run:');
    for (const e of entries) {
      lines.push(
        `  ${e.id}  ${e.category}  ${e.sourceKey} → ${e.targetKey ?? '(not created)'}${e.field ? `  field ${e.field}` : ''}${e.configLine ? `  (config line ${e.configLine})` : ''}`,
        `      ${e.message}`,
        `      help: ${e.help}`,
      );
    }
    lines.push(
      '',
      'List them with `backbone-sync entries`; retry with `backbone-sync retry ENTRY_ID|--all`.',
    );
  }
  return `${lines.join('\n')}\n`;
}
