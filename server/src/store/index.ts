// The state store of one sync (DESIGN.md §6): links, comment links, create intents, runs, troubleshooting
// entries and their pending changes, stopped issues, in one SQLite database per sync (sql.js) plus an fsynced
// journal.
//
// Typical engine use:
//   const store = await openSyncStore({ stateDir, syncName: config.name });   // LockHeldError → exit 3
//   store.setSyncInfo({ configPath, sourceSiteUrl, targetSiteUrl });
//   store.purgeExpired(config.personalData?.retentionDays ?? 30);
//   for (const intent of store.unfinishedCreateIntents()) { …look for its backbone.link on the target… }
//   const runId = store.startRun({ dryRun });
//   per issue: store.isSyncStopped(id) → skip (ignore --stop-syncing); store.hasOpenEntry(id) → queue;
//              await store.recordCreateIntent(…) before a create;
//              store.recordLink(…) / setPayloadHash(…) / recordCommentLink(…) / recordFailure(…) /
//              resolveOpenEntriesFor(…); then await store.markIssueProcessed();
//   store.finishRun(runId, outcome, counts); await store.close();
export type {
  EntryCategory,
  EntryState,
  EntryOperation,
  EntryInput,
  EntryFilter,
  PendingChangeRef,
  TroubleshootingEntry,
  IssueLink,
  CommentLink,
  CreateIntent,
  SyncInfo,
  RunCounts,
  RunOutcome,
  RunRecord,
  EraseCounts,
  SyncStore,
  StoppedIssue,
} from './types';
export { ENTRY_CATEGORIES, ENTRY_STATES } from './types';
export {
  StoreError,
  LockHeldError,
  StoreCorruptedError,
  StoreTooNewError,
  UnknownEntryError,
  type StoreErrorCode,
} from './errors';
export { resolveStateDir, syncPaths, listSyncNames, type StateDirInputs, type SyncPaths } from './state-dir';
export { openSyncStore, readSyncStore, type OpenSyncStoreOptions, type ReadSyncStoreOptions } from './open';
export { entriesView, statusView, entryJson } from './views';
export {
  eraseAccount,
  type EraseAccountOptions,
  type EraseAccountResult,
  type TargetIssueRef,
} from './erase';
export { parseEntryId, formatEntryId, entryHelpUrl } from './entry-id';
export { loadSqlJs } from './sqljs';
