// `erase-account`: remove every stored reference to one account from every sync of a state directory.
import { StoreError } from './errors';
import { openWritable } from './open';
import { listSyncNames } from './state-dir';
import type { EraseCounts, SyncInfo } from './types';
import { checkAccountId } from './validate-input';

/** A target issue where the account appears in a mapped user field (the manual-deletion checklist). */
export interface TargetIssueRef {
  issueId: string;
  key: string;
  /** Field ids where the account appears. */
  fieldIds: string[];
}

export interface EraseAccountOptions {
  stateDir: string;
  accountId: string;
  now?: () => Date;
  /**
   * Searches the sync's target at this moment (JQL) for issues where the account appears in a mapped user
   * field. Supplied by the engine (it has the Jira client and the config); without it no search is done.
   */
  findTargetIssues?: (request: { accountId: string; sync: SyncInfo }) => Promise<TargetIssueRef[]>;
}

export interface EraseAccountResult {
  accountId: string;
  syncs: Array<{
    name: string;
    /** What was removed; null when the sync could not be opened (see `error`). */
    removed: EraseCounts | null;
    /** Target issues to clean up by hand; null when no search was done. */
    targetIssues: TargetIssueRef[] | null;
    /** Why this sync was skipped or its search failed (lock held, damaged database, search error). */
    error: { code: string; message: string } | null;
  }>;
}

/**
 * For each sync in the state directory: takes its lock, removes the account's references (pending changes,
 * entry messages), VACUUMs and checkpoints; then asks `findTargetIssues` for the manual checklist.
 * A sync that is locked or damaged is reported in its `error` and the others are still erased.
 */
export async function eraseAccount(options: EraseAccountOptions): Promise<EraseAccountResult> {
  const accountId = checkAccountId(options.accountId, 'the account ID to erase');
  const result: EraseAccountResult = { accountId, syncs: [] };
  for (const name of listSyncNames(options.stateDir)) {
    const outcome: EraseAccountResult['syncs'][number] = {
      name,
      removed: null,
      targetIssues: null,
      error: null,
    };
    result.syncs.push(outcome);
    let info: SyncInfo | undefined;
    try {
      const store = await openWritable({ stateDir: options.stateDir, syncName: name, now: options.now });
      try {
        outcome.removed = store.eraseAccount(accountId);
        info = store.getSyncInfo();
      } finally {
        await store.close();
      }
    } catch (error) {
      outcome.error = describe(error);
      continue;
    }
    if (options.findTargetIssues && info) {
      try {
        outcome.targetIssues = await options.findTargetIssues({ accountId, sync: info });
      } catch (error) {
        outcome.error = describe(error);
      }
    }
  }
  return result;
}

function describe(error: unknown): { code: string; message: string } {
  if (error instanceof StoreError) return { code: error.code, message: error.message };
  // Never echo an unknown error's text: it may hold Jira's response body.
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : 'failed';
  return { code, message: `The step failed (${code}).` };
}
