// LSP traces never show a token or an email (DESIGN.md §9.2), while ${env:NAME} references stay readable.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { redactSecrets } from '../../client/src/redact';

test('a literal token and the auth email are redacted from YAML text and from JSON-escaped document text', () => {
  const yaml = 'auth: { email: bot@acme.com, token: "ATATT3xFf-literal" }\n';
  const out = redactSecrets(yaml);
  assert.ok(!out.includes('ATATT3xFf-literal'), out);
  assert.ok(!out.includes('bot@acme.com'), out);
  const trace = JSON.stringify({ text: yaml });
  const traced = redactSecrets(trace);
  assert.ok(!traced.includes('ATATT3xFf-literal'), traced);
  assert.ok(!traced.includes('bot@acme.com'), traced);
});

test('JSON auth values are redacted, and ${env:NAME} references are kept', () => {
  const out = redactSecrets(
    '{"token": "secret-value", "url": "https://x"} token: "${env:SUPPORT_JIRA_TOKEN}"',
  );
  assert.ok(!out.includes('secret-value'), out);
  assert.ok(out.includes('https://x'));
  assert.ok(out.includes('${env:SUPPORT_JIRA_TOKEN}'), out);
});
