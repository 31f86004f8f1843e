import type { ConsentBlock, ConsentSource } from './domain.ts';

const HOW: Record<ConsentSource, string> = {
  inbound_keyword: 'by replying',
  manual: 'recorded by staff',
  import: 'at lead import ("Opt in to future marketing communication" was unticked)',
  review_confirmed: 'by a reply confirmed as an opt-out by staff',
};

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

/** A reply quoted in a sentence: at most 60 characters, cut with "..." beyond. */
export function quoteReply(body: string): string {
  return body.length > 60 ? `${body.slice(0, 57)}...` : body;
}

/** How the opt-out came about, in words: 'by replying "STOP"', 'recorded by staff (Sam): moved away'. */
export function describeOptOutSource(block: ConsentBlock): string {
  let how = HOW[block.source];
  if ((block.source === 'inbound_keyword' || block.source === 'review_confirmed') && block.messageBody !== null) {
    const quoted = quoteReply(block.messageBody);
    how = block.source === 'inbound_keyword' ? `by replying "${quoted}"` : `by replying "${quoted}" (confirmed by staff)`;
  }
  if (block.actor && block.source !== 'inbound_keyword') how += ` (${block.actor})`;
  // A keyword reply's stored reason ("Replied STOP") only repeats the quoted reply.
  const quotedReply = block.source === 'inbound_keyword' && block.messageBody !== null;
  if (block.reason && !quotedReply) how += `: ${block.reason}`;
  return how;
}

/** R5: why a send to this customer is refused, as one sentence: "Jane Citizen previously opted out of SMS from …". */
export function optedOutReason(block: ConsentBlock, customerName: string, timeZone?: string): string {
  const channel = block.channel === 'sms' ? 'SMS' : 'email';
  return (
    `${customerName} previously opted out of ${channel} from ${block.dealerAccountName} ` +
    `on ${formatWhen(block.since, timeZone)}, ${describeOptOutSource(block)}.`
  );
}

/** R5: the refusal shown when a send is refused because the customer opted out. */
export function optedOutMessage(block: ConsentBlock, customerName: string, timeZone?: string): string {
  return `Not sent: ${optedOutReason(block, customerName, timeZone)}`;
}
