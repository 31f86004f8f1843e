// Reads a written word as the word it stands for (R3, review-only matching): slang ("txt", "pls"),
// dropped vowels ("nmbr", "rmv"), digits for letters ("st0p", "$top"), drawn-out letters ("stoppp")
// and one typo ("stpo", "unsubscibe", "remvoe"). Bounded: at most one edit, only towards the words
// the grammar needs, never from a real English word (protected-words.ts) or a word it knows.
import type { NormalisationStep } from '../domain/reply-reason.ts';
import { GRAMMAR_WORDS, SLANG } from './vocabulary.ts';
import { PROTECTED_WORDS } from './protected-words.ts';

/** Words a typo may be read as. Long enough that one edit rarely lands on another word. */
export const FUZZY_TARGETS = [
  'STOP', 'STOPALL', 'TEXT', 'TEXTS', 'TEXTING', 'MESSAGE', 'MESSAGES', 'MESSAGING', 'CONTACT', 'CONTACTING',
  'REMOVE', 'DELETE', 'UNSUB', 'UNSUBSCRIBE', 'UNSUBSCRIBED', 'CANCEL', 'REVOKE', 'PLEASE', 'NUMBER',
  'SENDING', 'ANYMORE', 'BOTHERING', 'SPAMMING', 'HARASSING', 'CEASE', 'COMMUNICATION', 'COMMUNICATIONS',
  'MARKETING', 'OPTOUT', 'WRONG', 'DETAILS', 'ENOUGH', 'SUBSCRIPTION', 'CONSENT', 'PERMISSION', 'DATABASE',
  'REMINDERS', 'PROMOTIONS', 'NOTIFICATIONS', 'QUIT', 'DONT', 'ALONE', 'LEAVE', 'MOBILE', 'THANKS',
] as const;

/** What was done to read a word. */
export type WordFix = Extract<NormalisationStep, 'slang' | 'typo' | 'digits_for_letters'>;

export interface ReadWord {
  /** The canonical word, upper case. */
  w: string;
  fix: WordFix | null;
}

const TARGETS: ReadonlySet<string> = new Set(FUZZY_TARGETS);

/** Single-deletion variants of every target -> the targets. */
const BY_DELETION = new Map<string, string[]>();
/** Consonant skeletons of every grammar word (3 consonants or more) -> the words. */
const BY_SKELETON = new Map<string, string[]>();

function deletions(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length; i++) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}

const VOWELS = new Set(['A', 'E', 'I', 'O', 'U']);
export function skeleton(word: string): string {
  let s = '';
  for (const c of word) if (!VOWELS.has(c)) s += c;
  return s;
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (!list) map.set(key, [value]);
  else if (!list.includes(value)) list.push(value);
}

for (const t of FUZZY_TARGETS) for (const d of deletions(t)) push(BY_DELETION, d, t);
for (const w of GRAMMAR_WORDS) {
  const s = skeleton(w);
  if (s.length >= 3 && s !== w && /^[A-Z]+$/.test(w)) push(BY_SKELETON, s, w);
}

// QWERTY neighbours: a substituted letter counts as a typo only next to the intended key.
const ROWS = ['QWERTYUIOP', 'ASDFGHJKL', 'ZXCVBNM'];
const NEIGHBOURS = new Map<string, Set<string>>();
for (let r = 0; r < ROWS.length; r++) {
  const row = ROWS[r] as string;
  for (let c = 0; c < row.length; c++) {
    // The rows are staggered: above are columns c and c+1, below c-1 and c.
    const near = [ROWS[r - 1]?.charAt(c), ROWS[r - 1]?.charAt(c + 1), row.charAt(c - 1), row.charAt(c + 1), ROWS[r + 1]?.charAt(c - 1), ROWS[r + 1]?.charAt(c)];
    NEIGHBOURS.set(row.charAt(c), new Set(near.filter((ch): ch is string => !!ch)));
  }
}

/**
 * One edit apart: a letter missing, one extra, two neighbours swapped, or one neighbouring key hit
 * instead (any other letter too with `anyKey`).
 */
export function oneTypoApart(typed: string, target: string, anyKey = false): boolean {
  const a = typed.length;
  const b = target.length;
  if (a === b) {
    let first = -1;
    let second = -1;
    for (let i = 0; i < a; i++) {
      if (typed.charAt(i) !== target.charAt(i)) {
        if (first < 0) first = i;
        else if (second < 0) second = i;
        else return false;
      }
    }
    if (first < 0) return false;
    if (second < 0) return anyKey || (NEIGHBOURS.get(target.charAt(first))?.has(typed.charAt(first)) ?? false);
    return second === first + 1 && typed.charAt(first) === target.charAt(second) && typed.charAt(second) === target.charAt(first);
  }
  const [long, short] = a > b ? [typed, target] : [target, typed];
  if (long.length !== short.length + 1) return false;
  let i = 0;
  while (i < short.length && long.charAt(i) === short.charAt(i)) i++;
  return long.slice(i + 1) === short.slice(i);
}

/** The one target a typo stands for, or null (none, or more than one). */
function typoTarget(word: string): string | null {
  if (word.length < 4 || PROTECTED_WORDS.has(word)) return null;
  const candidates = new Set<string>();
  // A letter missing: the word is a deletion of a target.
  for (const t of BY_DELETION.get(word) ?? []) candidates.add(t);
  for (const d of deletions(word)) {
    if (TARGETS.has(d)) candidates.add(d); // one letter extra
    for (const t of BY_DELETION.get(d) ?? []) candidates.add(t); // swapped or substituted
  }
  let found: string | null = null;
  for (const t of candidates) {
    if (t.length < 4 || !oneTypoApart(word, t)) continue;
    if (found !== null) return null;
    found = t;
  }
  return found;
}

/** The grammar word this is with vowels dropped ("NMBR", "RMV", "PLS", "TXT"), or null. */
function vowelsDropped(word: string): string | null {
  const s = skeleton(word);
  if (s.length < 3 || PROTECTED_WORDS.has(word)) return null;
  let found: string | null = null;
  for (const w of BY_SKELETON.get(s) ?? []) {
    if (w.charAt(0) !== word.charAt(0) || !isSubsequence(word, w)) continue;
    if (found !== null) return null;
    found = w;
  }
  return found;
}

export function isSubsequence(short: string, long: string): boolean {
  let j = 0;
  for (let i = 0; i < long.length && j < short.length; i++) if (long.charAt(i) === short.charAt(j)) j++;
  return j === short.length;
}

const LEET = new Map<string, string>([
  ['0', 'O'], ['1', 'I'], ['3', 'E'], ['4', 'A'], ['5', 'S'], ['7', 'T'], ['8', 'B'], ['@', 'A'], ['$', 'S'], ['!', 'I'],
]);

/** Digits and symbols read as letters, when the word has letters too ("ST0P", "$TOP", "UN5UB"); 1 -> I, then L. */
function unLeet(word: string): string[] {
  let letters = 0;
  let leet = 0;
  for (const c of word) {
    if (LEET.has(c)) leet++;
    else if (c >= 'A' && c <= 'Z') letters++;
  }
  if (leet === 0 || letters === 0 || leet > letters + 1) return [];
  let asI = '';
  for (const c of word) asI += LEET.get(c) ?? c;
  return word.includes('1') ? [asI, asI.replaceAll('I', 'L')] : [asI];
}

/** Collapses runs of three or more of the same letter: STOPPPP -> STOP, PLEEEASE -> PLEASE. */
export function squeeze(word: string): string {
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

function readLetters(word: string): ReadWord {
  if (GRAMMAR_WORDS.has(word)) return { w: word, fix: null };
  const slang = SLANG.get(word);
  if (slang !== undefined) return { w: slang, fix: 'slang' };
  if (PROTECTED_WORDS.has(word)) return { w: word, fix: null };
  const dropped = vowelsDropped(word);
  if (dropped !== null) return { w: dropped, fix: 'slang' };
  const typo = typoTarget(word);
  if (typo !== null) return { w: typo, fix: 'typo' };
  return { w: word, fix: null };
}

// Memo of words already read: replies repeat words endlessly; bounded so it cannot grow without end.
const memo = new Map<string, ReadWord>();
const MEMO_LIMIT = 50_000;

/** Reads one upper-case word (already squeezed). */
export function readWord(word: string): ReadWord {
  const known = memo.get(word);
  if (known !== undefined) return known;
  let read = readLetters(word);
  if (read.fix === null && !GRAMMAR_WORDS.has(word)) {
    for (const plain of unLeet(word)) {
      const r = readLetters(plain);
      if (GRAMMAR_WORDS.has(r.w)) {
        read = { w: r.w, fix: 'digits_for_letters' };
        break;
      }
    }
  }
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(word, read);
  return read;
}
