// `backbone-sync run CONFIG [--dry-run] [--state-dir D] [--events ndjson] [--concurrency N]` (DESIGN.md §7).
// Exit codes: 0 all synced, 1 open entries, 2 invalid config or usage (nothing written), 3 could not run,
// 130 cancelled (a `cancel` line on stdin, or SIGINT: the request in flight finishes and the state is recorded).
import { stateDirFor } from '../store/cli-support';
import { runSync, type RunResult } from '../sync/engine';
import { formatEvent, type EntrySummary, type PlanItem, type SyncEvent } from '../protocol/events';
import { EXIT, type CliIO, type VerbMain } from './io';
import { parseRunArgs } from './run-args';
import { formatSummary, formatPlanItem, progressLine } from './run-output';

export const main: VerbMain = async (args, io) => {
  const parsed = parseRunArgs(args);
  if (!parsed.ok) {
    io.stderr(
      `backbone-sync run: ${parsed.message}\nUsage: backbone-sync run CONFIG [--dry-run] [--state-dir DIR] [--events ndjson] [--concurrency N]\n`,
    );
    return EXIT.usage;
  }
  const { configPath, dryRun, events, concurrency } = parsed;
  const stateDir = stateDirFor(parsed.stateDir, io);

  const controller = new AbortController();
  const stopListening = listenForCancel(io, controller);
  const entries: EntrySummary[] = [];
  const plan: PlanItem[] = [];
  let progressShown = false;
  const emit = (event: SyncEvent): void => {
    if (events) {
      io.stdout(formatEvent(event));
      return;
    }
    if (event.type === 'entry-opened') entries.push(event.entry);
    if (event.type === 'plan') plan.push(event.item);
    if (event.type === 'progress' && io.isTTY) {
      io.stderr(`\r${progressLine(event)}\u001b[K`);
      progressShown = true;
    }
  };
  let result: RunResult;
  try {
    result = await runSync({
      configPath,
      stateDir,
      env: io.env,
      dryRun,
      ...(concurrency !== undefined ? { concurrency } : {}),
      signal: controller.signal,
      emit,
    });
  } finally {
    stopListening();
  }
  if (!events) {
    if (progressShown) io.stderr('\r\u001b[K');
    if (dryRun && plan.length > 0) {
      io.stdout(
        `Plan (dry run, nothing was written):\n${plan.map((p) => `  ${formatPlanItem(p)}`).join('\n')}\n\n`,
      );
    }
    if (result.exitCode === 2 || result.exitCode === 3) {
      io.stderr(`backbone-sync run: ${result.message ?? 'could not run'}\n`);
    } else {
      io.stdout(formatSummary(result, entries, dryRun));
    }
  }
  return result.exitCode;
};

/** Cancels on a `cancel` line on stdin (works on every OS) or on SIGINT; returns the function that stops listening. */
function listenForCancel(io: CliIO, controller: AbortController): () => void {
  let buffer = '';
  const onData = (chunk: Buffer | string): void => {
    buffer += chunk.toString();
    const lines = buffer.split(/\r?\n/);
    buffer = lines.pop() ?? '';
    if (lines.some((line) => line.trim() === 'cancel')) controller.abort();
  };
  const stdin = io.stdin as NodeJS.ReadableStream & { isTTY?: boolean; unref?: () => void };
  const listenStdin = stdin.isTTY !== true;
  if (listenStdin) {
    stdin.on('data', onData);
    stdin.resume();
  }
  let interrupts = 0;
  const onSigint = (): void => {
    interrupts++;
    if (interrupts > 1) process.exit(EXIT.cancelled);
    io.stderr(
      '\nCancelling: the request in flight finishes, then the state is recorded (Ctrl+C again to abort)…\n',
    );
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  return () => {
    process.removeListener('SIGINT', onSigint);
    if (listenStdin) {
      stdin.removeListener('data', onData);
      stdin.pause();
      stdin.unref?.();
    }
  };
}
