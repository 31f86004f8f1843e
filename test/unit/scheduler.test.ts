// The background loop (outbox, poller) with injected timers: runs never overlap, the next delay
// follows the earliest due message, kick() runs again after the current run, stop() waits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Scheduler } from '../../src-main/outbox/scheduler.ts';
import { manualTimers } from '../support/manual-timers.ts';

/** Timers fired by hand; `fire` fires the one pending timer and returns its delay. */
function fakeTimers() {
  const t = manualTimers();
  return { timers: t.timers, fire: t.fireOne, pending: t.pending };
}

const tick = () => new Promise((r) => setImmediate(r));

test('scheduler: runs at once, then after the computed delay, clamped to the interval', async () => {
  const { timers, fire } = fakeTimers();
  let runs = 0;
  let next: number | null = 2_000;
  const s = new Scheduler(async () => void runs++, { intervalMs: 5_000, nextDelayMs: () => next, timers });
  s.start();
  assert.equal(fire(), 0);
  await tick();
  assert.equal(runs, 1);
  next = 60_000; // the delay after the next run
  assert.equal(fire(), 2_000);
  await tick();
  next = -10;
  assert.equal(fire(), 5_000, 'never longer than the interval');
  await tick();
  assert.equal(fire(), 50, 'a message already due: the minimum delay');
  await tick();
  await s.stop();
  assert.equal(runs, 4);
});

test('scheduler: kick() during a run runs again right after; errors are reported and the loop goes on; stop() waits for the run', async () => {
  const { timers, fire, pending } = fakeTimers();
  let release!: () => void;
  let runs = 0;
  const errors: unknown[] = [];
  const s = new Scheduler(
    async () => {
      runs++;
      if (runs === 1) await new Promise<void>((r) => (release = r));
      if (runs === 2) throw new Error('boom');
    },
    { intervalMs: 1_000, timers, onError: (e) => errors.push(e) },
  );
  s.start();
  fire();
  s.kick();
  assert.equal(pending.size, 0, 'no second run while one is in progress');
  release();
  await tick();
  assert.equal(fire(), 50, 'kicked: runs again soon');
  await tick();
  assert.equal(runs, 2);
  assert.match(String(errors[0]), /boom/);
  assert.equal(fire(), 1_000);
  const stopped = s.stop();
  await stopped;
  assert.equal(pending.size, 0);
  assert.equal(s.started, false);
});
