// `backbone-sync erase-account ACCOUNT_ID`: a personal-data request (DESIGN.md §6). Removes every stored
// reference to the account from every sync's state (then VACUUM, so no bytes remain) and lists the target
// issues where the user still appears, as a checklist for a manual deletion on sites you do not control.
import { describeError } from '../jira/errors';
import type { EraseAccountJson } from '../protocol/cli-json';
import { exitCodeOf, reportStoreError, stateDirFor } from '../store/cli-support';
import { eraseAccount } from '../store/erase';
import type { EraseAccountOptions } from '../store/erase';
import { StoreError } from '../store/errors';
import { createFindTargetIssues } from '../sync/find-user-issues';
import { checkAccountId } from '../store/validate-input';
import { parseVerbArgs } from './args';
import type { VerbMain } from './io';
import { EXIT } from './io';

export const USAGE = 'Usage: backbone-sync erase-account ACCOUNT_ID [--format text|json] [--state-dir DIR]\n';

export interface EraseAccountVerbDeps {
  /** The JQL search of each sync's target for issues where the account appears in a mapped user field. */
  findTargetIssues?: EraseAccountOptions['findTargetIssues'];
}

/** Our own plain errors say what to do; anything else (a foreign error may hold Jira's text) is described safely. */
function safeReason(error: unknown): string {
  const reason =
    error instanceof Error && Object.getPrototypeOf(error) === Error.prototype
      ? error.message
      : describeError(error);
  return /[.!?]$/.test(reason) ? reason : `${reason}.`;
}

/**
 * Makes a target search safe to report: a sync that never ran with a config synced nothing (no search), and a
 * failure becomes a `target-search-failed` store error with a message that never carries Jira's text.
 */
export function guardedSearch(
  search: NonNullable<EraseAccountOptions['findTargetIssues']>,
): NonNullable<EraseAccountOptions['findTargetIssues']> {
  return async (request) => {
    if (!request.sync.configPath) return [];
    try {
      return await search(request);
    } catch (error) {
      throw new StoreError(
        'target-search-failed',
        `Could not search the target of sync '${request.sync.name}': ${safeReason(error)} ` +
          'The stored references were erased all the same; search the target project by hand, or fix this and run erase-account again.',
      );
    }
  };
}

function renderText(view: EraseAccountJson): string {
  const lines: string[] = [];
  if (view.syncs.length === 0) {
    return `No sync state in ${view.stateDir}: nothing stored about ${view.accountId}.\n`;
  }
  lines.push(`Erased account ${view.accountId} from the state in ${view.stateDir}:`);
  for (const sync of view.syncs) {
    if (!sync.removed) {
      lines.push(`  ${sync.name}: NOT erased. ${sync.error?.message ?? ''}`);
      continue;
    }
    const { pendingChangeReferences: refs, entryMessages: msgs } = sync.removed;
    const what =
      refs + msgs === 0
        ? 'nothing stored about it'
        : `${refs} pending-change reference${refs === 1 ? '' : 's'} and ${msgs} entry message${msgs === 1 ? '' : 's'} removed`;
    lines.push(`  ${sync.name}: ${what}; the file was compacted (VACUUM).`);
  }
  lines.push('');
  if (view.targetSearch === 'not-available') {
    lines.push(
      'Target issues were not searched: this build cannot search the target sites yet. Search each target project',
      `for issues where ${view.accountId} is in a mapped user field (assignee, reporter, watchers, user pickers).`,
    );
  } else {
    lines.push(
      'Target issues where the user still appears in a mapped user field (delete by hand where needed):',
    );
    for (const sync of view.syncs) {
      if (sync.targetIssues === null) {
        if (sync.removed) lines.push(`  ${sync.name}: not searched. ${sync.error?.message ?? ''}`);
        continue;
      }
      if (sync.targetIssues.length === 0) lines.push(`  ${sync.name}: none`);
      for (const issue of sync.targetIssues)
        lines.push(`  ${sync.name}: ${issue.key} (${issue.fieldIds.join(', ')})`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Builds the verb with the engine's target search (see `EraseAccountVerbDeps`). */
export function createEraseAccountMain(deps: EraseAccountVerbDeps): VerbMain {
  return async (args, io) => {
    const parsed = parseVerbArgs(args, {
      format: { type: 'string', default: 'text' },
      'state-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    });
    if ('error' in parsed) {
      io.stderr(`backbone-sync erase-account: ${parsed.error}\n${USAGE}`);
      return EXIT.usage;
    }
    if (parsed.values.help) {
      io.stdout(USAGE);
      return EXIT.ok;
    }
    const { format } = parsed.values;
    if (format !== 'text' && format !== 'json') {
      io.stderr(`backbone-sync erase-account: --format must be text or json, not '${String(format)}'.\n`);
      return EXIT.usage;
    }
    const [accountId, ...extra] = parsed.positionals;
    if (accountId === undefined || extra.length > 0) {
      io.stderr(`backbone-sync erase-account: give exactly one Atlassian account ID.\n${USAGE}`);
      return EXIT.usage;
    }
    const stateDir = stateDirFor(parsed.values['state-dir'], io);
    let view: EraseAccountJson;
    try {
      checkAccountId(accountId, 'the account ID to erase');
      const result = await eraseAccount({ stateDir, accountId, findTargetIssues: deps.findTargetIssues });
      view = {
        version: 1,
        stateDir,
        accountId,
        targetSearch: deps.findTargetIssues ? 'done' : 'not-available',
        syncs: result.syncs,
      };
    } catch (error) {
      return reportStoreError('erase-account', error, io);
    }
    io.stdout(format === 'json' ? `${JSON.stringify(view, null, 2)}\n` : renderText(view));
    const failed = view.syncs.filter((s) => s.error);
    for (const sync of failed)
      io.stderr(`backbone-sync erase-account: ${sync.name}: ${sync.error?.message}\n`);
    if (failed.length === 0) return EXIT.ok;
    // A failed search is "could not run" (credentials, an unreachable site), like a locked sync.
    const code = (s: (typeof failed)[number]) =>
      s.error?.code === 'target-search-failed' ? EXIT.couldNotRun : exitCodeOf({ code: s.error?.code ?? '' });
    return Math.max(...failed.map(code));
  };
}

/**
 * `backbone-sync erase-account`: exit 0; 2 on a usage error or an unreadable state; 3 when a sync is locked or
 * its target could not be searched (the stored references are erased all the same).
 */
export const main: VerbMain = (args, io) =>
  createEraseAccountMain({ findTargetIssues: guardedSearch(createFindTargetIssues(io.env)) })(args, io);
