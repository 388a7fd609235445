// The actions on a troubleshooting entry (DESIGN.md §6): Retry, Ignore, Open in Jira, Go to Mapping, Show Entry
// Details, and for a deleted target issue (a not-found entry of a linked issue) Sync into a New Issue and Ignore
// Future Changes. Each takes a tree item or an entry id (a quick pick of the open entries otherwise). Retries and
// ignores run through the CLI: the extension never writes the store.
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import type { EntriesJson, EntryJson } from '../../server/src/protocol/cli-json';
import { isDeletedTargetEntry, parseEvent } from '../../server/src/protocol/events';
import { firstLine } from './cli';
import type { CommandContext } from './commands';
import { entryMarkdown } from './entry-details';
import { log } from './log';
import { refuseIfUntrusted } from './trust';
import type { TroubleshootingNode } from './troubleshooting-view';

export interface RetryResult {
  /** The CLI's exit code (as `run`: 1 while any entry of the sync is still open). */
  exitCode: number | null;
  /** Entry ids this retry resolved. */
  resolved: string[];
  /** Target issues this retry created (sync into a new issue): source key → new target key. */
  newIssues?: Record<string, string>;
  refused?: string;
}

/**
 * An entry from a tree item, an entry id, or a quick pick of the open entries (those `only` accepts; with none,
 * `none` is said instead of an empty pick).
 */
async function pickEntry(
  ctx: CommandContext,
  arg: unknown,
  action: string,
  only: (entry: EntryJson) => boolean = () => true,
  none = 'there are no open troubleshooting entries.',
): Promise<EntryJson | undefined> {
  if (arg && typeof arg === 'object' && (arg as TroubleshootingNode).kind === 'entry') {
    return (arg as Extract<TroubleshootingNode, { kind: 'entry' }>).entry;
  }
  if (typeof arg === 'string') {
    let entry = ctx.state.entry(arg);
    if (!entry) {
      await ctx.state.reload();
      entry = ctx.state.entry(arg);
    }
    if (!entry) void vscode.window.showWarningMessage(`Backbone Sync: there is no open entry ${arg}.`);
    return entry;
  }
  if (ctx.state.entries.length === 0) await ctx.state.reload();
  const candidates = ctx.state.entries.filter(only);
  if (candidates.length === 0) {
    void vscode.window.showInformationMessage(`Backbone Sync: ${none}`);
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    candidates.map((entry) => ({
      label: `${entry.triggeredBy.key}: ${entry.message}`,
      description: entry.id,
      entry,
    })),
    { title: `Backbone Sync: ${action}`, placeHolder: 'Which troubleshooting entry?' },
  );
  return picked?.entry;
}

/** The tokens the configs of these entries need; asks once for a missing one. */
export async function tokensForEntries(
  ctx: CommandContext,
  entries: readonly EntryJson[],
): Promise<Record<string, string> | undefined> {
  const tokens: Record<string, string> = {};
  for (const path of new Set(entries.map((e) => e.configPath).filter((p): p is string => Boolean(p)))) {
    let text: string;
    try {
      text = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.file(path)));
    } catch {
      continue; // the CLI says what is missing
    }
    const forRun = await ctx.tokens.forRun(text);
    if (!forRun) return undefined;
    Object.assign(tokens, forRun);
  }
  return tokens;
}

/** Runs `retry ARGS --events ndjson`; `resolved` lists the entries the retry resolved. */
export async function retryIds(
  ctx: CommandContext,
  entries: readonly EntryJson[],
  args: string[],
  title: string,
): Promise<RetryResult> {
  if (!refuseIfUntrusted('Retrying an entry'))
    return { exitCode: null, resolved: [], refused: 'untrusted-workspace' };
  const tokens = await tokensForEntries(ctx, entries);
  if (!tokens) return { exitCode: null, resolved: [], refused: 'token-missing' };
  const cwd = entries[0]?.configPath ? dirname(entries[0].configPath) : undefined;
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Backbone Sync: ${title}` },
    () => ctx.cli.run(['retry', ...args, '--events', 'ndjson', ...ctx.cli.stateDirArgs()], tokens, cwd),
  );
  const resolved: string[] = [];
  const newIssues: Record<string, string> = {};
  for (const line of result.stdout.split('\n')) {
    const event = parseEvent(line);
    if (event?.type === 'entry-resolved') resolved.push(event.id);
    if (event?.type === 'issue-synced' && event.action === 'created' && event.targetKey) {
      newIssues[event.sourceKey] = event.targetKey;
    }
  }
  log().info(`retry ${args.join(' ')}: exit ${result.exitCode}, resolved ${resolved.join(', ') || 'none'}`);
  if (result.stderr.trim()) log().info(`engine said: ${result.stderr.trim()}`);
  await ctx.state.reload();
  const wanted = entries.map((e) => e.id);
  const allResolved = wanted.length > 0 && wanted.every((id) => resolved.includes(id));
  if (result.exitCode !== null && result.exitCode >= 2) {
    void vscode.window.showErrorMessage(
      `Backbone Sync: ${title} failed (exit ${result.exitCode}): ${firstLine(result.stderr) || 'see the log'}`,
    );
  } else if (allResolved || (wanted.length === 0 && result.exitCode === 0)) {
    // A deleted target issue is replaced: say which issue it is now.
    const replaced = entries
      .filter((e) => isDeletedTargetEntry(e) && newIssues[e.triggeredBy.key])
      .map((e) => `${e.triggeredBy.key} synced into a new issue ${newIssues[e.triggeredBy.key]}`);
    void vscode.window.showInformationMessage(
      `Backbone Sync: ${title}: ${replaced.length ? `${replaced.join('; ')}.` : 'resolved.'}`,
    );
  } else {
    const left = wanted.filter((id) => !resolved.includes(id));
    void vscode.window.showWarningMessage(
      `Backbone Sync: ${title}: ${left.length === 1 ? `${left[0]} still cannot be imported` : `${left.length} entries still cannot be imported`}. ` +
        'See the entry details for the cause.',
    );
  }
  return { exitCode: result.exitCode, resolved, newIssues };
}

export async function retryEntry(ctx: CommandContext, arg: unknown): Promise<RetryResult> {
  const entry = await pickEntry(ctx, arg, 'Retry');
  if (!entry) return { exitCode: null, resolved: [], refused: 'no-entry' };
  return retryIds(ctx, [entry], [entry.id], `retry of ${entry.triggeredBy.key} (${entry.id})`);
}

export async function retryAll(ctx: CommandContext, arg: unknown): Promise<RetryResult> {
  if (ctx.state.entries.length === 0) await ctx.state.reload();
  const node = arg as TroubleshootingNode | undefined;
  if (node && typeof node === 'object' && node.kind === 'sync') {
    return retryIds(
      ctx,
      node.entries,
      ['--all', '--sync', node.sync],
      `retry of the open entries of ${node.sync}`,
    );
  }
  return retryIds(ctx, ctx.state.entries, ['--all'], 'retry of all open entries');
}

export async function ignoreEntry(ctx: CommandContext, arg: unknown): Promise<RetryResult> {
  if (!refuseIfUntrusted('Ignoring an entry'))
    return { exitCode: null, resolved: [], refused: 'untrusted-workspace' };
  const entry = await pickEntry(ctx, arg, 'Ignore');
  if (!entry) return { exitCode: null, resolved: [], refused: 'no-entry' };
  if (typeof arg !== 'string') {
    // From the tree or the palette a person decides; an id passed by a program is already decided.
    const ok = await vscode.window.showWarningMessage(
      `Ignore ${entry.id} (${entry.triggeredBy.key})? Its pending change is deleted and will not be retried.`,
      { modal: true },
      'Ignore',
    );
    if (ok !== 'Ignore') return { exitCode: null, resolved: [], refused: 'cancelled' };
  }
  const result = await ctx.cli.run(['ignore', entry.id, ...ctx.cli.stateDirArgs()]);
  log().info(`ignore ${entry.id}: exit ${result.exitCode}`);
  if (result.exitCode !== 0) {
    void vscode.window.showErrorMessage(
      `Backbone Sync: could not ignore ${entry.id}: ${firstLine(result.stderr) || `exit ${result.exitCode}`}`,
    );
  }
  await ctx.state.reload();
  return { exitCode: result.exitCode, resolved: result.exitCode === 0 ? [entry.id] : [] };
}

export async function openInJira(ctx: CommandContext, arg: unknown): Promise<boolean> {
  const entry = await pickEntry(ctx, arg, 'Open in Jira');
  // A deleted target issue has no page left: open the source issue instead.
  const target = entry && !isDeletedTargetEntry(entry) ? entry.occurredIn?.url : undefined;
  const url = target ?? entry?.triggeredBy.url;
  if (!entry) return false;
  if (!url) {
    void vscode.window.showWarningMessage(
      `Backbone Sync: ${entry.id} has no Jira link (the site URL is unknown).`,
    );
    return false;
  }
  return vscode.env.openExternal(vscode.Uri.parse(url));
}

export async function goToMapping(ctx: CommandContext, arg: unknown): Promise<vscode.Location | undefined> {
  const entry = await pickEntry(ctx, arg, 'Go to Mapping');
  if (!entry) return undefined;
  if (!entry.configPath || !entry.configLine) {
    void vscode.window.showInformationMessage(
      `Backbone Sync: ${entry.id} is not caused by one mapping line.`,
    );
    return undefined;
  }
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(entry.configPath));
  const line = Math.min(entry.configLine - 1, document.lineCount - 1);
  const text = document.lineAt(line);
  const range = new vscode.Range(line, text.firstNonWhitespaceCharacterIndex, line, text.range.end.character);
  await vscode.window.showTextDocument(document, { selection: range, preview: false });
  return new vscode.Location(document.uri, range);
}

export async function showEntry(ctx: CommandContext, arg: unknown): Promise<vscode.Uri | undefined> {
  const entry = await pickEntry(ctx, arg, 'Show Entry Details');
  if (!entry) return undefined;
  return ctx.documents.show(
    `/entries/${entry.id.replace(/[^\w.-]+/g, '-')}`,
    entryMarkdown(entry, join(ctx.extensionPath, 'docs')),
  );
}

// ---- a deleted target issue ------------------------------------------------------------------------

const NO_DELETED_TARGET = 'no open entry is about a deleted target issue.';

/** Sync into a New Issue: `retry` of a not-found entry creates a new target issue for its source issue. */
export async function syncIntoNewIssue(ctx: CommandContext, arg: unknown): Promise<RetryResult> {
  const entry = await pickEntry(ctx, arg, 'Sync into a New Issue', isDeletedTargetEntry, NO_DELETED_TARGET);
  if (!entry) return { exitCode: null, resolved: [], refused: 'no-entry' };
  if (!isDeletedTargetEntry(entry)) return notDeletedTarget(entry);
  return retryIds(
    ctx,
    [entry],
    [entry.id],
    `sync of ${entry.triggeredBy.key} into a new issue (${entry.id})`,
  );
}

/**
 * Ignore Future Changes: `ignore --stop-syncing` closes the entry and stops syncing its source issue, after a
 * confirmation that says what that means and how to undo it (an id passed by a program is already decided).
 */
export async function ignoreFutureChanges(ctx: CommandContext, arg: unknown): Promise<RetryResult> {
  if (!refuseIfUntrusted('Ignoring future changes'))
    return { exitCode: null, resolved: [], refused: 'untrusted-workspace' };
  const entry = await pickEntry(ctx, arg, 'Ignore Future Changes', isDeletedTargetEntry, NO_DELETED_TARGET);
  if (!entry) return { exitCode: null, resolved: [], refused: 'no-entry' };
  if (!isDeletedTargetEntry(entry)) return notDeletedTarget(entry);
  const source = entry.triggeredBy.key;
  if (typeof arg !== 'string') {
    const ok = await vscode.window.showWarningMessage(
      `Ignore future changes of ${source}?`,
      {
        modal: true,
        detail:
          `Its target issue ${entry.occurredIn?.key ?? ''} was deleted, or is hidden from the sync user. ` +
          `${source} will no longer be synced: its changes are not written to the target and open no ` +
          `troubleshooting entry, and this entry is closed. To sync it again later (into a new issue), run ` +
          `\`backbone-sync retry ${entry.id}\`.`,
      },
      'Ignore Future Changes',
    );
    if (ok !== 'Ignore Future Changes') return { exitCode: null, resolved: [], refused: 'cancelled' };
  }
  const result = await ctx.cli.run(['ignore', entry.id, '--stop-syncing', ...ctx.cli.stateDirArgs()]);
  log().info(`ignore ${entry.id} --stop-syncing: exit ${result.exitCode}`);
  if (result.exitCode === 0) {
    void vscode.window.showInformationMessage(
      `Backbone Sync: ${source} is no longer synced; its future changes are ignored.`,
    );
  } else {
    void vscode.window.showErrorMessage(
      `Backbone Sync: could not stop syncing ${source}: ${firstLine(result.stderr) || `exit ${result.exitCode}`}`,
    );
  }
  await ctx.state.reload();
  return { exitCode: result.exitCode, resolved: result.exitCode === 0 ? [entry.id] : [] };
}

function notDeletedTarget(entry: EntryJson): RetryResult {
  void vscode.window.showWarningMessage(
    `Backbone Sync: ${entry.id} is not about a deleted target issue (it is ${entry.category}, ${entry.operation}). ` +
      'Use Retry or Ignore.',
  );
  return { exitCode: null, resolved: [], refused: 'not-deleted-target' };
}

/**
 * Resume Syncing: undoes Ignore Future Changes. Takes the id of the entry that stopped an issue, or the Syncs
 * view's line of stopped issues (a pick of that sync's), or nothing (a pick of every stopped issue). It is the
 * CLI's `retry` of that entry, which lifts the stop and syncs the issue into a new target issue.
 */
export async function resumeSync(ctx: CommandContext, arg: unknown): Promise<RetryResult> {
  if (!refuseIfUntrusted('Resuming a sync'))
    return { exitCode: null, resolved: [], refused: 'untrusted-workspace' };
  const sync = arg && typeof arg === 'object' ? (arg as { stoppedOf?: unknown }).stoppedOf : undefined;
  let stopped: EntryJson[];
  try {
    const list = await ctx.cli.json<EntriesJson>([
      'entries',
      '--state',
      'ignored',
      ...(typeof sync === 'string' ? ['--sync', sync] : []),
    ]);
    stopped = list.entries.filter((e) => e.syncStoppedSince !== null);
  } catch (error) {
    void vscode.window.showErrorMessage(`Backbone Sync: could not read the stopped issues: ${String(error)}`);
    return { exitCode: null, resolved: [], refused: 'state-unreadable' };
  }
  let entry: EntryJson | undefined;
  if (typeof arg === 'string') {
    entry = stopped.find((e) => e.id === arg);
    if (!entry) {
      void vscode.window.showWarningMessage(`Backbone Sync: ${arg} did not stop syncing an issue.`);
      return { exitCode: null, resolved: [], refused: 'no-entry' };
    }
  } else if (stopped.length === 0) {
    void vscode.window.showInformationMessage('Backbone Sync: no source issue is stopped.');
    return { exitCode: null, resolved: [], refused: 'no-entry' };
  } else {
    const picked = await vscode.window.showQuickPick(
      stopped.map((e) => ({
        label: e.triggeredBy.key,
        description: `${e.sync} · not synced since ${new Date(e.syncStoppedSince ?? e.lastSeen).toLocaleDateString()}`,
        detail: `Its target issue ${e.occurredIn?.key ?? ''} was deleted or hidden. Resuming syncs it into a new issue.`,
        entry: e,
      })),
      { title: 'Backbone Sync: Resume Syncing', placeHolder: 'Which source issue?' },
    );
    entry = picked?.entry;
  }
  if (!entry) return { exitCode: null, resolved: [], refused: 'no-entry' };
  return retryIds(ctx, [entry], [entry.id], `resume of ${entry.triggeredBy.key} (${entry.id})`);
}
