// The newcomer's path through the extension, as a person does it in the browser: open a config, see its
// diagnostics, run the demo sync from the command palette (answering the token prompts), see the entries in
// the Troubleshooting view, click one for its details, fix Jira and retry it; then a target issue deleted in
// Jira (Sync into a New Issue or Ignore Future Changes, and the Syncs view's line of issues not synced). The UI
// test asserts each step; `npm run screenshots` walks the same path and saves a picture per step for the README.
import type { RunningEmulator } from '../../jira-emulator/index';
import type { Locator } from 'playwright-core';
import type { WorkbenchDriver } from './workbench-driver';

export interface Step {
  name: string;
  /** File name (without .png) of the step's screenshot. */
  shot: string;
  run(driver: WorkbenchDriver): Promise<void>;
}

/** The demo config against this run's emulator: literal loopback URLs, tokens from the prompt. */
export function demoConfig(emulatorUrl: string): string {
  return `# The demo sync: support issues into the engineering project, against the local Jira emulator.
version: 1
name: demo
sites:
  support:
    url: ${emulatorUrl}/support
    auth: { email: sync-bot@example.com, token: "\${env:DEMO_SUPPORT_TOKEN}" }
    underYourControl: true
  engineering:
    url: ${emulatorUrl}/engineering
    auth: { email: sync-bot@example.com, token: "\${env:DEMO_ENGINEERING_TOKEN}" }
    underYourControl: false
source: { site: support, project: SUP }
target: { site: engineering, project: ENG }
personalData:
  exchange: true
  users: account-id
issueTypes: { Bug: Bug, "Service Request": Task }
fields:
  summary: summary
  description: description
  priority: { target: priority, correlate: { Highest: P1, High: P2, Medium: P3, Low: P4 }, default: P3 }
  customfield_10041: { target: customfield_20012, default: "not stated" }
  assignee: assignee
  environment: environment
`;
}

/** The run's outcome notification: the demo config opens entries for environment (2) and assignee (3). */
const FINISHED = /finished with \d+ open troubleshooting entries/;

export function newcomerPath(emulator: Pick<RunningEmulator, 'url'>): Step[] {
  return [
    {
      name: 'a config opens with its diagnostics and personal-data hints',
      shot: '1-config-diagnostics',
      async run(d) {
        await d.ready();
        await d.openFile('demo.sync.yaml');
        // The language server's squiggles and the personal-data language status appear.
        await d.page
          .locator('.monaco-editor .squiggly-info, .monaco-editor .squiggly-warning')
          .first()
          .waitFor({ timeout: 90_000 });
        await d.page.keyboard.press('Control+Shift+M'); // the Problems panel
        await d.page.locator('.markers-panel .monaco-list-row').first().waitFor({ timeout: 90_000 });
      },
    },
    {
      name: 'the palette runs the demo sync; the token prompts appear once',
      shot: '2-token-prompt',
      async run(d) {
        await d.runCommand('Backbone Sync: Run Sync');
        await d
          .quickInput()
          .locator('.quick-input-title', { hasText: 'DEMO_SUPPORT_TOKEN' })
          .waitFor({ timeout: 90_000 });
      },
    },
    {
      name: 'the run finishes with open troubleshooting entries',
      shot: '3-run-finished',
      async run(d) {
        await d.answerInput('DEMO_SUPPORT_TOKEN', 'demo-support-token');
        await d.answerInput('DEMO_ENGINEERING_TOKEN', 'demo-engineering-token');
        await d.notification(FINISHED);
        // The editor shows the run as over: the CodeLens offers to run again.
        await d.page
          .locator('.codelens-decoration', { hasText: 'Run sync' })
          .first()
          .waitFor({ timeout: 60_000 });
      },
    },
    {
      name: 'the Troubleshooting view lists the entries by sync and issue',
      shot: '4-troubleshooting-tree',
      async run(d) {
        // "Show Entries" on the run's notification reveals the Troubleshooting view.
        const finished = await d.notification(FINISHED);
        await finished.locator('.monaco-button', { hasText: 'Show Entries' }).first().click();
        await d.hideNotifications();
        await d.openSideBarContainer();
        await d.treeRow('Field not on screen: environment').first().waitFor({ timeout: 90_000 });
        const rows = await d.treeRow('Field not on screen: environment').count();
        if (rows !== 2) throw new Error(`expected 2 entry rows, saw ${rows}`);
      },
    },
    {
      name: 'clicking an entry opens its details with the help section',
      shot: '5-entry-details',
      async run(d) {
        await d.treeRow('Field not on screen: environment').first().click();
        await d.page
          .locator('.tabs-container .tab', { hasText: /Preview .*demo-\d+/ })
          .first()
          .waitFor({ timeout: 90_000 });
        // The preview renders in a webview (an iframe in an iframe) once the Markdown extension is active;
        // wait for its text so that the screenshot shows the details, not an empty pane.
        await d.page
          .frameLocator('iframe.webview')
          .first()
          .frameLocator('iframe')
          .first()
          .getByText('Occurred in')
          .first()
          .waitFor({ timeout: 30_000 })
          .catch(() => console.log('  (the details preview had not rendered within 30 s)'));
      },
    },
    {
      name: 'after Jira is fixed, Retry on the entry resolves it',
      shot: '6-retry-resolved',
      async run(d) {
        const response = await fetch(`${emulator.url}/_emulator/sites/engineering/screens`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ project: 'ENG', issueType: 'Bug', screen: 'create', add: ['environment'] }),
        });
        if (!response.ok) throw new Error(`could not fix the emulator: HTTP ${response.status}`);
        const row = d.treeRow('Field not on screen: environment').first();
        await row.hover();
        await row.locator('.actions .action-label[aria-label="Retry"]').click();
        await d.waitForRowCount('Field not on screen: environment', 1);
        await d.notification(/: resolved\./);
      },
    },
    {
      name: 'a deleted target issue offers Sync into a New Issue and Ignore Future Changes',
      shot: '8-deleted-target',
      async run(d) {
        // In Jira: the target issue of SUP-19 is deleted, then SUP-19 changes; the next run opens the entry.
        const target = await linkedTarget(emulator.url, 'SUP-19');
        await emulatorRequest(emulator.url, 'DELETE', `/_emulator/sites/engineering/issues/${target}`);
        await emulatorRequest(emulator.url, 'PUT', '/support/rest/api/3/issue/SUP-19', {
          fields: { summary: 'Tooltip text cut off in the German UI' },
        });
        await d.runCommand('Notifications: Clear All Notifications');
        // The picture is of the side bar: no editors beside it.
        await d.runCommand('View: Close All Editors');
        // Run the demo sync again with its button in the Syncs view.
        const demo = syncsRow(d, /^\s*demo/);
        await demo.hover();
        await demo.locator('.actions .action-label[aria-label="Run Sync"]').click();
        await d.notification(FINISHED);
        await d.hideNotifications();
        await d.openSideBarContainer();
        await widenSideBar(d);
        const row = d.treeRow(DELETED_TARGET).first();
        await row.waitFor({ timeout: 90_000 });
        await row.hover();
        for (const action of ['Sync into a New Issue', 'Ignore Future Changes']) {
          await row.locator(`.actions .action-label[aria-label="${action}"]`).waitFor({ timeout: 30_000 });
        }
        for (const action of ['Retry', 'Ignore']) {
          if (await row.locator(`.actions .action-label[aria-label="${action}"]`).count())
            throw new Error(`a deleted target issue's row offers ${action}`);
        }
      },
    },
    {
      name: 'Ignore Future Changes asks first; then the Syncs view shows the issue as not synced',
      shot: '8-deleted-target-stopped',
      async run(d) {
        const row = d.treeRow(DELETED_TARGET).first();
        await row.hover();
        await row.locator('.actions .action-label[aria-label="Ignore Future Changes"]').click();
        const dialog = d.page.locator('.monaco-dialog-box');
        await dialog.waitFor({ timeout: 30_000 });
        await dialog.locator('.monaco-button', { hasText: 'Ignore Future Changes' }).first().click();
        await d.notification(/SUP-19 is no longer synced/);
        await d.hideNotifications();
        await d.waitForRowCount(DELETED_TARGET, 0);
        // Expand the demo sync in the Syncs view (its twistie: a click on the label opens the config).
        const demo = syncsRow(d, /^\s*demo/);
        await demo.waitFor({ timeout: 30_000 });
        if ((await demo.getAttribute('aria-expanded')) !== 'true')
          await demo.locator('.monaco-tl-twistie').click();
        const stopped = syncsRow(d, '1 source issue not synced');
        await stopped.waitFor({ timeout: 60_000 });
        await stopped.hover();
        await stopped
          .locator('.actions .action-label[aria-label="Resume Syncing an Issue"]')
          .waitFor({ timeout: 30_000 });
      },
    },
  ];
}

const DELETED_TARGET = 'Target issue deleted or hidden';

/** A row of the Syncs view, by its text. */
function syncsRow(d: WorkbenchDriver, text: string | RegExp): Locator {
  const syncs = d.page.locator('.sidebar .pane', {
    has: d.page.locator('.pane-header', { hasText: /^\s*Syncs/ }),
  });
  return syncs.locator('.monaco-list-row', { hasText: text }).first();
}

/** A request to the emulator: its control API, or a site's REST API as the demo's sync user. */
async function emulatorRequest(url: string, method: string, path: string, body?: unknown): Promise<unknown> {
  const site = /^\/(support|engineering)\//.exec(path)?.[1];
  const token = site === 'support' ? 'demo-support-token' : 'demo-engineering-token';
  const response = await fetch(`${url}${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(site
        ? { authorization: `Basic ${Buffer.from(`sync-bot@example.com:${token}`).toString('base64')}` }
        : {}),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`emulator ${method} ${path}: HTTP ${response.status}`);
  return text ? (JSON.parse(text) as unknown) : undefined;
}

/** The key of the ENG issue the demo sync linked to a source issue (its `backbone.link` property). */
async function linkedTarget(url: string, sourceKey: string): Promise<string> {
  const { issues } = (await emulatorRequest(url, 'GET', '/_emulator/sites/engineering/issues')) as {
    issues: Array<{
      key: string;
      properties: Record<string, { sync?: string; sourceKey?: string } | undefined>;
    }>;
  };
  const linked = issues.find(
    (i) =>
      i.properties['backbone.link']?.sync === 'demo' && i.properties['backbone.link'].sourceKey === sourceKey,
  );
  if (!linked) throw new Error(`the demo sync linked no target issue to ${sourceKey}`);
  return linked.key;
}

/** Drags the side bar's edge so that entry titles and their inline actions fit on one row. */
async function widenSideBar(d: WorkbenchDriver, width = 520): Promise<void> {
  const box = await d.page.locator('.part.sidebar').boundingBox();
  if (!box || box.width >= width) return;
  const x = box.x + box.width;
  const y = box.y + box.height / 2;
  await d.page.mouse.move(x + 1, y);
  await d.page.mouse.down();
  await d.page.mouse.move(box.x + width, y, { steps: 8 });
  await d.page.mouse.up();
}
