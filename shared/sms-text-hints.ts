// What the composer tells the user about the text beyond its segment count: the characters that
// force UCS-2 (70 characters a segment instead of 160), and a plain-punctuation version of the
// text when typographic quotes, dashes and the like are what forces it. Pure functions.
import { isGsmCharacter, MAX_SMS_BODY_CHARS } from './sms-segments.ts';

/** Typographic punctuation and its plain GSM-7 equivalent (what "smart encoding" substitutes). */
const PLAIN: ReadonlyMap<string, string> = new Map([
  ['\u2018', "'"], // ‘ left single quotation mark
  ['\u2019', "'"], // ’ right single quotation mark (the apostrophe phones and word processors type)
  ['\u201A', "'"], // ‚
  ['\u201B', "'"], // ‛
  ['\u2032', "'"], // ′ prime
  ['\u201C', '"'], // “
  ['\u201D', '"'], // ”
  ['\u201E', '"'], // „
  ['\u2033', '"'], // ″
  ['\u00AB', '"'], // «
  ['\u00BB', '"'], // »
  ['\u2013', '-'], // – en dash
  ['\u2014', '-'], // — em dash
  ['\u2012', '-'], // ‒ figure dash
  ['\u2212', '-'], // − minus sign
  ['\u2010', '-'], // ‐ hyphen
  ['\u2011', '-'], // ‑ non-breaking hyphen
  ['\u2026', '...'], // … ellipsis
  ['\u00A0', ' '], // no-break space
  ['\u2007', ' '],
  ['\u2009', ' '], // thin space
  ['\u202F', ' '],
  ['\u200B', ''], // zero-width space
  ['\u2022', '-'], // • bullet
]);

/** How the UI names a character that forces UCS-2. */
const NAMES: ReadonlyMap<string, string> = new Map([
  ['\u2018', 'curly opening quote'],
  ['\u2019', 'curly apostrophe'],
  ['\u201C', 'curly opening double quote'],
  ['\u201D', 'curly closing double quote'],
  ['\u2013', 'en dash'],
  ['\u2014', 'em dash'],
  ['\u2026', 'ellipsis character'],
  ['\u00A0', 'non-breaking space'],
  ['\u200B', 'zero-width space'],
  ['\u2022', 'bullet'],
]);

export interface Ucs2Character {
  /** The character as typed (one code point). */
  char: string;
  /** What to call it: a name for the invisible or look-alike ones, else the character itself. */
  label: string;
  /** How many times it occurs. */
  count: number;
  /** Its plain GSM-7 replacement, when it has one. */
  plain: string | null;
}

/** The characters that force the text into UCS-2, in order of first appearance, each once. */
export function ucs2Characters(text: string): Ucs2Character[] {
  const found = new Map<string, Ucs2Character>();
  for (const ch of text) {
    if (isGsmCharacter(ch)) continue;
    const seen = found.get(ch);
    if (seen) seen.count++;
    else {
      const code = `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
      const name = NAMES.get(ch);
      found.set(ch, { char: ch, label: name ? `${name} (${code})` : `“${ch}”`, count: 1, plain: PLAIN.get(ch) ?? null });
    }
  }
  return [...found.values()];
}

/** The text with typographic quotes, dashes, ellipses and odd spaces made plain (GSM-7). */
export function plainPunctuation(text: string): string {
  let out = '';
  for (const ch of text) out += PLAIN.get(ch) ?? ch;
  return out;
}

/** How many characters over the gateway's limit the text is (0 when it fits). */
export function charactersOverLimit(text: string): number {
  return Math.max(0, text.length - MAX_SMS_BODY_CHARS);
}
