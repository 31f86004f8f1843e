// The boundary between the app and an SMS gateway. The Twilio adapter implements it; tests use
// the same adapter against the local Twilio-compatible simulator.

export interface OutboundSms {
  to: string;
  /** A sender phone number, or a messaging service SID (MG...). */
  sender: { kind: 'number' | 'messaging_service'; address: string };
  body: string;
}

/** What became of one send request. */
export type SendOutcome =
  | { kind: 'accepted'; sid: string; status: 'queued' | 'sent' | 'delivered' | 'undelivered' | 'failed'; at: number }
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
