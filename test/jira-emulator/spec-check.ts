// Checks emulator responses against Atlassian's OpenAPI spec (the copied subset in spec/). Used by the
// emulator's tests through `startEmulator({ onResponse })`, so every response of every test is checked,
// including those jira.js received.
//
// Where the spec itself is wrong, the patch is here (never in the copied file), with the reason:
// - Error responses: most operations document no body for 4xx, yet Jira sends its ErrorCollection
//   ({"errorMessages":[],"errors":{}}) for them; we check every JSON error body against ErrorCollection.
// - FieldDetails has no `untranslatedName`, and ServerInformation no `defaultLocale`, yet Jira sends both
//   (the spec's own examples carry them and fail its schemas; jira.js's models include them). The
//   emulator sends them too, and the schemas are patched in memory below to allow them.
// - PUT comment/issue properties and POST watchers/transitions document an `application/json` body
//   for 200/201/204, but Jira answers these with no body; an empty body is accepted.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import type { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { ObservedResponse } from './server';

interface Operation {
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

/** The copied spec as published (the tests read its examples); `spec` below is patched. */
export const publishedSpec = (): Record<string, unknown> =>
  JSON.parse(readFileSync(join(import.meta.dirname, 'spec/jira-v3-subset.json'), 'utf8')) as Record<
    string,
    unknown
  >;

const spec = JSON.parse(readFileSync(join(import.meta.dirname, 'spec/jira-v3-subset.json'), 'utf8')) as {
  paths: Record<string, Record<string, Operation>>;
};
const schemas = (
  spec as unknown as { components: { schemas: Record<string, { properties: Record<string, unknown> }> } }
).components.schemas;
(schemas.FieldDetails as { properties: Record<string, unknown> }).properties.untranslatedName = {
  type: 'string',
};
(schemas.ServerInformation as { properties: Record<string, unknown> }).properties.defaultLocale = {
  type: 'object',
  properties: { locale: { type: 'string' } },
  additionalProperties: false,
};
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema(spec, 'jira');
const compiled = new Map<string, ValidateFunction>();

function pointer(...segments: string[]): string {
  return segments.map((s) => s.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
}

function validator(ref: string): ValidateFunction {
  let v = compiled.get(ref);
  if (!v) {
    v = ajv.compile({ $ref: ref });
    compiled.set(ref, v);
  }
  return v;
}

/** Problems of one response against the spec; empty when it conforms. */
export function specProblems(r: ObservedResponse): string[] {
  const where = `${r.method} ${r.path} → ${r.status}`;
  if (r.status === 401 && r.contentType === 'text/plain') return [];
  if (!r.template) return r.status >= 400 ? [] : [`${where}: no spec path matched`];
  const operation = spec.paths[r.template]?.[r.method.toLowerCase()];
  if (!operation) return [`${where}: ${r.method} ${r.template} is not in the spec`];
  if (r.body === undefined) {
    return r.status >= 200 && r.status < 300 && !operation.responses?.[String(r.status)]
      ? [`${where}: status not documented`]
      : [];
  }
  if (r.contentType !== 'application/json') return [`${where}: body is not JSON`];
  const documented = operation.responses?.[String(r.status)];
  const hasSchema = documented?.content?.['application/json']?.schema !== undefined;
  let ref: string;
  if (r.status >= 400) {
    ref = 'jira#/components/schemas/ErrorCollection';
  } else if (hasSchema) {
    ref = `jira#/${pointer('paths', r.template, r.method.toLowerCase(), 'responses', String(r.status), 'content', 'application/json', 'schema')}`;
  } else {
    return [`${where}: status ${r.status} with a JSON body is not documented`];
  }
  const validate = validator(ref);
  if (validate(r.body)) return [];
  return (validate.errors ?? [])
    .slice(0, 5)
    .map((e) => `${where}: ${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
}

/** Collects spec problems of every response; `problems` is asserted empty at the end of a test file. */
export function specRecorder(): {
  onResponse: (r: ObservedResponse) => void;
  problems: string[];
  checked: () => number;
} {
  const problems: string[] = [];
  let count = 0;
  return {
    onResponse: (r) => {
      count++;
      problems.push(...specProblems(r));
    },
    problems,
    checked: () => count,
  };
}
