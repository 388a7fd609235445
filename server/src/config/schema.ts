// The config schema, compiled once with ajv. Editor keywords (markdownDescription, defaultSnippets) are
// not JSON Schema, hence `strict: false`.
import Ajv from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import schemaJson from '../../../schemas/sync-config.schema.json';

export type JsonSchema = Record<string, unknown>;

export const configSchema = schemaJson as unknown as JsonSchema;

let compiled: ValidateFunction | undefined;

/** Validates data against the config schema; all errors, with their parent schemas (`verbose`). */
export function schemaErrors(data: unknown): ErrorObject[] {
  if (!compiled) {
    const ajv = new Ajv({ allErrors: true, verbose: true, strict: false });
    addFormats(ajv);
    compiled = ajv.compile(configSchema);
  }
  return compiled(data) ? [] : [...(compiled.errors ?? [])];
}
