// How the app words a consent change, once, for every place that shows one: the lead's consent
// table and history, the timeline, the composer's warning and main's refusal (R5: "for which
// account, when, and how"). The words are the ones the consent table and timeline have always
// shown: "customer replied STOP", "staff (Sam) — moved away", "lead import — …".
import type { ConsentBlock, ConsentSource } from './types.ts';

/** Who or what changed consent, per source. */
export const CONSENT_SOURCE_WORDS: Readonly<Record<ConsentSource, string>> = {
  inbound_keyword: 'customer replied',
  manual: 'staff',
  import: 'lead import',
  review_confirmed: 'reply confirmed by staff',
};

/** What a consent change carries that says how it came about (an event, a current state, a block). */
export interface ConsentHowFacts {
  source: ConsentSource | null;
  actor?: string | null;
  reason?: string | null;
  /** The keyword of a keyword reply, from its own column ('STOP'). */
  keyword?: string | null;
}

/**
 * How a consent change came about, in words: 'customer replied STOP', 'staff (Sam) — moved away',
 * 'lead import — Opt in to future marketing communication was off', 'reply confirmed by staff (Kim)'.
 * A keyword reply is named by its keyword; any reason an older version stored beside it (the
 * sentence "Replied STOP") only repeated it.
 */
export function consentHow(e: ConsentHowFacts): string {
  if (e.source === null) return e.reason ?? '';
  if (e.source === 'inbound_keyword' && e.keyword) return `${CONSENT_SOURCE_WORDS.inbound_keyword} ${e.keyword}`;
  return `${CONSENT_SOURCE_WORDS[e.source]}${e.actor ? ` (${e.actor})` : ''}${e.reason ? ` — ${e.reason}` : ''}`;
}

/** A reply quoted inside a sentence: at most 60 characters ("…" after 57). */
export function quoteReply(body: string): string {
  return `"${body.length > 60 ? `${body.slice(0, 57)}...` : body}"`;
}

// Building an Intl.DateTimeFormat is costly; keep one per time zone.
const formatters = new Map<string, Intl.DateTimeFormat>();

/** "26 Nov 2026, 2:05 pm" in the given time zone (the user's by default). */
export function formatWhen(epochMs: number, timeZone?: string): string {
  const key = timeZone ?? '';
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('en-AU', {
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: 'numeric',
      minute: '2-digit',
      ...(timeZone ? { timeZone } : {}),
    });
    formatters.set(key, f);
  }
  return f.format(new Date(epochMs));
}

/**
 * How an opt-out came about, for a sentence: the same words as `consentHow`, with the reply quoted
 * where the words alone would not show it ('customer replied "stop pls"' for a reply stored
 * without a keyword, 'reply confirmed by staff (Kim): "not interested, remove me"').
 */
export function describeOptOutSource(block: ConsentBlock): string {
  const how = consentHow(block);
  if (block.messageBody === null) return how;
  if (block.source === 'inbound_keyword' && !block.keyword) return `${CONSENT_SOURCE_WORDS.inbound_keyword} ${quoteReply(block.messageBody)}`;
  if (block.source === 'review_confirmed') return `${how}: ${quoteReply(block.messageBody)}`;
  return how;
}

/** R5: why a send to this customer is refused, as one sentence: "Jane Citizen previously opted out of SMS from …". */
export function optedOutReason(block: ConsentBlock, customerName: string, timeZone?: string): string {
  const channel = block.channel === 'sms' ? 'SMS' : 'email';
  const how = describeOptOutSource(block);
  return (
    `${customerName} previously opted out of ${channel} from ${block.dealerAccountName} ` +
    `on ${formatWhen(block.since, timeZone)}, ${how}${/[.!?]$/.test(how) ? '' : '.'}`
  );
}

/** R5: the refusal shown when a send is refused because the customer opted out. */
export function optedOutMessage(block: ConsentBlock, customerName: string, timeZone?: string): string {
  return `Not sent: ${optedOutReason(block, customerName, timeZone)}`;
}
