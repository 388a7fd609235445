// Our own sentences for troubleshooting entries: what failed, where, Jira's status and error keys, what to do.
// Never Jira's text (translated, and it may name people), never a name or an email.
import type { EntryCategory, EntryOperation } from '../protocol/events';

export interface MessageFacts {
  category: EntryCategory;
  operation: EntryOperation;
  field: string | null;
  status: number | null;
  errorKeys: string[];
  project: string;
  issueType: string;
  targetKey: string | null;
  /** For invalid-transition. */
  fromStatus?: string | null;
  toStatus?: string | null;
  /** For user-not-found: the source account IDs (pseudonymous; erased by erase-account). */
  accountIds?: string[];
  userMode?: 'account-id' | 'email';
  /** For required-field-missing: the config maps a source field to it, which is empty on this issue. */
  mappedButEmpty?: boolean;
  /** For network: a system error code like ECONNRESET. */
  networkCode?: string;
}

function jiraSaid(facts: MessageFacts): string {
  if (facts.status === null) return '';
  const keys = facts.errorKeys.length > 0 ? `, error keys: ${facts.errorKeys.join(', ')}` : '';
  return ` (Jira answered HTTP ${facts.status}${keys})`;
}

const WRITE: Record<string, string> = {
  create: 'create the issue',
  edit: 'update the issue',
  transition: 'transition the issue',
  comment: 'add a comment',
  watchers: 'change the watchers',
  link: 'read the link',
};

/** The message of an entry. */
export function entryMessage(facts: MessageFacts): string {
  const where = `${facts.project} / ${facts.issueType}`;
  const field = facts.field ?? 'a field';
  const said = jiraSaid(facts);
  switch (facts.category) {
    case 'field-not-on-screen':
      return `Field '${field}' is not on the ${facts.operation === 'create' ? 'Create' : 'Edit'} screen of ${where}${said}. Add it to the screen, or remove this mapping.`;
    case 'required-field-missing':
      if (facts.mappedButEmpty) {
        return `Jira requires field '${field}' to ${WRITE[facts.operation] ?? facts.operation} in ${where}, and the source field mapped to it is empty on this issue${said}. Fill it in the source issue, give the mapping a \`default\`, or make the field optional in the target's field configuration.`;
      }
      return `Jira requires field '${field}' to ${WRITE[facts.operation] ?? facts.operation} in ${where}, and the config does not map it${said}. Map a source field to it, or make it optional in the target's field configuration.`;
    case 'invalid-transition':
      return `No transition leads from status '${facts.fromStatus ?? 'unknown'}' to '${facts.toStatus ?? 'unknown'}' for ${where}${said}. Change the \`statuses\` mapping, or add the transition to the target workflow.`;
    case 'user-not-found': {
      const ids =
        facts.accountIds && facts.accountIds.length > 0 ? ` (account ID ${facts.accountIds.join(', ')})` : '';
      const how = facts.userMode === 'email' ? 'by email address' : 'by account ID';
      return `A user of field '${field}'${ids} does not resolve on the target site ${how}${said}. Give the user access to ${facts.project}, set personalData.fallbackUser, or remove the mapping.`;
    }
    case 'permission-denied':
      return `The sync user may not ${WRITE[facts.operation] ?? facts.operation} in ${facts.project}${said}. Grant the permission in the target project's permission scheme, then retry.`;
    case 'not-found':
      return facts.targetKey
        ? `Target issue ${facts.targetKey} no longer exists or is not visible to the sync user${said}. Retry to sync into a new issue, or ignore future changes.`
        : `Jira could not find what the ${facts.operation} needs in ${facts.project}${said}. Check the project key and issue type mapping.`;
    case 'rate-limited':
      return `The target site kept rate-limiting the sync user${said} and the retries ran out. Retry later, or run with a lower --concurrency.`;
    case 'network':
      return facts.status !== null
        ? `The target site failed on its side${said} and the retries ran out. Retry later.`
        : `No answer from the target site (${facts.networkCode ?? 'network error'}) while trying to ${WRITE[facts.operation] ?? facts.operation}. Check the connection, then retry.`;
    case 'validation':
      return `Jira refused to ${WRITE[facts.operation] ?? facts.operation}${said}. Check the mapped value${facts.field ? ` of '${facts.field}'` : 's'} against the target field's allowed values.`;
  }
}
