// R3: classifies an inbound SMS reply. Pure and deterministic: no I/O, no regular expression that
// can backtrack; each step is one bounded pass. Used by the poller, by `smsdesk classify` and by the
// renderer (reactions on the timeline).
//
//  1. Keywords. The whole message, as typed, is a keyword (repetition allowed: "STOP STOP",
//     "stop!!!", "ＳＴＯＰ", "Opt-out"). The only thing ever applied automatically, like the gateway.
//  2. Reactions: a phone's tapback quoting the dealer's text back (`Loved “… Reply STOP to opt out”`).
//  3. Everything else is read again, normalised (markup, signature, spaced letters, digits for
//     letters, slang, one typo per word), and matched for review only:
//     - a disguised or misspelt keyword alone ("<b>STOP</b>", "S T O P", "st0p", "stpo");
//     - a request in words ("pls stop txting me", "lose my number", "cancel the texts");
//     - "wrong number" (the mobile may have been reassigned).
// Free text that merely contains a keyword ("I'll stop by Saturday", "end of the month") is `none`.
import type { ReplyClassification, ReplyIntent } from './domain/types.ts';
import type { NormalisationStep, ReplyReason, WordCorrection } from './domain/reply-reason.ts';
import { normaliseForReview, splitClauses } from './classify/text.ts';
import { readWord, squeeze, type WordFix } from './classify/words.ts';
import { contextOf, FAMILIES, TRIGGER_WORDS, wrongNumber, type Span } from './classify/phrases.ts';
import { parseReaction } from './classify/reactions.ts';
import { familyOfKeyword, HELP_KEYWORDS, MERGED_PAIRS, OPT_IN_KEYWORDS, OPT_OUT_KEYWORDS } from './classify/vocabulary.ts';

export {
  HELP_KEYWORDS,
  OPT_IN_KEYWORDS,
  OPT_OUT_KEYWORDS,
  POSSIBLE_OPT_OUT_PHRASES,
  type PossibleOptOutPhrase,
} from './classify/vocabulary.ts';
export { parseReaction } from './classify/reactions.ts';

const KEYWORD_INTENT = new Map<string, ReplyIntent>([
  ...OPT_OUT_KEYWORDS.map((k) => [k, 'opt_out'] as const),
  ...OPT_IN_KEYWORDS.map((k) => [k, 'opt_in'] as const),
  ...HELP_KEYWORDS.map((k) => [k, 'help'] as const),
]);

const NO_MATCH: ReplyReason = Object.freeze({ rule: 'no_match', family: null, matched: null, steps: [], corrections: [], reaction: null });
const NONE: ReplyClassification = Object.freeze({ intent: 'none', keyword: null, reasons: Object.freeze([NO_MATCH]) });

function reason(rule: ReplyReason['rule'], family: string | null, matched: string | null, steps: readonly NormalisationStep[] = [], corrections: readonly WordCorrection[] = []): ReplyReason {
  return { rule, family, matched, steps, corrections, reaction: null };
}

/** Upper-case words of the message as typed, adjacent pairs that spell a keyword merged. */
function exactWords(clauses: readonly (readonly string[])[]): string[] {
  const out: string[] = [];
  for (const clause of clauses) {
    for (let i = 0; i < clause.length; i++) {
      const w = (clause[i] as string).toUpperCase();
      const merged = i + 1 < clause.length ? MERGED_PAIRS.get(`${w} ${(clause[i + 1] as string).toUpperCase()}`) : undefined;
      if (merged) {
        out.push(merged);
        i++;
      } else out.push(w);
    }
  }
  return out;
}

/** Tier 1: every word is a keyword. */
function keywordsOnly(words: readonly string[]): ReplyClassification | null {
  const intents = new Set<ReplyIntent>();
  for (const w of words) {
    const intent = KEYWORD_INTENT.get(w);
    if (intent === undefined) return null;
    intents.add(intent);
  }
  const first = words[0] as string;
  if (intents.size === 1) {
    const [intent] = intents as unknown as [ReplyIntent];
    return { intent, keyword: first, reasons: [reason('keyword', first, words.join(' '))] };
  }
  const optOut = words.find((w) => KEYWORD_INTENT.get(w) === 'opt_out');
  if (!optOut) return { intent: 'none', keyword: null, reasons: [reason('mixed_keywords', null, words.join(' '))] };
  const family = familyOfKeyword(optOut);
  return { intent: 'possible_opt_out', keyword: family, reasons: [reason('mixed_keywords', family, words.join(' '))] };
}

/** A word of the normalised reading: what it was read as, what was written, how it was read. */
interface Word {
  w: string;
  raw: string;
  fix: WordFix | null;
}

function readClauses(clauses: readonly (readonly string[])[]): Word[][] {
  return clauses.map((clause) => {
    const words: Word[] = clause.map((raw) => {
      const read = readWord(squeeze(raw.toUpperCase()));
      return { w: read.w, raw, fix: read.fix };
    });
    const out: Word[] = [];
    for (let i = 0; i < words.length; i++) {
      const a = words[i] as Word;
      const b = words[i + 1];
      const merged = b ? MERGED_PAIRS.get(`${a.w} ${b.w}`) : undefined;
      if (merged && b) {
        out.push({ w: merged, raw: `${a.raw} ${b.raw}`, fix: a.fix ?? b.fix });
        i++;
      } else out.push(a);
    }
    return out;
  });
}

/** The reason for words [from, to) of a clause: the customer's words, what was undone. */
function spanReason(rule: ReplyReason['rule'], family: string, words: readonly Word[], textSteps: readonly NormalisationStep[]): ReplyReason {
  const steps = new Set<NormalisationStep>(textSteps);
  const corrections: WordCorrection[] = [];
  for (const word of words) {
    if (word.fix === null) continue;
    steps.add(word.fix);
    if (word.fix !== 'digits_for_letters' || word.raw.toUpperCase() !== word.w) corrections.push({ from: word.raw, to: word.w });
  }
  return reason(rule, family, words.map((x) => x.raw).join(' '), [...steps], corrections);
}

/**
 * Classifies an inbound reply (R3).
 * - The whole message, as typed, is keywords of one kind (case, surrounding space, punctuation and
 *   emoji ignored; repeats allowed): `opt_out` / `opt_in` / `help` with the keyword. Automatic.
 * - Keywords of different kinds ("START STOP"): `possible_opt_out` if one opts out.
 * - A phone reaction quoting a message: `reaction`.
 * - A disguised or misspelt opt-out keyword, or a request in words: `possible_opt_out`, keyword =
 *   phrase family (POSSIBLE_OPT_OUT_PHRASES). Never automatic.
 * - "Wrong number" and the like: `wrong_number`.
 * - Anything else, including free text that merely contains a keyword: `none`.
 * `reasons[0]` says which rule decided; a further reason was also found (a request that also says
 * "wrong number").
 */
export function classifyReply(text: string): ReplyClassification {
  const nfkc = text.normalize('NFKC');
  const typed = splitClauses(nfkc);
  const exact = exactWords(typed);
  if (exact.length > 0) {
    const keyword = keywordsOnly(exact);
    if (keyword) return keyword;
  }

  const reaction = parseReaction(nfkc);
  if (reaction) {
    return { intent: 'reaction', keyword: null, reasons: [{ ...reason('reaction', reaction.kind, null), reaction }] };
  }

  // Read again for review-only matching.
  const normalised = normaliseForReview(nfkc);
  const unchanged = normalised.text === nfkc && !nfkc.includes('@') && !nfkc.includes('$');
  const clauses = readClauses(unchanged ? typed : splitClauses(normalised.text, true));
  const all = clauses.flat();
  if (all.length === 0) return NONE;
  const keywordsAlone = all.every((x) => KEYWORD_INTENT.has(x.w));
  if (!keywordsAlone && !all.some((x) => TRIGGER_WORDS.has(x.w))) return NONE;

  // A disguised or misspelt keyword alone: "<b>STOP</b>", "S T O P", "st0p", "stpo", "STOP\nSent from my iPhone".
  if (keywordsAlone) {
    const optOut = all.find((x) => KEYWORD_INTENT.get(x.w) === 'opt_out');
    const misspelt = all.some((x) => x.fix === 'slang' || x.fix === 'typo');
    const first = (optOut ?? all[0]) as Word;
    const family = optOut ? familyOfKeyword(optOut.w) : first.w;
    const why = spanReason(misspelt ? 'misspelt_keyword' : 'disguised_keyword', family, all, normalised.steps);
    if (optOut) return { intent: 'possible_opt_out', keyword: family, reasons: [why] };
    // HELP is harmless to recognise; an opt-in is only ever taken from the exact keyword.
    const onlyHelp = all.every((x) => KEYWORD_INTENT.get(x.w) === 'help');
    return onlyHelp ? { intent: 'help', keyword: first.w, reasons: [why] } : { intent: 'none', keyword: null, reasons: [why] };
  }

  const words = clauses.map((c) => c.map((x) => x.w));
  const context = contextOf(words);
  const reasons: ReplyReason[] = [];
  let family: string | null = null;
  for (const [phrase, matches] of FAMILIES) {
    for (let i = 0; i < words.length && family === null; i++) {
      const s: Span | null = matches(words[i] as string[], context);
      if (s) {
        family = phrase;
        reasons.push(spanReason('phrase', phrase, (clauses[i] as Word[]).slice(s.from, s.to), normalised.steps));
      }
    }
    if (family !== null) break;
  }
  for (let i = 0; i < words.length; i++) {
    const s = wrongNumber(words[i] as string[]);
    if (s) {
      reasons.push(spanReason('wrong_number', 'WRONG NUMBER', (clauses[i] as Word[]).slice(s.from, s.to), normalised.steps));
      break;
    }
  }
  if (family !== null) return { intent: 'possible_opt_out', keyword: family, reasons };
  if (reasons.length > 0) return { intent: 'wrong_number', keyword: null, reasons };
  return NONE;
}
