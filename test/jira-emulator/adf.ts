// Rich text must be an Atlassian Document Format document: checked against Atlassian's ADF JSON schema
// (draft-04, hence ajv-draft-04), as Jira rejects anything else on /rest/api/3.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv-draft-04';
import type { ValidateFunction } from 'ajv';

let validate: ValidateFunction | undefined;

/** True when `value` is a valid ADF document. */
export function isValidAdf(value: unknown): boolean {
  if (!validate) {
    const schema = JSON.parse(readFileSync(join(import.meta.dirname, 'spec/full.json'), 'utf8')) as object;
    // The schema is large: unoptimised code compiles in a third of the time and validates as fast.
    validate = new Ajv({ strict: false, validateSchema: false, code: { optimize: false } }).compile(schema);
  }
  return validate(value) === true;
}
