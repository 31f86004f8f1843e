// One display of a phone number for both processes, without the phone metadata (shared/phone-display.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { phoneForDisplay } from '../../shared/phone-display.ts';
import { formatAuNational } from '../../shared/phone.ts';
import { gatewayLine } from '../../shared/domain/gateway-block.ts';

test('R13 a sender line is named as Australians write it, as libphonenumber would for AU mobiles and landlines', () => {
  for (const n of ['+61412345678', '+61480000101', '+61298765432', '+61398765432', '+61712345678', '+61812345678']) {
    assert.equal(phoneForDisplay(n), formatAuNational(n), n);
  }
  assert.equal(gatewayLine({ senderKind: 'number', senderAddress: '+61480000101', senderLabel: 'Shared line' }), '0480 000 101');
  assert.equal(gatewayLine({ senderKind: 'messaging_service', senderAddress: 'MG0123', senderLabel: 'Group line' }), 'the messaging service Group line');
});

test('a number it does not know how to space is shown as stored, never altered', () => {
  assert.equal(phoneForDisplay('+64211234567'), '+64211234567');
  assert.equal(phoneForDisplay('+611300123456'), '+611300123456');
  assert.equal(phoneForDisplay(''), '');
  assert.equal(phoneForDisplay('0412 345 678'), '0412 345 678');
});
