// How the app words a consent change on the lead's consent table and timeline (src-renderer/lib/format.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { consentHow } from '../../src-renderer/lib/format.ts';

test('R3: a keyword reply reads "customer replied STOP", not the keyword twice', () => {
  assert.equal(consentHow({ source: 'inbound_keyword', actor: null, reason: 'Replied STOP' }), 'customer replied STOP');
  assert.equal(consentHow({ source: 'inbound_keyword', actor: null, reason: 'Replied UNSUBSCRIBE' }), 'customer replied UNSUBSCRIBE');
  assert.equal(consentHow({ source: 'inbound_keyword', actor: null, reason: null }), 'customer replied');
});

test('R9: a staff change says who and why; R10: an import says why', () => {
  assert.equal(consentHow({ source: 'manual', actor: 'Sam', reason: 'Asked in person to be texted again' }), 'staff (Sam) — Asked in person to be texted again');
  assert.equal(consentHow({ source: 'import', actor: null, reason: 'Opt in to future marketing communication was off' }), 'lead import — Opt in to future marketing communication was off');
  assert.equal(consentHow({ source: 'review_confirmed', actor: 'Kim', reason: null }), 'reply confirmed by staff (Kim)');
});
