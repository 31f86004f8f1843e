// What the composer says about a message: which characters force UCS-2 and their plain
// replacements, how far over the gateway's limit it is, which account it opens on (never an
// opted-out one while another is allowed), a template inserted at the cursor, and a message that
// reads as another dealer's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { charactersOverLimit, plainPunctuation, ucs2Characters } from '../../shared/sms-text-hints.ts';
import { countSegments } from '../../shared/sms-segments.ts';
import { dealerMismatch, defaultAccountId, insertAt } from '../../src-renderer/components/composer/defaults.ts';
import type { LeadAccount } from '../../shared/ipc/contract.ts';

test('the characters forcing UCS-2 are named, counted and, for typographic punctuation, made plain', () => {
  const text = 'We’re open – see you at 10… it’s “easy” 🚗';
  assert.equal(countSegments(text).encoding, 'UCS-2');
  const found = ucs2Characters(text);
  assert.deepEqual(
    found.map((c) => [c.label, c.count, c.plain]),
    [
      ['curly apostrophe (U+2019)', 2, "'"],
      ['en dash (U+2013)', 1, '-'],
      ['ellipsis character (U+2026)', 1, '...'],
      ['curly opening double quote (U+201C)', 1, '"'],
      ['curly closing double quote (U+201D)', 1, '"'],
      ['“🚗”', 1, null],
    ],
  );
  const plain = plainPunctuation(text);
  assert.equal(plain, 'We\'re open - see you at 10... it\'s "easy" 🚗');
  assert.deepEqual(ucs2Characters(plain).map((c) => c.char), ['🚗'], 'the emoji stays: only punctuation is replaced');
  assert.equal(countSegments(plainPunctuation('It’s ready — come by')).encoding, 'GSM-7');
  assert.deepEqual(ucs2Characters('Plain text, €5 [ok]'), [], 'GSM-7 extension characters do not force UCS-2');
});

test('a paste over the limit is measured, not cut: "too long by 236 characters"', () => {
  assert.equal(charactersOverLimit('x'.repeat(1_836)), 236);
  assert.equal(charactersOverLimit('x'.repeat(1_600)), 0);
});

const account = (id: number, name: string, sms: 'opted_out' | 'none' = 'none'): LeadAccount => ({
  dealerAccountId: id,
  accountName: name,
  sms: { status: sms, source: null, changedAt: null, actor: null, reason: null, keyword: null, messageId: null },
  email: { status: 'none', source: null, changedAt: null, actor: null, reason: null, keyword: null, messageId: null },
  senders: [],
  gatewayBlocks: [],
  defaultSenderId: null,
});
const mazda = account(1, 'Harbour City Mazda', 'opted_out');
const toyota = account(2, 'Harbour City Toyota');
const kia = account(3, 'Westside Kia');

test('R1: the composer opens on an allowed account, never the opted-out one first in the list', () => {
  assert.equal(defaultAccountId([mazda, toyota]), 2);
  assert.equal(defaultAccountId([mazda, toyota, kia], { lastSentAccountId: 3 }), 3, 'the account this user last texted from');
  assert.equal(defaultAccountId([mazda, toyota, kia], { lastSentAccountId: 1 }), 2, 'not when that one is opted out now');
  assert.equal(defaultAccountId([mazda, toyota, kia], { draftAccountId: 3, lastSentAccountId: 2 }), 3, 'a draft waiting comes first');
  assert.equal(defaultAccountId([mazda]), 1, 'only opted-out accounts: the composer still opens (and warns)');
  assert.equal(defaultAccountId([]), null);
});

test('a template goes in at the cursor, spaced from the words around it', () => {
  assert.deepEqual(insertAt('Hi Jane,thanks', 'the car is ready.', 8, 8), { text: 'Hi Jane, the car is ready. thanks', caret: 26 });
  assert.deepEqual(insertAt('Hi Jane, XX', 'ready', 9, 11), { text: 'Hi Jane, ready', caret: 14 }, 'a selection is replaced');
  assert.equal(insertAt('', 'Hello', 0, 0).text, 'Hello');
});

test('a dealer-specific template or another dealer\'s name left in the message is flagged for the chosen account', () => {
  const inserted = { name: 'Weekend offer', dealerAccountId: 1, accountName: 'Harbour City Mazda', text: 'Drive-away offers this weekend' };
  assert.equal(
    dealerMismatch('Hi Olivia! Drive-away offers this weekend', toyota, [mazda, toyota], inserted),
    '“Weekend offer” is a template of Harbour City Mazda, but this message goes from Harbour City Toyota.',
  );
  assert.equal(dealerMismatch('Hi Olivia! Drive-away offers this weekend', mazda, [mazda, toyota], inserted), null, 'its own account');
  assert.equal(
    dealerMismatch('Harbour City Mazda has a deal for you', toyota, [mazda, toyota], null),
    'The message names Harbour City Mazda, but it goes from Harbour City Toyota.',
  );
  assert.equal(dealerMismatch('Harbour City Toyota and Harbour City Mazda event', toyota, [mazda, toyota], null), null, 'naming its own dealer too');
  assert.equal(dealerMismatch('See you Saturday', toyota, [mazda, toyota], null), null);
});
