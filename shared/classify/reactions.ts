// Phone reactions sent as SMS (R3): tapping a message on an iPhone or Android phone texts back
// `Liked “…”`, `Loved “…”`, `Reacted 👍 to “…”`, `Removed a heart from “…”`, quoting the dealer's own
// text — its "Reply STOP to opt out" footer included. They are never requests. Parsed by hand:
// a fixed prefix, then the whole rest of the message in quotes.
import type { ReactionDetail, ReactionKind } from '../domain/reply-reason.ts';

/** iPhone's tapback verbs (and the Android messages apps that copy them), with the emoji each shows as. */
const VERBS: readonly (readonly [prefix: string, kind: ReactionKind, emoji: string])[] = [
  ['Liked', 'liked', '👍'],
  ['Loved', 'loved', '❤️'],
  ['Disliked', 'disliked', '👎'],
  ['Laughed at', 'laughed', '😂'],
  ['Emphasized', 'emphasized', '‼️'],
  ['Emphasised', 'emphasized', '‼️'],
  ['Questioned', 'questioned', '❓'],
];

/** "Removed a heart from “…”": what was removed -> kind. */
const REMOVED: readonly (readonly [what: string, kind: ReactionKind, emoji: string])[] = [
  ['a like', 'liked', '👍'],
  ['a heart', 'loved', '❤️'],
  ['a dislike', 'disliked', '👎'],
  ['a laugh', 'laughed', '😂'],
  ['an exclamation', 'emphasized', '‼️'],
  ['an exclamation mark', 'emphasized', '‼️'],
  ['a question mark', 'questioned', '❓'],
];

/** Reactions to an attachment: `Liked an image`. */
const ATTACHMENTS = ['an image', 'a photo', 'a video', 'a movie', 'an attachment', 'a message', 'a sticker', 'a GIF'];

const OPEN_QUOTES = new Set(['“', '"', '”', '„', '«', '‘', "'"]);
const CLOSE_QUOTES = new Set(['”', '"', '“', '»', '’', "'"]);

/** `“…”` as the whole of s: the text inside, or null. */
function quoted(s: string): string | null {
  const first = s.charAt(0);
  const last = s.charAt(s.length - 1);
  if (s.length < 2 || !OPEN_QUOTES.has(first) || !CLOSE_QUOTES.has(last)) return null;
  return s.slice(1, -1);
}

const EMOJI_PART = /^(?:\p{Extended_Pictographic}|\p{Emoji_Modifier}|\p{Regional_Indicator})$/u;

/** An emoji (one grapheme of pictographs, modifiers and joiners), or null. */
function emojiAt(s: string): { emoji: string; rest: string } | null {
  let end = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0) as number;
    const pictographic = EMOJI_PART.test(ch);
    if (pictographic || cp === 0x200d || cp === 0xfe0f || cp === 0x20e3) end += ch.length;
    else break;
    if (end > 40) return null;
  }
  return end > 0 ? { emoji: s.slice(0, end), rest: s.slice(end) } : null;
}

function afterPrefix(s: string, prefix: string): string | null {
  if (s.length <= prefix.length || !s.startsWith(prefix)) return null;
  const next = s.charAt(prefix.length);
  return next === ' ' || next === '\u00a0' ? s.slice(prefix.length + 1).trimStart() : null;
}

/** The reaction this message is, or null. `text` is the reply as received. */
export function parseReaction(text: string): ReactionDetail | null {
  const s = text.trim();
  if (s.length < 4 || s.length > 2000) return null;
  for (const [prefix, kind, emoji] of VERBS) {
    const rest = afterPrefix(s, prefix);
    if (rest === null) continue;
    const quote = quoted(rest);
    if (quote !== null) return { kind, emoji, quote, removed: false };
    if (ATTACHMENTS.includes(rest)) return { kind, emoji, quote: null, removed: false };
    return null;
  }
  // "Reacted 👍 to “…”", "Reacted with 👍 to “…”" (iPhone's any-emoji tapbacks, Android).
  let rest = afterPrefix(s, 'Reacted');
  if (rest !== null) {
    const withWord = afterPrefix(rest, 'with');
    const e = emojiAt(withWord ?? rest);
    const to = e ? afterPrefix(e.rest.trimStart(), 'to') : null;
    const quote = to !== null ? quoted(to) : null;
    return e && quote !== null ? { kind: 'reacted', emoji: e.emoji, quote, removed: false } : null;
  }
  // "Removed a heart from “…”", "Removed 👍 from “…”".
  rest = afterPrefix(s, 'Removed');
  if (rest !== null) {
    for (const [what, kind, emoji] of REMOVED) {
      const from = afterPrefix(rest, what);
      const after = from !== null ? afterPrefix(from, 'from') : null;
      const quote = after !== null ? quoted(after) : null;
      if (quote !== null) return { kind, emoji, quote, removed: true };
    }
    const e = emojiAt(rest);
    const after = e ? afterPrefix(e.rest.trimStart(), 'from') : null;
    const quote = after !== null ? quoted(after) : null;
    return e && quote !== null ? { kind: 'reacted', emoji: e.emoji, quote, removed: true } : null;
  }
  // Android: "👍 to “…”", "❤️ “…”" (Google Messages and Samsung when reacting to an SMS).
  const e = emojiAt(s);
  if (e) {
    const r = e.rest.trimStart();
    const to = r.startsWith('to ') ? r.slice(3).trimStart() : r;
    const quote = quoted(to);
    if (quote !== null && quote.length > 0) return { kind: 'reacted', emoji: e.emoji, quote, removed: false };
  }
  return null;
}
