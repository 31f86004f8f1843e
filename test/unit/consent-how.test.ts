// How the app words a consent change (shared/domain/consent-wording.ts): the lead's consent table
// and timeline, and main's refusal and the composer's warning, in the same words.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { consentHow, describeOptOutSource, optedOutMessage } from '../../shared/domain/consent-wording.ts';
import type { ConsentBlock } from '../../shared/domain/types.ts';

test('R3: a keyword reply reads "customer replied STOP", from the keyword column, not the keyword twice', () => {
  assert.equal(consentHow({ source: 'inbound_keyword', actor: null, reason: null, keyword: 'STOP' }), 'customer replied STOP');
  assert.equal(consentHow({ source: 'inbound_keyword', actor: null, reason: null, keyword: 'UNSUBSCRIBE' }), 'customer replied UNSUBSCRIBE');
  assert.equal(consentHow({ source: 'inbound_keyword', actor: null, reason: null, keyword: null }), 'customer replied');
  // An event recorded before migration 7 keeps its sentence beside the backfilled keyword.
  assert.equal(consentHow({ source: 'inbound_keyword', actor: null, reason: 'Replied STOP', keyword: 'STOP' }), 'customer replied STOP');
  // The renderer no longer parses the sentence: without the column it reads what is stored.
  assert.equal(consentHow({ source: 'inbound_keyword', actor: null, reason: 'Replied STOP', keyword: null }), 'customer replied — Replied STOP');
});

test('R9: a staff change says who and why; R10: an import says why', () => {
  assert.equal(consentHow({ source: 'manual', actor: 'Sam', reason: 'Asked in person to be texted again' }), 'staff (Sam) — Asked in person to be texted again');
  assert.equal(consentHow({ source: 'import', actor: null, reason: 'Opt in to future marketing communication was off' }), 'lead import — Opt in to future marketing communication was off');
  assert.equal(consentHow({ source: 'review_confirmed', actor: 'Kim', reason: null }), 'reply confirmed by staff (Kim)');
});

const block = (b: Partial<ConsentBlock>): ConsentBlock => ({
  dealerAccountId: 2, dealerAccountName: 'Parramatta Mazda', channel: 'sms', source: 'manual', since: Date.UTC(2026, 10, 20, 1, 0, 0),
  actor: null, reason: null, keyword: null, messageId: null, messageBody: null, ...b,
});

test("R5: main's refusal says which account, when and how, in the consent table's words", () => {
  assert.equal(
    optedOutMessage(block({ source: 'inbound_keyword', keyword: 'STOP', messageId: 9, messageBody: 'STOP' }), 'Jane Citizen', 'Australia/Sydney'),
    'Not sent: Jane Citizen previously opted out of SMS from Parramatta Mazda on 20 Nov 2026, 12:00 pm, customer replied STOP.',
  );
  assert.equal(
    optedOutMessage(block({ actor: 'Kim (BDC)', reason: 'Asked at the showroom' }), 'Jane Citizen', 'Australia/Sydney'),
    'Not sent: Jane Citizen previously opted out of SMS from Parramatta Mazda on 20 Nov 2026, 12:00 pm, staff (Kim (BDC)) — Asked at the showroom.',
  );
  assert.equal(
    optedOutMessage(block({ channel: 'email', source: 'import', reason: 'Opt in to future marketing communication was off' }), 'Jane', 'Australia/Sydney'),
    'Not sent: Jane previously opted out of email from Parramatta Mazda on 20 Nov 2026, 12:00 pm, lead import — Opt in to future marketing communication was off.',
  );
  assert.equal(optedOutMessage(block({ reason: 'Moved away.' }), 'Jane', 'Australia/Sydney').endsWith('staff — Moved away.'), true, 'no double full stop');
});

test('the reply is quoted where the words alone would not show it (confirmed by staff; a reply stored without a keyword)', () => {
  const long = 'Please take me off your list, I bought a car somewhere else last month thanks';
  assert.equal(describeOptOutSource(block({ source: 'review_confirmed', actor: 'Kim', messageId: 3, messageBody: 'not interested, remove me' })), 'reply confirmed by staff (Kim): "not interested, remove me"');
  assert.equal(describeOptOutSource(block({ source: 'review_confirmed', actor: 'Kim', messageId: 3, messageBody: long })), `reply confirmed by staff (Kim): "${long.slice(0, 57)}..."`);
  assert.equal(describeOptOutSource(block({ source: 'inbound_keyword', messageId: 3, messageBody: 'stop pls' })), 'customer replied "stop pls"');
});
