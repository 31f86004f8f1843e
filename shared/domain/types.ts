// Domain vocabulary shared by both processes. Plain data only: no I/O here.
import type { ReplyReason } from './reply-reason.ts';

export const CHANNELS = ['sms', 'email'] as const;
export type Channel = (typeof CHANNELS)[number];

export const CONSENT_STATUSES = ['opted_in', 'opted_out'] as const;
export type ConsentStatus = (typeof CONSENT_STATUSES)[number];

/** How a consent change came about (R1, R3, R9, R10). */
export const CONSENT_SOURCES = [
  'inbound_keyword', // the customer texted an opt-out / opt-in keyword (R3)
  'manual', // staff changed it by hand (R9)
  'import', // lead import with "Opt in to future marketing" off (R10)
  'review_confirmed', // staff confirmed a possible opt-out raised by a reply in words
] as const;
export type ConsentSource = (typeof CONSENT_SOURCES)[number];

export const MESSAGE_DIRECTIONS = ['outbound', 'inbound'] as const;
export type MessageDirection = (typeof MESSAGE_DIRECTIONS)[number];

export const MESSAGE_STATUSES = [
  'queued', // persisted in the outbox, not yet handed to the gateway
  'sending', // request to the gateway in flight
  'unknown', // the request may have left; outcome to be reconciled before any retry (R8)
  'accepted', // the gateway took it and has not yet sent it to the carrier (Twilio: queued, accepted, sending)
  'sent',
  'delivered',
  'undelivered',
  'failed',
  'blocked_opted_out', // refused by dealer consent (R5)
  'blocked_gateway', // refused by the gateway as unsubscribed, Twilio 21610 (R7)
  'held_review', // automated send held while a possible opt-out awaits review
  'received', // inbound
] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

export const MESSAGE_ORIGINS = ['manual', 'automation', 'remote', 'inbound'] as const;
export type MessageOrigin = (typeof MESSAGE_ORIGINS)[number];

export const REPLY_INTENTS = [
  'opt_out', // the whole reply is an opt-out keyword: applied automatically (R3)
  'opt_in', // the whole reply is an opt-in keyword: applied automatically (R3)
  'help',
  'possible_opt_out', // a request to stop in other words, a disguised or misspelt keyword: for staff to confirm
  'wrong_number', // "wrong number": for staff to check, the mobile may have been reassigned
  'reaction', // a phone's tapback ("Liked “…”") quoting the dealer's own text: never a request
  'none',
] as const;
export type ReplyIntent = (typeof REPLY_INTENTS)[number];

export interface ReplyClassification {
  intent: ReplyIntent;
  /** The keyword matched, upper-case (e.g. "STOP"), or the phrase family of a request in words; else null. */
  keyword: string | null;
  /** Why: the first reason decided the intent; any further ones were also found (shared/domain/reply-reason.ts). */
  reasons: readonly ReplyReason[];
}

/** Why a send was refused by consent: shown to the user (R5). */
export interface ConsentBlock {
  dealerAccountId: number;
  dealerAccountName: string;
  channel: Channel;
  source: ConsentSource;
  /** Epoch milliseconds of the opt-out. */
  since: number;
  actor: string | null;
  reason: string | null;
  /** The keyword of a keyword reply ('STOP'); null for any other source. */
  keyword: string | null;
  messageId: number | null;
  /** The reply text that triggered it, where it came from a reply. */
  messageBody: string | null;
}

export type ConsentDecision = { allowed: true } | { allowed: false; block: ConsentBlock };
