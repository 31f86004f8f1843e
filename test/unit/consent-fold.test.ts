// R11: consent is a deterministic fold of its events, whatever order they arrive in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { foldConsent, supersededAt, type FoldEvent } from '../../src-main/consent/consent-fold.ts';
import { seededRandom } from '../../src-main/seeded-random.ts';

const ev = (uid: string, status: FoldEvent['status'], occurredAt: number, o: Partial<FoldEvent> = {}): FoldEvent => ({
  uid, status, occurredAt, source: 'manual', supersedes: null, ...o,
});
const state = (events: FoldEvent[]) => foldConsent(events)?.status ?? 'none';

test('R11 an opt-in counts when it supersedes the latest opt-out its desk knew of', () => {
  const out = ev('a', 'opted_out', 10);
  assert.equal(state([out, ev('b', 'opted_in', 20, { supersedes: 'a' })]), 'opted_in');
});

test('R11 an opt-in made on a desk that never saw the opt-out does not cancel it (offline opt-in, concurrent opt-out)', () => {
  // Desk B opted the customer out at 15; desk A, offline, opted them in at 20 knowing only the opt-out of 10.
  const events = [ev('a', 'opted_out', 10), ev('b', 'opted_out', 15), ev('c', 'opted_in', 20, { supersedes: 'a' })];
  assert.equal(state(events), 'opted_out');
  assert.equal(foldConsent(events)?.uid, 'b');
  // An opt-in that knew of nothing cannot cancel anything.
  assert.equal(state([ev('x', 'opted_out', 10), ev('y', 'opted_in', 20)]), 'opted_out');
});

test('R11 an opt-out wins a tie', () => {
  assert.equal(state([ev('z', 'opted_in', 10), ev('a', 'opted_out', 10)]), 'opted_out');
  assert.equal(state([ev('a', 'opted_in', 10), ev('z', 'opted_out', 10)]), 'opted_out');
});

test('R3 R11 the customer\'s own START after their STOP counts by the gateway\'s clock, even polled before the STOP', () => {
  const stop = ev('s', 'opted_out', 10, { source: 'inbound_keyword' });
  const start = ev('t', 'opted_in', 20, { source: 'inbound_keyword' });
  assert.equal(state([start, stop]), 'opted_in');
  // A START does not cancel a staff opt-out it did not know of.
  assert.equal(state([ev('m', 'opted_out', 10), start]), 'opted_out');
  // A STOP after a START opts out again.
  assert.equal(state([start, ev('u', 'opted_out', 30, { source: 'inbound_keyword' })]), 'opted_out');
});

test('R11 an opt-in that names an opt-out dated after it (desk clocks disagree) is placed after that opt-out', () => {
  assert.equal(state([ev('a', 'opted_out', 50), ev('b', 'opted_in', 40, { supersedes: 'a' })]), 'opted_in');
});

test('R11 supersededAt names the opt-out that decides the state at that time', () => {
  const events = [ev('a', 'opted_out', 10), ev('b', 'opted_in', 20, { supersedes: 'a' }), ev('c', 'opted_out', 30)];
  assert.equal(supersededAt(events, 15), 'a');
  assert.equal(supersededAt(events, 25), null);
  assert.equal(supersededAt(events, 35), 'c');
});

test('R11 the fold is the same in every order the events can arrive (1,000 shuffles of random histories)', () => {
  const random = seededRandom(11);
  for (let round = 0; round < 200; round++) {
    const events: FoldEvent[] = [];
    for (let i = 0; i < 2 + Math.floor(random() * 8); i++) {
      const outs = events.filter((e) => e.status === 'opted_out');
      const status = random() < 0.5 ? 'opted_out' : 'opted_in';
      const known = outs.length > 0 && random() < 0.7 ? outs[Math.floor(random() * outs.length)] : undefined;
      events.push(ev(`e${round}-${i}`, status, Math.floor(random() * 6), {
        source: random() < 0.3 ? 'inbound_keyword' : 'manual',
        supersedes: status === 'opted_in' && known ? known.uid : null,
      }));
    }
    const expected = foldConsent(events)?.uid ?? null;
    for (let k = 0; k < 5; k++) {
      const shuffled = [...events];
      for (let i = shuffled.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [shuffled[i], shuffled[j]] = [shuffled[j] as FoldEvent, shuffled[i] as FoldEvent];
      }
      assert.equal(foldConsent(shuffled)?.uid ?? null, expected, `round ${round}`);
    }
  }
});
