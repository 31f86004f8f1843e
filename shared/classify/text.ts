// Reply text -> clauses of words (R3). Pure; no regular expression that can backtrack: one pass per
// step over the characters. Two readings of a reply:
//  - exact: the words as typed (NFKC, no markup or spelling undone), for whole-message keywords,
//    the only thing ever applied automatically;
//  - normalised: markup stripped, a phone's signature dropped, spaced-out letters joined ("S T O P"),
//    '@' and '$' kept inside words for digits-for-letters ("$t0p"), for review-only matching.
import type { NormalisationStep } from '../domain/reply-reason.ts';

const MARK = /^\p{M}$/u;
const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;
const VARIATION_SELECTOR = /^\p{Variation_Selector}$/u; // U+FE0F after emoji, among others
const FORMAT_CHAR = /^\p{Cf}$/u; // zero-width spaces and joiners, soft hyphens, bidi marks
const PICTOGRAPH = /^\p{Extended_Pictographic}$/u;
const APOSTROPHES = new Set(["'", '\u2018', '\u2019', '\u02bc', '\u02bb', '`', '\u00b4']);
const CLAUSE_BREAKS = new Set([
  '.', '!', '?', ';', ':', ',', '\n', '\r', '\u2028', '\u2029', '\u0085', '(', ')', '[', ']', '{', '}',
  '"', '\u201c', '\u201d', '\u00ab', '\u00bb', '\u2022', '|', '\u2013', '\u2014', '\u2015', '\u00a1', '\u00bf',
]);
const HYPHENS = new Set(['-', '\u2010', '\u2011', '\u2012', '\u2212']);

const enum Kind {
  Word,
  Mark,
  Skip, // apostrophes inside words, format characters, variation selectors
  Clause,
  Hyphen,
  Space,
}

function asciiKind(code: number, leet: boolean): Kind {
  if ((code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122)) return Kind.Word;
  if (leet && (code === 64 || code === 36)) return Kind.Word; // @ $
  if (code === 39 || code === 96) return Kind.Skip; // ' `
  if (code === 45) return Kind.Hyphen;
  if (code === 32 || code === 9) return Kind.Space;
  return CLAUSE_BREAKS.has(String.fromCharCode(code)) ? Kind.Clause : Kind.Space;
}

function kindOf(ch: string, leet: boolean): Kind {
  const code = ch.charCodeAt(0);
  if (code < 128) return asciiKind(code, leet);
  if (VARIATION_SELECTOR.test(ch)) return Kind.Skip;
  if (LETTER_OR_DIGIT.test(ch)) return Kind.Word;
  if (MARK.test(ch)) return Kind.Mark;
  if (APOSTROPHES.has(ch) || FORMAT_CHAR.test(ch)) return Kind.Skip;
  if (CLAUSE_BREAKS.has(ch) || PICTOGRAPH.test(ch)) return Kind.Clause;
  if (HYPHENS.has(ch)) return Kind.Hyphen;
  return Kind.Space;
}

function isSpace(ch: string | undefined): boolean {
  return ch === undefined || ch.trim() === '';
}

/**
 * Splits text (already NFKC) into clauses of words, case kept. Sentence punctuation, line breaks,
 * emoji and a dash between spaces end a clause ("Not interested. Stop" is read clause by clause);
 * apostrophes inside words are dropped (DON'T -> DONT); any other character separates words.
 */
export function splitClauses(text: string, leet = false): string[][] {
  const clauses: string[][] = [];
  let clause: string[] = [];
  let word = '';
  let prev: string | undefined;
  const endWord = (): void => {
    if (word) clause.push(word);
    word = '';
  };
  const endClause = (): void => {
    endWord();
    if (clause.length) clauses.push(clause);
    clause = [];
  };
  for (let i = 0; i < text.length; ) {
    const cp = text.codePointAt(i) as number;
    const ch = cp > 0xffff ? text.slice(i, i + 2) : text.charAt(i);
    i += ch.length;
    switch (kindOf(ch, leet)) {
      case Kind.Word:
        word += ch;
        break;
      case Kind.Mark: // a combining mark only counts inside a word
        if (word) word += ch;
        break;
      case Kind.Skip:
        break;
      case Kind.Clause:
        endClause();
        break;
      case Kind.Hyphen:
        if (isSpace(prev) && isSpace(text.charAt(i) || undefined)) endClause();
        else endWord();
        break;
      case Kind.Space:
        endWord();
        break;
    }
    prev = ch;
  }
  endClause();
  return clauses;
}

// ---------------------------------------------------------------------------------------------
// Normalisation for review-only matching.

export interface NormalisedText {
  text: string;
  steps: NormalisationStep[];
}

const ENTITIES = new Map<string, string>([
  ['nbsp', ' '], ['amp', '&'], ['lt', '<'], ['gt', '>'], ['quot', '"'], ['apos', "'"], ['#39', "'"], ['#x27', "'"],
]);
/** Tags that stand for a line break: a new clause. */
const BLOCK_TAGS = new Set(['br', 'p', 'div', 'li', 'tr', 'td', 'hr', 'h1', 'h2', 'h3', 'ul', 'ol', 'table', 'blockquote']);

function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** Length of an HTML tag (<b>, </span>, <br/>, <font color="red">) or BBCode tag ([b], [/i]) at i; 0 if none. */
function tagAt(s: string, i: number): { length: number; name: string } {
  const open = s.charAt(i);
  const close = open === '<' ? '>' : open === '[' ? ']' : '';
  if (!close) return { length: 0, name: '' };
  let j = i + 1;
  if (s.charAt(j) === '/') j++;
  const nameStart = j;
  while (j < s.length && j - nameStart < 12 && (isAsciiLetter(s.charCodeAt(j)) || (j > nameStart && /\d/.test(s.charAt(j))))) j++;
  if (j === nameStart) return { length: 0, name: '' };
  const name = s.slice(nameStart, j).toLowerCase();
  if (open === '[' && !['b', 'i', 'u', 's', 'color', 'colour', 'size', 'font', 'url', 'quote'].includes(name)) return { length: 0, name: '' };
  // Attributes: anything but a new tag, within bounds.
  const limit = Math.min(s.length, j + 200);
  for (; j < limit; j++) {
    const c = s.charAt(j);
    if (c === close) return { length: j + 1 - i, name };
    if (c === '<' || c === '[' || c === '\n') break;
  }
  return { length: 0, name: '' };
}

/** Removes HTML / BBCode tags and decodes the common entities. */
export function stripMarkup(s: string): string | null {
  if (!s.includes('<') && !s.includes('&') && !s.includes('[')) return null;
  let out = '';
  let changed = false;
  for (let i = 0; i < s.length; ) {
    const c = s.charAt(i);
    if (c === '<' || c === '[') {
      const tag = tagAt(s, i);
      if (tag.length > 0) {
        out += BLOCK_TAGS.has(tag.name) ? '\n' : '';
        i += tag.length;
        changed = true;
        continue;
      }
    } else if (c === '&') {
      const semi = s.indexOf(';', i + 1);
      if (semi > i + 1 && semi - i <= 8) {
        const name = s.slice(i + 1, semi).toLowerCase();
        let decoded = ENTITIES.get(name);
        if (decoded === undefined && name.startsWith('#')) {
          const n = name.startsWith('#x') ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
          if (Number.isInteger(n) && n > 0 && n < 0x110000 && (n < 0xd800 || n > 0xdfff)) decoded = String.fromCodePoint(n);
        }
        if (decoded !== undefined) {
          out += decoded;
          i = semi + 1;
          changed = true;
          continue;
        }
      }
    }
    out += c;
    i++;
  }
  return changed ? out : null;
}

/** Phone and mail-app sign-offs appended under a reply, lower case. */
const SIGNATURES = [
  'sent from my ',
  'sent from yahoo mail',
  'sent from outlook',
  'sent from mail for windows',
  'sent from samsung',
  'sent from gmail',
  'sent from the all new',
  'sent via the samsung',
  'sent with blackberry',
  'get outlook for ',
];

const MAY_BE_SIGNED = /sent |outlook|\n--/i;

/** Drops a trailing signature ("Sent from my iPhone") or anything after a "-- " signature line. */
export function stripSignature(s: string): string | null {
  if (!MAY_BE_SIGNED.test(s)) return null;
  const lower = s.toLowerCase();
  let cut = -1;
  for (const sig of SIGNATURES) {
    const at = lower.lastIndexOf(sig);
    // A sign-off ends the message: at most a few words follow it ("Sent from my Galaxy S23 Ultra").
    if (at > 0 && s.length - at - sig.length <= 40 && !s.slice(at + sig.length).includes('\n\n')) {
      if (cut < 0 || at < cut) cut = at;
    }
  }
  const dashes = lower.indexOf('\n-- \n') >= 0 ? lower.indexOf('\n-- \n') : lower.indexOf('\n--\n');
  if (dashes > 0 && (cut < 0 || dashes < cut)) cut = dashes;
  return cut > 0 ? s.slice(0, cut) : null;
}

const SPACED_SEPARATORS = new Set([' ', '.', '-', '_', '*', '\u00b7', '/', '\u2022']);

function isAsciiWordCode(c: number): boolean {
  return isAsciiLetter(c) || (c >= 48 && c <= 57) || c === 36 || c === 64;
}

/** Joins three or more single letters spaced or dotted apart: "S T O P", "s.t.o.p", "S-T-O-P" -> "STOP". */
export function joinSpacedLetters(s: string): string | null {
  const single = (k: number): boolean =>
    k < s.length && isAsciiWordCode(s.charCodeAt(k)) && !(k > 0 && isAsciiWordCode(s.charCodeAt(k - 1))) && !isAsciiWordCode(s.charCodeAt(k + 1));
  // Most replies have no run of single letters: look for two single letters one separator apart first.
  let start = -1;
  for (let i = 0; i + 2 < s.length && start < 0; i++) {
    if (SPACED_SEPARATORS.has(s.charAt(i + 1)) && single(i) && (single(i + 2) || (SPACED_SEPARATORS.has(s.charAt(i + 2)) && single(i + 3)))) start = i;
  }
  if (start < 0) return null;
  let out = s.slice(0, start);
  let changed = false;
  for (let i = start; i < s.length; ) {
    if (single(i)) {
      let letters = s.charAt(i);
      let end = i + 1;
      for (;;) {
        let k = end;
        while (k < s.length && k - end < 3 && SPACED_SEPARATORS.has(s.charAt(k))) k++;
        if (k === end || !single(k)) break;
        letters += s.charAt(k);
        end = k + 1;
      }
      if (letters.length >= 3) {
        out += letters;
        i = end;
        changed = true;
        continue;
      }
    }
    out += s.charAt(i);
    i++;
  }
  return changed ? out : null;
}

/** "#" not before a digit stands for "number": "wrong #". */
function hashAsNumber(s: string): string {
  if (!s.includes('#')) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charAt(i);
    const next = s.charCodeAt(i + 1);
    out += c === '#' && !(next >= 48 && next <= 57) ? ' number ' : c;
  }
  return out;
}

/** The reply as read for review-only matching, with what was undone. `text` is NFKC already. */
export function normaliseForReview(text: string): NormalisedText {
  const steps: NormalisationStep[] = [];
  let s = text;
  const markup = stripMarkup(s);
  if (markup !== null) {
    s = markup;
    steps.push('markup');
  }
  const signed = stripSignature(s);
  if (signed !== null) {
    s = signed;
    steps.push('signature');
  }
  const joined = joinSpacedLetters(s);
  if (joined !== null) {
    s = joined;
    steps.push('spaced_letters');
  }
  return { text: hashAsNumber(s), steps };
}
