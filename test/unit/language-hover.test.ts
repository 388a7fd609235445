// Hover: keys show their schema documentation, field ids their name/type/personal data, `${env:NAME}` the
// token status the client reports (or "unknown" when it does not answer). The caret `|` marks the cursor.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Hover } from 'vscode-languageserver-types';
import { ConfigDocument } from '../../server/src/config/document';
import { ConfigText } from '../../server/src/language/config-text';
import { hover } from '../../server/src/language/hover';
import type { HoverOptions } from '../../server/src/language/hover';

async function hoverAt(source: string, options: HoverOptions = {}): Promise<Hover | null> {
  const caret = source.indexOf('|');
  const text = source.slice(0, caret) + source.slice(caret + 1);
  const before = text.slice(0, caret).split('\n');
  const position = { line: before.length - 1, character: before[before.length - 1]!.length };
  return hover(new ConfigText('file:///t.sync.yaml', 1, text), position, { extensions: [], ...options });
}

function markdown(h: Hover | null): string {
  assert.ok(h, 'expected a hover');
  return (h.contents as { value: string }).value;
}

test('a key shows its markdownDescription, allowed values and default', async () => {
  const h = await hoverAt('personalData:\n  us|ers: email\n');
  assert.match(markdown(h), /How a user is found on the target site/);
  assert.match(markdown(h), /Allowed: `account-id`, `email`/);
  assert.match(markdown(h), /Default: `account-id`/);
  assert.deepEqual(h?.range, { start: { line: 1, character: 2 }, end: { line: 1, character: 7 } });
});

test('keys inside flow mappings and under `allOf` references have their docs', async () => {
  assert.match(
    markdown(await hoverAt('source: { si|te: support, project: SUP }')),
    /name of a site declared/,
  );
  assert.match(markdown(await hoverAt('source: { site: support, project: SUP, j|ql: x }')), /JQL filter/);
});

test('a source field id shows its name, type and that it carries personal data', async () => {
  const md = markdown(await hoverAt('fields:\n  assi|gnee: assignee\n'));
  assert.match(md, /\*\*Assignee\*\* `assignee` — source field/);
  assert.match(md, /Type: user/);
  assert.match(md, /\*\*Personal data\*\*/);
});

test('a target field id (passthrough, object form, block `target:`) shows the target field', async () => {
  assert.match(
    markdown(await hoverAt('fields:\n  priority: prio|rity\n')),
    /\*\*Priority\*\* `priority` — target field[\s\S]*No personal data/,
  );
  assert.match(
    markdown(await hoverAt('fields:\n  reporter: { target: rep|orter }\n')),
    /\*\*Reporter\*\* `reporter` — target field/,
  );
  assert.match(markdown(await hoverAt('fields:\n  x:\n    target: summ|ary\n')), /\*\*Summary\*\*/);
  assert.match(markdown(await hoverAt('fields:\n  customfield_10010: customfield_2|0010\n')), /custom field/);
  assert.match(markdown(await hoverAt('fields:\n  summ|ry: summary\n')), /not a Jira field id/);
});

test('`${env:NAME}` shows the token status the client reports, by name only', async () => {
  const asked: string[] = [];
  const status = (answer: { inEnvironment: boolean; inSecretStorage: boolean } | undefined) => ({
    tokenStatus: async (name: string) => {
      asked.push(name);
      return answer;
    },
  });
  const text = 'sites:\n  s:\n    auth: { email: a@b.c, token: "${env:S_T|OKEN}" }\n';
  assert.match(
    markdown(await hoverAt(text, status({ inEnvironment: true, inSecretStorage: false }))),
    /`S_TOKEN`: \*\*set in the environment\*\*/,
  );
  assert.match(
    markdown(await hoverAt(text, status({ inEnvironment: false, inSecretStorage: true }))),
    /secret storage/,
  );
  assert.match(
    markdown(await hoverAt(text, status({ inEnvironment: false, inSecretStorage: false }))),
    /\*\*missing\*\*/,
  );
  assert.match(markdown(await hoverAt(text, status(undefined))), /\*\*unknown\*\*/);
  assert.match(markdown(await hoverAt(text)), /\*\*unknown\*\*/, 'no client: unknown');
  const failing = { tokenStatus: () => Promise.reject(new Error('no handler')) };
  assert.match(markdown(await hoverAt(text, failing)), /\*\*unknown\*\*/, 'an error: unknown');
  assert.deepEqual(asked, ['S_TOKEN', 'S_TOKEN', 'S_TOKEN', 'S_TOKEN']);
  const block = 'sites:\n  s:\n    url: "${env:JIRA_|URL}"\n';
  assert.match(
    markdown(await hoverAt(block, status({ inEnvironment: true, inSecretStorage: false }))),
    /JIRA_URL/,
  );
});

test('site names, issue types and statuses explain what they refer to', async () => {
  assert.match(markdown(await hoverAt('sites:\n  supp|ort:\n    url: x\n')), /Jira site `support`/);
  assert.match(markdown(await hoverAt('issueTypes: { B|ug: Task }')), /Source issue type `Bug`/);
  assert.match(markdown(await hoverAt('statuses:\n  Open: To D|o\n')), /Target status `To Do`/);
  const sites =
    'sites:\n  support:\n    url: https://acme-support.atlassian.net\n  partner: { url: "https://p.atlassian.net" }\n';
  assert.match(
    markdown(await hoverAt(`${sites}source: { site: supp|ort }`)),
    /Jira site `support`: https:\/\/acme-support/,
  );
  assert.match(
    markdown(await hoverAt(`${sites}target:\n  site: part|ner`)),
    /Jira site `partner`: https:\/\/p\.atlassian/,
  );
  assert.match(markdown(await hoverAt(`${sites}target:\n  site: nop|e`)), /`nope` is not declared/);
});

test('extensions append their Markdown and get the parse of this version only when they ask', async () => {
  let parses = 0;
  const source = 'personalData:\n  exch|ange: true\n';
  const h = await hoverAt(source, {
    doc: () => {
      parses++;
      return new ConfigDocument('file:///t.sync.yaml', 1, source.replace('|', ''));
    },
    extensions: [
      ({ path, doc }) => `path ${path.join('.')} root ${doc().root ? 'parsed' : 'empty'}`,
      () => undefined,
    ],
  });
  assert.match(markdown(h), /The deliberate switch[\s\S]*---\n\npath personalData\.exchange root parsed/);
  assert.equal(parses, 1);
});

test('no hover on whitespace, comments or unknown places', async () => {
  assert.equal(await hoverAt('version: 1\n  |  \n'), null);
  assert.equal(await hoverAt('# a com|ment\nversion: 1'), null);
});
