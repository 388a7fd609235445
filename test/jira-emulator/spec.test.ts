// Where Atlassian's published spec is wrong: its own response examples that fail its own schemas. The
// emulator follows what Jira sends (the examples), and spec-check.ts patches the schemas where Jira
// sends undocumented keys. If Atlassian fixes the spec, this list shrinks and the test says so.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { publishedSpec } from './spec-check';

type Operation = {
  responses?: Record<string, { content?: Record<string, { example?: unknown; schema?: unknown }> }>;
};

describe('the published Jira spec subset', () => {
  it('has exactly these examples that fail their own schemas', () => {
    const spec = publishedSpec() as { paths: Record<string, Record<string, Operation>> };
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema(spec, 'jira');
    const pointer = (...s: string[]) => s.map((x) => x.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
    const failing: string[] = [];
    for (const [path, ops] of Object.entries(spec.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        for (const [code, response] of Object.entries(op.responses ?? {})) {
          const content = response.content?.['application/json'];
          if (typeof content?.example !== 'string' || !content.schema) continue;
          let example: unknown;
          try {
            example = JSON.parse(content.example);
          } catch {
            continue;
          }
          const ref = `jira#/${pointer('paths', path, method, 'responses', code, 'content', 'application/json', 'schema')}`;
          if (!ajv.compile({ $ref: ref })(example)) failing.push(`${method.toUpperCase()} ${path} ${code}`);
        }
      }
    }
    assert.deepEqual(failing, [
      // Jira sends untranslatedName on fields; FieldDetails does not declare it.
      'POST /rest/api/3/field 201',
      // The example carries `expand` on the result, which BulkIssueResults does not declare.
      'POST /rest/api/3/issue/bulkfetch 200',
      // The example's first field has no `schema`, which FieldCreateMetadata requires.
      'GET /rest/api/3/issue/createmeta/{projectIdOrKey}/issuetypes/{issueTypeId} 200',
      // Jira sends defaultLocale; ServerInformation does not declare it.
      'GET /rest/api/3/serverInfo 200',
      // The example is an object, but the operation returns an array of users.
      'GET /rest/api/3/user/assignable/search 200',
      // The example's project avatar URLs are relative (`secure/projectavatar?…`), not the `uri` format declared.
      'GET /rest/api/3/workflow/search 200',
    ]);
  });
});
