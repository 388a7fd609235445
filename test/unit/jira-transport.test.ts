import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createJiraSite, type JiraSite } from '../../server/src/jira/client';
import {
  JiraNetworkError,
  JiraRequestError,
  CancelledError,
  describeError,
} from '../../server/src/jira/errors';
import { backoffDelay, parseRetryAfter, isIdempotent } from '../../server/src/jira/transport';
import { checkSiteUrl } from '../../server/src/jira/site-url';

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

async function withServer(handler: Handler, run: (url: string) => Promise<void>): Promise<void> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => handler(req, res, body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  try {
    await run(`http://127.0.0.1:${port}`);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

function site(url: string, extra: Parameters<typeof createJiraSite>[1] = {}): JiraSite {
  const result = createJiraSite(
    { name: 'test', url, email: 'bot@example.test', token: 'secret-token' },
    { baseDelayMs: 1, maxDelayMs: 5, ...extra },
  );
  assert.ok(result.ok);
  return result.site;
}

function json(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

test('a 429 with Retry-After is retried, also for a POST create, and counted', async () => {
  let calls = 0;
  await withServer(
    (_req, res) => {
      calls++;
      if (calls === 1) return json(res, 429, { errorMessages: ['slow down'] }, { 'retry-after': '0' });
      json(res, 201, { id: '10001', key: 'ENG-1', self: 'x' });
    },
    async (url) => {
      const s = site(url);
      const created = await s.api.issues.createIssue({ fields: { summary: 'x', project: { key: 'ENG' } } });
      assert.equal(created.key, 'ENG-1');
      assert.equal(s.stats.requests, 2);
      assert.equal(s.stats.rateLimited, 1);
    },
  );
});

test('a POST create that gets a 500 is not retried; a GET that gets a 503 is', async () => {
  const seen: string[] = [];
  await withServer(
    (req, res) => {
      seen.push(`${req.method} ${req.url}`);
      if (req.method === 'POST') return json(res, 500, { errorMessages: ['Alice Example broke it'] });
      if (seen.filter((s) => s.startsWith('GET')).length < 3) return json(res, 503, {});
      json(res, 200, { accountId: 'abc' });
    },
    async (url) => {
      const s = site(url);
      await assert.rejects(
        s.api.issues.createIssue({ fields: { summary: 'x', project: { key: 'ENG' } } }),
        (error: unknown) => {
          assert.ok(error instanceof JiraRequestError);
          assert.equal(error.status, 500);
          assert.doesNotMatch(error.message, /Alice/);
          assert.doesNotMatch(describeError(error), /Alice/);
          return true;
        },
      );
      assert.equal(seen.filter((s) => s.startsWith('POST')).length, 1);
      const me = await s.api.myself.getCurrentUser();
      assert.equal(me.accountId, 'abc');
      assert.equal(seen.filter((s) => s.startsWith('GET')).length, 3);
    },
  );
});

test('the enhanced search is a POST that only reads, so it is retried on 5xx', async () => {
  let calls = 0;
  await withServer(
    (req, res, body) => {
      calls++;
      assert.equal(req.url, '/rest/api/3/search/jql');
      assert.deepEqual(JSON.parse(body).fields, ['summary']);
      if (calls === 1) return json(res, 502, {});
      json(res, 200, { issues: [], isLast: true });
    },
    async (url) => {
      const s = site(url);
      const page = await s.api.issueSearch.searchAndReconsileIssuesUsingJqlPost({
        jql: 'project = SUP',
        fields: ['summary'],
      });
      assert.deepEqual(page.issues, []);
      assert.equal(calls, 2);
    },
  );
});

test('a connection reset is retried for reads and reported as a network error for creates', async () => {
  let calls = 0;
  await withServer(
    (req, res) => {
      calls++;
      if (calls <= 2) return req.socket.destroy();
      json(res, 200, { accountId: 'abc' });
    },
    async (url) => {
      const s = site(url);
      await assert.rejects(
        s.api.issues.createIssue({ fields: { summary: 'x', project: { key: 'ENG' } } }),
        JiraNetworkError,
      );
      assert.equal(calls, 1);
      const me = await s.api.myself.getCurrentUser();
      assert.equal(me.accountId, 'abc');
      assert.equal(calls, 3);
    },
  );
});

test('errors keep the status and the keys of Jira errors, never their values', async () => {
  await withServer(
    (_req, res) =>
      json(res, 400, { errorMessages: [], errors: { customfield_10010: 'Bob Person cannot be set' } }),
    async (url) => {
      const s = site(url);
      await assert.rejects(
        s.api.issues.editIssue({ issueIdOrKey: 'ENG-1', fields: { customfield_10010: 'x' } }),
        (error: unknown) => {
          assert.ok(error instanceof JiraRequestError);
          assert.deepEqual(error.errorKeys, ['customfield_10010']);
          assert.doesNotMatch(JSON.stringify({ ...error, message: error.message }), /Bob/);
          return true;
        },
      );
    },
  );
});

test('one concurrency limit per site is shared by every client of that site', async () => {
  let inFlight = 0;
  let maxInFlight = 0;
  await withServer(
    (_req, res) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      setImmediate(() => {
        inFlight--;
        json(res, 200, { accountId: 'abc' });
      });
    },
    async (url) => {
      const limiters = new Map();
      const a = site(url, { concurrency: 2, limiters });
      const b = site(url, { concurrency: 2, limiters });
      await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 ? a : b).api.myself.getCurrentUser()));
      assert.ok(maxInFlight <= 2, `max in flight ${maxInFlight}`);
      assert.equal(a.stats.requests + b.stats.requests, 12);
    },
  );
});

test('an aborted signal cancels requests that wait, with a CancelledError', async () => {
  await withServer(
    (_req, res) => json(res, 429, {}, { 'retry-after': '30' }),
    async (url) => {
      const controller = new AbortController();
      const s = site(url, { signal: controller.signal });
      const pending = s.api.myself.getCurrentUser();
      setTimeout(() => controller.abort(), 50);
      await assert.rejects(pending, CancelledError);
    },
  );
});

test('the token travels only in the Authorization header of our transport', async () => {
  await withServer(
    (req, res) => {
      assert.equal(
        req.headers.authorization,
        `Basic ${Buffer.from('bot@example.test:secret-token').toString('base64')}`,
      );
      assert.doesNotMatch(req.url ?? '', /secret/);
      json(res, 200, { accountId: 'abc' });
    },
    async (url) => {
      await site(url).api.myself.getCurrentUser();
    },
  );
});

test('plain http is refused except on loopback', () => {
  assert.equal(checkSiteUrl('http://example.com').ok, false);
  assert.equal(checkSiteUrl('ftp://example.com').ok, false);
  assert.equal(checkSiteUrl('http://127.0.0.1:3000/site-a/').ok, true);
  assert.deepEqual(checkSiteUrl('http://localhost:3000/a/'), {
    ok: true,
    baseUrl: 'http://localhost:3000/a',
  });
  assert.deepEqual(checkSiteUrl('https://acme.atlassian.net'), {
    ok: true,
    baseUrl: 'https://acme.atlassian.net',
  });
  const refused = createJiraSite({ name: 'x', url: 'http://acme.example', email: 'a@b.c', token: 't' });
  assert.equal(refused.ok, false);
});

test('backoff grows exponentially within the 0.7–1.3 jitter band; Retry-After reads seconds and dates', () => {
  assert.equal(
    backoffDelay(1, 100, 10_000, () => 0),
    140,
  );
  assert.equal(
    backoffDelay(1, 100, 10_000, () => 1),
    260,
  );
  assert.equal(
    backoffDelay(3, 100, 10_000, () => 0.5),
    800,
  );
  assert.equal(
    backoffDelay(20, 100, 1000, () => 0.5),
    1000,
  );
  assert.equal(parseRetryAfter('2'), 2000);
  assert.equal(parseRetryAfter(new Date(10_000).toUTCString(), 5000), 5000);
  assert.equal(parseRetryAfter(null), undefined);
  assert.equal(isIdempotent('POST', '/rest/api/3/issue'), false);
  assert.equal(isIdempotent('PUT', '/rest/api/3/issue/1'), true);
});
