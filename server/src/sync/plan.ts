// Dry run: the field-level before/after of an edit, read from the target issue without writing anything.
import type { JiraSite } from '../jira/client';
import { adfToText, isAdfDoc } from '../jira/adf';

/** A comparable form of a field value (ADF as its text, users as account IDs, options by value or name). */
export function comparable(value: unknown): unknown {
  if (value === null || value === undefined || value === '') return null;
  if (isAdfDoc(value)) return adfToText(value);
  if (Array.isArray(value)) {
    const items = value.map(comparable).filter((v) => v !== null);
    return items.length === 0 ? null : JSON.stringify(items.map((v) => JSON.stringify(v)).sort());
  }
  if (typeof value === 'object') {
    const r = value as Record<string, unknown>;
    if (typeof r.accountId === 'string') return r.accountId;
    if (typeof r.value === 'string') return r.value;
    if (typeof r.name === 'string') return r.name;
  }
  return value;
}

/** The fields whose value would change, with before and after. */
export async function planEdit(
  target: JiraSite,
  targetIssueId: string,
  fields: Record<string, unknown>,
): Promise<{ field: string; before: unknown; after: unknown }[]> {
  const names = Object.keys(fields);
  if (names.length === 0) return [];
  const issue = await target.api.issues.getIssue({ issueIdOrKey: targetIssueId, fields: names });
  const current = (issue.fields ?? {}) as Record<string, unknown>;
  const changes: { field: string; before: unknown; after: unknown }[] = [];
  for (const name of names) {
    const before = comparable(current[name]);
    const after = comparable(fields[name]);
    if (JSON.stringify(before) !== JSON.stringify(after)) changes.push({ field: name, before, after });
  }
  return changes;
}
