// Progress through a poll's time windows: one pass's covered share, and the streams of a poll
// combined, each weighted by the length of its window, streams not yet started counting nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { coveredFraction, PollProgress } from '../../src-main/sync/sync-progress.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

test('a pass covers its window from the top down to the oldest date listed', () => {
  const window = { floor: 0, top: 10 * DAY };
  assert.equal(coveredFraction({ ...window, reached: null, complete: false }), 0, 'before the first page');
  assert.equal(coveredFraction({ ...window, reached: 7 * DAY, complete: false }), 0.3);
  assert.equal(coveredFraction({ ...window, reached: 11 * DAY, complete: false }), 0, 'messages newer than the top: nothing of the window yet');
  assert.equal(coveredFraction({ ...window, reached: -500, complete: false }), 1, 'the gateway compares whole seconds: a little below the floor');
  assert.equal(coveredFraction({ ...window, reached: 7 * DAY, complete: true }), 1, 'a completed pass has listed everything');
  assert.equal(coveredFraction({ floor: 5, top: 5, reached: 5, complete: false }), 0, 'a window of no length');
});

test('a poll: streams weighted by their windows; one not started counts nothing; complete is 1', () => {
  const p = new PollProgress();
  p.expect('sender:1:in', { floor: 0, top: 7 * DAY });
  p.expect('account:AC1', { floor: 6 * DAY, top: 7 * DAY });
  assert.deepEqual(p.snapshot(), {
    fraction: 0,
    streams: [
      { stream: 'sender:1:in', fraction: 0, complete: false },
      { stream: 'account:AC1', fraction: 0, complete: false },
    ],
  });
  p.reach('sender:1:in', 3.5 * DAY);
  assert.equal(p.snapshot().fraction, (0.5 * 7) / 8, 'half of 7 days of the 8 days to list');
  p.complete('sender:1:in');
  assert.equal(p.snapshot().fraction, 7 / 8);
  p.reach('account:AC1', 6.5 * DAY);
  assert.equal(p.snapshot().fraction, 7.5 / 8);
  p.complete('account:AC1');
  assert.equal(p.snapshot().fraction, 1);
});

test('a poll: progress only moves forward; a resumed pass starts where it had got', () => {
  const p = new PollProgress();
  p.expect('account:AC1', { floor: 0, top: 10 * HOUR }, 6 * HOUR);
  assert.equal(p.snapshot().fraction, 0.4, 'resumed at 6 h of 0..10 h');
  p.reach('account:AC1', 8 * HOUR);
  assert.equal(p.snapshot().fraction, 0.4, 'a page re-listed higher up (a restarted pass) does not take it back');
  p.reach('account:AC1', 1 * HOUR);
  assert.equal(p.snapshot().fraction, 0.9);
  p.reach('sender:9:in', 0);
  assert.deepEqual(p.snapshot().streams.map((s) => s.stream), ['account:AC1'], 'a stream not in the poll is ignored');
});

test('a poll whose windows all have no length counts streams instead', () => {
  const p = new PollProgress();
  p.expect('a', { floor: 5, top: 5 });
  p.expect('b', { floor: 5, top: 4 });
  assert.equal(p.snapshot().fraction, 0);
  p.complete('a');
  assert.equal(p.snapshot().fraction, 0.5);
});
