// The config that "Create a Sync Config" writes: valid as it is, with the choices a person must make.
export const SKELETON = `# A Backbone Sync config: which Jira project syncs into which, and which fields go along.
# Tokens are never written here: set them with "Backbone Sync: Set Token" or in the environment.
version: 1
name: my-sync
sites:
  source:
    url: https://your-company.atlassian.net
    auth: { email: sync-bot@example.com, token: "\${env:SOURCE_JIRA_TOKEN}" }
    underYourControl: true
  target:
    url: https://partner.atlassian.net
    auth: { email: sync-bot@example.com, token: "\${env:TARGET_JIRA_TOKEN}" }
source: { site: source, project: SUP }
target: { site: target, project: ENG }
personalData:
  exchange: false # user fields (assignee, reporter, ...) are not synced until you decide they may be
fields:
  summary: summary
  description: description
`;
