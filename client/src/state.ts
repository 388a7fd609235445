// What the views show, read from the state directory through the CLI (`entries` and `status` with
// `--format json`): the extension never opens the store itself. Reloads are coalesced: a run or a CLI in
// a terminal writes the store many times, and one reload after the burst is enough.
import * as vscode from 'vscode';
import type { EntriesJson, EntryJson, StatusJson, SyncStatusJson } from '../../server/src/protocol/cli-json';
import type { Cli } from './cli';
import { log } from './log';

export class SyncState implements vscode.Disposable {
  private entriesValue: EntryJson[] = [];
  private syncsValue: SyncStatusJson[] = [];
  private stateDirValue: string | undefined;
  private errorValue: string | undefined;
  private loading: Promise<void> | undefined;
  private queued: Promise<void> | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires after every reload, with or without changes. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly cli: Cli) {}

  /** Open entries, oldest first. */
  get entries(): readonly EntryJson[] {
    return this.entriesValue;
  }

  get syncs(): readonly SyncStatusJson[] {
    return this.syncsValue;
  }

  /** The state directory the CLI used; undefined until the first load. */
  get stateDir(): string | undefined {
    return this.stateDirValue;
  }

  /** Why the last load failed (shown in the views), or undefined. */
  get error(): string | undefined {
    return this.errorValue;
  }

  entry(id: string): EntryJson | undefined {
    return this.entriesValue.find((e) => e.id === id);
  }

  /** Reloads soon, once per burst of calls (store file changes, run events). */
  scheduleReload(delayMs = 250): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.reload(), delayMs);
  }

  /**
   * Reloads now. The promise resolves after a load that started after this call, so a caller that just
   * changed the store (a run, a retry) sees its change; calls during a load share one follow-up load.
   */
  reload(): Promise<void> {
    if (!this.loading) {
      this.loading = this.load().finally(() => (this.loading = undefined));
      return this.loading;
    }
    this.queued ??= this.loading.then(() => {
      this.queued = undefined;
      return this.reload();
    });
    return this.queued;
  }

  private async load(): Promise<void> {
    try {
      const [entries, status] = await Promise.all([
        this.cli.json<EntriesJson>(['entries', '--state', 'open']),
        this.cli.json<StatusJson>(['status']),
      ]);
      this.entriesValue = entries.entries.filter((e) => e.state === 'open');
      this.syncsValue = status.syncs;
      this.stateDirValue = status.stateDir || entries.stateDir;
      this.errorValue = undefined;
      for (const problem of entries.problems)
        log().warn(`sync ${problem.sync}: ${problem.code}: ${problem.message}`);
    } catch (error) {
      this.errorValue = (error as Error).message;
      log().warn(`could not read the state directory: ${this.errorValue}`);
    }
    this.changed.fire();
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.changed.dispose();
  }
}
