// Protocol tests of the metadata checks in the built language server over stdio: a snapshot written (or
// rewritten) while a config is open brings new diagnostics without reopening it, and the state directory
// comes from the `backbone.stateDirectory` setting.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import type { LspSession } from './helpers';
import { startLanguageServer, uriOf } from './helpers';

const FIXTURES = join(
  import.meta.dirname,
  '..',
  'fixtures',
  'metadata-checks',
  'state',
  'metadata',
  'support-to-partner',
);

const CONFIG = [
  'version: 1',
  'name: support-to-partner',
  'sites:',
  '  support:',
  '    url: https://acme-support.atlassian.net',
  "    auth: { email: sync-bot@acme.com, token: '${env:SUPPORT_JIRA_TOKEN}' }",
  '    underYourControl: true',
  '  partner:',
  '    url: https://partner.atlassian.net',
  "    auth: { email: sync-bot@acme.com, token: '${env:PARTNER_JIRA_TOKEN}' }",
  '    underYourControl: true',
  'source: { site: support, project: SUP }',
  'target: { site: partner, project: ENG }',
  'issueTypes:',
  '  Bug: Bug',
  '  Service Request: Task',
  'fields:',
  '  summary: summary',
  '  customfield_10012: customfield_20014',
  '  environment: environment',
  'statuses:',
  '  Open: To Do',
  '',
].join('\n');

/** A fixture snapshot, fetched just now (so that it is never reported as old), optionally edited. */
function snapshot(site: string, edit?: (s: Record<string, unknown>) => void): string {
  const data = JSON.parse(readFileSync(join(FIXTURES, `${site}.json`), 'utf8')) as Record<string, unknown>;
  data.fetchedAt = new Date().toISOString();
  edit?.(data);
  return JSON.stringify(data, null, 2);
}

/** Writes a snapshot as the engine does: a temp file renamed into place. */
function writeSnapshot(stateDir: string, site: string, text: string): void {
  const dir = join(stateDir, 'metadata', 'support-to-partner');
  mkdirSync(dir, { recursive: true });
  const temp = join(dir, `.${site}.json.tmp`);
  writeFileSync(temp, text);
  renameSync(temp, join(dir, `${site}.json`));
}

const codes = (diagnostics: Diagnostic[]) =>
  diagnostics
    .filter((d) => d.source === 'backbone-sync' && !String(d.code).startsWith('personal-data-'))
    .map((d) => `${d.range.start.line + 1}:${String(d.code)}`);

describe('metadata snapshots in the language server', () => {
  let server: LspSession;
  let stateDir: string;
  before(async () => {
    // The state directory does not exist yet: the watch must wait for it to appear.
    stateDir = join(mkdtempSync(join(tmpdir(), 'backbone-lsp-metadata-')), 'state');
    server = await startLanguageServer({ initializationOptions: { stateDirectory: stateDir } });
  });
  after(async () => {
    await server?.dispose();
    rmSync(join(stateDir, '..'), { recursive: true, force: true });
  });

  test('snapshots written while a config is open bring the predictions without reopening it', async () => {
    const uri = uriOf('metadata-watch.sync.yaml');
    const first = await server.openAndWait(uri, CONFIG, 1);
    assert.deepEqual(codes(first), ['4:metadata-missing', '8:metadata-missing']);

    let from = server.published.length;
    writeSnapshot(stateDir, 'support', snapshot('support'));
    writeSnapshot(stateDir, 'partner', snapshot('partner'));
    const predicted = await server.waitForPublish(
      (p) =>
        p.uri === uri && p.version === 1 && !codes(p.diagnostics).some((c) => c.endsWith('metadata-missing')),
      { fromIndex: from, description: 'diagnostics from the new snapshots' },
    );
    assert.deepEqual(codes(predicted.diagnostics), ['20:field-not-on-screen']);
    assert.match(
      String(predicted.diagnostics.find((d) => d.code === 'field-not-on-screen')?.message),
      /not on the Create screen of ENG \/ Bug, ENG \/ Task/,
    );

    // The target's admin adds Environment to the Bug and Task screens; a refresh rewrites the snapshot.
    from = server.published.length;
    writeSnapshot(
      stateDir,
      'partner',
      snapshot('partner', (s) => {
        const project = (s.projects as { issueTypes: { createFields?: unknown[] }[] }[])[0]!;
        for (const type of project.issueTypes) {
          type.createFields?.push({
            id: 'environment',
            name: 'Environment',
            required: false,
            schema: { type: 'string', system: 'environment' },
          });
        }
      }),
    );
    const fixed = await server.waitForPublish(
      (p) => p.uri === uri && p.version === 1 && codes(p.diagnostics).length === 0,
      { fromIndex: from, description: 'diagnostics after the screen was fixed' },
    );
    assert.deepEqual(
      fixed.diagnostics.filter((d) => !String(d.code).startsWith('personal-data-')),
      [],
    );

    // A snapshot deleted: back to metadata-missing for that site.
    from = server.published.length;
    rmSync(join(stateDir, 'metadata', 'support-to-partner', 'partner.json'));
    const missing = await server.waitForPublish(
      (p) => p.uri === uri && codes(p.diagnostics).includes('8:metadata-missing'),
      { fromIndex: from, description: 'metadata-missing after the snapshot was deleted' },
    );
    assert.deepEqual(codes(missing.diagnostics), ['8:metadata-missing']);
    await server.close(uri);
  });

  test('changing backbone.stateDirectory re-validates against the other folder and watches it', async () => {
    const other = join(stateDir, '..', 'other-state');
    writeSnapshot(other, 'support', snapshot('support'));
    writeSnapshot(other, 'partner', snapshot('partner'));
    const uri = uriOf('metadata-settings.sync.yaml');
    await server.openAndWait(uri, CONFIG, 1);
    let from = server.published.length;
    await server.changeConfiguration({ backbone: { stateDirectory: other } });
    const moved = await server.waitForPublish((p) => p.uri === uri && p.version === 1, { fromIndex: from });
    assert.deepEqual(codes(moved.diagnostics), ['20:field-not-on-screen']);

    from = server.published.length;
    writeSnapshot(
      other,
      'partner',
      snapshot('partner', (s) => (s.projects = [])),
    );
    const watched = await server.waitForPublish(
      (p) => p.uri === uri && codes(p.diagnostics).includes('8:metadata-missing'),
      { fromIndex: from, description: 'diagnostics after a snapshot in the new state directory changed' },
    );
    assert.equal(watched.diagnostics.find((d) => d.code === 'metadata-missing')?.data?.reason, 'no-project');
    await server.close(uri);
  });
});
