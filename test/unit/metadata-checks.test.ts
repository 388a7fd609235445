// The metadata checks (DESIGN.md §5 "From metadata snapshots") on inline configs against the snapshot fixtures
// in test/fixtures/metadata-checks/state: each code with its exact range, severity and message, the issue types
// it names, its quick-fix data, and the cases where the snapshot cannot prove anything (no prediction then).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigDocument } from '../../server/src/config/document';
import type { ConfigDiagnostic } from '../../server/src/config/diagnostic';
import { Severity } from '../../server/src/config/diagnostic';
import { validateDocument } from '../../server/src/config/validate';
import type { ValidationContext } from '../../server/src/config/validator';
import { marked } from '../helpers/marked-yaml';
import { expected, whole } from '../helpers/diagnose';
import { codeActions } from '../../server/src/language/code-actions';

const STATE = join(import.meta.dirname, '..', 'fixtures', 'metadata-checks', 'state');
const NOW = new Date('2026-12-03T12:00:00Z');
const CONTEXT: ValidationContext = { stateDir: STATE, now: NOW };

const METADATA_CODES = new Set([
  'unknown-issue-type',
  'unknown-status',
  'field-not-on-screen',
  'field-type-mismatch',
  'status-unreachable',
  'metadata-missing',
  'required-field-unmapped',
]);

interface Parts {
  issueTypes?: string;
  fields?: string;
  statuses?: string;
  extra?: string;
  partnerUrl?: string;
}

/** A config that the fixtures find nothing wrong with, with replaceable blocks. */
function config(p: Parts = {}): string {
  return [
    'version: 1',
    'name: support-to-partner',
    'sites:',
    '  support:',
    '    url: https://acme-support.atlassian.net',
    "    auth: { email: sync-bot@acme.com, token: '${env:SUPPORT_JIRA_TOKEN}' }",
    '    underYourControl: true',
    '  partner:',
    `    url: ${p.partnerUrl ?? 'https://partner.atlassian.net'}`,
    "    auth: { email: sync-bot@acme.com, token: '${env:PARTNER_JIRA_TOKEN}' }",
    '    underYourControl: true',
    'source: { site: support, project: SUP }',
    'target: { site: partner, project: ENG }',
    'personalData:',
    '  exchange: true',
    p.issueTypes ?? 'issueTypes:\n  Bug: Bug\n  Service Request: Task',
    'fields:',
    p.fields ??
      [
        '  summary: summary',
        '  description: description',
        '  priority: priority',
        '  labels: labels',
        '  customfield_10012: { target: customfield_20014, correlate: { Core: Major }, default: Minor }',
      ].join('\n'),
    p.statuses ?? 'statuses:\n  Open: To Do\n  In Progress: In Progress\n  Resolved: Done',
    p.extra ?? '',
  ].join('\n');
}

function metadataDiagnostics(text: string, context: ValidationContext = CONTEXT): ConfigDiagnostic[] {
  const doc = new ConfigDocument('file:///t.sync.yaml', 1, text);
  return validateDocument(doc, context).filter(
    (d) =>
      METADATA_CODES.has(d.code) && !(d.code === 'required-field-unmapped' && d.severity === Severity.Error),
  );
}

function withState(edit: (dir: string) => void): { dir: string; dispose: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'backbone-metadata-'));
  cpSync(STATE, dir, { recursive: true });
  edit(dir);
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

function editSnapshot(dir: string, site: string, edit: (snapshot: Record<string, unknown>) => void): void {
  const path = join(dir, 'metadata', 'support-to-partner', `${site}.json`);
  const snapshot = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  edit(snapshot);
  writeFileSync(path, JSON.stringify(snapshot));
}

test('a config that matches both snapshots gets no metadata diagnostic', () => {
  assert.deepEqual(metadataDiagnostics(config()), []);
});

test('without snapshots only metadata-missing is reported, as information on each site key, saying how to fetch one', () => {
  const empty = mkdtempSync(join(tmpdir(), 'backbone-metadata-'));
  try {
    // A config full of mistakes the snapshots would show: none is predicted without them.
    const text = marked(
      config({ issueTypes: 'issueTypes:\n  Bgu: Nope', statuses: 'statuses:\n  Opne: Nowhere' })
        .replace('  support:\n', '  [[support]]:\n')
        .replace('  partner:\n', '  [[partner]]:\n'),
    );
    const diagnostics = metadataDiagnostics(text.text, { stateDir: empty, now: NOW });
    const how =
      'Run "Backbone Sync: Refresh Metadata", or `backbone-sync metadata <this config>` in a terminal (with `--state-dir` if you use one).';
    assert.deepEqual(diagnostics.map(whole), [
      expected(
        text.ranges[0]!,
        'metadata-missing',
        `No metadata snapshot of site \`support\` yet, so fields, screens, issue types and statuses are not checked against it. ${how}`,
        Severity.Information,
      ),
      expected(
        text.ranges[1]!,
        'metadata-missing',
        `No metadata snapshot of site \`partner\` yet, so fields, screens, issue types and statuses are not checked against it. ${how}`,
        Severity.Information,
      ),
    ]);
    assert.equal(
      diagnostics[0]?.data.snapshotPath,
      join(empty, 'metadata', 'support-to-partner', 'support.json'),
    );
  } finally {
    rmSync(empty, { recursive: true, force: true });
  }
});

test('a snapshot older than a week is used and says its age in metadata-missing', () => {
  const diagnostics = metadataDiagnostics(config(), {
    stateDir: STATE,
    now: new Date('2026-12-10T10:00:00Z'),
  });
  assert.deepEqual(
    diagnostics.map((d) => [d.code, d.severity, d.range.start.line, d.message.slice(0, 83)]),
    [
      [
        'metadata-missing',
        Severity.Information,
        3,
        'The metadata snapshot of site `support` is 9 days old (fetched 2026-12-01): screens',
      ],
      [
        'metadata-missing',
        Severity.Information,
        7,
        'The metadata snapshot of site `partner` is 9 days old (fetched 2026-12-01): screens',
      ],
    ],
  );
  assert.equal(diagnostics[0]?.data.ageDays, 9);
});

test('a snapshot of another URL than the config names is not used: no prediction, only metadata-missing', () => {
  const text = config({ partnerUrl: 'https://other.atlassian.net', statuses: 'statuses:\n  Open: Nowhere' });
  const diagnostics = metadataDiagnostics(text);
  assert.deepEqual(
    diagnostics.map((d) => [d.code, d.message]),
    [
      [
        'metadata-missing',
        'The metadata snapshot of site `partner` was fetched from https://partner.atlassian.net, but the config now points at https://other.atlassian.net, so it is not used. Fetch it again: Run "Backbone Sync: Refresh Metadata", or `backbone-sync metadata <this config>` in a terminal (with `--state-dir` if you use one).',
      ],
    ],
  );
});

test('a snapshot without the config project says so and predicts nothing about that project', () => {
  const text = config().replace('project: ENG', 'project: OPS');
  const diagnostics = metadataDiagnostics(text);
  assert.deepEqual(
    diagnostics.map((d) => [d.code, d.range.start.line, d.data.reason]),
    [['metadata-missing', 7, 'no-project']],
  );
});

test('an unreadable snapshot is metadata-missing with the reason', () => {
  const state = withState((dir) =>
    writeFileSync(join(dir, 'metadata', 'support-to-partner', 'partner.json'), '{ not json'),
  );
  try {
    const diagnostics = metadataDiagnostics(config(), { stateDir: state.dir, now: NOW });
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.data.reason]),
      [['metadata-missing', 'unreadable']],
    );
    assert.match(diagnostics[0]!.message, /cannot be read: it is not valid JSON/);
  } finally {
    state.dispose();
  }
});

test('unknown-issue-type: a key the source project lacks on the key, a value the target lacks on the value, with did-you-mean', () => {
  const text = marked(
    config({ issueTypes: 'issueTypes:\n  [[Bgu]]: Bug\n  Service Request: [[Tsk]]\n  Bug: Bug' }),
  );
  const diagnostics = metadataDiagnostics(text.text);
  assert.deepEqual(diagnostics.map(whole), [
    expected(
      text.ranges[0]!,
      'unknown-issue-type',
      '`Bgu` is not an issue type of source project SUP (site `support`). Did you mean `Bug`? This mapping never applies.',
    ),
    expected(
      text.ranges[1]!,
      'unknown-issue-type',
      '`Tsk` is not an issue type of target project ENG (site `partner`). Did you mean `Task`? Issues of type `Service Request` cannot be created there.',
    ),
  ]);
  assert.deepEqual(diagnostics[0]?.data.suggestions, ['Bug']);
  assert.deepEqual(diagnostics[1]?.data.suggestions, ['Task']);
  assert.deepEqual(diagnostics[1]?.data.path, ['issueTypes', 'Service Request']);
});

test('unknown-issue-type: an unmapped source type keeps its name, and a target without it is reported on the issueTypes key', () => {
  const text = marked(config({ issueTypes: '[[issueTypes]]:\n  Bug: Bug' }));
  const diagnostics = metadataDiagnostics(text.text);
  assert.deepEqual(diagnostics.map(whole), [
    expected(
      text.range,
      'unknown-issue-type',
      'Source issue type `Service Request` (SUP) is not mapped and target project ENG has no issue type of that name, so its issues cannot be created. Map it under `issueTypes`, e.g. `Service Request: Bug`.',
    ),
  ]);
  assert.deepEqual(diagnostics[0]?.data.suggestions, ['Bug', 'Task', 'Story']);
});

test('unknown-status: a key the source workflows lack on the key, a value the target workflows lack on the value', () => {
  const text = marked(
    config({ statuses: 'statuses:\n  [[Opne]]: To Do\n  Resolved: [[Archived]]\n  Open: [[Dnoe]]' }),
  );
  const diagnostics = metadataDiagnostics(text.text);
  assert.deepEqual(diagnostics.map(whole), [
    expected(
      text.ranges[0]!,
      'unknown-status',
      '`Opne` is not a status of the workflows of source project SUP. Did you mean `Open`? This mapping never applies.',
    ),
    expected(
      text.ranges[1]!,
      'unknown-status',
      "`Archived` is not a status of the workflows of target project ENG. Its statuses: `To Do`, `In Progress`, `In Review`, `Done`, `Won't Do`. Issues in `Resolved` cannot be moved there.",
    ),
    expected(
      text.ranges[2]!,
      'unknown-status',
      '`Dnoe` is not a status of the workflows of target project ENG. Did you mean `Done`? Issues in `Open` cannot be moved there.',
    ),
  ]);
  assert.deepEqual(diagnostics[2]?.data.suggestions, ['Done']);
});

test('status-unreachable: not in the workflow of one created type, unreachable from the initial status of another (global transitions count)', () => {
  const text = marked(
    config({ statuses: "statuses:\n  Open: To Do\n  In Progress: [[In Review]]\n  Resolved: [[Won't Do]]" }),
  );
  const diagnostics = metadataDiagnostics(text.text);
  assert.deepEqual(diagnostics.map(whole), [
    expected(
      text.ranges[0]!,
      'status-unreachable',
      'Status `In Review` is not in the workflow of ENG / Task: issues in `In Progress` will stay where they are (`invalid-transition` entries). Map to a reachable status, or add a transition to the target workflow.',
      Severity.Warning,
    ),
    expected(
      text.ranges[1]!,
      'status-unreachable',
      "Status `Won't Do` is not in the workflow of ENG / Task, and cannot be reached from the initial status of ENG / Bug by any chain of transitions: issues in `Resolved` will stay where they are (`invalid-transition` entries). Map to a reachable status, or add a transition to the target workflow.",
      Severity.Warning,
    ),
  ]);
  assert.deepEqual(diagnostics[1]?.data.issueTypes, ['Task', 'Bug']);
});

test('status-unreachable is not predicted when the snapshot does not know the initial status', () => {
  const state = withState((dir) =>
    editSnapshot(dir, 'partner', (s) => {
      for (const p of s.projects as { issueTypes: Record<string, unknown>[] }[]) {
        for (const t of p.issueTypes) delete t.initialStatus;
      }
    }),
  );
  try {
    const text = config({
      issueTypes: 'issueTypes:\n  Bug: Bug\n  Service Request: Bug',
      statuses: "statuses:\n  Resolved: Won't Do",
    });
    assert.deepEqual(metadataDiagnostics(text, { stateDir: state.dir, now: NOW }), []);
    assert.equal(metadataDiagnostics(text).length, 1);
  } finally {
    state.dispose();
  }
});

test('status-unreachable only counts source types whose workflow has the source status', () => {
  // `Waiting for customer` exists only in the Service Request workflow, which becomes Task: Bug's workflow is irrelevant.
  const text = config({ statuses: 'statuses:\n  Waiting for customer: In Progress' });
  assert.deepEqual(metadataDiagnostics(text), []);
  const unreachable = config({ statuses: 'statuses:\n  Waiting for customer: In Review' });
  assert.deepEqual(
    metadataDiagnostics(unreachable).map((d) => [d.code, d.data.issueTypes]),
    [['status-unreachable', ['Task']]],
  );
});

test('field-not-on-screen names the created issue types whose create screen lacks the target field, on the target value', () => {
  const fields = [
    '  summary: summary',
    '  customfield_10012: { target: customfield_20014 }',
    '  customfield_10014: [[customfield_20011]]',
    '  environment: [[environment]]',
    '  customfield_10013: { target: [[customfield_29999]] }',
  ].join('\n');
  const text = marked(config({ fields, extra: 'link: { field: [[customfield_20016]] }' }));
  const diagnostics = metadataDiagnostics(text.text);
  assert.deepEqual(diagnostics.map(whole), [
    expected(
      text.ranges[0]!,
      'field-not-on-screen',
      'Field `customfield_20011` (Reported by) is not on the Create screen of ENG / Task: Jira rejects the create. Add it to the screen, or remove this mapping.',
    ),
    expected(
      text.ranges[1]!,
      'field-not-on-screen',
      'Field `environment` (Environment) is not on the Create screen of ENG / Bug, ENG / Task: Jira rejects the create. Add it to the screen, or remove this mapping.',
    ),
    expected(
      text.ranges[2]!,
      'field-not-on-screen',
      'Field `customfield_29999` does not exist on site `partner`, so it is on no Create screen (ENG / Bug, ENG / Task): Jira rejects the create. Map to an existing field, or remove this mapping.',
    ),
    expected(
      text.ranges[3]!,
      'field-not-on-screen',
      'Field `customfield_20016` (Release notes) is not on the Create screen of ENG / Task: Jira rejects the create. Add it to the screen, or remove this mapping.',
    ),
  ]);
  assert.deepEqual(diagnostics[0]?.data, {
    path: ['fields', 'customfield_10014'],
    issueTypes: ['Task'],
    targetField: 'customfield_20011',
    sourceField: 'customfield_10014',
  });
});

test('field-not-on-screen counts an unmapped source type that keeps its name', () => {
  // Bug is not mapped, so it stays Bug (whose screen has both fields); Service Request becomes Story.
  const text = config({
    issueTypes: 'issueTypes:\n  Service Request: Story',
    statuses: 'statuses:\n  Open: To Do\n  Resolved: Done',
    fields: '  summary: summary\n  priority: priority\n  customfield_10012: customfield_20014',
  });
  assert.deepEqual(
    metadataDiagnostics(text).map((d) => [d.code, d.data.issueTypes]),
    [
      ['field-not-on-screen', ['Story']],
      ['field-not-on-screen', ['Story']],
    ],
  );
});

test('required-field-unmapped warns on the fields key for a required target field without default that nothing sets', () => {
  const text = marked(
    config({ fields: '  summary: summary\n  description: description' }).replace(
      '\nfields:',
      '\n[[fields]]:',
    ),
  );
  const diagnostics = metadataDiagnostics(text.text);
  assert.deepEqual(diagnostics.map(whole), [
    expected(
      text.range,
      'required-field-unmapped',
      'The Create screen of ENG / Bug, ENG / Task requires `customfield_20014` (Severity), but no mapping sets it: creates will fail (`required-field-missing` entries). Map a source field to it (with a `default` for empty values), or make it optional in the target project.',
      Severity.Warning,
    ),
  ]);
  assert.equal(diagnostics[0]?.data.requiredField, 'customfield_20014');
  // The reporter is required on ENG / Bug but Jira defaults it: never reported.
});

test('issue types whose create screen requires only summary get no required-field warning', () => {
  const text = config({
    fields: '  summary: summary',
    issueTypes: 'issueTypes:\n  Bug: Story\n  Service Request: Story',
    statuses: 'statuses:\n  Open: To Do\n  Resolved: Done',
  });
  assert.deepEqual(metadataDiagnostics(text), []);
});

test('field-type-mismatch says what cannot carry what and what would fix it', () => {
  const fields = [
    '  summary: summary',
    '  customfield_10012: customfield_20014',
    '  assignee: [[customfield_20014]]',
    '  customfield_10011: [[assignee]]',
    '  customfield_10014: { target: [[customfield_20012]] }',
    '  reporter: [[description]]',
    '  creator: { target: customfield_20010, as: text }',
    '  customfield_10015: [[priority]]',
  ].join('\n');
  const text = marked(config({ issueTypes: 'issueTypes:\n  Bug: Bug\n  Service Request: Bug', fields }));
  const diagnostics = metadataDiagnostics(text.text).filter((d) => d.code === 'field-type-mismatch');
  assert.deepEqual(diagnostics.map(whole), [
    expected(
      text.ranges[0]!,
      'field-type-mismatch',
      '`assignee` (Assignee, single-user field) cannot be carried by `customfield_20014` (Severity, single-select field). A person cannot be written there. Map into a user field, or into a text field with `as: text`.',
    ),
    expected(
      text.ranges[1]!,
      'field-type-mismatch',
      '`customfield_10011` (Approvers, multi-user field) cannot be carried by `assignee` (Assignee, single-user field). Several people cannot go into a single-user field: only one would be kept. Map into a multi-user field.',
    ),
    expected(
      text.ranges[2]!,
      'field-type-mismatch',
      "`customfield_10014` (Notes, text field) cannot be carried by `customfield_20012` (Customer contact, single-user field). Only a user field can fill a user field (`as: text` does not help: text cannot become a person). Map a user field into it, or choose a target of the source field's type.",
    ),
    expected(
      text.ranges[3]!,
      'field-type-mismatch',
      '`reporter` (Reporter, single-user field) cannot be carried by `description` (Description, rich-text field). A person is not text. Add `as: text` to copy the name as text (it then becomes untracked free text), or map into a user field.',
    ),
    expected(
      text.ranges[4]!,
      'field-type-mismatch',
      '`customfield_10015` (Products, multi-select field) cannot be carried by `priority` (Priority, single-value field). Several values cannot go into a single-value field: only one would be kept. Map into a multi-value field, or into a text field.',
    ),
  ]);
  assert.deepEqual(diagnostics[0]?.data, {
    path: ['fields', 'assignee'],
    sourceField: 'assignee',
    targetField: 'customfield_20014',
    sourceKind: 'user',
    targetKind: 'option',
  });
});

test('field-type-mismatch needs both snapshots: a source field of unknown type is not judged', () => {
  const state = withState((dir) => rmSync(join(dir, 'metadata', 'support-to-partner', 'support.json')));
  try {
    const text = config({
      issueTypes: 'issueTypes:\n  Bug: Bug\n  Service Request: Bug',
      fields:
        '  summary: summary\n  customfield_10012: customfield_20014\n  customfield_10014: customfield_20012',
    });
    assert.deepEqual(
      metadataDiagnostics(text, { stateDir: state.dir, now: NOW }).map((d) => d.code),
      ['metadata-missing'],
    );
  } finally {
    state.dispose();
  }
});

test('without a source snapshot, screens are checked for the mapped target types only', () => {
  const state = withState((dir) => rmSync(join(dir, 'metadata', 'support-to-partner', 'support.json')));
  try {
    const text = config({
      issueTypes: 'issueTypes:\n  Service Request: Task',
      fields:
        '  summary: summary\n  customfield_10012: customfield_20014\n  customfield_10014: customfield_20011',
    });
    assert.deepEqual(
      metadataDiagnostics(text, { stateDir: state.dir, now: NOW }).map((d) => [
        d.code,
        d.data.issueTypes ?? d.data.site,
      ]),
      [
        ['metadata-missing', 'support'],
        ['field-not-on-screen', ['Task']],
      ],
    );
  } finally {
    state.dispose();
  }
});

test('a suppression comment silences a metadata diagnostic on the next line', () => {
  const text = config({
    fields:
      '  summary: summary\n  customfield_10012: customfield_20014\n  # backbone-sync-disable-next-line field-not-on-screen\n  environment: environment',
  });
  assert.deepEqual(metadataDiagnostics(text), []);
});

test('required-field-unmapped warns on a mapping without default whose source field is optional on the source create screen', () => {
  const state = withState((dir) =>
    editSnapshot(dir, 'support', (s) => {
      const project = (s.projects as { issueTypes: Record<string, unknown>[] }[])[0]!;
      for (const type of project.issueTypes) {
        type.createFields = [
          { id: 'summary', name: 'Summary', required: true },
          // Team is required for bugs only: Service Requests may leave it empty.
          { id: 'customfield_10012', name: 'Team', required: type.name === 'Bug' },
        ];
      }
    }),
  );
  try {
    const fields = '  summary: summary\n  [[customfield_10012]]: customfield_20014';
    const text = marked(config({ fields }));
    const diagnostics = metadataDiagnostics(text.text, { stateDir: state.dir, now: NOW });
    assert.deepEqual(diagnostics.map(whole), [
      expected(
        text.range,
        'required-field-unmapped',
        'The Create screen of ENG / Task requires `customfield_20014` (Severity), but `customfield_10012` (Team) is optional in SUP / Service Request and this mapping has no `default`: issues where it is empty cannot be created (`required-field-missing` entries). Add a `default`, or make the field required on the source.',
        Severity.Warning,
      ),
    ]);
    // A string mapping has no room for `default`: no "Add key" data; an object mapping has.
    assert.equal(diagnostics[0]?.data.missingKey, undefined);
    const objectForm = config({
      fields: '  summary: summary\n  customfield_10012: { target: customfield_20014 }',
    });
    assert.equal(
      metadataDiagnostics(objectForm, { stateDir: state.dir, now: NOW })[0]?.data.missingKey,
      'default',
    );
    // With a default, empty values are filled: nothing to predict.
    const withDefault = config({
      fields: '  summary: summary\n  customfield_10012: { target: customfield_20014, default: Minor }',
    });
    assert.deepEqual(metadataDiagnostics(withDefault, { stateDir: state.dir, now: NOW }), []);
  } finally {
    state.dispose();
  }
});

test('the "Replace with" quick fix edits the key of a source-side unknown and the value of a target-side one', () => {
  const text = config({ issueTypes: 'issueTypes:\n  Bgu: Bug\n  Service Request: Tsk' });
  const doc = new ConfigDocument('file:///t.sync.yaml', 1, text);
  const diagnostics = metadataDiagnostics(text);
  const edits = codeActions(doc, diagnostics, doc.uri).map((a) => [
    a.title,
    a.edit?.changes?.[doc.uri]?.[0]?.range.start,
    a.edit?.changes?.[doc.uri]?.[0]?.newText,
  ]);
  const line = text.split('\n').indexOf('  Bgu: Bug');
  assert.deepEqual(edits, [
    ['Replace with `Bug`', { line, character: 2 }, 'Bug'],
    ['Replace with `Task`', { line: line + 1, character: 19 }, 'Task'],
  ]);
});
