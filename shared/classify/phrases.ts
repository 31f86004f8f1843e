// Requests in words (R3): a small grammar over the canonical words of one clause. Each family
// returns the span of words that made the request, or null. Never automatic: a match is a
// possible opt-out for staff to confirm. Every scan is bounded (a few words of look-ahead).
import {
  BREAKERS, CONSENT_WORDS, DETERMINERS, FILLERS, GO_AWAY_VERBS, LIST_WORDS, MY_DETAILS, NEGATIONS, NOT_A_REQUEST,
  OBJECT_LEAD, OFF_VERBS, OTHER_CONTACT, OTHER_VERBS, PREFERENCE, REMOVE_VERBS, REVOKE_VERBS, SEND_OBJECTS, SEND_VERBS,
  SMS_CONTACT, SMS_VERBS, STOP_CONTEXT, STOP_PLACE, STOPPING_VERBS, TIMING, UNSUBSCRIBE_WORDS, WANT_NEGATIONS,
  WRONG_NUMBER_OTHER_SENSE, WRONG_OBJECTS, type PossibleOptOutPhrase,
} from './vocabulary.ts';

export type Clause = readonly string[];
/** Words [from, to) of a clause. */
export interface Span {
  from: number;
  to: number;
}

export interface ReplyContext {
  /** The message states a preference for a channel ("text me instead", "email only"). */
  readonly prefersAChannel: boolean;
  /** The message talks about timing or circumstance ("until 5", "at work", "Saturday"). */
  readonly mentionsTiming: boolean;
}

type Match = 'sms' | 'other' | null;

/** Words one of the rules below starts from: a reply with none of them is matched by none (a fast path). */
export const TRIGGER_WORDS: ReadonlySet<string> = new Set([
  'STOP', 'STOPALL', ...STOPPING_VERBS, 'ENOUGH', ...UNSUBSCRIBE_WORDS, 'OPTOUT', 'OPTEDOUT', 'OPTED', 'OPTING', 'OPT', ...REVOKE_VERBS,
  'REMOVED', 'DELETED',
  ...REMOVE_VERBS, ...OFF_VERBS, 'CANCEL', 'DONT', 'NEVER', 'DO', 'NO', 'NOMORE', 'WANT', 'ANYMORE', 'ANY', 'LEAVE',
  ...GO_AWAY_VERBS, 'GO', 'WRONG', 'NOONE', 'NOBODY', 'NEW', 'GOT', 'NOT', 'NOLONGER',
]);

const at = (c: Clause, i: number): string => c[i] ?? '';
const FILLERS_OR_STOP: ReadonlySet<string> = new Set([...FILLERS, 'STOP']);
const span = (from: number, to: number): Span => ({ from, to });

/** Per clause and word set: the first and last word not in the set (computed once: no scan is repeated). */
const edgesCache = new WeakMap<Clause, Map<ReadonlySet<string>, readonly [first: number, last: number]>>();
function edges(c: Clause, words: ReadonlySet<string>): readonly [number, number] {
  let byClause = edgesCache.get(c);
  if (!byClause) edgesCache.set(c, (byClause = new Map()));
  let e = byClause.get(words);
  if (!e) {
    let first = c.length;
    let last = -1;
    for (let i = 0; i < c.length; i++) {
      if (words.has(at(c, i))) continue;
      if (first === c.length) first = i;
      last = i;
    }
    byClause.set(words, (e = [first, last]));
  }
  return e;
}

/** Words [from, to) are all in the set. Only for a prefix (from 0) or a suffix (to the end): O(1) after the first call. */
function allIn(c: Clause, from: number, to: number, words: ReadonlySet<string>): boolean {
  if (from >= to) return true;
  const [first, last] = edges(c, words);
  if (to >= c.length) return from > last;
  if (from <= 0) return to <= first;
  for (let i = from; i < to; i++) if (!words.has(at(c, i))) return false;
  return true;
}

function accept(m: Match, reply: ReplyContext): boolean {
  return m === 'sms' || (m === 'other' && !reply.prefersAChannel);
}

/** Looks ahead from `from` (at most `span` words, stopping at a breaker) for contact words; their end, or -1. */
function contactAhead(c: Clause, from: number, width: number, reply: ReplyContext): number {
  let sending = false;
  const end = Math.min(c.length, from + width);
  for (let i = from; i < end; i++) {
    const w = at(c, i);
    if (BREAKERS.has(w)) return -1;
    if (SMS_CONTACT.has(w)) return i + 1;
    if (OTHER_CONTACT.has(w)) return accept('other', reply) ? i + 1 : -1;
    if (SEND_VERBS.has(w)) sending = true;
    else if (sending && SEND_OBJECTS.has(w)) return i + 1;
  }
  return sending && end === c.length ? end : -1;
}

/** The span's end, taking "me" / "us" after it: "stop texting me". */
function withObject(c: Clause, end: number): number {
  return at(c, end) === 'ME' || at(c, end) === 'US' ? end + 1 : end;
}

/** An object of messaging right after a verb, with only determiners and the like between: "cancel all your texts". */
function objectAfter(c: Clause, from: number, reply: ReplyContext): number {
  for (let i = from; i < Math.min(c.length, from + 5); i++) {
    const w = at(c, i);
    if (SMS_CONTACT.has(w) || (OTHER_CONTACT.has(w) && accept('other', reply))) return i + 1;
    if (!OBJECT_LEAD.has(w) && !FILLERS.has(w)) return -1;
  }
  return -1;
}

/** After FROM / OFF / OF: a list or contact word within a few words, determiners allowed; its end, or -1. */
function listAhead(c: Clause, from: number, allowEnd: boolean): number {
  const end = Math.min(c.length, from + 5);
  for (let i = from; i < end; i++) {
    const w = at(c, i);
    if (LIST_WORDS.has(w) || SMS_CONTACT.has(w)) return i + 1;
    if (BREAKERS.has(w)) return -1;
  }
  return allowEnd && allIn(c, from, c.length, DETERMINERS) ? c.length : -1;
}

// STOP: "stop please", "please stop", "wrong number stop", "stop texting me", "stop sending me
// texts", "quit messaging me", "cease all communication", "enough with the texts".
// Not "stop by", "I'll stop", "don't stop", "the bus stop", "end of the month".
function stopFamily(c: Clause, reply: ReplyContext): Span | null {
  for (let i = 0; i < c.length; i++) {
    const w = at(c, i);
    const before = at(c, i - 1);
    if (NOT_A_REQUEST.has(before)) continue;
    if (w === 'STOPALL') return span(i, i + 1);
    if (w === 'STOP') {
      // "stop please", "stop stop stop", "I said stop".
      const alone = (i === 0 || FILLERS.has(before) || STOP_CONTEXT.has(before) || before === 'STOP') && allIn(c, i + 1, c.length, FILLERS_OR_STOP);
      if (alone) return span(i, c.length);
      if (STOP_PLACE.has(at(c, i + 1))) continue;
      const end = contactAhead(c, i + 1, 6, reply);
      if (end > 0) return span(i, withObject(c, end));
    } else if (STOPPING_VERBS.has(w)) {
      if (w === 'CEASE' && at(c, i + 1) === 'AND' && at(c, i + 2) === 'DESIST') return span(i, i + 3);
      const end = objectAfter(c, i + 1, reply);
      if (end > 0) return span(i, end);
    } else if (w === 'ENOUGH') {
      // "enough with the texts", "enough texts", "ok enough already", "enough is enough".
      const end = objectAfter(c, i + 1, reply);
      if (end > 0) return span(i, end);
      if ((i === 0 || FILLERS.has(before) || before === 'THATS') && allIn(c, i + 1, c.length, FILLERS)) return span(i, c.length);
      if (at(c, i + 1) === 'IS' && at(c, i + 2) === 'ENOUGH') return span(i, i + 3);
    }
  }
  return null;
}

function unsubscribeFamily(c: Clause): Span | null {
  for (let i = 0; i < c.length; i++) {
    if (UNSUBSCRIBE_WORDS.has(at(c, i)) && !NEGATIONS.has(at(c, i - 1))) return span(i, i + 1);
  }
  return null;
}

// OPT OUT: "I want to opt out", "opt me out", "already opted out", "opt out of these texts".
// Not "opt out of the extended warranty".
function optOutFamily(c: Clause): Span | null {
  for (let i = 0; i < c.length; i++) {
    const w = at(c, i);
    let next: number;
    if (w === 'OPTOUT' || w === 'OPTEDOUT') next = i + 1;
    else if ((w === 'OPTED' || w === 'OPTING') && at(c, i + 1) === 'OUT') next = i + 2;
    else if (w === 'OPT' && (at(c, i + 1) === 'ME' || at(c, i + 1) === 'US') && at(c, i + 2) === 'OUT') next = i + 3;
    else continue;
    if (NEGATIONS.has(at(c, i - 1))) continue;
    if (at(c, next) !== 'OF') return span(i, next);
    const end = listAhead(c, next + 1, true);
    if (end > 0) return span(i, end);
  }
  return null;
}

function revokeFamily(c: Clause): Span | null {
  for (let i = 0; i < c.length; i++) {
    if (!REVOKE_VERBS.has(at(c, i)) || NEGATIONS.has(at(c, i - 1))) continue;
    for (let j = i + 1; j < Math.min(c.length, i + 4); j++) if (CONSENT_WORDS.has(at(c, j))) return span(i, j + 1);
  }
  return null;
}

/** Length of "me" / "us" / "my number" / "this number" / "my mobile number" at i, or 0. */
function personalObject(c: Clause, i: number): number {
  const w = at(c, i);
  if (w === 'ME' || w === 'US') return 1;
  if (w !== 'MY' && w !== 'THIS' && w !== 'OUR' && w !== 'THE') return 0;
  let n = 1;
  while (n < 3 && MY_DETAILS.has(at(c, i + n))) n++;
  return n > 1 ? n : 0;
}

// REMOVE: "remove me from your list", "please remove me", "delete my number", "lose my number",
// "take me off your list", "get me off this list", "remove pls". Not "remove me from the booking",
// "remove the tow bar", "delete my number and use this one".
function removeFamily(c: Clause): Span | null {
  for (let i = 0; i < c.length; i++) {
    const w = at(c, i);
    const needsOff = OFF_VERBS.has(w);
    if (!needsOff && !REMOVE_VERBS.has(w)) continue;
    if (NEGATIONS.has(at(c, i - 1)) || NOT_A_REQUEST.has(at(c, i - 1))) continue;
    const objectLength = personalObject(c, i + 1);
    let j = i + 1 + objectLength;
    if (needsOff) {
      if (objectLength === 0 || at(c, j) !== 'OFF') continue;
      j++;
      if (allIn(c, j, c.length, FILLERS)) return span(i, c.length);
      const end = listAhead(c, j, false);
      if (end > 0) return span(i, end);
      continue;
    }
    // "Remove" or "remove pls" alone, after a marketing text.
    if (w === 'REMOVE' && (i === 0 || FILLERS.has(at(c, i - 1))) && allIn(c, i + 1, c.length, FILLERS) && allIn(c, 0, i, FILLERS)) {
      return span(0, c.length);
    }
    if (objectLength > 0 && allIn(c, j, c.length, FILLERS)) return span(i, c.length);
    if (at(c, j) === 'FROM' || at(c, j) === 'OFF') {
      const end = listAhead(c, j + 1, false);
      if (end > 0) return span(i, end);
    }
  }
  return null;
}

// REMOVE, said the other way round: "I'd like my number removed", "want my details deleted",
// "I want out (of your list)". Not "had my number removed from the finance form" (a list is not named…
// but nor is anything else: only with nothing after it, or a list).
function removedFamily(c: Clause): Span | null {
  for (let i = 0; i < c.length; i++) {
    const w = at(c, i);
    if (w === 'WANT' && at(c, i + 1) === 'OUT' && !WANT_NEGATIONS.has(at(c, i - 1))) {
      if (allIn(c, i + 2, c.length, FILLERS)) return span(i, c.length);
      if (at(c, i + 2) === 'OF' && listAhead(c, i + 3, false) > 0) return span(i, listAhead(c, i + 3, false));
    }
    if (w !== 'MY' && w !== 'THIS') continue;
    const objectLength = personalObject(c, i);
    if (objectLength === 0) continue;
    const verb = at(c, i + objectLength);
    if (verb !== 'REMOVED' && verb !== 'DELETED') continue;
    const after = i + objectLength + 1;
    if (allIn(c, after, c.length, FILLERS)) return span(i, c.length);
    if (at(c, after) === 'FROM' || at(c, after) === 'OFF') {
      const end = listAhead(c, after + 1, false);
      if (end > 0) return span(i, end);
    }
  }
  return null;
}

// CANCEL: "cancel the texts", "cancel my subscription", "cancel me". Not "cancel my booking".
function cancelFamily(c: Clause, reply: ReplyContext): Span | null {
  for (let i = 0; i < c.length; i++) {
    if (at(c, i) !== 'CANCEL' || NOT_A_REQUEST.has(at(c, i - 1)) || NEGATIONS.has(at(c, i - 1))) continue;
    const end = objectAfter(c, i + 1, reply);
    if (end > 0) return span(i, end);
    for (let j = i + 1; j < Math.min(c.length, i + 4); j++) {
      if (at(c, j) === 'SUBSCRIPTION') return span(i, j + 1);
      if (!OBJECT_LEAD.has(at(c, j))) break;
    }
    const me = personalObject(c, i + 1);
    if (me > 0 && (allIn(c, i + 1 + me, c.length, FILLERS) || listAhead(c, i + 2 + me, false) > 0)) return span(i, c.length);
  }
  return null;
}

// DO NOT CONTACT: "do not contact me", "don't text me again", "never message me again", "pls dont
// send me anything", "no texts pls". Not "don't text me until after 5", "don't call me, text me".
function doNotContactFamily(c: Clause, reply: ReplyContext): Span | null {
  for (let i = 0; i < c.length; i++) {
    let j: number;
    if (at(c, i) === 'DONT' || at(c, i) === 'NEVER') j = i + 1;
    else if (at(c, i) === 'DO' && at(c, i + 1) === 'NOT') j = i + 2;
    else if (at(c, i) === 'NO' && SMS_CONTACT.has(at(c, i + 1)) && allIn(c, i + 2, c.length, FILLERS)) {
      if (!reply.mentionsTiming && (i === 0 || allIn(c, 0, i, FILLERS))) return span(i, c.length);
      continue;
    } else continue;
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
    let end = j;
    if (sending && match === null) {
      // "don't send me anything", "don't send me any more texts"; not "don't send the brochure".
      for (let k = j; k < Math.min(c.length, j + 6) && match === null; k++) {
        const w = at(c, k);
        if (SMS_CONTACT.has(w) || w === 'ANYTHING' || w === 'ANYMORE' || w === 'MORE') {
          match = 'sms';
          end = k + 1;
        }
      }
    }
    if (match === null) continue;
    if (!reply.mentionsTiming && accept(match, reply)) return span(i, Math.min(c.length, Math.max(end, j + 1)));
  }
  return null;
}

// NO MORE: "no more messages", "no further contact", "I don't want any more texts", "no more pls".
function noMoreFamily(c: Clause, reply: ReplyContext): Span | null {
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
    // "No more" alone (and "no more pls"), as a whole reply.
    if (w !== 'WANT' && w !== 'ANY' && w !== 'ANYMORE' && allIn(c, from, c.length, FILLERS) && allIn(c, 0, i, FILLERS)) return span(i, c.length);
    const end = contactAhead(c, from, 4, reply);
    if (end > 0) return span(w === 'WANT' ? i - 1 : i, end);
  }
  return null;
}

// LEAVE ME ALONE: "leave me alone", "go away", "get lost", "piss off", "rack off".
function leaveMeAloneFamily(c: Clause): Span | null {
  for (let i = 0; i < c.length; i++) {
    const w = at(c, i);
    const next = at(c, i + 1);
    if (w === 'LEAVE' && (next === 'ME' || next === 'US') && (at(c, i + 2) === 'ALONE' || at(c, i + 2) === 'BE')) return span(i, i + 3);
    const alone = (to: number): boolean => allIn(c, to, c.length, FILLERS) && (i === 0 || allIn(c, 0, i, FILLERS));
    if (GO_AWAY_VERBS.has(w) && next === 'OFF' && alone(i + 2)) return span(i, i + 2);
    if (w === 'GO' && next === 'AWAY' && alone(i + 2)) return span(i, i + 2);
    if (w === 'GET' && next === 'LOST' && alone(i + 2)) return span(i, i + 2);
  }
  return null;
}

/** Families in priority order: the first that matches any clause names the request. */
export const FAMILIES: readonly (readonly [PossibleOptOutPhrase, (c: Clause, r: ReplyContext) => Span | null])[] = [
  ['STOP', stopFamily],
  ['UNSUBSCRIBE', unsubscribeFamily],
  ['OPT OUT', optOutFamily],
  ['REVOKE', revokeFamily],
  ['REMOVE', removeFamily],
  ['REMOVE', removedFamily],
  ['CANCEL', cancelFamily],
  ['DO NOT CONTACT', doNotContactFamily],
  ['NO MORE', noMoreFamily],
  ['LEAVE ME ALONE', leaveMeAloneFamily],
];

// WRONG NUMBER: "wrong number", "u have the wrong person", "no one by that name here", "I just got
// this number", "this is not his number anymore". Not "wrong number of seats", "wrong number plate".
const THIRD_PERSON = new Set(['HIS', 'HER', 'THEIR', 'HERS']);
export function wrongNumber(c: Clause): Span | null {
  for (let i = 0; i < c.length; i++) {
    const w = at(c, i);
    if (w === 'WRONG') {
      for (let j = i + 1; j < Math.min(c.length, i + 3); j++) {
        const o = at(c, j);
        if (WRONG_OBJECTS.has(o)) {
          // "wrong number of seats", "the wrong number is on the invoice".
          const next = at(c, j + 1) === 'IS' || at(c, j + 1) === 'WAS' ? j + 2 : j + 1;
          if (WRONG_NUMBER_OTHER_SENSE.has(at(c, next)) && !FILLERS.has(at(c, next + 1)) && at(c, next + 1) !== '') break;
          return span(i, j + 1);
        }
        if (!DETERMINERS.has(o) && !FILLERS.has(o)) break;
      }
    } else if ((w === 'NOONE' || w === 'NOBODY') && ['BY', 'CALLED', 'NAMED', 'HERE', 'OF', 'WITH', 'LIVES'].includes(at(c, i + 1))) {
      return span(i, Math.min(c.length, i + 4));
    } else if (w === 'NEW' && (at(c, i + 1) === 'NUMBER' || at(c, i + 1) === 'PHONE') && (i === 0 || ['A', 'MY', 'THIS', 'ITS', 'IS', 'NOW'].includes(at(c, i - 1)))) {
      // "new number, who dis", "this is a new number" (not "my new number is 04…": that is an update).
      if (at(c, i + 2) !== 'IS' && at(c, i - 1) !== 'MY') return span(Math.max(0, i - 1), i + 2);
    } else if (w === 'GOT' && at(c, i + 1) === 'THIS' && (at(c, i + 2) === 'NUMBER' || at(c, i + 2) === 'NO')) {
      return span(i, i + 3);
    } else if ((w === 'NOT' || w === 'NOLONGER') && THIRD_PERSON.has(at(c, i + 1)) && (at(c, i + 2) === 'NUMBER' || at(c, i + 2) === 'PHONE' || at(c, i + 2) === 'MOBILE')) {
      return span(i, i + 3);
    } else if (w === 'DONT' && at(c, i + 1) === 'KNOW' && ['ANY', 'ANYONE', 'ANYBODY', 'NO', 'WHO'].includes(at(c, i + 2))) {
      return span(i, Math.min(c.length, i + 5));
    }
  }
  return null;
}

/** The reply asks to be texted rather than called, or states a time: a narrower request, not an opt-out. */
export function contextOf(clauses: readonly Clause[]): ReplyContext {
  let prefersAChannel = false;
  let mentionsTiming = false;
  for (const c of clauses) {
    for (let i = 0; i < c.length; i++) {
      const w = at(c, i);
      if (TIMING.has(w)) mentionsTiming = true;
      if (PREFERENCE.has(w)) prefersAChannel = true;
      // "just text", "only text me".
      if (SMS_VERBS.has(w) && (at(c, i - 1) === 'JUST' || at(c, i - 1) === 'ONLY')) prefersAChannel = true;
      // "text me", "msg me on …", not "don't text me" / "stop texting me".
      if (SMS_VERBS.has(w) && w !== 'CONTACT' && w !== 'BOTHER' && (at(c, i + 1) === 'ME' || at(c, i + 1) === 'US')) {
        if (!NEGATIONS.has(at(c, i - 1)) && at(c, i - 1) !== 'NEVER') prefersAChannel = true;
      }
    }
  }
  return { prefersAChannel, mentionsTiming };
}
