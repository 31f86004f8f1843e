// Phone number checks the way Twilio applies them to `To`: parse (E.164, or national format in
// the sender's country), reject what is not a phone number (21211) and, for SMS, numbers known
// to be landlines (21614), e.g. Australian geographic numbers +61 2/3/7/8.
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

export type { CountryCode };

export type RecipientCheck =
  | { ok: true; e164: string }
  | { ok: false; code: 21211 | 21614 };

/** E.164 form of a number, or null when it is not a valid phone number. */
export function toE164(raw: string, defaultCountry: CountryCode): string | null {
  const parsed = parsePhoneNumberFromString(raw.trim(), defaultCountry);
  return parsed && parsed.isValid() ? parsed.number : null;
}

export function checkRecipient(raw: string, defaultCountry: CountryCode): RecipientCheck {
  const parsed = parsePhoneNumberFromString(raw.trim(), defaultCountry);
  if (!parsed || !parsed.isValid()) return { ok: false, code: 21211 };
  if (parsed.getType() === 'FIXED_LINE') return { ok: false, code: 21614 };
  return { ok: true, e164: parsed.number };
}

/** The country of an E.164 number (for parsing a national-format `To` against its sender). */
export function countryOf(e164: string): CountryCode | undefined {
  return parsePhoneNumberFromString(e164)?.country;
}

/** Canonical form for comparisons: E.164 when it parses, else the trimmed input. */
export function canonicalAddress(raw: string, defaultCountry: CountryCode): string {
  return toE164(raw, defaultCountry) ?? raw.trim();
}
