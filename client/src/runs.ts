// Runs and dry runs of a sync: spawns `dist/cli.js run CONFIG --events ndjson`, shows progress with a
// working Cancel (a `cancel` line on the child's stdin), and resolves to the run's outcome. One run per
// config at a time; a second request while one runs gets the running one.
import { basename, dirname } from 'node:path';
import * as vscode from 'vscode';
import { parseEvent } from '../../server/src/protocol/events';
import type { PlanItem, RunCounts, RunOutcome, SyncEvent } from '../../server/src/protocol/events';
import type { Cli } from './cli';
import { firstLine } from './cli';
import type { MarkdownDocuments } from './documents';
import { log } from './log';
import { planMarkdown } from './plan';
import type { Tokens } from './tokens';
import { refuseIfUntrusted } from './trust';

export interface RunResult {
  /** The CLI's exit code (0 synced, 1 open entries, 2 invalid config, 3 could not run, 130 cancelled); null when it never started. */
  exitCode: number | null;
  counts: RunCounts | null;
  outcome?: RunOutcome;
  /** Why the run did not start: 'untrusted-workspace', 'token-missing', 'no-config'. */
  refused?: string;
  message?: string;
}

export interface RunEvent {
  configUri: vscode.Uri;
  dryRun: boolean;
  event: SyncEvent;
}

interface ActiveRun {
  promise: Promise<RunResult>;
  cancel(): void;
}

export class Runs implements vscode.Disposable {
  private readonly active = new Map<string, ActiveRun>();
  private readonly events = new vscode.EventEmitter<RunEvent>();
  private readonly finished = new vscode.EventEmitter<{
    configUri: vscode.Uri;
    dryRun: boolean;
    result: RunResult;
  }>();
  /** Every engine event of every run (progress, entries, plan...). */
  readonly onDidEmit = this.events.event;
  readonly onDidFinish = this.finished.event;

  constructor(
    private readonly cli: Cli,
    private readonly tokens: Tokens,
    private readonly documents: MarkdownDocuments,
    private readonly showEntries: () => void,
  ) {}

  isRunning(configUri: vscode.Uri): boolean {
    return this.active.has(configUri.fsPath);
  }

  /** Cancels the run of this config (or every run when omitted); true when one was running. */
  cancel(configUri?: vscode.Uri): boolean {
    const runs = configUri ? [this.active.get(configUri.fsPath)] : [...this.active.values()];
    let any = false;
    for (const run of runs) {
      if (run) {
        run.cancel();
        any = true;
      }
    }
    return any;
  }

  async start(configUri: vscode.Uri, dryRun: boolean): Promise<RunResult> {
    const what = dryRun ? 'A dry run' : 'Running a sync';
    if (!refuseIfUntrusted(what)) return { exitCode: null, counts: null, refused: 'untrusted-workspace' };
    const running = this.active.get(configUri.fsPath);
    if (running) {
      void vscode.window.showInformationMessage(
        `Backbone Sync: ${basename(configUri.fsPath)} is already running; showing that run.`,
      );
      return running.promise;
    }
    const document = await vscode.workspace.openTextDocument(configUri);
    if (document.isDirty) await document.save();
    const tokens = await this.tokens.forRun(document.getText());
    if (!tokens) {
      const message = `Backbone Sync: ${basename(configUri.fsPath)} did not run because a token was not given.`;
      void vscode.window.showWarningMessage(message);
      return { exitCode: null, counts: null, refused: 'token-missing', message };
    }
    let cancel = (): void => {};
    // The run leaves `active` before `onDidFinish` fires, so that listeners (CodeLens, views) see it ended.
    const promise = this.execute(configUri, dryRun, tokens, (fn) => (cancel = fn)).then(
      (result) => {
        this.active.delete(configUri.fsPath);
        this.finished.fire({ configUri, dryRun, result });
        return result;
      },
      (error: unknown) => {
        this.active.delete(configUri.fsPath);
        throw error;
      },
    );
    this.active.set(configUri.fsPath, { promise, cancel: () => cancel() });
    return promise;
  }

  private execute(
    configUri: vscode.Uri,
    dryRun: boolean,
    tokens: Record<string, string>,
    onCancel: (cancel: () => void) => void,
  ): Promise<RunResult> {
    const file = configUri.fsPath;
    const args = [
      'run',
      file,
      '--events',
      'ndjson',
      ...(dryRun ? ['--dry-run'] : []),
      ...this.cli.stateDirArgs(),
    ];
    const title = `Backbone Sync: ${dryRun ? 'dry run of' : 'running'} ${basename(file)}`;
    log().info(`${dryRun ? 'dry run' : 'run'} started: ${file}`);

    return Promise.resolve(
      vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title, cancellable: true },
        (progress, token) =>
          new Promise<RunResult>((resolve) => {
            const child = this.cli.spawn(args, tokens, dirname(file));
            let cancelled = false;
            const cancel = (): void => {
              if (cancelled || child.exitCode !== null) return;
              cancelled = true;
              log().info(`cancel requested: ${file}`);
              progress.report({ message: 'cancelling: finishing the request in flight…' });
              child.stdin?.write('cancel\n');
            };
            onCancel(cancel);
            token.onCancellationRequested(cancel);

            let finished: Extract<SyncEvent, { type: 'run-finished' }> | undefined;
            let sync = basename(file);
            const plan: PlanItem[] = [];
            let buffered = '';
            let stderr = '';
            let lastPercent = 0;
            child.stdout?.on('data', (chunk: Buffer) => {
              buffered += chunk.toString('utf8');
              const lines = buffered.split('\n');
              buffered = lines.pop() ?? '';
              for (const line of lines) {
                const event = parseEvent(line);
                if (!event) continue;
                this.events.fire({ configUri, dryRun, event });
                switch (event.type) {
                  case 'run-started':
                    sync = event.sync;
                    break;
                  case 'progress': {
                    const percent = event.total
                      ? Math.min(100, Math.round((event.done / event.total) * 100))
                      : undefined;
                    const increment = percent !== undefined ? Math.max(0, percent - lastPercent) : undefined;
                    if (percent !== undefined) lastPercent = percent;
                    const eta =
                      event.etaSeconds !== null ? ` · about ${Math.ceil(event.etaSeconds)} s left` : '';
                    const of = event.total !== null ? `/${event.total}` : '';
                    progress.report({
                      message: `${event.phase}: ${event.done}${of} issues${eta}`,
                      increment,
                    });
                    break;
                  }
                  case 'entry-opened':
                    log().warn(
                      `entry ${event.entry.id} opened: ${event.entry.category} on ${event.entry.sourceKey}`,
                    );
                    break;
                  case 'entry-resolved':
                    log().info(`entry ${event.id} resolved`);
                    break;
                  case 'plan':
                    plan.push(event.item);
                    break;
                  case 'run-finished':
                    finished = event;
                    break;
                }
              }
            });
            child.stderr?.on('data', (chunk: Buffer) => {
              stderr += chunk.toString('utf8');
              if (stderr.length > 20_000) stderr = stderr.slice(-20_000);
            });
            child.on('error', (error) => {
              log().error(`could not start the engine: ${error.message}`);
              resolve({ exitCode: null, counts: null, message: error.message });
            });
            child.on('close', (code, signal) => {
              const exitCode = finished?.exitCode ?? code ?? (signal ? 128 : 1);
              const result: RunResult = {
                exitCode,
                counts: finished?.counts ?? null,
                outcome: finished?.outcome ?? outcomeOf(exitCode),
                message: finished?.message ?? (exitCode >= 2 ? firstLine(stderr) : undefined),
              };
              if (stderr.trim()) log().info(`engine said: ${stderr.trim()}`);
              log().info(
                `${dryRun ? 'dry run' : 'run'} finished: ${sync}: ${result.outcome} (exit ${exitCode})` +
                  (result.counts ? ` ${JSON.stringify(result.counts)}` : ''),
              );
              resolve(result);
              void this.announce(sync, configUri, dryRun, result, plan);
            });
          }),
      ),
    );
  }

  /** The outcome as a notification (not awaited: the run's promise resolves at once). */
  private async announce(
    sync: string,
    configUri: vscode.Uri,
    dryRun: boolean,
    result: RunResult,
    plan: readonly PlanItem[],
  ): Promise<void> {
    const c = result.counts;
    const stopped = c?.stopped ? `, ${c.stopped} skipped (sync stopped)` : '';
    const summary = c ? `${c.created} created, ${c.updated} updated, ${c.unchanged} unchanged${stopped}` : '';
    if (dryRun && (result.exitCode === 0 || result.exitCode === 1)) {
      await this.documents.show(`/dry-run/${sync}`, planMarkdown(sync, plan, c));
      return;
    }
    switch (result.outcome) {
      case 'synced':
        void vscode.window.showInformationMessage(`Backbone Sync: ${sync} synced: ${summary}.`);
        return;
      case 'open-entries': {
        const open = c?.openEntries ?? 0;
        const pick = await vscode.window.showWarningMessage(
          `Backbone Sync: ${sync} finished with ${open} open troubleshooting ${open === 1 ? 'entry' : 'entries'} (${summary}).`,
          'Show Entries',
        );
        if (pick === 'Show Entries') this.showEntries();
        return;
      }
      case 'cancelled':
        void vscode.window.showInformationMessage(
          `Backbone Sync: ${sync} was cancelled. What was imported so far is recorded; the next run continues.`,
        );
        return;
      case 'invalid-config': {
        const pick = await vscode.window.showErrorMessage(
          `Backbone Sync: ${sync} did not run: the config has errors. ${result.message ?? ''} Fix the problems and run again.`,
          'Show Problems',
        );
        if (pick === 'Show Problems') {
          await vscode.window.showTextDocument(configUri);
          await vscode.commands.executeCommand('workbench.actions.view.problems');
        }
        return;
      }
      default: {
        const pick = await vscode.window.showErrorMessage(
          `Backbone Sync: ${sync} could not run. ${result.message ?? 'See the log for details.'}`,
          'Show Log',
        );
        if (pick === 'Show Log') log().show();
      }
    }
  }

  dispose(): void {
    this.cancel();
    this.events.dispose();
    this.finished.dispose();
  }
}

function outcomeOf(exitCode: number): RunOutcome {
  switch (exitCode) {
    case 0:
      return 'synced';
    case 1:
      return 'open-entries';
    case 2:
      return 'invalid-config';
    case 130:
      return 'cancelled';
    default:
      return 'could-not-run';
  }
}
