// R3: classifies an inbound SMS reply. Pure and deterministic: no I/O, no regular expressions
// that can backtrack; one pass to tokenise, then bounded scans over the tokens.
//
// Two tiers:
//  1. Keywords. The whole message, once normalised, is a keyword (repetition allowed:
//     "STOP STOP", "stop!!!", "ＳＴＯＰ", "Opt-out"). Applied automatically, like the gateway does.
//  2. Requests in words ("please stop texting me", "remove me from your list"). Never automatic:
//     reported as `possible_opt_out` for staff to confirm, with `keyword` naming the phrase family.
// Free text that merely contains a keyword ("I'll stop by Saturday", "end of the month") is `none`.
import type { ReplyClassification, ReplyIntent } from './domain/types.ts';

/** Opt out for the attributed dealer account (R3): Twilio's standard list plus UNSUB. */
export const OPT_OUT_KEYWORDS = [
  'STOP',
  'STOPALL',
  'UNSUB',
  'UNSUBSCRIBE',
  'CANCEL',
  'END',
  'QUIT',
  'OPTOUT', // also written "OPT OUT" / "OPT-OUT"
  'REVOKE',
] as const;
/** Opt back in for the attributed dealer account only (R3). */
export const OPT_IN_KEYWORDS = ['START', 'UNSTOP', 'YES'] as const;
export const HELP_KEYWORDS = ['HELP', 'INFO'] as const;

/** `keyword` values of a `possible_opt_out`: the family of words the request was made in. */
export const POSSIBLE_OPT_OUT_PHRASES = [
  'STOP', // "please stop texting me", "stop please", "wrong number stop"
  'UNSUBSCRIBE', // "unsubscribe me please", "how do I unsub"
  'OPT OUT', // "I want to opt out", "opt me out"
  'REVOKE', // "I revoke my consent"
  'REMOVE', // "remove me from your list", "take me off your list", "delete my number"
  'DO NOT CONTACT', // "do not contact me", "don't text me again"
  'NO MORE', // "no more messages", "I don't want any more texts"
  'LEAVE ME ALONE',
] as const;
export type PossibleOptOutPhrase = (typeof POSSIBLE_OPT_OUT_PHRASES)[number];

const NONE: ReplyClassification = Object.freeze({ intent: 'none', keyword: null });

const KEYWORD_INTENT = new Map<string, ReplyIntent>([
  ...OPT_OUT_KEYWORDS.map((k) => [k, 'opt_out'] as const),
  ...OPT_IN_KEYWORDS.map((k) => [k, 'opt_in'] as const),
  ...HELP_KEYWORDS.map((k) => [k, 'help'] as const),
]);

/** Adjacent words that spell one keyword: "OPT OUT" -> OPTOUT, "STOP ALL" -> STOPALL. */
const MERGED_PAIRS = new Map<string, string>([
  ['OPT OUT', 'OPTOUT'],
  ['STOP ALL', 'STOPALL'],
  ['UN SUBSCRIBE', 'UNSUBSCRIBE'],
  ['UN SUB', 'UNSUB'],
  ['UN STOP', 'UNSTOP'],
]);

// ---------------------------------------------------------------------------------------------
// Normalisation: NFKC (full-width letters, ligatures), upper case, apostrophes dropped inside
// words (DON'T -> DONT), every other non-letter/digit separates words. Sentence punctuation,
// line breaks, dashes between spaces and emoji also end a clause, so that "Not interested.
// Stop" can be read clause by clause.

const WORD_CHAR = /^[\p{L}\p{N}\p{M}]$/u;
const MARK = /^\p{M}$/u;
const VARIATION_SELECTOR = /^\p{Variation_Selector}$/u; // U+FE0F after emoji, among others
const FORMAT_CHAR = /^\p{Cf}$/u; // zero-width spaces and joiners, soft hyphens, bidi marks
const PICTOGRAPH = /^\p{Extended_Pictographic}$/u;
const APOSTROPHES = new Set(["'", '\u2018', '\u2019', '\u02bc', '\u02bb', '`', '\u00b4']);
const CLAUSE_BREAKS = new Set([
  '.', '!', '?', ';', ':', ',', '\n', '\r', '\u2028', '\u2029', '\u0085', '(', ')', '[', ']', '{', '}',
  '"', '\u201c', '\u201d', '\u00ab', '\u00bb', '\u2022', '|', '\u2013', '\u2014', '\u2015', '\u00a1', '\u00bf',
]);
const HYPHENS = new Set(['-', '\u2010', '\u2011', '\u2012', '\u2212']);

function isSpace(ch: string | undefined): boolean {
  return ch === undefined || ch.trim() === '';
}

/** Splits a reply into clauses of upper-case words. */
function tokeniseReply(text: string): string[][] {
  const chars = Array.from(text.normalize('NFKC'));
  const clauses: string[][] = [];
  let clause: string[] = [];
  let word = '';
  const endWord = (): void => {
    if (word) clause.push(word.toUpperCase());
    word = '';
  };
  const endClause = (): void => {
    endWord();
    if (clause.length) clauses.push(clause);
    clause = [];
  };
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] as string;
    if (VARIATION_SELECTOR.test(ch)) continue;
    if (WORD_CHAR.test(ch)) {
      // A combining mark only counts inside a word; emoji variation selectors never do.
      if (word || !MARK.test(ch)) word += ch;
    } else if (APOSTROPHES.has(ch) || FORMAT_CHAR.test(ch)) continue;
    else if (CLAUSE_BREAKS.has(ch) || PICTOGRAPH.test(ch)) endClause();
    else if (HYPHENS.has(ch) && isSpace(chars[i - 1]) && isSpace(chars[i + 1])) endClause();
    else endWord();
  }
  endClause();
  return clauses.map(mergePairs);
}

function mergePairs(words: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as string;
    const merged = i + 1 < words.length ? MERGED_PAIRS.get(`${w} ${words[i + 1]}`) : undefined;
    if (merged) {
      out.push(merged);
      i++;
    } else out.push(w);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Vocabulary for requests in words.

const set = (...words: string[]): ReadonlySet<string> => new Set(words);

/** Politeness and emphasis around a request: "stop please", "ok stop it now thanks". */
const FILLERS = set(
  'PLEASE', 'PLS', 'PLZ', 'PLSE', 'PLEASEE', 'PLEEZ', 'THANKS', 'THANK', 'YOU', 'U', 'THX', 'THANX', 'TY',
  'TA', 'CHEERS', 'MATE', 'NOW', 'IT', 'OK', 'OKAY', 'ALREADY', 'SERIOUSLY', 'JUST', 'RIGHT', 'AWAY',
  'IMMEDIATELY', 'ASAP', 'HI', 'HELLO', 'HEY', 'THIS', 'NUMBER', 'AGAIN', 'ANYMORE', 'SORRY', 'TOO',
  'GUYS', 'KINDLY', 'SIR', 'OH', 'YEAH', 'YEP',
);
/** A word just before a final STOP that makes it a request: "wrong number stop", "no stop". */
const STOP_CONTEXT = set('PERSON', 'INTERESTED', 'NO', 'NOPE', 'NAH', 'ALONE', 'SO', 'GOD', 'ENOUGH');
/** Just before STOP (or another request verb) these make it not a request to us. */
const NOT_A_REQUEST = set(
  'DONT', 'NOT', 'NEVER', 'CANT', 'WONT', 'DIDNT', 'DOESNT', 'SHOULDNT', 'WOULDNT', 'COULDNT',
  'I', 'ILL', 'IM', 'ID', 'IVE', 'WE', 'WELL', 'WERE', 'WEVE', 'WILL', 'WOULD', 'SHOULD', 'MIGHT', 'MAY',
);
/** STOP followed by these is about going somewhere: "stop by", "stop in", "stop over". */
const STOP_PLACE = set('BY', 'IN', 'AT', 'OVER', 'AROUND', 'INTO', 'THERE', 'PAST', 'OFF', 'FOR', 'HERE', 'ON');
/** Words that end the look-ahead after a request verb. */
const BREAKERS = set(
  'AND', 'BUT', 'THEN', 'SO', 'IF', 'WHEN', 'BECAUSE', 'COS', 'CAUSE', 'I', 'ILL', 'IM', 'WE', 'WHILE',
  'UNTIL', 'TILL', 'BEFORE', 'AFTER',
);
const WANT_NEGATIONS = set('DONT', 'NOT', 'DIDNT', 'NEVER');
const NEGATIONS = set('DONT', 'NOT', 'NO', 'NEVER', 'WONT', 'CANT', 'DIDNT', 'NOTHING');

/** Contact by SMS (or contact in general). */
const SMS_CONTACT = set(
  'TEXTING', 'TXTING', 'TEXTIN', 'MESSAGING', 'MESSAGIN', 'MSGING', 'SMSING', 'CONTACTING', 'SPAMMING',
  'BOTHERING', 'HARASSING', 'HASSLING', 'PESTERING', 'HOUNDING',
  'TEXT', 'TEXTS', 'TXT', 'TXTS', 'MESSAGE', 'MESSAGES', 'MSG', 'MSGS', 'SMS', 'SMSS', 'SMSES', 'SPAM',
  'CONTACT', 'MARKETING', 'PROMOS', 'PROMOTIONS', 'ADS', 'ADVERTISING', 'REMINDERS', 'UPDATES',
  'NOTIFICATIONS', 'OFFERS', 'SPECIALS', 'COMMUNICATION', 'COMMUNICATIONS',
);
/** Contact by another channel: a request about these alone is a channel preference, maybe. */
const OTHER_CONTACT = set('CALLING', 'RINGING', 'PHONING', 'EMAILING', 'CALLS', 'EMAILS', 'EMAIL', 'PHONECALLS');
/** Verbs after DON'T / DO NOT / NEVER. */
const SMS_VERBS = set(
  'TEXT', 'TXT', 'MESSAGE', 'MSG', 'SMS', 'CONTACT', 'BOTHER', 'SPAM', 'HASSLE', 'PESTER', 'HARASS',
);
const OTHER_VERBS = set('CALL', 'RING', 'PHONE', 'EMAIL');
const SEND_VERBS = set('SEND', 'SENDING');
/** What "send" must be about for a request to stop: "stop sending me…", "don't send anything". */
const SEND_OBJECTS = set('ME', 'US', 'ANYTHING', 'STUFF', 'THESE', 'THOSE', 'THEM', 'ANYMORE', 'AGAIN', 'MORE');
/** Where a customer asks to be removed from. */
const LIST_WORDS = set(
  'LIST', 'LISTS', 'MAILINGLIST', 'DATABASE', 'DATABASES', 'DB', 'SYSTEM', 'SYSTEMS', 'CONTACTS', 'RECORDS',
  'FILE', 'FILES', 'CRM', 'BOOKS', 'PHONE', 'SUBSCRIBERS', 'EVERYTHING',
);
/** What "my …" may name in "remove my number", "delete my details". */
const MY_DETAILS = set(
  'NUMBER', 'NO', 'DETAILS', 'MOBILE', 'PHONE', 'CELL', 'INFO', 'INFORMATION', 'CONTACT', 'NAME', 'DATA',
);
/** Timing and circumstance: "don't text me until after 5", "don't call me at work". */
const TIMING = set(
  'UNTIL', 'TILL', 'TIL', 'BEFORE', 'AFTER', 'TODAY', 'TOMORROW', 'TONIGHT', 'WEEKEND', 'WEEKENDS',
  'WEEKDAYS', 'MORNING', 'MORNINGS', 'EVENING', 'EVENINGS', 'NIGHT', 'NIGHTS', 'LATE', 'EARLY', 'DURING',
  'WHILE', 'BETWEEN', 'WORK', 'BUSY', 'DRIVING', 'MEETING', 'BACK', 'YET', 'AM', 'PM', 'MONDAY', 'TUESDAY',
  'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY', 'HOLIDAY',
);
/** A stated preference for another channel: "text only", "call me instead". */
const PREFERENCE = set('INSTEAD', 'PREFER', 'PREFERRED', 'PREFERS', 'RATHER', 'ONLY');
const UNSUBSCRIBE_WORDS = set('UNSUB', 'UNSUBSCRIBE', 'UNSUBSCRIBED', 'UNSUBSCRIBING', 'UNSUBBED', 'UNSUBSCRIBES');
const REVOKE_VERBS = set('REVOKE', 'REVOKING', 'REVOKED', 'WITHDRAW', 'WITHDRAWING', 'WITHDRAWN');
const CONSENT_WORDS = set(
  'CONSENT', 'PERMISSION', 'AUTHORITY', 'AUTHORISATION', 'AUTHORIZATION', 'SUBSCRIPTION',
);
const DETERMINERS = set('THE', 'YOUR', 'UR', 'YA', 'THIS', 'THESE', 'THOSE', 'THAT', 'ALL', 'ANY', 'MY', 'OUR', 'A');

// ---------------------------------------------------------------------------------------------

interface Reply {
  /** The message states a preference for a channel ("text me instead", "email only"). */
  readonly prefersAChannel: boolean;
  /** The message talks about timing or circumstance ("until 5", "at work", "Saturday"). */
  readonly mentionsTiming: boolean;
}

type Clause = readonly string[];
type Match = 'sms' | 'other' | null;

const at = (c: Clause, i: number): string => c[i] ?? '';

function allIn(c: Clause, from: number, to: number, words: ReadonlySet<string>): boolean {
  for (let i = from; i < to; i++) if (!words.has(at(c, i))) return false;
  return true;
}

/** Looks ahead from `from` (at most `span` words, stopping at a breaker) for contact words. */
function contactAhead(c: Clause, from: number, span: number): Match {
  let sending = false;
  const end = Math.min(c.length, from + span);
  for (let i = from; i < end; i++) {
    const w = at(c, i);
    if (BREAKERS.has(w)) return null;
    if (SMS_CONTACT.has(w)) return 'sms';
    if (OTHER_CONTACT.has(w)) return 'other';
    if (SEND_VERBS.has(w)) sending = true;
    else if (sending && SEND_OBJECTS.has(w)) return 'sms';
  }
  return sending && end === c.length ? 'sms' : null;
}

/** After FROM / OFF / OF: a list or contact word within a few words, determiners allowed. */
function listAhead(c: Clause, from: number, allowEnd: boolean): boolean {
  const end = Math.min(c.length, from + 5);
  for (let i = from; i < end; i++) {
    const w = at(c, i);
    if (LIST_WORDS.has(w) || SMS_CONTACT.has(w)) return true;
    if (BREAKERS.has(w)) return false;
  }
  return allowEnd && allIn(c, from, c.length, DETERMINERS);
}

function accept(m: Match, reply: Reply): boolean {
  return m === 'sms' || (m === 'other' && !reply.prefersAChannel);
}

// STOP: "stop please", "please stop", "wrong number stop", "stop texting me", "stop sending me
// texts", "quit messaging me", "stop all messages". Not "stop by", "I'll stop", "don't stop".
function stopFamily(c: Clause, reply: Reply): boolean {
  for (let i = 0; i < c.length; i++) {
    const w = at(c, i);
    const before = at(c, i - 1);
    if (NOT_A_REQUEST.has(before)) continue;
    if (w === 'STOPALL') return true;
    if (w === 'STOP') {
      if (allIn(c, i + 1, c.length, FILLERS) && (i === 0 || FILLERS.has(before) || STOP_CONTEXT.has(before))) {
        return true;
      }
      if (STOP_PLACE.has(at(c, i + 1))) continue;
      if (accept(contactAhead(c, i + 1, 6), reply)) return true;
    } else if (w === 'QUIT' || w === 'CEASE') {
      const next = at(c, i + 1);
      if ((SMS_CONTACT.has(next) || OTHER_CONTACT.has(next) || SEND_VERBS.has(next)) && accept(contactAhead(c, i + 1, 6), reply)) {
        return true;
      }
    }
  }
  return false;
}

function unsubscribeFamily(c: Clause): boolean {
  for (let i = 0; i < c.length; i++) {
    if (UNSUBSCRIBE_WORDS.has(at(c, i)) && !NEGATIONS.has(at(c, i - 1))) return true;
  }
  return false;
}

// OPT OUT: "I want to opt out", "opt me out", "already opted out", "opt out of these texts".
// Not "opt out of the extended warranty".
function optOutFamily(c: Clause): boolean {
  for (let i = 0; i < c.length; i++) {
    const w = at(c, i);
    let next: number;
    if (w === 'OPTOUT' || w === 'OPTEDOUT') next = i + 1;
    else if (w === 'OPTED' && at(c, i + 1) === 'OUT') next = i + 2;
    else if (w === 'OPT' && (at(c, i + 1) === 'ME' || at(c, i + 1) === 'US') && at(c, i + 2) === 'OUT') next = i + 3;
    else continue;
    if (NEGATIONS.has(at(c, i - 1))) continue;
    if (at(c, next) !== 'OF' || listAhead(c, next + 1, true)) return true;
  }
  return false;
}

function revokeFamily(c: Clause): boolean {
  for (let i = 0; i < c.length; i++) {
    if (!REVOKE_VERBS.has(at(c, i)) || NEGATIONS.has(at(c, i - 1))) continue;
    for (let j = i + 1; j < Math.min(c.length, i + 4); j++) if (CONSENT_WORDS.has(at(c, j))) return true;
  }
  return false;
}

/** Length of "me" / "us" / "my number" / "this number" / "my mobile number" at i, or 0. */
function personalObject(c: Clause, i: number): number {
  const w = at(c, i);
  if (w === 'ME' || w === 'US') return 1;
  if (w !== 'MY' && w !== 'THIS' && w !== 'OUR') return 0;
  let n = 1;
  while (n < 3 && MY_DETAILS.has(at(c, i + n))) n++;
  return n > 1 ? n : 0;
}

// REMOVE: "remove me from your list", "please remove me", "delete my number",
// "take me off your list", "take my number off the system". Not "remove me from the booking".
function removeFamily(c: Clause): boolean {
  for (let i = 0; i < c.length; i++) {
    const w = at(c, i);
    const isTake = w === 'TAKE';
    if (!isTake && w !== 'REMOVE' && w !== 'DELETE' && w !== 'ERASE') continue;
    if (NEGATIONS.has(at(c, i - 1)) || NOT_A_REQUEST.has(at(c, i - 1))) continue;
    const objectLength = personalObject(c, i + 1);
    let j = i + 1 + objectLength;
    if (isTake) {
      if (objectLength === 0 || at(c, j) !== 'OFF') continue;
      j++;
      if (allIn(c, j, c.length, FILLERS) || listAhead(c, j, false)) return true;
      continue;
    }
    if (objectLength > 0 && allIn(c, j, c.length, FILLERS)) return true;
    if ((at(c, j) === 'FROM' || at(c, j) === 'OFF') && listAhead(c, j + 1, false)) return true;
  }
  return false;
}

// DO NOT CONTACT: "do not contact me", "don't text me again", "never message me again",
// "pls dont send me anything". Not "don't text me until after 5", "don't call me, text me".
function doNotContactFamily(c: Clause, reply: Reply): boolean {
  for (let i = 0; i < c.length; i++) {
    let j: number;
    if (at(c, i) === 'DONT' || at(c, i) === 'NEVER') j = i + 1;
    else if (at(c, i) === 'DO' && at(c, i + 1) === 'NOT') j = i + 2;
    else continue;
    while (j < c.length && (at(c, j) === 'EVER' || at(c, j) === 'EVEN' || at(c, j) === 'PLEASE' || at(c, j) === 'AGAIN')) j++;
    let match: Match = null;
    let sending = false;
    // One or more verbs: "don't call or text me".
    for (;;) {
      const v = at(c, j);
      if (SMS_VERBS.has(v)) match = 'sms';
      else if (OTHER_VERBS.has(v)) match ??= 'other';
      else if (SEND_VERBS.has(v)) sending = true;
      else break;
      j++;
      if ((at(c, j) === 'OR' || at(c, j) === 'AND' || at(c, j) === 'N') && j + 1 < c.length) j++;
    }
    if (sending && match === null) {
      // "don't send me anything", "don't send me any more texts"; not "don't send the brochure".
      for (let k = j; k < Math.min(c.length, j + 6) && match === null; k++) {
        const w = at(c, k);
        if (SMS_CONTACT.has(w) || w === 'ANYTHING' || w === 'ANYMORE' || w === 'MORE') match = 'sms';
      }
    }
    if (match === null) continue;
    if (!reply.mentionsTiming && accept(match, reply)) return true;
  }
  return false;
}

// NO MORE: "no more messages", "no further contact", "I don't want any more texts",
// "I don't want to receive your messages".
function noMoreFamily(c: Clause, reply: Reply): boolean {
  let negated = false; // a negation earlier in the clause: "I don't want any more texts"
  for (let i = 0; i < c.length; i++) {
    const w = at(c, i);
    const next = at(c, i + 1);
    let from = -1;
    if (w === 'NOMORE') from = i + 1;
    else if (w === 'NO' && (next === 'MORE' || next === 'FURTHER')) from = i + 2;
    else if (negated && w === 'ANYMORE') from = i + 1;
    else if (negated && w === 'ANY' && (next === 'MORE' || next === 'FURTHER')) from = i + 2;
    else if (w === 'WANT' && WANT_NEGATIONS.has(at(c, i - 1))) from = i + 1;
    if (NEGATIONS.has(w)) negated = true;
    if (from < 0) continue;
    if (accept(contactAhead(c, from, 4), reply)) return true;
  }
  return false;
}

function leaveMeAloneFamily(c: Clause): boolean {
  for (let i = 0; i + 2 < c.length; i++) {
    if (at(c, i) !== 'LEAVE') continue;
    const who = at(c, i + 1);
    const how = at(c, i + 2);
    if ((who === 'ME' || who === 'US') && (how === 'ALONE' || how === 'BE')) return true;
  }
  return false;
}

/** Families in priority order: the first that matches any clause names the request. */
const FAMILIES: readonly (readonly [PossibleOptOutPhrase, (c: Clause, r: Reply) => boolean])[] = [
  ['STOP', stopFamily],
  ['UNSUBSCRIBE', unsubscribeFamily],
  ['OPT OUT', optOutFamily],
  ['REVOKE', revokeFamily],
  ['REMOVE', removeFamily],
  ['DO NOT CONTACT', doNotContactFamily],
  ['NO MORE', noMoreFamily],
  ['LEAVE ME ALONE', leaveMeAloneFamily],
];

/** The family a bare opt-out keyword belongs to, when it is surfaced rather than applied. */
function familyOfKeyword(keyword: string): string {
  if (keyword === 'STOPALL') return 'STOP';
  if (keyword === 'UNSUB') return 'UNSUBSCRIBE';
  if (keyword === 'OPTOUT') return 'OPT OUT';
  return keyword;
}

/** Collapses runs of three or more of the same letter: STOPPPP -> STOP, PLEEEASE -> PLEASE. */
function squeeze(word: string): string {
  let out = '';
  let run = 0;
  for (let i = 0; i < word.length; i++) {
    const ch = word.charAt(i);
    run = i > 0 && ch === word.charAt(i - 1) ? run + 1 : 1;
    if (run === 3) out = out.slice(0, -1);
    else if (run < 3) out += ch;
  }
  return out;
}

function prefersAChannel(clauses: readonly Clause[]): boolean {
  for (const c of clauses) {
    for (let i = 0; i < c.length; i++) {
      const w = at(c, i);
      if (PREFERENCE.has(w)) return true;
      // "text me", "msg me on …", not "don't text me" / "stop texting me".
      if (SMS_VERBS.has(w) && w !== 'CONTACT' && w !== 'BOTHER' && (at(c, i + 1) === 'ME' || at(c, i + 1) === 'US')) {
        if (!NEGATIONS.has(at(c, i - 1)) && at(c, i - 1) !== 'NEVER') return true;
      }
    }
  }
  return false;
}

/**
 * Classifies an inbound reply (R3).
 * - The whole message is a keyword, once case, surrounding space, punctuation and emoji are
 *   ignored (and repeats allowed: "STOP STOP"): `opt_out` / `opt_in` / `help` with the keyword.
 * - Only keywords, but of different kinds ("START STOP"): `possible_opt_out` if one opts out.
 * - A clear request in words: `possible_opt_out`, keyword = phrase family (POSSIBLE_OPT_OUT_PHRASES).
 * - Anything else, including free text that merely contains a keyword: `none`.
 */
export function classifyReply(text: string): ReplyClassification {
  const clauses = tokeniseReply(text);
  const all = clauses.flat();
  const first = all[0];
  if (first === undefined) return NONE;

  // Tier 1: the whole message is keywords.
  const intents = new Set<ReplyIntent>();
  for (const w of all) {
    const intent = KEYWORD_INTENT.get(w);
    if (intent === undefined) {
      intents.clear();
      break;
    }
    intents.add(intent);
  }
  if (intents.size === 1) {
    const [intent] = intents;
    return { intent: intent ?? 'none', keyword: first };
  }
  if (intents.size > 1) {
    const optOut = all.find((w) => KEYWORD_INTENT.get(w) === 'opt_out');
    return optOut ? { intent: 'possible_opt_out', keyword: familyOfKeyword(optOut) } : NONE;
  }

  // Tier 2: a request in words.
  // Drawn-out words count as the word: "stopppp", "pleeeease" -> "PLEASE", "nooo more".
  const words = clauses.map((c) => c.map(squeeze));
  const reply: Reply = {

    prefersAChannel: prefersAChannel(words),
    mentionsTiming: words.some((c) => c.some((w) => TIMING.has(w))),
  };
  for (const [phrase, matches] of FAMILIES) {
    for (const c of words) if (matches(c, reply)) return { intent: 'possible_opt_out', keyword: phrase };
  }
  return NONE;
}
