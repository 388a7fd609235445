// Which create screens of the issue types a sync creates hold (and require) each field, indexed once per
// snapshot and set of issue types: with 50 issue types and hundreds of fields, checking every mapping against
// every screen on each keystroke would cost more than the rest of validation.
import type { UsedIssueType } from './issue-types';
import type { IssueTypeMetadata, SiteMetadata } from './site-metadata';

export interface ScreenIndex {
  /** The created issue types whose create screen the snapshot knows, in the order of `used`. */
  typesWithScreens: IssueTypeMetadata[];
  /** Their names (shared by every diagnostic about a field that is on none of them). */
  namesWithScreens: string[];
  /** Field id → on how many of those screens it is. */
  onScreens: Map<string, number>;
  /** Field id → the created issue types whose screen requires it and gives it no default value. */
  requiredOn: Map<string, IssueTypeMetadata[]>;
}

const cache = new WeakMap<SiteMetadata, Map<string, ScreenIndex>>();

/** The screen index of the target site for these created issue types, built once per snapshot and type set. */
export function screenIndex(site: SiteMetadata, used: Map<string, UsedIssueType>): ScreenIndex {
  const key = [...used.keys()].join('\n');
  let bySet = cache.get(site);
  if (!bySet) {
    bySet = new Map();
    cache.set(site, bySet);
  }
  const cached = bySet.get(key);
  if (cached) return cached;
  const index: ScreenIndex = {
    typesWithScreens: [],
    namesWithScreens: [],
    onScreens: new Map(),
    requiredOn: new Map(),
  };
  for (const { type } of used.values()) {
    if (!type.createFields) continue;
    index.typesWithScreens.push(type);
    index.namesWithScreens.push(type.name);
    for (const field of type.createFields.values()) {
      index.onScreens.set(field.id, (index.onScreens.get(field.id) ?? 0) + 1);
      if (field.required && !field.hasDefaultValue) {
        const list = index.requiredOn.get(field.id) ?? [];
        list.push(type);
        index.requiredOn.set(field.id, list);
      }
    }
  }
  if (bySet.size > 20) bySet.clear(); // type sets change only while issueTypes is being edited
  bySet.set(key, index);
  return index;
}

/** The names of the issue types whose create screen lacks a field. */
export function screensWithout(index: ScreenIndex, field: string): readonly string[] {
  const count = index.onScreens.get(field) ?? 0;
  if (count === index.typesWithScreens.length) return [];
  if (count === 0) return index.namesWithScreens;
  return index.typesWithScreens.filter((t) => !t.createFields?.has(field)).map((t) => t.name);
}

const lists = new WeakMap<readonly string[], string>();

/** "ENG / Bug, ENG / Task", or the first four and how many more, for messages (data keeps them all). */
export function issueTypeList(project: string, names: readonly string[]): string {
  const cached = lists.get(names);
  if (cached !== undefined && cached.startsWith(`${project} / `)) return cached;
  const text = listOf(project, names);
  lists.set(names, text);
  return text;
}

function listOf(project: string, names: readonly string[]): string {
  const shown = names.length > 5 ? names.slice(0, 4) : names;
  const text = shown.map((t) => `${project} / ${t}`).join(', ');
  return names.length > shown.length ? `${text} and ${names.length - shown.length} more issue types` : text;
}
