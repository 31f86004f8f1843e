// The boundary between the app and an SMS gateway. The Twilio adapter implements it; tests use
// the same adapter against the local Twilio-compatible simulator.

export interface OutboundSms {
  to: string;
  /** A sender phone number, or a messaging service SID (MG...). */
  sender: { kind: 'number' | 'messaging_service'; address: string };
  body: string;
  /**
   * Seconds the gateway may keep it queued before giving up (Twilio ValidityPeriod, 1–36,000):
   * an automated send may not arrive after its dealer's send hours close.
   */
  validityPeriodS?: number;
}

/** Where an outbound message the gateway took stands now. */
export type GatewayOutboundStatus = 'accepted' | 'sent' | 'delivered' | 'undelivered' | 'failed';

/** Twilio's status of an outbound message, as a local status. */
export function localOutboundStatus(twilioStatus: string): GatewayOutboundStatus {
  switch (twilioStatus) {
    case 'sent':
    case 'delivered':
    case 'undelivered':
    case 'failed':
      return twilioStatus;
    case 'read':
      return 'delivered';
    case 'canceled':
      return 'failed';
    default:
      return 'accepted'; // queued, accepted, scheduled, sending: with the gateway, not yet with the carrier
  }
}

/** What became of one send request. */
export type SendOutcome =
  | { kind: 'accepted'; sid: string; status: GatewayOutboundStatus; at: number }
  /** R7: the gateway refuses this recipient from this sender (Twilio 21610). Final. */
  | { kind: 'recipient_unsubscribed'; code: number; message: string }
  /** Not a number that can receive SMS (Twilio 21211, 21614). Final. */
  | { kind: 'invalid_recipient'; code: number; message: string }
  /** The gateway rejected our credentials (Twilio 20003). Retry after the user fixes them. */
  | { kind: 'auth_failed'; code: number; message: string }
  /** Any other refusal the gateway made on purpose. Final. */
  | { kind: 'rejected'; code: number | null; message: string }
  /** The request did not reach the gateway, or it answered 429/5xx before acting. Safe to retry. */
  | { kind: 'retryable'; code: number | null; message: string; retryAfterMs: number | null }
  /** The request may have left and been acted on: reconcile before any retry (R8). */
  | { kind: 'unknown'; message: string };

export interface SmsGateway {
  send(sms: OutboundSms): Promise<SendOutcome>;
}

// ---------------------------------------------------------------------------------------------
// Reading the gateway's message log: the inbound poller, outbound status updates and the
// outbox's reconciliation of attempts whose outcome is unknown (R3, R8).

/** A message as the gateway lists it (Twilio's Message resource), dates as epoch ms. */
export interface GatewayMessage {
  sid: string;
  /** 'inbound', 'outbound-api', 'outbound-reply' (the gateway's keyword auto-replies), 'outbound-call'. */
  direction: string;
  /** Null for a messaging-service send the service has not assigned a number to yet. */
  from: string | null;
  to: string;
  body: string;
  /** Twilio's status: queued, accepted, sending, sent, delivered, undelivered, failed, received, ... */
  status: string;
  messagingServiceSid: string | null;
  numSegments: number;
  errorCode: number | null;
  errorMessage: string | null;
  dateCreated: number;
  /** Null while an outbound message is still queued. */
  dateSent: number | null;
  dateUpdated: number;
}

export interface MessageListQuery {
  to?: string;
  from?: string;
  /** On or after this instant (the gateway compares whole seconds). */
  dateSentAfter?: number;
  /** At most 1000. */
  pageSize?: number;
  /** The next page's URL from a previous page; the other fields are then ignored. */
  pageUrl?: string;
}

/** One page of a listing, newest first. */
export interface MessagePage {
  messages: GatewayMessage[];
  nextPageUrl: string | null;
}

export type GatewayErrorKind =
  /** Credentials refused (Twilio 20003): surfaced to the user, retried once they are fixed. */
  | 'auth_failed'
  /** Network trouble, a timeout, 429 or 5xx: try again later (reads are idempotent). */
  | 'retryable'
  /** The gateway refused the request itself (a bad page token, a bad filter). */
  | 'rejected';

/** A read (list, fetch) that did not succeed. */
export class GatewayError extends Error {
  constructor(
    readonly kind: GatewayErrorKind,
    message: string,
    readonly code: number | null = null,
    readonly status: number | null = null,
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
    this.name = 'GatewayError';
  }
}

/** The gateway's message log. */
export interface MessageSource {
  /** The gateway account read (Twilio's Account SID), when known: names the account-wide poll stream. */
  readonly accountSid?: string;
  /** Throws GatewayError. */
  listMessages(query: MessageListQuery): Promise<MessagePage>;
  /** Null when the gateway has no such message. Throws GatewayError. */
  fetchMessage(sid: string): Promise<GatewayMessage | null>;
}

/** Sends and reads: what the poller and the outbox need. */
export interface SyncGateway extends SmsGateway, MessageSource {}
