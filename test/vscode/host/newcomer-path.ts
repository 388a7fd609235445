// The newcomer's path through the extension, as a person does it in the browser: open a config, see its
// diagnostics, run the demo sync from the command palette (answering the token prompts), see the entries in
// the Troubleshooting view, click one for its details, fix Jira and retry it. The UI test asserts each step;
// `npm run screenshots` walks the same path and saves a picture per step for the README.
import type { RunningEmulator } from '../../jira-emulator/index';
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
  ];
}
