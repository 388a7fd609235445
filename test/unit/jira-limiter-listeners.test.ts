// The run's AbortSignal is shared by every request of a sync; each wait in the site limiter listens to it.
// These tests prove the listeners go away when a wait ends, so a long run does not pile them up on the signal.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { SiteLimiter, sleep } from '../../server/src/jira/limiter';

const abortListeners = (signal: AbortSignal): number => getEventListeners(signal, 'abort').length;

test('many requests through one limiter with one signal leave no abort listeners behind', async () => {
  const controller = new AbortController();
  const limiter = new SiteLimiter(2);
  let most = 0;
  const request = async (): Promise<void> => {
    const release = await limiter.acquire(controller.signal);
    most = Math.max(most, abortListeners(controller.signal));
    await new Promise<void>((resolve) => setImmediate(resolve));
    release();
  };
  await Promise.all(Array.from({ length: 300 }, () => request()));
  assert.equal(abortListeners(controller.signal), 0);
  // Only requests waiting for a slot listen; never more than the requests started at once.
  assert.ok(most <= 300, `at most one listener per waiting request, saw ${most}`);
  for (let round = 0; round < 50; round++) await request();
  assert.equal(abortListeners(controller.signal), 0);
});

test('waits for a pause and for pacing remove their abort listeners when they end', async () => {
  const controller = new AbortController();
  const limiter = new SiteLimiter(4);
  limiter.learnRate(1000);
  limiter.pause(5);
  for (let round = 0; round < 30; round++) {
    const release = await limiter.acquire(controller.signal);
    release();
    await sleep(0, controller.signal);
  }
  assert.equal(abortListeners(controller.signal), 0);
});

test('an abort while waiting rejects the waiters and leaves no listeners', async () => {
  const controller = new AbortController();
  const limiter = new SiteLimiter(1);
  const held = await limiter.acquire(controller.signal);
  const waiting = Array.from({ length: 20 }, () => limiter.acquire(controller.signal));
  assert.equal(abortListeners(controller.signal), 20);
  controller.abort();
  const outcomes = await Promise.allSettled(waiting);
  assert.ok(outcomes.every((outcome) => outcome.status === 'rejected'));
  assert.equal(abortListeners(controller.signal), 0);
  held();
});
