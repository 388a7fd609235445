// One sync's state: the `SyncStore` API (see ./types for the contract) over the in-memory database; how
// changes reach the disk is ./persistence's job.
import type { Database } from 'sql.js';
import { parseEntryId } from './entry-id';
import { StoreError } from './errors';
import { StorePersistence } from './persistence';
import type { PersistenceMode } from './persistence';
import { ERASED_ACCOUNT } from './records';
import type { RecordBody } from './records';
import {
  countOpenEntries,
  findOpenDuplicate,
  readCommentLink,
  readCommentLinks,
  readCreateIntents,
  readEntries,
  readEntry,
  readLink,
  readLinks,
  readRuns,
  readStop,
  readStoppedIds,
  readStops,
  readSyncInfo,
  scalar,
} from './queries';
import {
  checkAccountId,
  checkEntryInput,
  checkHash,
  checkId,
  checkIssueKey,
  checkPendingChange,
  checkSiteUrl,
} from './validate-input';
import type {
  CommentLink,
  CreateIntent,
  EntryFilter,
  EntryInput,
  EntryOperation,
  EraseCounts,
  IssueLink,
  PendingChangeRef,
  RunCounts,
  RunOutcome,
  RunRecord,
  StoppedIssue,
  SyncInfo,
  SyncStore,
  TroubleshootingEntry,
} from './types';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface SyncStoreParts {
  syncName: string;
  stateDir: string;
  databasePath: string;
  db: Database;
  /** The last journal seq the database holds (after replay). */
  seq: number;
  now: () => Date;
  mode: PersistenceMode;
  checkpointEvery: number;
  maxCheckpointShare?: number;
}

export class SqlSyncStore implements SyncStore {
  readonly syncName: string;
  readonly stateDir: string;
  readonly databasePath: string;
  readonly readOnly: boolean;
  private db: Database | undefined;
  private readonly now: () => Date;
  private readonly persistence: StorePersistence;
  /** The stopped source issue ids, read once and dropped on every stop or resume. */
  private stoppedIds: Set<string> | undefined;

  constructor(parts: SyncStoreParts) {
    this.syncName = parts.syncName;
    this.stateDir = parts.stateDir;
    this.databasePath = parts.databasePath;
    this.db = parts.db;
    this.now = parts.now;
    this.readOnly = parts.mode.kind === 'read-only';
    this.persistence = new StorePersistence(parts.db, {
      syncName: parts.syncName,
      databasePath: parts.databasePath,
      seq: parts.seq,
      mode: parts.mode,
      checkpointEvery: parts.checkpointEvery,
      maxCheckpointShare: parts.maxCheckpointShare,
    });
  }

  // ---- sync info

  getSyncInfo(): SyncInfo {
    return readSyncInfo(this.database());
  }

  setSyncInfo(info: { configPath: string; sourceSiteUrl: string; targetSiteUrl: string }): void {
    if (typeof info.configPath !== 'string' || !info.configPath) {
      throw new StoreError('invalid-input', 'The store refused the config path: it must be a file path.');
    }
    this.write({
      t: 'sync-info',
      configPath: info.configPath,
      sourceSiteUrl: checkSiteUrl(info.sourceSiteUrl, 'the source site URL'),
      targetSiteUrl: checkSiteUrl(info.targetSiteUrl, 'the target site URL'),
      at: this.isoNow(),
    });
  }

  // ---- links

  getLink(sourceIssueId: string): IssueLink | undefined {
    return readLink(this.database(), sourceIssueId);
  }

  listLinks(): IssueLink[] {
    return readLinks(this.database());
  }

  linkCount(): number {
    return Number(scalar(this.database(), 'SELECT count(*) FROM links') ?? 0);
  }

  recordLink(link: {
    sourceIssueId: string;
    sourceKey: string;
    targetIssueId: string;
    targetKey: string;
    payloadHash?: string | null;
  }): void {
    this.write({
      t: 'link',
      sourceIssueId: checkId(link.sourceIssueId, 'the source issue id'),
      sourceKey: checkIssueKey(link.sourceKey, 'the source issue key'),
      targetIssueId: checkId(link.targetIssueId, 'the target issue id'),
      targetKey: checkIssueKey(link.targetKey, 'the target issue key'),
      payloadHash:
        link.payloadHash === undefined || link.payloadHash === null
          ? link.payloadHash
          : checkHash(link.payloadHash, 'the payload hash'),
      at: this.isoNow(),
    });
  }

  setPayloadHash(sourceIssueId: string, payloadHash: string): void {
    this.write({
      t: 'hash',
      sourceIssueId: checkId(sourceIssueId, 'the source issue id'),
      payloadHash: checkHash(payloadHash, 'the payload hash'),
      at: this.isoNow(),
    });
  }

  // ---- comment links

  getCommentLink(sourceCommentId: string): CommentLink | undefined {
    return readCommentLink(this.database(), sourceCommentId);
  }

  listCommentLinks(sourceIssueId: string): CommentLink[] {
    return readCommentLinks(this.database(), sourceIssueId);
  }

  recordCommentLink(link: CommentLink): void {
    this.write({
      t: 'comment-link',
      sourceIssueId: checkId(link.sourceIssueId, 'the source issue id'),
      sourceCommentId: checkId(link.sourceCommentId, 'the source comment id'),
      targetCommentId: checkId(link.targetCommentId, 'the target comment id'),
    });
  }

  // ---- create intents

  async recordCreateIntent(intent: { sourceIssueId: string; sourceKey: string }): Promise<void> {
    this.write({
      t: 'intent',
      sourceIssueId: checkId(intent.sourceIssueId, 'the source issue id'),
      sourceKey: checkIssueKey(intent.sourceKey, 'the source issue key'),
      at: this.isoNow(),
    });
    await this.persistence.durable();
  }

  abandonCreateIntent(sourceIssueId: string): void {
    this.write({ t: 'intent-abandoned', sourceIssueId: checkId(sourceIssueId, 'the source issue id') });
  }

  unfinishedCreateIntents(): CreateIntent[] {
    return readCreateIntents(this.database());
  }

  // ---- runs

  startRun(options: { dryRun: boolean }): number {
    const runId = Number(scalar(this.database(), 'SELECT COALESCE(MAX(id), 0) + 1 FROM runs') ?? 1);
    this.write({ t: 'run-started', runId, dryRun: Boolean(options.dryRun), at: this.isoNow() });
    return runId;
  }

  finishRun(runId: number, outcome: Exclude<RunOutcome, 'running' | 'interrupted'>, counts: RunCounts): void {
    const clean = (n: number): number => (Number.isInteger(n) && n >= 0 ? n : 0);
    this.write({
      t: 'run-finished',
      runId,
      outcome,
      counts: {
        created: clean(counts.created),
        updated: clean(counts.updated),
        unchanged: clean(counts.unchanged),
        failed: clean(counts.failed),
        stopped: clean(counts.stopped ?? 0),
        entriesOpened: clean(counts.entriesOpened),
        entriesResolved: clean(counts.entriesResolved),
      },
      at: this.isoNow(),
    });
  }

  lastRun(): RunRecord | undefined {
    return readRuns(this.database(), 1)[0];
  }

  listRuns(limit = 20): RunRecord[] {
    return readRuns(this.database(), limit);
  }

  /** The most recent run that was not a dry run. */
  lastRealRun(): RunRecord | undefined {
    return readRuns(this.database(), 1, true)[0];
  }

  // ---- entries

  recordFailure(input: EntryInput): { entry: TroubleshootingEntry; isNew: boolean } {
    const checked = checkEntryInput(input);
    const db = this.database();
    const existing = findOpenDuplicate(db, checked);
    const number =
      existing ?? Number(scalar(db, `SELECT value FROM meta WHERE key = 'next_entry_number'`) ?? 1);
    this.write({ t: 'failure', number, input: checked, at: this.isoNow() });
    return { entry: this.entryByNumber(number), isNew: existing === undefined };
  }

  getEntry(entryId: string): TroubleshootingEntry | undefined {
    const { syncName, number } = parseEntryId(entryId);
    if (syncName !== this.syncName) return undefined;
    return readEntry(this.database(), this.syncName, number);
  }

  listEntries(filter?: EntryFilter): TroubleshootingEntry[] {
    return readEntries(this.database(), this.syncName, filter);
  }

  openEntriesFor(sourceIssueId: string): TroubleshootingEntry[] {
    return readEntries(this.database(), this.syncName, { state: 'open', sourceIssueId });
  }

  hasOpenEntry(sourceIssueId: string): boolean {
    return (
      scalar(this.database(), `SELECT 1 FROM entries WHERE source_issue_id = ? AND state = 'open' LIMIT 1`, [
        sourceIssueId,
      ]) !== undefined
    );
  }

  openEntryCount(): number {
    return countOpenEntries(this.database());
  }

  resolveEntry(entryId: string): TroubleshootingEntry {
    return this.setEntryState(this.requireEntry(entryId).number, 'resolved', null);
  }

  resolveOpenEntriesFor(sourceIssueId: string, operation?: EntryOperation): TroubleshootingEntry[] {
    return this.openEntriesFor(sourceIssueId)
      .filter((entry) => operation === undefined || entry.operation === operation)
      .map((entry) => this.setEntryState(entry.number, 'resolved', null));
  }

  ignoreEntry(entryId: string): TroubleshootingEntry {
    return this.setEntryState(this.requireEntry(entryId).number, 'ignored', null);
  }

  reopenEntry(entryId: string, pendingChange?: PendingChangeRef | null): TroubleshootingEntry {
    const entry = this.requireEntry(entryId);
    const change = pendingChange ? checkPendingChange(pendingChange) : (pendingChange ?? entry.pendingChange);
    return this.setEntryState(entry.number, 'open', change);
  }

  markAttempt(entryId: string): TroubleshootingEntry {
    const entry = this.requireEntry(entryId);
    this.write({ t: 'attempt', number: entry.number, at: this.isoNow() });
    return this.entryByNumber(entry.number);
  }

  purgeExpired(retentionDays: number, now: Date = this.now()): number {
    const days = Number.isFinite(retentionDays) && retentionDays >= 0 ? retentionDays : 30;
    const cutoff = new Date(now.getTime() - days * DAY_MS).toISOString();
    const db = this.database();
    return this.persistence.deleteAndCompact(
      () => {
        // The entry that stopped an issue's sync stays while the stop holds: it is how the user sees and
        // resumes it (ids and our own text only; its account IDs went when it was ignored).
        db.run(
          `DELETE FROM entries WHERE state IN ('resolved', 'ignored') AND resolved_at <= ?
             AND number NOT IN (SELECT entry_number FROM stopped_issues WHERE entry_number IS NOT NULL)`,
          [cutoff],
        );
        const purged = db.getRowsModified();
        // Pending changes of resolved/ignored entries are already gone; this cleans up any left by older data.
        db.run('DELETE FROM pending_accounts WHERE entry_number NOT IN (SELECT number FROM entries)');
        db.run('DELETE FROM pending_changes WHERE entry_number NOT IN (SELECT number FROM entries)');
        return purged;
      },
      (purged) => purged > 0,
    );
  }

  eraseAccount(accountId: string): EraseCounts {
    checkAccountId(accountId, 'the account ID to erase');
    const db = this.database();
    // Always VACUUM and rewrite: earlier deletions may have left the id in free pages of an older file.
    return this.persistence.deleteAndCompact(
      () => {
        db.run('DELETE FROM pending_accounts WHERE account_id = ?', [accountId]);
        const pendingChangeReferences = db.getRowsModified();
        db.run('UPDATE entries SET message = replace(message, ?, ?) WHERE instr(message, ?) > 0', [
          accountId,
          ERASED_ACCOUNT,
          accountId,
        ]);
        return { pendingChangeReferences, entryMessages: db.getRowsModified() };
      },
      () => true,
    );
  }

  // ---- stopped issues

  stopSyncing(stop: { sourceIssueId: string; sourceKey: string; entryId: string }): StoppedIssue {
    const entry = this.requireEntry(stop.entryId);
    const sourceIssueId = checkId(stop.sourceIssueId, 'the source issue id');
    this.write({
      t: 'stop',
      sourceIssueId,
      sourceKey: checkIssueKey(stop.sourceKey, 'the source issue key'),
      number: entry.number,
      at: this.isoNow(),
    });
    const stopped = this.getStop(sourceIssueId);
    if (!stopped) throw new Error(`stop of ${sourceIssueId} vanished`);
    return stopped;
  }

  resumeSyncing(sourceIssueId: string): StoppedIssue | undefined {
    const stopped = this.getStop(sourceIssueId);
    if (stopped) this.write({ t: 'resume', sourceIssueId: checkId(sourceIssueId, 'the source issue id') });
    return stopped;
  }

  getStop(sourceIssueId: string): StoppedIssue | undefined {
    return readStop(this.database(), this.syncName, sourceIssueId);
  }

  isSyncStopped(sourceIssueId: string): boolean {
    this.stoppedIds ??= readStoppedIds(this.database());
    return this.stoppedIds.has(sourceIssueId);
  }

  listStops(): StoppedIssue[] {
    return readStops(this.database(), this.syncName);
  }

  // ---- durability

  async markIssueProcessed(): Promise<void> {
    this.persistence.issueDone();
  }

  async checkpoint(): Promise<void> {
    this.persistence.checkpointNow();
  }

  async close(): Promise<void> {
    if (!this.db) return;
    try {
      await this.persistence.close();
    } finally {
      this.db.close();
      this.db = undefined;
    }
  }

  /** Writes the database file now (used at open, after a journal replay or a migration). */
  checkpointNow(): void {
    this.persistence.checkpointNow();
  }

  /** Marks the store as holding changes the file does not have yet (e.g. a migration or a journal replay). */
  markDirty(): void {
    this.persistence.markDirty();
  }

  // ---- internals

  private setEntryState(
    number: number,
    state: 'open' | 'resolved' | 'ignored',
    pendingChange: PendingChangeRef | null,
  ): TroubleshootingEntry {
    this.write({ t: 'entry-state', number, state, pendingChange, at: this.isoNow() });
    return this.entryByNumber(number);
  }

  private requireEntry(entryId: string): TroubleshootingEntry {
    const entry = this.getEntry(entryId);
    if (!entry)
      throw new StoreError(
        'unknown-entry',
        `No troubleshooting entry '${entryId}' in sync '${this.syncName}'.`,
      );
    return entry;
  }

  private entryByNumber(number: number): TroubleshootingEntry {
    const entry = readEntry(this.database(), this.syncName, number);
    if (!entry) throw new Error(`entry ${number} vanished`);
    return entry;
  }

  private write(body: RecordBody): void {
    this.database();
    if (body.t === 'stop' || body.t === 'resume') this.stoppedIds = undefined;
    this.persistence.write(body);
  }

  private database(): Database {
    if (!this.db) throw new StoreError('read-only', `The state of sync '${this.syncName}' is closed.`);
    return this.db;
  }

  private isoNow(): string {
    return this.now().toISOString();
  }
}
