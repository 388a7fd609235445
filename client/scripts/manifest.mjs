// Writes the extension's part of package.json: `contributes`, `activationEvents`, `capabilities` and the
// marketplace keys. package.json has several authors, so this script changes only these keys and leaves
// every other key (scripts, dependencies, ...) as it is. Run `node client/scripts/manifest.mjs` after editing.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const file = join(root, 'package.json');
const pkg = JSON.parse(readFileSync(file, 'utf8'));

const category = 'Backbone Sync';
const LANG = 'resourceLangId == backbone-sync';

/** id, title, icon, and whether the palette shows it (tree-only commands still work from the palette). */
const commands = [
  ['backbone.runSync', 'Run Sync', '$(play)'],
  ['backbone.dryRun', 'Dry Run', '$(eye)'],
  ['backbone.retryEntry', 'Retry', '$(debug-restart)'],
  ['backbone.retryAll', 'Retry All', '$(run-all)'],
  ['backbone.ignoreEntry', 'Ignore', '$(eye-closed)'],
  // For a deleted target issue (a not-found entry of a linked issue) instead of Retry and Ignore.
  ['backbone.syncIntoNewIssue', 'Sync into a New Issue', '$(add)'],
  ['backbone.ignoreFutureChanges', 'Ignore Future Changes', '$(circle-slash)'],
  // Undoes Ignore Future Changes (from the Syncs view's line of stopped issues, or the palette).
  ['backbone.resumeSync', 'Resume Syncing an Issue', '$(debug-continue)'],
  ['backbone.openInJira', 'Open in Jira', '$(link-external)'],
  ['backbone.goToMapping', 'Go to Mapping', '$(go-to-file)'],
  ['backbone.setToken', 'Set Token', '$(key)'],
  ['backbone.clearToken', 'Clear Token', '$(trash)'],
  ['backbone.refreshMetadata', 'Refresh Metadata', '$(cloud-download)'],
  ['backbone.personalDataReport', 'Personal Data Report', '$(shield)'],
  ['backbone.eraseAccount', 'Erase Stored Data of an Account', '$(person)'],
  ['backbone.showLog', 'Show Log', '$(output)'],
  // Internal helpers for views and welcome content (hidden from the palette below where they need context).
  ['backbone.refresh', 'Refresh', '$(refresh)'],
  ['backbone.createConfig', 'Create a Sync Config', '$(new-file)'],
  ['backbone.showEntry', 'Show Entry Details', '$(info)'],
].map(([command, title, icon]) => ({ command, title, category, icon }));

const untrustedMessage =
  'Validation, completion and hovers work in untrusted workspaces. Running a sync and reading or storing ' +
  'tokens need a trusted workspace: a sync config decides which Jira sites receive your data and tokens.';

pkg.categories = ['Programming Languages', 'Linters', 'Other'];
pkg.keywords = ['jira', 'issue sync', 'sync', 'yaml', 'backbone', 'personal data', 'gdpr', 'atlassian'];
pkg.icon = 'media/icon.png';
pkg.galleryBanner = { color: '#1f2d3d', theme: 'dark' };
pkg.repository = { type: 'git', url: 'https://github.com/backbone-sync/backbone-sync-vscode.git' };
pkg.activationEvents = [
  'onLanguage:backbone-sync',
  'onView:backbone.syncs',
  'onView:backbone.troubleshooting',
  ...commands.map((c) => `onCommand:${c.command}`),
];
pkg.capabilities = {
  untrustedWorkspaces: {
    supported: 'limited',
    description: untrustedMessage,
    restrictedConfigurations: ['backbone.stateDirectory'],
  },
  virtualWorkspaces: {
    supported: false,
    description: 'Runs the sync engine as a local process on files of the workspace.',
  },
};

const entryItem = 'view == backbone.troubleshooting && viewItem =~ /^entry/';
// Tree items of entries are `entryRetryable…` or `entryDeletedTarget…` (client/src/troubleshooting-view.ts): a
// deleted target issue offers Sync into a New Issue and Ignore Future Changes instead of Retry and Ignore.
const retryableItem = 'view == backbone.troubleshooting && viewItem =~ /^entryRetryable/';
const deletedTargetItem = 'view == backbone.troubleshooting && viewItem =~ /^entryDeletedTarget/';
pkg.contributes = {
  languages: [
    {
      id: 'backbone-sync',
      aliases: ['Backbone Sync', 'backbone-sync'],
      extensions: ['.sync.yaml', '.sync.yml'],
      filenamePatterns: ['*.sync.yaml', '*.sync.yml'],
      configuration: './language-configuration.json',
      icon: { light: './media/language-icon.svg', dark: './media/language-icon.svg' },
    },
  ],
  grammars: [
    {
      language: 'backbone-sync',
      scopeName: 'source.backbone-sync',
      path: './syntaxes/backbone-sync.tmLanguage.json',
    },
    {
      // `${env:NAME}` references and suppression comments, inside the YAML-based grammar above.
      scopeName: 'backbone-sync.injections',
      path: './syntaxes/backbone-sync-injections.tmLanguage.json',
      injectTo: ['source.backbone-sync'],
    },
  ],
  commands,
  viewsContainers: {
    activitybar: [{ id: 'backbone-sync', title: 'Backbone Sync', icon: 'media/activity-bar.svg' }],
  },
  views: {
    'backbone-sync': [
      {
        id: 'backbone.syncs',
        name: 'Syncs',
        icon: 'media/activity-bar.svg',
        contextualTitle: 'Backbone Sync',
      },
      {
        id: 'backbone.troubleshooting',
        name: 'Troubleshooting',
        icon: 'media/activity-bar.svg',
        contextualTitle: 'Backbone Sync',
      },
    ],
  },
  viewsWelcome: [
    {
      view: 'backbone.syncs',
      contents:
        'No sync config in this workspace yet. A sync config is a `*.sync.yaml` file that says which Jira project ' +
        'syncs into which, and which fields go along.\n[Create a Sync Config](command:backbone.createConfig)',
      when: 'backbone.configCount == 0',
    },
    {
      view: 'backbone.troubleshooting',
      contents:
        'This workspace is not trusted, so syncs cannot run here. Validation still works.\n' +
        '[Manage Workspace Trust](command:workbench.trust.manage)',
      when: '!isWorkspaceTrusted',
    },
    {
      view: 'backbone.troubleshooting',
      contents:
        'A config refers to a token that is neither in the environment nor stored: a sync cannot sign in to ' +
        'Jira without it.\n[Set Token](command:backbone.setToken)',
      when: 'isWorkspaceTrusted && backbone.missingToken',
    },
    {
      view: 'backbone.troubleshooting',
      contents:
        'No runs yet. Run a sync, or try a dry run first to see what would change.\n' +
        '[Run Sync](command:backbone.runSync)\n[Dry Run](command:backbone.dryRun)',
      when: 'isWorkspaceTrusted && !backbone.missingToken && backbone.configCount > 0 && backbone.runCount == 0',
    },
    {
      view: 'backbone.troubleshooting',
      contents:
        'No open troubleshooting entries. Changes that cannot be imported into Jira show up here, with what ' +
        'failed, why, and how to fix it.',
      when: 'isWorkspaceTrusted && !backbone.missingToken && backbone.runCount > 0',
    },
  ],
  menus: {
    commandPalette: [
      { command: 'backbone.refresh', when: 'false' },
      { command: 'backbone.showEntry', when: 'false' },
    ],
    'editor/title': [
      { command: 'backbone.runSync', when: LANG, group: 'navigation@1' },
      { command: 'backbone.dryRun', when: LANG, group: 'navigation@2' },
    ],
    'explorer/context': [
      { command: 'backbone.runSync', when: LANG, group: 'backbone@1' },
      { command: 'backbone.dryRun', when: LANG, group: 'backbone@2' },
    ],
    'view/title': [
      { command: 'backbone.retryAll', when: 'view == backbone.troubleshooting', group: 'navigation@1' },
      { command: 'backbone.refresh', when: 'view == backbone.troubleshooting', group: 'navigation@2' },
      { command: 'backbone.runSync', when: 'view == backbone.syncs', group: 'navigation@1' },
      { command: 'backbone.refresh', when: 'view == backbone.syncs', group: 'navigation@2' },
      { command: 'backbone.createConfig', when: 'view == backbone.syncs', group: 'backbone@1' },
      { command: 'backbone.showLog', when: 'view == backbone.syncs', group: 'backbone@2' },
    ],
    'view/item/context': [
      { command: 'backbone.retryEntry', when: retryableItem, group: 'inline@1' },
      { command: 'backbone.ignoreEntry', when: retryableItem, group: 'inline@2' },
      { command: 'backbone.syncIntoNewIssue', when: deletedTargetItem, group: 'inline@1' },
      { command: 'backbone.ignoreFutureChanges', when: deletedTargetItem, group: 'inline@2' },
      { command: 'backbone.syncIntoNewIssue', when: deletedTargetItem, group: 'deletedTarget@1' },
      { command: 'backbone.ignoreFutureChanges', when: deletedTargetItem, group: 'deletedTarget@2' },
      {
        command: 'backbone.openInJira',
        when: 'view == backbone.troubleshooting && viewItem =~ /^entry.*jira/',
        group: 'inline@3',
      },
      {
        command: 'backbone.goToMapping',
        when: 'view == backbone.troubleshooting && viewItem =~ /^entry.*mapping/',
        group: 'inline@4',
      },
      { command: 'backbone.showEntry', when: entryItem, group: 'details@1' },
      {
        command: 'backbone.retryAll',
        when: 'view == backbone.troubleshooting && viewItem == sync',
        group: 'inline@1',
      },
      {
        command: 'backbone.runSync',
        when: 'view == backbone.syncs && viewItem =~ /^sync/',
        group: 'inline@1',
      },
      {
        command: 'backbone.resumeSync',
        when: 'view == backbone.syncs && viewItem == stoppedIssues',
        group: 'inline@1',
      },
      {
        command: 'backbone.dryRun',
        when: 'view == backbone.syncs && viewItem =~ /^sync/',
        group: 'inline@2',
      },
    ],
  },
  configuration: {
    title: 'Backbone Sync',
    properties: {
      'backbone.stateDirectory': {
        type: 'string',
        default: '',
        scope: 'machine-overridable',
        markdownDescription:
          'Where the state of each sync is kept (links, runs, troubleshooting entries, metadata snapshots). ' +
          'Empty: `$XDG_STATE_HOME/backbone-sync` (else `~/.local/state/backbone-sync`) on Linux, ' +
          '`~/Library/Application Support/backbone-sync` on macOS, `%LOCALAPPDATA%\\backbone-sync` on Windows. ' +
          'Passed to the CLI as `--state-dir`.',
      },
      'backbone.validation.delay': {
        type: 'number',
        default: 200,
        minimum: 0,
        maximum: 5000,
        markdownDescription:
          'How long to wait after typing stops before a config is validated, in milliseconds.',
      },
      'backbone.trace.server': {
        type: 'string',
        enum: ['off', 'messages', 'verbose'],
        default: 'off',
        scope: 'window',
        markdownDescription:
          'Traces the communication between VS Code and the Backbone Sync language server into the ' +
          '"Backbone Sync Language Server" output. Token values are never sent to the server.',
      },
    },
  },
};

writeFileSync(file, `${JSON.stringify(pkg, null, 2)}\n`);
console.log('package.json: updated contributes, activationEvents, capabilities and marketplace keys');
