// How each troubleshooting category reads in the tree: a title in the user's words and an icon.
import * as vscode from 'vscode';
import { isDeletedTargetEntry, type EntryCategory } from '../../server/src/protocol/events';

const CATEGORIES: Record<EntryCategory, { title: string; icon: string }> = {
  'field-not-on-screen': { title: 'Field not on screen', icon: 'symbol-field' },
  'required-field-missing': { title: 'Required field missing', icon: 'circle-slash' },
  'invalid-transition': { title: 'Invalid transition', icon: 'git-compare' },
  'user-not-found': { title: 'User not found', icon: 'person' },
  'permission-denied': { title: 'Permission denied', icon: 'lock' },
  'not-found': { title: 'Issue not found', icon: 'question' },
  'rate-limited': { title: 'Rate limited', icon: 'watch' },
  validation: { title: 'Rejected by Jira', icon: 'error' },
  network: { title: 'Network problem', icon: 'plug' },
};

export function categoryTitle(category: string): string {
  return CATEGORIES[category as EntryCategory]?.title ?? category;
}

/** The title of one entry: a deleted target issue says so, since its actions differ from other not-found ones. */
export function entryTitle(entry: { category: string; operation: string }): string {
  return isDeletedTargetEntry(entry) ? 'Target issue deleted or hidden' : categoryTitle(entry.category);
}

export function categoryIcon(category: string): vscode.ThemeIcon {
  const icon = CATEGORIES[category as EntryCategory]?.icon ?? 'warning';
  return new vscode.ThemeIcon(icon, new vscode.ThemeColor('problemsWarningIcon.foreground'));
}
