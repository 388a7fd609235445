// Every change to a sync's state is one journal record, applied to the in-memory database by `applyRecord`.
// The same function applies a record live and when replaying the journal after a crash, so replay cannot
// drift from what the live run did. Records carry every value they need (times, numbers, run ids).
import type { Database } from 'sql.js';
import type { CheckedEntryInput } from './validate-input';
import type { EntryState, PendingChangeRef, RunCounts, RunOutcome } from './types';

type Body =
  | { t: 'sync-info'; configPath: string; sourceSiteUrl: string; targetSiteUrl: string; at: string }
  | {
      t: 'link';
      sourceIssueId: string;
      sourceKey: string;
      targetIssueId: string;
      targetKey: string;
      payloadHash: string | null | undefined;
      at: string;
    }
  | { t: 'hash'; sourceIssueId: string; payloadHash: string; at: string }
  | { t: 'comment-link'; sourceIssueId: string; sourceCommentId: string; targetCommentId: string }
  | { t: 'intent'; sourceIssueId: string; sourceKey: string; at: string }
  | { t: 'intent-abandoned'; sourceIssueId: string }
  | { t: 'run-started'; runId: number; dryRun: boolean; at: string }
  | { t: 'run-finished'; runId: number; outcome: RunOutcome; counts: RunCounts; at: string }
  /** Opens entry `number`, or, when it exists (an upsert), bumps its attempts and refreshes its details. */
  | { t: 'failure'; number: number; input: CheckedEntryInput; at: string }
  | {
      t: 'entry-state';
      number: number;
      state: EntryState;
      pendingChange: PendingChangeRef | null;
      at: string;
    }
  | { t: 'attempt'; number: number; at: string }
  /** Stops syncing a source issue (ignore future changes of a deleted target issue); `number` is the entry. */
  | { t: 'stop'; sourceIssueId: string; sourceKey: string; number: number; at: string }
  | { t: 'resume'; sourceIssueId: string };

/** One line of the journal: `seq` orders records and tells which ones a checkpoint already holds. */
export type JournalRecord = Body & { seq: number };
export type RecordBody = Body;

/** Applies one record to the database (inside the caller's transaction, if any). */
export function applyRecord(db: Database, record: RecordBody): void {
  switch (record.t) {
    case 'sync-info':
      db.run(
        `UPDATE sync_info SET config_path = ?, source_site_url = ?, target_site_url = ?, updated_at = ? WHERE id = 1`,
        [record.configPath, record.sourceSiteUrl, record.targetSiteUrl, record.at],
      );
      return;
    case 'link':
      db.run(
        `INSERT INTO links (source_issue_id, source_key, target_issue_id, target_key, payload_hash, updated_at)
         VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (source_issue_id) DO UPDATE SET source_key = excluded.source_key,
           target_issue_id = excluded.target_issue_id, target_key = excluded.target_key,
           payload_hash = CASE WHEN ? THEN excluded.payload_hash ELSE links.payload_hash END,
           updated_at = excluded.updated_at`,
        [
          record.sourceIssueId,
          record.sourceKey,
          record.targetIssueId,
          record.targetKey,
          record.payloadHash ?? null,
          record.at,
          record.payloadHash === undefined ? 0 : 1,
        ],
      );
      db.run('DELETE FROM create_intents WHERE source_issue_id = ?', [record.sourceIssueId]);
      return;
    case 'hash':
      db.run('UPDATE links SET payload_hash = ?, updated_at = ? WHERE source_issue_id = ?', [
        record.payloadHash,
        record.at,
        record.sourceIssueId,
      ]);
      return;
    case 'comment-link':
      db.run(
        `INSERT OR REPLACE INTO comment_links (source_comment_id, source_issue_id, target_comment_id) VALUES (?, ?, ?)`,
        [record.sourceCommentId, record.sourceIssueId, record.targetCommentId],
      );
      return;
    case 'intent':
      db.run(
        'INSERT OR REPLACE INTO create_intents (source_issue_id, source_key, recorded_at) VALUES (?, ?, ?)',
        [record.sourceIssueId, record.sourceKey, record.at],
      );
      return;
    case 'intent-abandoned':
      db.run('DELETE FROM create_intents WHERE source_issue_id = ?', [record.sourceIssueId]);
      return;
    case 'run-started':
      // Only the lock holder starts runs, so an unfinished run found now belongs to a dead process.
      db.run(`UPDATE runs SET outcome = 'interrupted' WHERE finished_at IS NULL AND outcome = 'running'`);
      db.run(`INSERT INTO runs (id, started_at, outcome, dry_run) VALUES (?, ?, 'running', ?)`, [
        record.runId,
        record.at,
        record.dryRun ? 1 : 0,
      ]);
      return;
    case 'run-finished': {
      const c = record.counts;
      db.run(
        `UPDATE runs SET finished_at = ?, outcome = ?, created = ?, updated = ?, unchanged = ?, failed = ?,
           stopped = ?, entries_opened = ?, entries_resolved = ? WHERE id = ?`,
        [
          record.at,
          record.outcome,
          c.created,
          c.updated,
          c.unchanged,
          c.failed,
          c.stopped ?? 0,
          c.entriesOpened,
          c.entriesResolved,
          record.runId,
        ],
      );
      return;
    }
    case 'failure':
      applyFailure(db, record.number, record.input, record.at);
      return;
    case 'entry-state':
      // A closed entry no longer needs its account IDs (DESIGN.md §9.1): not in its pending change (deleted
      // below), nor in its message.
      if (record.state !== 'open') scrubAccountIdsFromMessage(db, record.number);
      db.run('UPDATE entries SET state = ?, resolved_at = ? WHERE number = ?', [
        record.state,
        record.state === 'open' ? null : record.at,
        record.number,
      ]);
      setPendingChange(db, record.number, record.state === 'open' ? record.pendingChange : null);
      return;
    case 'attempt':
      db.run('UPDATE entries SET attempts = attempts + 1, last_seen = ? WHERE number = ?', [
        record.at,
        record.number,
      ]);
      return;
    case 'stop':
      // A second stop of the same issue keeps the first time and entry: the decision dates from then.
      db.run(
        `INSERT INTO stopped_issues (source_issue_id, source_key, entry_number, since) VALUES (?, ?, ?, ?)
         ON CONFLICT (source_issue_id) DO NOTHING`,
        [record.sourceIssueId, record.sourceKey, record.number, record.at],
      );
      return;
    case 'resume':
      db.run('DELETE FROM stopped_issues WHERE source_issue_id = ?', [record.sourceIssueId]);
      return;
  }
}

function applyFailure(db: Database, number: number, input: CheckedEntryInput, at: string): void {
  const exists = db.exec('SELECT 1 FROM entries WHERE number = ?', [number]).length > 0;
  const details = [
    input.targetIssueId,
    input.targetKey,
    input.message,
    input.jiraStatus,
    JSON.stringify(input.jiraErrorKeys),
    input.configLine,
  ];
  if (exists) {
    db.run(
      `UPDATE entries SET target_issue_id = COALESCE(?, target_issue_id), target_key = COALESCE(?, target_key),
         message = ?, jira_status = ?, jira_error_keys = ?, config_line = COALESCE(?, config_line),
         attempts = attempts + 1, last_seen = ? WHERE number = ?`,
      [...details, at, number],
    );
  } else {
    db.run(
      `INSERT INTO entries (target_issue_id, target_key, message, jira_status, jira_error_keys, config_line,
         number, source_issue_id, source_key, operation, field_id, category, first_seen, last_seen, attempts, state)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, 'open')`,
      [
        ...details,
        number,
        input.sourceIssueId,
        input.sourceKey,
        input.operation,
        input.fieldId,
        input.category,
        at,
        at,
      ],
    );
    db.run(`INSERT OR REPLACE INTO meta (key, value) VALUES ('next_entry_number', ?)`, [String(number + 1)]);
  }
  if (input.pendingChange !== undefined) setPendingChange(db, number, input.pendingChange);
}

/** The placeholder that replaces an account ID in an entry message once it must not be kept. */
export const ERASED_ACCOUNT = '[erased account]';

function scrubAccountIdsFromMessage(db: Database, number: number): void {
  const ids =
    db.exec('SELECT account_id FROM pending_accounts WHERE entry_number = ?', [number])[0]?.values ?? [];
  for (const [id] of ids) {
    if (typeof id !== 'string' || !id) continue;
    db.run('UPDATE entries SET message = replace(message, ?, ?) WHERE number = ?', [
      id,
      ERASED_ACCOUNT,
      number,
    ]);
  }
}

/** Replaces the pending change of an entry (null deletes it, with its account references). */
function setPendingChange(db: Database, number: number, change: PendingChangeRef | null): void {
  db.run('DELETE FROM pending_accounts WHERE entry_number = ?', [number]);
  db.run('DELETE FROM pending_changes WHERE entry_number = ?', [number]);
  if (!change) return;
  db.run(
    'INSERT INTO pending_changes (entry_number, source_issue_id, operation, field_ids) VALUES (?, ?, ?, ?)',
    [number, change.sourceIssueId, change.operation, JSON.stringify(change.fieldIds)],
  );
  for (const accountId of change.accountIds) {
    db.run('INSERT OR IGNORE INTO pending_accounts (entry_number, account_id) VALUES (?, ?)', [
      number,
      accountId,
    ]);
  }
}
