// `backbone-sync retry ENTRY_ID|--all [--sync NAME] [--state-dir D] [--events ndjson]`: exports and maps the
// entries' issues again with the config path recorded in the store, and imports them. Exit codes as `run`.
// A not-found entry of a linked issue syncs into a new target issue; retrying the ignored entry that stopped an
// issue's sync ("Ignore future changes") resumes that issue, into a new issue too.
import { StoreError } from '../store';
import { stateDirFor } from '../store/cli-support';
import { retryEntries, type RetryRun } from '../sync/retry';
import { formatEvent, type EntrySummary, type IssueSyncedEvent, type SyncEvent } from '../protocol/events';
import { parseVerbArgs } from './args';
import { EXIT, type VerbMain } from './io';
import { shortTime } from './entries';
import { formatSummary } from './run-output';

const USAGE = 'Usage: backbone-sync retry ENTRY_ID|--all [--sync NAME] [--state-dir DIR] [--events ndjson]\n';

export const main: VerbMain = async (args, io) => {
  const parsed = parseVerbArgs(args, {
    all: { type: 'boolean' },
    sync: { type: 'string' },
    'state-dir': { type: 'string' },
    events: { type: 'string' },
  });
  if ('error' in parsed) {
    io.stderr(`backbone-sync retry: ${parsed.error}\n${USAGE}`);
    return EXIT.usage;
  }
  const all = parsed.values.all === true;
  const entryId = parsed.positionals[0];
  if ((all && entryId) || (!all && !entryId) || parsed.positionals.length > 1) {
    io.stderr(`backbone-sync retry: give one entry id, or --all.\n${USAGE}`);
    return EXIT.usage;
  }
  const events = parsed.values.events === 'ndjson';
  if (parsed.values.events !== undefined && !events) {
    io.stderr(`backbone-sync retry: --events takes 'ndjson'.\n${USAGE}`);
    return EXIT.usage;
  }
  const stateDir = stateDirFor(parsed.values['state-dir'], io);
  const opened: EntrySummary[] = [];
  const synced = new Map<string, IssueSyncedEvent>();
  const emit = (event: SyncEvent): void => {
    if (events) io.stdout(formatEvent(event));
    else if (event.type === 'entry-opened') opened.push(event.entry);
    else if (event.type === 'issue-synced') synced.set(event.sourceIssueId, event);
  };
  const controller = new AbortController();
  const onSigint = (): void => controller.abort();
  process.on('SIGINT', onSigint);
  try {
    const syncName = typeof parsed.values.sync === 'string' ? parsed.values.sync : undefined;
    const result = await retryEntries({
      stateDir,
      target: entryId ? { entryId } : { all: true, ...(syncName ? { syncName } : {}) },
      env: io.env,
      emit,
      signal: controller.signal,
    });
    if (!result.ok) {
      io.stderr(`backbone-sync retry: ${result.message}\n`);
      return result.exitCode;
    }
    if (result.runs.length === 0) {
      if (!events) io.stdout(`No open troubleshooting entries in ${stateDir}.\n`);
      return EXIT.ok;
    }
    let exit = 0;
    for (const run of result.runs) {
      if (!events) {
        if (run.result.exitCode === 2 || run.result.exitCode === 3) {
          io.stderr(`backbone-sync retry: ${run.syncName}: ${run.result.message ?? 'could not run'}\n`);
        } else {
          io.stdout(
            `Retried ${run.entries.join(', ')}:\n${deletedTargetLines(run, synced)}${formatSummary(run.result, opened, false)}`,
          );
        }
      }
      exit = Math.max(exit, run.result.exitCode);
    }
    return exit;
  } catch (error) {
    if (error instanceof StoreError) {
      io.stderr(`backbone-sync retry: ${error.message}\n`);
      return error.code === 'lock-held' ? EXIT.couldNotRun : EXIT.usage;
    }
    throw error;
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
};

/** What became of the issues whose target issue was deleted: "synced into a new issue KEY", resumed or not. */
function deletedTargetLines(run: RetryRun, synced: Map<string, IssueSyncedEvent>): string {
  const lines: string[] = [];
  for (const d of run.details) {
    if (d.resumedSince !== null) {
      lines.push(
        `Resumed syncing ${d.sourceKey} (its changes were ignored since ${shortTime(d.resumedSince)}).`,
      );
    }
    if (!d.intoNewIssue) continue;
    const event = synced.get(d.sourceIssueId);
    const old = d.targetKey ? `; ${d.targetKey} (not found) is no longer linked` : '';
    if (event?.action === 'created' && event.targetKey) {
      lines.push(`${d.sourceKey} synced into a new issue ${event.targetKey}${old}.`);
    } else if (!event) {
      lines.push(
        `${d.sourceKey} was not exported again: it no longer matches the sync's source project and jql, or it was deleted.`,
      );
    } else {
      lines.push(`${d.sourceKey} could not be synced into a new issue yet (${event.action}): see below.`);
    }
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
