// Realistic configs for tests that need a whole file: one with no errors, and small variations of it.
// The examples in examples/*.sync.yaml are used too where they exist; these stay stable for unit tests.

/** A valid config (no error diagnostics): one-way support → engineering, no personal data. */
export const VALID_CONFIG = `version: 1
name: support-to-engineering
sites:
  support:
    url: https://acme-support.atlassian.net
    auth: { email: sync-bot@acme.com, token: "\${env:SUPPORT_JIRA_TOKEN}" }
    underYourControl: true
  engineering:
    url: https://acme-eng.atlassian.net
    auth:
      email: sync-bot@acme.com
      token: "\${env:ENGINEERING_JIRA_TOKEN}"
    underYourControl: true
source: { site: support, project: SUP, jql: "labels = escalated" }
target: { site: engineering, project: ENG }
issueTypes: { Bug: Bug, "Service Request": Task }
fields:
  summary: summary
  description: description
  priority: { target: priority, correlate: { Highest: P1, High: P2, Medium: P3 }, default: P3 }
  labels: { target: labels, prefix: "sup-" }
  customfield_10010: customfield_20010
statuses: { Open: To Do, "In Progress": In Progress, Resolved: Done }
comments: { sync: false }
attachments: { sync: false }
link: { field: customfield_20099 }
`;
