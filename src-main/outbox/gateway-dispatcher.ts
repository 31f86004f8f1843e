import type { Clock } from '../clock.ts';
import type { Store } from '../db/store.ts';
import type { MessageRow } from '../db/repos/messages-repo.ts';
import type { ConsentService } from '../consent/consent-service.ts';
import type { Dispatcher } from '../messaging/send-service.ts';
import type { SendOutcome, SmsGateway } from '../gateway/sms-gateway.ts';
import { optedOutMessage } from '../../shared/consent-text.ts';
import { notFound } from '../app-error.ts';

export interface GatewayDispatcherOptions {
  timeZone?: string;
  /** Backoff before retry n (1-based), in ms, when the gateway gave no Retry-After. */
  backoffMs?: (attempt: number) => number;
}

const defaultBackoff = (attempt: number): number => Math.min(60_000, 1_000 * 2 ** (attempt - 1));

/**
 * Sends one persisted message through the gateway and records what happened. Consent is decided
 * again at the moment the message leaves (R8), so an opt-out that arrived while it was queued wins.
 */
export class GatewayDispatcher implements Dispatcher {
  constructor(
    private readonly store: Store,
    private readonly consent: ConsentService,
    private readonly gateway: SmsGateway,
    private readonly clock: Clock,
    private readonly options: GatewayDispatcherOptions = {},
  ) {}

  async dispatch(messageId: number): Promise<MessageRow> {
    const msg = this.store.messages.get(messageId);
    if (!msg) throw notFound(`Message ${messageId}`);
    if (msg.status !== 'queued') return msg;
    if (msg.dealer_account_id === null || msg.customer_id === null || msg.sender_id === null) {
      throw new Error(`message ${messageId} is not a dispatchable outbound message`);
    }
    const decision = this.consent.decide(msg.dealer_account_id, msg.customer_id, 'sms');
    if (!decision.allowed) {
      const customer = this.store.customers.get(msg.customer_id);
      const name = customer ? `${customer.first_name} ${customer.last_name}`.trim() : 'The customer';
      this.store.messages.setOutcome(
        messageId,
        { status: 'blocked_opted_out', blockReason: optedOutMessage(decision.block, name, this.options.timeZone) },
        this.clock(),
      );
      return this.store.messages.get(messageId)!;
    }
    const sender = this.store.accounts.sender(msg.sender_id);
    if (!sender) throw notFound(`Sender ${msg.sender_id}`);
    this.store.messages.setOutcome(messageId, { status: 'sending', countsAsAttempt: true }, this.clock());
    const outcome = await this.gateway.send({
      to: msg.to_number,
      sender: { kind: sender.kind, address: sender.address },
      body: msg.body,
    });
    this.record(msg, outcome);
    return this.store.messages.get(messageId)!;
  }

  /** Applies a gateway outcome to the message row. */
  record(msg: MessageRow, outcome: SendOutcome): void {
    const now = this.clock();
    const attempts = msg.attempts + 1;
    switch (outcome.kind) {
      case 'accepted':
        this.store.messages.setOutcome(msg.id, { status: outcome.status, gatewaySid: outcome.sid, sentAt: outcome.at }, now);
        return;
      case 'recipient_unsubscribed':
        this.store.transaction(() => {
          this.store.messages.setOutcome(
            msg.id,
            {
              status: 'blocked_gateway',
              errorCode: outcome.code,
              errorMessage: outcome.message,
              blockReason: `The SMS gateway refused ${msg.to_number}: unsubscribed from this sender (Twilio error ${outcome.code}).`,
            },
            now,
          );
          if (msg.sender_id !== null) this.store.gatewayBlocks.block(msg.sender_id, msg.to_number, outcome.code, msg.id, now);
        });
        return;
      case 'invalid_recipient':
      case 'rejected':
        this.store.messages.setOutcome(msg.id, { status: 'failed', errorCode: outcome.code, errorMessage: outcome.message }, now);
        return;
      case 'auth_failed':
        // Stays queued: it leaves once the credentials are fixed.
        this.store.messages.setOutcome(
          msg.id,
          { status: 'queued', errorCode: outcome.code, errorMessage: outcome.message, nextAttemptAt: now + 60_000 },
          now,
        );
        return;
      case 'retryable': {
        const wait = outcome.retryAfterMs ?? (this.options.backoffMs ?? defaultBackoff)(attempts);
        this.store.messages.setOutcome(
          msg.id,
          { status: 'queued', errorCode: outcome.code, errorMessage: outcome.message, nextAttemptAt: now + wait },
          now,
        );
        return;
      }
      case 'unknown':
        this.store.messages.setOutcome(msg.id, { status: 'unknown', errorMessage: outcome.message }, now);
        return;
    }
  }
}
