import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  formatAuNational,
  isE164,
  normaliseAnyNumber,
  normaliseAuMobile,
  PhoneNumberError,
  phoneSearchPrefix,
  tryNormaliseAuMobile,
} from '../../shared/phone.ts';

function assertPhoneError(fn: () => unknown, input: string, code: PhoneNumberError['code'], message: string): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof PhoneNumberError, `expected PhoneNumberError, got ${String(err)}`);
    assert.equal(err.name, 'PhoneNumberError');
    assert.equal(err.input, input);
    assert.equal(err.code, code);
    assert.equal(err.message, message);
    return true;
  });
}

describe('Australian mobiles normalise to E.164 (customer mobile, R2 phone history)', () => {
  const mobiles: [string, string][] = [
    ['0412 345 678', '+61412345678'],
    ['0412345678', '+61412345678'],
    ['+61 412 345 678', '+61412345678'],
    ['+61412345678', '+61412345678'],
    ['61412345678', '+61412345678'],
    ['61 412 345 678', '+61412345678'],
    ['(04) 1234 5678', '+61412345678'],
    ['04 12 34 56 78', '+61412345678'],
    ['0412-345-678', '+61412345678'],
    ['0412.345.678', '+61412345678'],
    ['+61-412-345-678', '+61412345678'],
    ['+61 (0) 412 345 678', '+61412345678'],
    ['+61 0412 345 678', '+61412345678'],
    ['0011 61 412 345 678', '+61412345678'],
    ['412 345 678', '+61412345678'],
    ['  0412 345 678  ', '+61412345678'],
    ['0412\u00a0345\u00a0678', '+61412345678'],
    ['０４１２ ３４５ ６７８', '+61412345678'],
    ['0491 570 156', '+61491570156'],
    ['0400 000 000', '+61400000000'],
    ['0499 999 999', '+61499999999'],
  ];
  for (const [input, e164] of mobiles) {
    test(`${JSON.stringify(input)} -> ${e164}`, () => {
      assert.equal(normaliseAuMobile(input), e164);
      assert.equal(tryNormaliseAuMobile(input), e164);
    });
  }
});

describe('landlines and other non-mobile numbers are refused as not_mobile, naming the input', () => {
  const landlines = ['02 9876 5432', '(02) 9876 5432', '03 9123 4567', '07 3123 4567', '08 9123 4567', '+61 2 9876 5432', '1300 123 456', '1800 123 456', '13 12 34'];
  for (const input of landlines) {
    test(JSON.stringify(input), () => {
      assertPhoneError(() => normaliseAuMobile(input), input, 'not_mobile', `${JSON.stringify(input)} is not a mobile number`);
      assert.equal(tryNormaliseAuMobile(input), null);
    });
  }

  test('a foreign mobile is not an Australian mobile', () => {
    const input = '+64 21 123 4567';
    assertPhoneError(() => normaliseAuMobile(input), input, 'not_mobile', `"+64 21 123 4567" is not an Australian mobile number`);
  });
});

describe('garbage is refused as invalid, naming the input', () => {
  const garbage = [
    '12345',
    '',
    '   ',
    'abc',
    'not a number',
    '0412 345 67', // one digit short
    '0412 345 6789', // one digit too many
    '0550 123 456', // unallocated range
    '0061412345678', // 00 is not Australia's international prefix
    '0412 345 678 ext 5', // extensions are not for SMS
    '+61412345678abc',
    'tel:+61412345678',
    '04+12345678',
    '0'.repeat(200),
  ];
  for (const input of garbage) {
    test(JSON.stringify(input.length > 30 ? `${input.slice(0, 30)}…` : input), () => {
      const shown = input.length > 40 ? `${input.slice(0, 40)}…` : input;
      assertPhoneError(
        () => normaliseAuMobile(input),
        input,
        'invalid',
        `${JSON.stringify(shown)} is not a valid Australian phone number`,
      );
      assert.equal(tryNormaliseAuMobile(input), null);
    });
  }

  test('the message for "12345" reads naturally', () => {
    assert.throws(() => normaliseAuMobile('12345'), { message: '"12345" is not a valid Australian phone number' });
  });
});

describe('normaliseAnyNumber accepts any valid number (gateway sender numbers)', () => {
  const rows: [string, string][] = [
    ['0412 345 678', '+61412345678'],
    ['02 9876 5432', '+61298765432'],
    ['+61 2 9876 5432', '+61298765432'],
    ['1300 123 456', '+611300123456'],
    ['+1 415 555 2671', '+14155552671'],
    ['+64 21 123 4567', '+64211234567'],
  ];
  for (const [input, e164] of rows) {
    test(`${JSON.stringify(input)} -> ${e164}`, () => assert.equal(normaliseAnyNumber(input), e164));
  }
  test('invalid input is refused with code invalid', () => {
    assertPhoneError(() => normaliseAnyNumber('12345'), '12345', 'invalid', '"12345" is not a valid phone number');
    assertPhoneError(() => normaliseAnyNumber('twilio'), 'twilio', 'invalid', '"twilio" is not a valid phone number');
  });
});

describe('formatAuNational and isE164', () => {
  test('mobiles, landlines and service numbers display the Australian way', () => {
    assert.equal(formatAuNational('+61412345678'), '0412 345 678');
    assert.equal(formatAuNational('+61298765432'), '02 9876 5432');
    assert.equal(formatAuNational('+611300123456'), '1300 123 456');
  });
  test('other countries display in international format', () => {
    assert.equal(formatAuNational('+64211234567'), '+64 21 123 4567');
  });
  test('input that is not E.164 is returned unchanged', () => {
    assert.equal(formatAuNational('0412 345 678'), '0412 345 678');
    assert.equal(formatAuNational(''), '');
  });
  test('round trip: normalise then format', () => {
    assert.equal(formatAuNational(normaliseAuMobile('+61 412-345-678')), '0412 345 678');
  });
  test('isE164', () => {
    for (const s of ['+61412345678', '+14155552671', '+611300123456']) assert.equal(isE164(s), true, s);
    for (const s of ['0412345678', '61412345678', '+0412345678', '+61 412 345 678', '+1234567890123456', '', '+', 42, null]) {
      assert.equal(isE164(s), false, String(s));
    }
  });
});

describe('phoneSearchPrefix turns a partly typed number into an E.164 prefix (lead search by mobile)', () => {
  const rows: [string, string | null][] = [
    ['0412 34', '+6141234'],
    ['+61412', '+61412'],
    ['+61 412', '+61412'],
    ['+61 0412', '+61412'],
    ['61412', '+61412'],
    ['0412', '+61412'],
    ['04', '+614'],
    ['0', '+61'],
    ['412 3', '+614123'],
    ['(04) 12', '+61412'],
    ['0412-345-678', '+61412345678'],
    ['０４１２', '+61412'],
    ['02 98', '+61298'],
    ['+1 415', '+1415'],
    ['0011 44 20', '+4420'],
    ['', null],
    ['   ', null],
    ['+', null],
    ['abc', null],
    ['John', null],
    ['04x', null],
    ['0412 34 ext', null],
    ['1'.repeat(20), null],
  ];
  for (const [input, prefix] of rows) {
    test(`${JSON.stringify(input)} -> ${String(prefix)}`, () => assert.equal(phoneSearchPrefix(input), prefix));
  }
  test('the prefix of a full number is its E.164 form', () => {
    assert.equal(phoneSearchPrefix('0412 345 678'), normaliseAuMobile('0412 345 678'));
  });
});
