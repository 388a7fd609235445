// Defensive readers for a config value that may not match the schema yet (validators run on every keystroke).

export type Dict = Record<string, unknown>;

export function asDict(value: unknown): Dict | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Dict) : undefined;
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The target field id of a mapping value in either form, when it has one. */
export function mappingTarget(mapping: unknown): string | undefined {
  return typeof mapping === 'string' ? mapping : asString(asDict(mapping)?.target);
}

/** `${env:NAME}` → NAME; undefined for anything else. */
export function envReference(value: string): string | undefined {
  return /^\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(value.trim())?.[1];
}
