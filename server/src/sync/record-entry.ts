// Records a failed change as a troubleshooting entry in the store and tells the front end (entry-opened).
import type { SyncConfig } from '../config/model';
import { helpAnchor, type RunCounts, type SyncEvent } from '../protocol/events';
import type { SyncStore } from '../store';
import type { EntryReport } from './import';
import type { MappedIssue } from './map';

const time = (): string => new Date().toISOString();

/** Opens (or bumps) the entry, counts it and emits entry-opened. */
export function recordEntry(
  store: SyncStore,
  config: SyncConfig,
  mapped: MappedIssue,
  report: EntryReport,
  counts: RunCounts,
  emit: (event: SyncEvent) => void,
): void {
  const { entry, isNew } = store.recordFailure({
    sourceIssueId: mapped.sourceIssueId,
    sourceKey: mapped.sourceKey,
    targetIssueId: report.targetIssueId,
    targetKey: report.targetKey,
    operation: report.operation,
    fieldId: report.field,
    category: report.category,
    message: report.message,
    jiraStatus: report.status,
    jiraErrorKeys: report.errorKeys,
    configLine: report.configLine,
    pendingChange: {
      sourceIssueId: mapped.sourceIssueId,
      operation: report.operation,
      fieldIds: report.fieldIds,
      accountIds: report.accountIds,
    },
  });
  if (isNew) counts.entriesOpened++;
  emit({
    type: 'entry-opened',
    time: time(),
    entry: {
      id: entry.id,
      sync: config.name,
      category: report.category,
      operation: report.operation,
      field: report.field,
      sourceIssueId: mapped.sourceIssueId,
      sourceKey: mapped.sourceKey,
      targetKey: report.targetKey,
      message: report.message,
      configLine: report.configLine,
      help: helpAnchor(report.category),
    },
  });
}
