// The notification policy (shared/domain/notification-policy.ts): one decision for the in-app toast
// and the desktop notification alike, the burst cap applied in main, and the toast's tone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_ANNOUNCED, notificationTone, selectAnnounced, shouldShow, type NotificationKind } from '../../shared/domain/notification-policy.ts';
import type { NotificationPrefs } from '../../shared/ipc/contract.ts';

const ALL_ON: NotificationPrefs = { desktop: true, replies: true, possibleOptOuts: true, sendFailures: true };
const KINDS: NotificationKind[] = ['reply', 'possible_opt_out', 'opt_out', 'opt_in', 'unattributed', 'send_failed'];

test('"Notify me about": everything is shown, as a toast and on the desktop, when every preference is on', () => {
  for (const kind of KINDS) {
    assert.equal(shouldShow(ALL_ON, { kind }, 'toast'), true, `${kind} toast`);
    assert.equal(shouldShow(ALL_ON, { kind }, 'desktop'), true, `${kind} desktop`);
  }
});

test('"Notify me about": a kind switched off is shown neither as a toast nor on the desktop; the others still are', () => {
  const cases: [keyof NotificationPrefs, NotificationKind[]][] = [
    ['replies', ['reply']],
    ['possibleOptOuts', ['possible_opt_out', 'unattributed']],
    ['sendFailures', ['send_failed']],
  ];
  for (const [pref, off] of cases) {
    const prefs = { ...ALL_ON, [pref]: false };
    for (const kind of KINDS) {
      const shown = !off.includes(kind);
      for (const where of ['toast', 'desktop'] as const) assert.equal(shouldShow(prefs, { kind }, where), shown, `${pref} off: ${kind} as ${where}`);
    }
  }
});

test('R3 keyword opt-outs and opt-ins always announce: no preference hides them', () => {
  const allOff: NotificationPrefs = { desktop: true, replies: false, possibleOptOuts: false, sendFailures: false };
  for (const kind of ['opt_out', 'opt_in'] as const) {
    assert.equal(shouldShow(allOff, { kind }, 'toast'), true);
    assert.equal(shouldShow(allOff, { kind }, 'desktop'), true);
  }
});

test('desktop off switches off the desktop notification only: the toast still shows', () => {
  const prefs = { ...ALL_ON, desktop: false };
  for (const kind of KINDS) {
    assert.equal(shouldShow(prefs, { kind }, 'desktop'), false, kind);
    assert.equal(shouldShow(prefs, { kind }, 'toast'), true, kind);
  }
});

test('burst cap: a burst announces its newest MAX_ANNOUNCED, oldest of them first; the rest are counted', () => {
  assert.equal(MAX_ANNOUNCED, 5);
  const twelve = Array.from({ length: 12 }, (_, i) => i + 1);
  assert.deepEqual(selectAnnounced(twelve, { initialSync: false }), { announce: [8, 9, 10, 11, 12], unannounced: 7 });
  assert.deepEqual(selectAnnounced([1, 2, 3], { initialSync: false }), { announce: [1, 2, 3], unannounced: 0 });
  assert.deepEqual(selectAnnounced([], { initialSync: false }), { announce: [], unannounced: 0 });
});

test('burst cap: an initial sync announces none of its notifications (a week of history)', () => {
  assert.deepEqual(selectAnnounced([1, 2, 3], { initialSync: true }), { announce: [], unannounced: 3 });
});

test('toast tone: opt-outs and failures danger, possible opt-outs and unattributed replies warn, the rest info', () => {
  assert.deepEqual(
    KINDS.map((k) => [k, notificationTone(k)]),
    [['reply', 'info'], ['possible_opt_out', 'warn'], ['opt_out', 'danger'], ['opt_in', 'info'], ['unattributed', 'warn'], ['send_failed', 'danger']],
  );
});
