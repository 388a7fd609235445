// The control API: request log, scripted faults (429 with Jira's headers, 5xx shares, resets before
// and after a write, latency, index lag), reset to the seed, full issue state; and the CLI entry.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { TestEmulator } from './test-support';
import { startTestEmulator } from './test-support';

let t: TestEmulator;
before(async () => {
  t = await startTestEmulator();
});
beforeEach(() => t.emulator.reset());
after(async () => {
  await t.emulator.close();
});

const create = (summary: string) =>
  t.api('engineering', 'POST', '/rest/api/3/issue', {
    fields: { project: { key: 'ENG' }, issuetype: { name: 'Task' }, summary, priority: { name: 'P3' } },
  });

describe('request log', () => {
  it('logs every request, rejected ones included, and clears', async () => {
    await t.api('support', 'GET', '/rest/api/3/myself');
    await t.api('support', 'GET', '/rest/api/3/myself', undefined, { email: 'x', token: 'y' });
    await create('Logged');
    const log = (await t.control('GET', '/_emulator/requests')).body.requests;
    assert.deepEqual(
      log.map((r: { method: string; path: string; status: number; site: string }) => [
        r.method,
        r.path,
        r.status,
        r.site,
      ]),
      [
        ['GET', '/rest/api/3/myself', 200, 'support'],
        ['GET', '/rest/api/3/myself', 401, 'support'],
        ['POST', '/rest/api/3/issue', 201, 'engineering'],
      ],
    );
    assert.equal(log[2].body.fields.summary, 'Logged');
    assert.match(log[0].time, /^\d{4}-\d\d-\d\dT/);
    assert.equal((await t.control('DELETE', '/_emulator/requests')).status, 204);
    assert.deepEqual((await t.control('GET', '/_emulator/requests')).body.requests, []);
  });
});

describe('faults', () => {
  it('answers a scripted burst with 429, Retry-After in seconds and the X-RateLimit headers', async () => {
    const set = await t.control('POST', '/_emulator/faults', {
      rules: [{ kind: 'rate-limit', count: 2, retryAfterSeconds: 3 }],
    });
    assert.equal(set.status, 200);
    for (let i = 0; i < 2; i++) {
      const r = await t.api('support', 'GET', '/rest/api/3/myself');
      assert.equal(r.status, 429);
      assert.equal(r.headers.get('retry-after'), '3');
      assert.equal(r.headers.get('x-ratelimit-remaining'), '0');
      assert.ok(r.headers.get('x-ratelimit-limit'));
      assert.match(r.headers.get('x-ratelimit-reset') ?? '', /^\d{4}-\d\d-\d\dT/);
      assert.equal(r.headers.get('ratelimit-reason'), 'jira-burst-based');
      assert.deepEqual(Object.keys(r.body).sort(), ['errorMessages', 'errors']);
    }
    assert.equal((await t.api('support', 'GET', '/rest/api/3/myself')).status, 200);
    const log = (await t.control('GET', '/_emulator/requests')).body.requests;
    assert.deepEqual(
      log.map((r: { fault?: string }) => r.fault ?? null),
      ['rate-limit', 'rate-limit', null],
    );
  });

  it('enforces a per-site limit in requests per second', async () => {
    await t.control('POST', '/_emulator/faults', {
      rules: [{ kind: 'rate-limit', site: 'support', requestsPerSecond: 3 }],
    });
    const replies = await Promise.all(
      Array.from({ length: 5 }, () => t.api('support', 'GET', '/rest/api/3/myself')),
    );
    const statuses = replies.map((r) => r.status).sort();
    assert.deepEqual(statuses, [200, 200, 200, 429, 429]);
    const limited = replies.find((r) => r.status === 429);
    assert.equal(limited?.headers.get('x-ratelimit-limit'), '3');
    assert.ok(Number(limited?.headers.get('retry-after')) >= 1);
    assert.equal(
      (await t.api('engineering', 'GET', '/rest/api/3/myself')).status,
      200,
      'the other site has its own limit',
    );
  });

  it('answers a share of requests with 500 or 503, reproducibly for a given seed', async () => {
    const run = async () => {
      await t.control('POST', '/_emulator/faults', {
        seed: 7,
        rules: [{ kind: 'status', status: 503, share: 0.5, path: '^/rest/api/3/myself$' }],
      });
      const statuses = [];
      for (let i = 0; i < 12; i++)
        statuses.push((await t.api('support', 'GET', '/rest/api/3/myself')).status);
      return statuses;
    };
    const first = await run();
    assert.ok(first.includes(503) && first.includes(200), first.join(','));
    assert.deepEqual(await run(), first);
  });

  it('resets the connection before a write, leaving nothing written', async () => {
    await t.control('POST', '/_emulator/faults', {
      rules: [{ kind: 'reset', method: 'POST', path: '^/rest/api/3/issue$', count: 1 }],
    });
    await assert.rejects(create('Lost'));
    assert.equal(t.emulator.issues('engineering').filter((i) => i.fields.summary === 'Lost').length, 0);
    const [logged] = t.emulator.requests('engineering');
    assert.equal(logged?.status, 0, 'a reset is logged with status 0');
    assert.equal(
      (logged?.body as { fields: { summary: string } }).fields.summary,
      'Lost',
      'with the body it carried',
    );
  });

  it('resets the connection after a write took effect, so the answer is lost but the issue exists', async () => {
    await t.control('POST', '/_emulator/faults', {
      rules: [
        { kind: 'reset', method: 'POST', path: '^/rest/api/3/issue$', count: 1, afterProcessing: true },
      ],
    });
    await assert.rejects(create('Written'));
    const state = (await t.control('GET', '/_emulator/sites/engineering/issues')).body.issues;
    assert.equal(
      state.filter((i: { fields: { summary: string } }) => i.fields.summary === 'Written').length,
      1,
    );
    assert.equal((await create('Next')).status, 201, 'the rule fired once only');
  });

  it('adds latency to matching requests', async () => {
    await t.control('POST', '/_emulator/faults', {
      rules: [{ kind: 'latency', latencyMs: 150, path: 'myself' }],
    });
    const started = Date.now();
    assert.equal((await t.api('support', 'GET', '/rest/api/3/myself')).status, 200);
    assert.ok(Date.now() - started >= 140);
    const log = (await t.control('GET', '/_emulator/requests')).body.requests;
    assert.equal(log[0].fault, 'latency');
  });

  it('delays new and updated issues in search by the index lag', async () => {
    // Generous lag so that the first search is surely inside it on a loaded machine; then poll.
    await t.control('POST', '/_emulator/faults', { indexLagMs: 1500 });
    const created = await create('Lagging');
    const search = async () =>
      (
        await t.api('engineering', 'POST', '/rest/api/3/search/jql', {
          jql: 'project = ENG AND summary ~ "Lagging"',
          fields: ['summary'],
        })
      ).body.issues.length;
    assert.equal(await search(), 0, 'not indexed yet');
    assert.equal(
      (await t.api('engineering', 'GET', `/rest/api/3/issue/${created.body.key}`)).status,
      200,
      'but readable',
    );
    let found = 0;
    for (let i = 0; i < 100 && found === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      found = await search();
    }
    assert.equal(found, 1);
  });

  it('refuses an invalid fault rule with 400', async () => {
    const r = await t.control('POST', '/_emulator/faults', { rules: [{ kind: 'explode' }] });
    assert.equal(r.status, 400);
  });
});

describe('state', () => {
  it('resets to the seed: created issues, faults and the log are gone', async () => {
    await create('Temporary');
    await t.control('POST', '/_emulator/faults', { rules: [{ kind: 'status', status: 500 }] });
    assert.equal((await t.control('POST', '/_emulator/reset')).status, 204);
    assert.equal(t.emulator.issues('engineering').length, 2);
    assert.equal((await t.api('engineering', 'GET', '/rest/api/3/myself')).status, 200);
  });

  it('returns the full issue state of a site, properties and comments included', async () => {
    const state = (await t.control('GET', '/_emulator/sites/support/issues')).body.issues;
    assert.equal(state.length, 30);
    assert.equal(state[0].key, 'SUP-1');
    assert.equal(state[0].comments.length, 2);
    assert.equal((await t.control('GET', '/_emulator/sites/nope/issues')).status, 404);
  });
});

describe('command line', () => {
  it('prints exactly one line with the URL, serves, and exits cleanly on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, 'main.ts'), '--port', '0'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout.setEncoding('utf8');
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: string) => {
        out += chunk;
        const m = /^Jira emulator listening on (http:\/\/127\.0\.0\.1:\d+)\n/.exec(out);
        if (m) resolve(m[1] as string);
      });
      child.once('exit', () => reject(new Error(`exited early: ${out}`)));
    });
    const info = await fetch(`${url}/support/rest/api/3/serverInfo`);
    assert.equal(info.status, 200);
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    assert.equal(code, 0);
    assert.equal(out, `Jira emulator listening on ${url}\n`);
  });
});
