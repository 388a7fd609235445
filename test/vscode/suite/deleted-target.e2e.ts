// A linked target issue deleted in Jira, in a real VS Code (DESIGN.md §6: "for a deleted target issue: sync into a
// new issue, or ignore future changes"; docs/troubleshooting.md#not-found). Against the emulator: a first run links
// SUP-19 to a new ENG issue, the test deletes that issue through the emulator's control API and changes SUP-19, and
// the next run opens one not-found entry. The Troubleshooting tree shows it as "Target issue deleted or hidden" with
// Sync into a New Issue and Ignore Future Changes instead of Retry and Ignore; the Syncs view counts the stopped
// issues, and Resume Syncing an Issue syncs a stopped one into a new issue.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RetryResult } from '../../../client/src/commands';
import type { RunEvent, RunResult } from '../../../client/src/runs';
import type { BackboneSyncApi } from '../../../client/src/extension';
import { entryIds, entryNode, extensionApi, menuCommands, syncsLines, treeLines } from './api';
import { emulator, emulatorUrl, useEmulatorEnvironment, writeWorkspaceFile } from './emulator';
import { test } from './harness';
import { withPrompts } from './helpers';

const SOURCE_KEY = 'SUP-19';
const TROUBLESHOOTING = 'backbone.troubleshooting';
const SYNCS = 'backbone.syncs';

/** One source issue (SUP-19) whose mappings import without errors into ENG (the engine test's config). */
function config(sync: string): string {
  return `version: 1
name: ${sync}
sites:
  support:
    url: "\${env:T_SUPPORT_URL}"
    auth: { email: sync-bot@example.com, token: "\${env:T_SUPPORT_TOKEN}" }
    underYourControl: true
  engineering:
    url: "\${env:T_ENG_URL}"
    auth: { email: sync-bot@example.com, token: "\${env:T_ENG_TOKEN}" }
    underYourControl: true
source: { site: support, project: SUP, jql: "key = ${SOURCE_KEY}" }
target: { site: engineering, project: ENG }
personalData: { exchange: false }
issueTypes: { Bug: Bug, "Service Request": Task }
fields:
  summary: summary
  priority: { target: priority, correlate: { Highest: P1, High: P2, Medium: P3, Low: P4 }, default: P3 }
  customfield_10041: { target: customfield_20012, default: "n/a" }
`;
}

// ---- the emulator, as Jira and as its control API -------------------------------------------------------

async function controlJson<T>(method: string, path: string): Promise<T | undefined> {
  const response = await fetch(`${emulatorUrl()}/_emulator/${path}`, { method });
  const text = await response.text();
  if (!response.ok) throw new Error(`emulator ${method} ${path}: HTTP ${response.status} ${text}`);
  return text ? (JSON.parse(text) as T) : undefined;
}

interface TargetIssue {
  key: string;
  id: string;
  properties: Record<string, unknown>;
}

async function targetIssues(): Promise<TargetIssue[]> {
  return (await controlJson<{ issues: TargetIssue[] }>('GET', 'sites/engineering/issues'))?.issues ?? [];
}

/** Keys of the target issues whose `backbone.link` property names this sync. */
async function linkedKeys(sync: string): Promise<string[]> {
  return (await targetIssues())
    .filter((i) => (i.properties['backbone.link'] as { sync?: string } | undefined)?.sync === sync)
    .map((i) => i.key);
}

/** The writes (anything but GET) the target site received since the request log was cleared. */
async function targetWrites(): Promise<string[]> {
  const log = await controlJson<{ requests: Array<{ method: string; path: string }> }>(
    'GET',
    'requests?site=engineering',
  );
  return (log?.requests ?? []).filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`);
}

let edits = 0;
/** Changes SUP-19 in the source Jira, as a support agent would. */
async function changeSource(): Promise<void> {
  edits++;
  const auth = Buffer.from('sync-bot@example.com:demo-support-token').toString('base64');
  const response = await fetch(`${emulatorUrl()}/support/rest/api/3/issue/${SOURCE_KEY}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: `Basic ${auth}` },
    body: JSON.stringify({ fields: { summary: `Date picker shows US format (edit ${edits})` } }),
  });
  if (!response.ok) throw new Error(`editing ${SOURCE_KEY}: HTTP ${response.status}`);
}

// ---- runs ----------------------------------------------------------------------------------------------

/** Runs the sync from the extension and collects the run's events. */
async function run(
  api: BackboneSyncApi,
  uri: vscode.Uri,
): Promise<{ result: RunResult; events: RunEvent['event'][] }> {
  const events: RunEvent['event'][] = [];
  const listening = api.onDidRunEvent((e) => {
    if (e.configUri.fsPath === uri.fsPath && !e.dryRun) events.push(e.event);
  });
  try {
    const result = await vscode.commands.executeCommand<RunResult>('backbone.runSync', uri);
    return { result, events };
  } finally {
    listening.dispose();
  }
}

/**
 * The situation of docs/troubleshooting.md#not-found: SUP-19 synced into a target issue, that issue deleted in
 * Jira, SUP-19 changed, and the next run opened one entry about it.
 */
async function deletedTarget(
  api: BackboneSyncApi,
  sync: string,
): Promise<{ uri: vscode.Uri; oldKey: string; oldId: string; entryId: string }> {
  useEmulatorEnvironment();
  await emulator.reset();
  await emulator.clearFaults();
  const uri = await writeWorkspaceFile(`${sync}.sync.yaml`, config(sync));
  const first = await run(api, uri);
  assert.equal(
    first.result.exitCode,
    0,
    `the first run syncs ${SOURCE_KEY}: ${JSON.stringify(first.result)}`,
  );
  assert.equal(first.result.counts?.created, 1);
  const [oldKey, ...more] = await linkedKeys(sync);
  assert.ok(oldKey && more.length === 0, 'the first run created one linked target issue');
  const oldId = (await targetIssues()).find((i) => i.key === oldKey)?.id ?? '';

  await controlJson('DELETE', `sites/engineering/issues/${encodeURIComponent(oldKey)}`);
  await changeSource();
  const second = await run(api, uri);
  assert.equal(second.result.exitCode, 1, `the next run opens an entry: ${JSON.stringify(second.result)}`);
  const opened = second.events.flatMap((e) => (e.type === 'entry-opened' ? [e.entry] : []));
  assert.equal(opened.length, 1, `one entry: ${JSON.stringify(opened)}`);
  const entry = opened[0];
  assert.equal(entry?.category, 'not-found');
  assert.equal(entry?.targetKey, oldKey);
  return { uri, oldKey, oldId, entryId: entry.id };
}

const syncLines = (api: BackboneSyncApi, sync: string): string[] =>
  treeLines(api).filter((line) => line.startsWith(`${sync} / `));

const stoppedLine = (api: BackboneSyncApi, sync: string) =>
  syncsLines(api, sync).find((line) => line.node.kind === 'detail' && / not synced$/.test(line.label));

// ---- tests ---------------------------------------------------------------------------------------------

test(
  'a deleted target issue shows as "Target issue deleted or hidden" offering Sync into a New Issue and Ignore Future Changes instead of Retry and Ignore; Sync into a New Issue on its tree item creates exactly one linked issue, closes the entry and unlinks the old key',
  async () => {
    const api = await extensionApi();
    const sync = 'e2e-deleted-new';
    const { uri, oldKey, oldId, entryId } = await deletedTarget(api, sync);

    // The tree item: its title, the context value the menus key on, and the actions those menus offer.
    assert.deepEqual(syncLines(api, sync), [`${sync} / ${SOURCE_KEY} / Target issue deleted or hidden`]);
    const node = entryNode(api, entryId);
    const item = api.troubleshooting.getTreeItem(node);
    assert.match(item.contextValue ?? '', /^entryDeletedTarget/);
    assert.deepEqual(
      menuCommands(TROUBLESHOOTING, item.contextValue ?? '', 'inline').filter(
        (c) => !['backbone.openInJira', 'backbone.goToMapping'].includes(c),
      ),
      ['backbone.syncIntoNewIssue', 'backbone.ignoreFutureChanges'],
      'the inline actions of a deleted target issue',
    );
    const menu = menuCommands(TROUBLESHOOTING, item.contextValue ?? '', 'deletedTarget');
    assert.deepEqual(menu, ['backbone.syncIntoNewIssue', 'backbone.ignoreFutureChanges']);

    // Sync into a New Issue, invoked with the tree item as its menu does.
    const before = (await targetIssues()).length;
    const result = await withPrompts({}, async (said) => {
      const retried = await vscode.commands.executeCommand<RetryResult>('backbone.syncIntoNewIssue', node);
      assert.deepEqual(said.errors, [], 'no error is shown');
      assert.ok(
        said.infos.some((m) => m.includes(`${SOURCE_KEY} synced into a new issue`)),
        `the notification names the new issue: ${JSON.stringify(said.infos)}`,
      );
      return retried;
    });
    assert.deepEqual(result.resolved, [entryId], `the entry is resolved: ${JSON.stringify(result)}`);
    assert.equal(result.exitCode, 0);
    const newKey = result.newIssues?.[SOURCE_KEY];
    assert.ok(newKey && newKey !== oldKey, `a new issue, not ${oldKey}: ${JSON.stringify(result)}`);
    assert.equal((await targetIssues()).length, before + 1, 'exactly one target issue was created');
    assert.deepEqual(await linkedKeys(sync), [newKey], 'the new issue carries the backbone.link property');
    assert.ok(!entryIds(api).includes(entryId), 'the entry left the Troubleshooting tree');
    assert.deepEqual(syncLines(api, sync), []);

    // The link is the new issue now: the next change is written there, and never to the old key.
    await changeSource();
    await controlJson('DELETE', 'requests');
    const next = await run(api, uri);
    assert.equal(next.result.exitCode, 0, JSON.stringify(next.result));
    assert.equal(next.result.counts?.updated, 1);
    // Writes name an issue by id or key: those of the new issue, none of the deleted one.
    const newId = (await targetIssues()).find((i) => i.key === newKey)?.id ?? '';
    const about = (key: string, id: string) => (w: string) =>
      new RegExp(`/issue/(${key}|${id})(/|$)`).test(w.split(' ')[1] ?? '');
    const writes = await targetWrites();
    assert.ok(writes.length > 0 && writes.every(about(newKey, newId)), JSON.stringify(writes));
    assert.ok(!writes.some(about(oldKey, oldId)), JSON.stringify(writes));
  },
  { timeoutMs: 180_000 },
);

test(
  'Ignore Future Changes on a deleted target issue asks first, closes the entry, and then a source change writes nothing to the target and opens no entry; the Syncs view shows "1 source issue not synced"',
  async () => {
    const api = await extensionApi();
    const sync = 'e2e-deleted-stop';
    const { uri, entryId } = await deletedTarget(api, sync);
    const node = entryNode(api, entryId);

    // Dismissing the confirmation changes nothing.
    const dismissed = await withPrompts({ modal: () => undefined }, async () =>
      vscode.commands.executeCommand<RetryResult>('backbone.ignoreFutureChanges', node),
    );
    assert.equal(dismissed.refused, 'cancelled');
    assert.deepEqual(
      entryIds(api).filter((id) => id === entryId),
      [entryId],
      'the entry is still open',
    );

    const result = await withPrompts(
      {
        modal: (message, buttons) => {
          assert.match(message, new RegExp(`Ignore future changes of ${SOURCE_KEY}\\?`));
          assert.ok(buttons.includes('Ignore Future Changes'), JSON.stringify(buttons));
          return 'Ignore Future Changes';
        },
      },
      async (said) => {
        const ignored = await vscode.commands.executeCommand<RetryResult>(
          'backbone.ignoreFutureChanges',
          node,
        );
        assert.equal(said.modals.length, 1, 'asked once');
        assert.deepEqual(said.errors, []);
        assert.ok(
          said.infos.some((m) => m.includes(`${SOURCE_KEY} is no longer synced`)),
          JSON.stringify(said.infos),
        );
        return ignored;
      },
    );
    assert.equal(result.exitCode, 0, JSON.stringify(result));
    assert.deepEqual(result.resolved, [entryId]);
    assert.deepEqual(syncLines(api, sync), [], 'the entry left the Troubleshooting tree');

    // A further change of SUP-19: the run skips it.
    await changeSource();
    await controlJson('DELETE', 'requests');
    const next = await run(api, uri);
    assert.equal(next.result.exitCode, 0, JSON.stringify(next.result));
    assert.equal(next.result.counts?.stopped, 1, 'counted as stopped');
    assert.equal(
      (next.result.counts?.created ?? 0) +
        (next.result.counts?.updated ?? 0) +
        (next.result.counts?.failed ?? 0),
      0,
    );
    assert.deepEqual(
      next.events.filter((e) => e.type === 'entry-opened'),
      [],
      'no entry is opened',
    );
    assert.deepEqual(await targetWrites(), [], 'the target received no write');
    assert.deepEqual(await linkedKeys(sync), [], 'no new issue was created');
    assert.deepEqual(syncLines(api, sync), []);

    // The Syncs view says the issue is not synced, and clicking that line resumes one.
    const line = stoppedLine(api, sync);
    assert.ok(
      line,
      `the Syncs view under ${sync}: ${JSON.stringify(syncsLines(api, sync).map((l) => l.label))}`,
    );
    assert.equal(line.label, '1 source issue not synced');
    assert.equal(line.description, 'future changes ignored');
    assert.equal(line.command?.command, 'backbone.resumeSync');
    assert.deepEqual(menuCommands(SYNCS, line.contextValue ?? ''), ['backbone.resumeSync']);
    // The last run's counts say it skipped the issue.
    assert.ok(
      syncsLines(api, sync).some((l) => l.label.endsWith(' · 1 skipped')),
      `a counts line ending in "· 1 skipped": ${JSON.stringify(syncsLines(api, sync).map((l) => l.label))}`,
    );
  },
  { timeoutMs: 180_000 },
);

test(
  'Resume Syncing an Issue with the id of the entry that stopped it syncs the source issue into a new issue, and the Syncs view line of stopped issues disappears',
  async () => {
    const api = await extensionApi();
    const sync = 'e2e-deleted-resume';
    const { oldKey, entryId } = await deletedTarget(api, sync);
    // An id passed by a program is already decided: no confirmation.
    const stopped = await vscode.commands.executeCommand<RetryResult>(
      'backbone.ignoreFutureChanges',
      entryId,
    );
    assert.equal(stopped.exitCode, 0, JSON.stringify(stopped));
    assert.ok(stoppedLine(api, sync), 'the Syncs view shows the stopped issue');

    const result = await withPrompts({}, async (said) => {
      const resumed = await vscode.commands.executeCommand<RetryResult>('backbone.resumeSync', entryId);
      assert.deepEqual(said.errors, []);
      assert.deepEqual(said.warnings, []);
      return resumed;
    });
    assert.equal(result.exitCode, 0, JSON.stringify(result));
    assert.deepEqual(result.resolved, [entryId]);
    const newKey = result.newIssues?.[SOURCE_KEY];
    assert.ok(
      newKey && newKey !== oldKey,
      `synced into a new issue, not ${oldKey}: ${JSON.stringify(result)}`,
    );
    assert.deepEqual(await linkedKeys(sync), [newKey], 'the new issue carries the link');
    assert.equal(stoppedLine(api, sync), undefined, 'the Syncs view no longer shows a stopped issue');
    assert.deepEqual(syncLines(api, sync), []);
  },
  { timeoutMs: 180_000 },
);
