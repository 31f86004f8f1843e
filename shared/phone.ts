// Australian phone numbers: parsing, E.164 normalisation and display. Pure, importable by both
// processes. Uses libphonenumber-js's full ("max") metadata so that mobile and fixed-line
// numbers are told apart (the "min" metadata cannot type numbers).
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { PhoneNumber } from 'libphonenumber-js/max';

export type PhoneNumberErrorCode = 'invalid' | 'not_mobile';

/** A number that cannot be used where it was given. The message names the input. */
export class PhoneNumberError extends Error {
  override readonly name = 'PhoneNumberError';
  readonly input: string;
  readonly code: PhoneNumberErrorCode;

  constructor(input: string, code: PhoneNumberErrorCode, message: string) {
    super(message);
    this.input = input;
    this.code = code;
  }
}

const MAX_INPUT_LENGTH = 64;
const AU_CALLING_CODE = '61';

/** Quotes the input for an error message (JSON quoting, long inputs shortened). */
function quote(input: string): string {
  const shown = input.length > 40 ? `${input.slice(0, 40)}…` : input;
  return JSON.stringify(shown);
}

/**
 * Checks that the input looks like a phone number a person typed: digits plus the usual
 * separators, with at most one '+' at the very start. Letters ("ext 5", "tel:", "0412abc")
 * are refused rather than silently dropped, as libphonenumber would do.
 * Returns the NFKC-folded, trimmed text, or null.
 */
function phoneLike(input: string): string | null {
  if (input.length > MAX_INPUT_LENGTH) return null;
  const text = input.normalize('NFKC').trim();
  let digits = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) digits++;
    else if (c === 0x2b /* + */) {
      if (i !== 0) return null;
    } else if (!' -().\t/'.includes(text.charAt(i))) return null;
  }
  return digits > 0 ? text : null;
}

function parseValid(input: string): PhoneNumber | null {
  const text = phoneLike(input);
  if (text === null) return null;
  const parsed = parsePhoneNumberFromString(text, 'AU');
  if (!parsed || !parsed.isValid() || parsed.ext) return null;
  return parsed;
}

/**
 * Normalises an Australian mobile number to E.164 (+614XXXXXXXX). Accepts the usual ways of
 * writing it: "0412 345 678", "+61 412 345 678", "61412345678", "(04) 1234 5678",
 * "0011 61 412 345 678". Throws PhoneNumberError with code 'invalid' for anything that is not a
 * valid phone number, and 'not_mobile' for a valid landline, 13/1300/1800 number or a
 * non-Australian number.
 */
export function normaliseAuMobile(input: string): string {
  const parsed = parseValid(input);
  if (!parsed) {
    throw new PhoneNumberError(input, 'invalid', `${quote(input)} is not a valid Australian phone number`);
  }
  if (parsed.countryCallingCode !== AU_CALLING_CODE) {
    throw new PhoneNumberError(input, 'not_mobile', `${quote(input)} is not an Australian mobile number`);
  }
  if (parsed.getType() !== 'MOBILE') {
    throw new PhoneNumberError(input, 'not_mobile', `${quote(input)} is not a mobile number`);
  }
  return parsed.number;
}

/** As normaliseAuMobile, but null instead of throwing. */
export function tryNormaliseAuMobile(input: string): string | null {
  try {
    return normaliseAuMobile(input);
  } catch (err) {
    if (err instanceof PhoneNumberError) return null;
    throw err;
  }
}

/**
 * Normalises any valid phone number (mobile, landline, 13/1300/1800, or international with a
 * leading +) to E.164; national numbers are read as Australian. For gateway sender numbers.
 * Throws PhoneNumberError with code 'invalid'.
 */
export function normaliseAnyNumber(input: string): string {
  const parsed = parseValid(input);
  if (!parsed) {
    throw new PhoneNumberError(input, 'invalid', `${quote(input)} is not a valid phone number`);
  }
  return parsed.number;
}

/** True for an E.164 string: '+', a non-zero digit, at most 15 digits in all. */
export function isE164(s: unknown): s is string {
  return typeof s === 'string' && /^\+[1-9][0-9]{1,14}$/.test(s);
}

/**
 * Formats an E.164 number for display the Australian way: "0412 345 678", "02 9876 5432",
 * "1300 123 456"; other countries in international format ("+64 21 123 4567"). A display
 * helper: input it cannot parse is returned unchanged rather than throwing.
 */
export function formatAuNational(e164: string): string {
  if (!isE164(e164)) return e164;
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return e164;
  if (parsed.countryCallingCode !== AU_CALLING_CODE) return parsed.formatInternational();
  // libphonenumber writes AU area codes as "(02) 9876 5432"; Australians write "02 9876 5432".
  return parsed.formatNational().replace(/^\((0[0-9])\) /, '$1 ');
}

/**
 * Turns a partially typed number into the E.164 prefix it stands for, for prefix search of
 * stored E.164 numbers: "0412 34" -> "+6141234", "+61412" -> "+61412", "412" -> "+61412",
 * "+61 0412" -> "+61412", "0011 44 20" -> "+4420". Returns null when the input is not
 * digits-like (letters, no digits at all, more digits than E.164 allows).
 */
export function phoneSearchPrefix(input: string): string | null {
  const text = phoneLike(input);
  if (text === null) return null;
  let digits = '';
  for (const ch of text) if (ch >= '0' && ch <= '9') digits += ch;

  let international: string;
  if (text.startsWith('+')) international = digits;
  else if (digits.startsWith('0011')) international = digits.slice(4); // Australian IDD prefix
  else if (digits.startsWith('0')) international = AU_CALLING_CODE + digits.slice(1); // trunk 0
  else if (digits.startsWith('6')) international = digits; // "61…": no AU national number starts with 6
  else international = AU_CALLING_CODE + digits; // national number typed without the trunk 0

  // "+61 0412…": the trunk 0 written after the country code.
  if (international.startsWith(`${AU_CALLING_CODE}0`)) {
    international = AU_CALLING_CODE + international.slice(3);
  }
  if (international.length === 0 || international.length > 15) return null;
  return `+${international}`;
}
