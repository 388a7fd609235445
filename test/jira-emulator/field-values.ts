// Checks the `fields` and `update` of a create or edit request the way Jira does: screens, required
// fields, value types, ADF, users and assignability. Collects every error, keyed by field id, and
// returns the values in the emulator's stored form (users as account IDs).
import { isValidAdf } from './adf';
import type { FieldDefinition } from './fields-catalog';
import { fieldCatalog } from './fields-catalog';
import { isObject } from './http';
import type { SiteState } from './site-state';

export const NOT_ON_SCREEN = (id: string) =>
  `Field '${id}' cannot be set. It is not on the appropriate screen, or unknown.`;
const ADF_REQUIRED = 'Operation value must be an Atlassian Document (see the Atlassian Document Format)';

export interface FieldChangeResult {
  values: Record<string, unknown>;
  errors: Record<string, string>;
}

interface Context {
  site: SiteState;
  projectKey: string;
  /** Fields allowed in this request (create or edit screen, or transition screen). */
  screen: Set<string>;
}

/** Turns the `update` operations (set/add/remove) into plain field values, given the current ones. */
function applyUpdates(
  update: Record<string, unknown>,
  current: Record<string, unknown>,
  errors: Record<string, string>,
): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [id, ops] of Object.entries(update)) {
    if (!Array.isArray(ops)) {
      errors[id] = `Field '${id}': operations must be an array.`;
      continue;
    }
    let value: unknown = current[id] ?? null;
    for (const op of ops) {
      if (!isObject(op)) continue;
      if ('set' in op) value = op.set;
      if ('add' in op) value = [...(Array.isArray(value) ? value : []), op.add];
      if ('remove' in op)
        value = (Array.isArray(value) ? value : []).filter(
          (v) => JSON.stringify(v) !== JSON.stringify(op.remove),
        );
    }
    values[id] = value;
  }
  return values;
}

function accountIdOf(value: unknown): string | undefined {
  return isObject(value) && typeof value.accountId === 'string' ? value.accountId : undefined;
}

/** Checks one value against its field; returns the stored form or an error message. */
function convert(
  ctx: Context,
  field: FieldDefinition,
  value: unknown,
): { value: unknown } | { error: string } {
  const { site } = ctx;
  const users = site.config.users;
  if (value === null && field.kind !== 'summary') return { value: null };
  switch (field.kind) {
    case 'summary':
      if (typeof value !== 'string' || value.trim() === '')
        return { error: 'You must specify a summary of the issue.' };
      if (value.length > 255) return { error: 'Summary must be less than 255 characters.' };
      return { value };
    case 'textarea':
      return isValidAdf(value) ? { value } : { error: ADF_REQUIRED };
    case 'text':
      if (typeof value !== 'string') return { error: 'Operation value must be a string' };
      if (value.length > 255)
        return { error: 'The entered text is too long. It exceeds the allowed limit of 255 characters.' };
      return { value };
    case 'number':
      return typeof value === 'number' ? { value } : { error: 'Operation value must be a number' };
    case 'date':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)
        ? { value }
        : { error: `Error parsing date string: ${String(value)}` };
    case 'labels': {
      if (!Array.isArray(value) || value.some((l) => typeof l !== 'string'))
        return { error: 'Operation value must be an array of strings' };
      const spaced = (value as string[]).find((l) => /\s/.test(l));
      if (spaced !== undefined) return { error: `The label '${spaced}' contains spaces which is invalid.` };
      return { value };
    }
    case 'priority': {
      const priorities = site.priorities();
      const wanted = isObject(value) ? (value.name ?? value.id) : undefined;
      const name = Object.keys(priorities).find((n) => n === wanted || priorities[n]?.id === wanted);
      return name ? { value: name } : { error: `Specify a valid value for priority` };
    }
    case 'select': {
      const wanted = isObject(value) ? (value.value ?? value.id) : undefined;
      const options = field.options ?? [];
      const found = options.find((o, i) => o === wanted || String(10100 + i) === wanted);
      return found !== undefined
        ? { value: found }
        : { error: `Specify a valid 'id' or 'name' for ${field.name}` };
    }
    case 'user': {
      const id = accountIdOf(value);
      if (field.id === 'assignee') {
        if (id === undefined || !site.isAssignable(ctx.projectKey, id)) {
          return { error: `User '${id ?? String(value)}' cannot be assigned issues.` };
        }
        return { value: id };
      }
      if (id === undefined || !users[id] || users[id]?.active === false) {
        return { error: `User '${id ?? String(value)}' was not found in the system.` };
      }
      return { value: id };
    }
    case 'reporter': {
      const id = accountIdOf(value);
      if (id === undefined || !users[id] || users[id]?.active === false)
        return { error: 'The reporter specified is not a user.' };
      return { value: id };
    }
    case 'users': {
      if (!Array.isArray(value)) return { error: 'Operation value must be an array of users' };
      const ids: string[] = [];
      for (const item of value) {
        const id = accountIdOf(item);
        if (id === undefined || !users[id] || users[id]?.active === false) {
          return { error: `User '${id ?? String(item)}' was not found in the system.` };
        }
        ids.push(id);
      }
      return { value: ids };
    }
    case 'versions':
      return Array.isArray(value) ? { value } : { error: 'Operation value must be an array' };
    default:
      return { error: NOT_ON_SCREEN(field.id) };
  }
}

/**
 * Validates requested field changes. `current` is the values (edit) or {} (create);
 * `skip` lists ids the caller handles itself (project, issuetype on create).
 */
export function checkFieldChanges(
  site: SiteState,
  projectKey: string,
  screen: Set<string>,
  fields: Record<string, unknown>,
  update: Record<string, unknown>,
  current: Record<string, unknown>,
  skip: string[] = [],
): FieldChangeResult {
  const errors: Record<string, string> = {};
  const catalog = fieldCatalog(site.config);
  const requested: Record<string, unknown> = { ...applyUpdates(update, current, errors) };
  for (const [id, value] of Object.entries(fields)) {
    if (id in requested) {
      errors[id] = `Field '${id}' cannot be set in both fields and update.`;
      continue;
    }
    requested[id] = value;
  }
  const values: Record<string, unknown> = {};
  const ctx: Context = { site, projectKey, screen };
  for (const [id, value] of Object.entries(requested)) {
    if (skip.includes(id)) continue;
    const field = catalog.get(id);
    if (!field || field.readOnly || !screen.has(id)) {
      errors[id] = NOT_ON_SCREEN(id);
      continue;
    }
    const result = convert(ctx, field, value);
    if ('error' in result) errors[id] = result.error;
    else values[id] = result.value;
  }
  return { values, errors };
}

/** Errors for required fields that would end up empty. */
export function missingRequired(
  site: SiteState,
  required: string[],
  values: Record<string, unknown>,
): Record<string, string> {
  const errors: Record<string, string> = {};
  const catalog = fieldCatalog(site.config);
  for (const id of required) {
    const value = values[id];
    const empty =
      value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
    if (!empty) continue;
    errors[id] =
      id === 'summary'
        ? 'You must specify a summary of the issue.'
        : `${catalog.get(id)?.name ?? id} is required.`;
  }
  return errors;
}
