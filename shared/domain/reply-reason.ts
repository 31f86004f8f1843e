// Why a reply got its intent (R3): a structured value kept with the classification, stored with a
// review item, printed by `smsdesk classify --explain` and shown to staff. One wording function
// (explainReason) turns it into the sentence; no layer parses that sentence back.

/** The rule that matched. */
export const REPLY_RULES = [
  'keyword', // the whole reply is a keyword (case, surrounding space, punctuation, emoji ignored): automatic
  'mixed_keywords', // only keywords, of different kinds ("START STOP"): not applied
  'disguised_keyword', // a keyword once markup, spaced letters, digits for letters or a signature are undone
  'misspelt_keyword', // a keyword misspelt, stretched or in slang, alone ("stpo", "unsubscibe", "stahp")
  'phrase', // a request in words ("pls stop txting me", "lose my number")
  'wrong_number', // "wrong number", "no one by that name here"
  'reaction', // a phone's tapback quoting a message back
  'no_match',
] as const;
export type ReplyRule = (typeof REPLY_RULES)[number];

/** What was undone before matching. */
export const NORMALISATION_STEPS = [
  'markup', // <b>STOP</b>, &nbsp;
  'spaced_letters', // S T O P, S.T.O.P
  'digits_for_letters', // st0p, $top
  'signature', // "Sent from my iPhone"
  'slang', // txt, msg, pls, u
  'typo', // stpo, unsubscibe, remvoe
] as const;
export type NormalisationStep = (typeof NORMALISATION_STEPS)[number];

/** The tapbacks phones send as SMS: iPhone's Liked/Loved/…, "Reacted 👍 to", Android's variants. */
export const REACTION_KINDS = ['liked', 'loved', 'disliked', 'laughed', 'emphasized', 'questioned', 'reacted'] as const;
export type ReactionKind = (typeof REACTION_KINDS)[number];

/** A word the customer wrote and what it was read as: { from: 'txting', to: 'TEXTING' }. */
export interface WordCorrection {
  from: string;
  to: string;
}

export interface ReactionDetail {
  kind: ReactionKind;
  /** The emoji it shows as (👍, ❤️, 😂, …). */
  emoji: string;
  /** The quoted text, as the phone sent it (possibly cut short with "…"); null for "Liked an image". */
  quote: string | null;
  /** "Removed a heart from “…”": the reaction was taken back. */
  removed: boolean;
}

export interface ReplyReason {
  rule: ReplyRule;
  /**
   * keyword rules: the keyword (STOP); phrase: the family (POSSIBLE_OPT_OUT_PHRASES, e.g. REMOVE);
   * wrong_number: WRONG NUMBER; reaction: the kind (liked); no_match: null.
   */
  family: string | null;
  /** The customer's own words that matched ("stop txting me"); null for no_match and reactions. */
  matched: string | null;
  /** What was undone before the match. */
  steps: readonly NormalisationStep[];
  /** Words read as other words (slang, typos, digits), in the order written. */
  corrections: readonly WordCorrection[];
  reaction: ReactionDetail | null;
}

const STEP_WORDS: Record<NormalisationStep, string> = {
  markup: 'markup removed',
  spaced_letters: 'spaced-out letters joined',
  digits_for_letters: 'digits read as letters',
  signature: 'signature dropped',
  slang: 'slang read',
  typo: 'typo read',
};

const FAMILY_WORDS: Record<string, string> = {
  STOP: 'asks to stop',
  UNSUBSCRIBE: 'asks to unsubscribe',
  'OPT OUT': 'asks to opt out',
  REVOKE: 'withdraws consent',
  REMOVE: 'asks to be removed',
  'DO NOT CONTACT': 'asks not to be contacted',
  'NO MORE': 'asks for no more messages',
  CANCEL: 'asks to cancel the messages',
  'LEAVE ME ALONE': 'asks to be left alone',
};

const REACTION_WORDS: Record<ReactionKind, string> = {
  liked: 'Liked',
  loved: 'Loved',
  disliked: 'Disliked',
  laughed: 'Laughed at',
  emphasized: 'Emphasized',
  questioned: 'Questioned',
  reacted: 'Reacted to',
};

/** “stop txting me” (txting → texting; markup removed). */
function how(r: ReplyReason): string {
  const notes = [
    ...r.corrections.map((c) => `${c.from} → ${c.to.toLowerCase()}`),
    ...r.steps.filter((s) => s !== 'slang' && s !== 'typo').map((s) => STEP_WORDS[s]),
  ];
  const quoted = r.matched !== null ? `“${r.matched}”` : '';
  if (notes.length === 0) return quoted;
  return `${quoted}${quoted ? ' ' : ''}(${notes.join('; ')})`;
}

/** The verb of a sentence about the reaction: "loved", "laughed at", "reacted 👍 to", "removed a ❤️ from". */
export function reactionVerb(d: ReactionDetail): string {
  if (d.removed) return `removed a ${d.emoji} from`;
  return d.kind === 'reacted' ? `reacted ${d.emoji} to` : REACTION_WORDS[d.kind].toLowerCase();
}

/** How the reaction reads: "Loved ❤️", "Removed a reaction". */
export function reactionLabel(d: ReactionDetail): string {
  if (d.removed) return `Removed a ${d.emoji} reaction`;
  return d.kind === 'reacted' ? `Reacted ${d.emoji}` : `${REACTION_WORDS[d.kind]} ${d.emoji}`;
}

/** The one sentence for a reason: `smsdesk classify --explain`, the review queue, the composer. */
export function explainReason(r: ReplyReason): string {
  switch (r.rule) {
    case 'keyword':
      return `The whole reply is the keyword ${r.family ?? ''}: applied automatically.`;
    case 'mixed_keywords':
      return `Only keywords, of different kinds (${r.matched ?? ''}): not applied, for staff to decide.`;
    case 'disguised_keyword':
      return `The keyword ${r.family ?? ''}, disguised: ${how(r)}. Never applied automatically.`;
    case 'misspelt_keyword':
      return `Looks like the keyword ${r.family ?? ''} misspelt: ${how(r)}. Never applied automatically.`;
    case 'phrase':
      return `The reply ${FAMILY_WORDS[r.family ?? ''] ?? 'asks to stop'}: ${how(r)}.`;
    case 'wrong_number':
      return `Says it is the wrong number: ${how(r)}. The mobile may have been reassigned.`;
    case 'reaction': {
      const d = r.reaction;
      if (!d) return 'A phone reaction to a message: not a request.';
      return `A phone reaction (${reactionLabel(d)}) to ${d.quote !== null ? `the message “${d.quote}”` : 'a message'}: not a request.`;
    }
    case 'no_match':
      return 'No keyword, request to stop or wrong-number reply.';
  }
}
