import type { Clock } from '../clock.ts';
import type { Store } from '../db/store.ts';
import type { MessageRow } from '../db/repos/messages-repo.ts';
import type { SenderRow } from '../db/repos/accounts-repo.ts';
import type { ReviewItemRow } from '../db/repos/reviews-repo.ts';
import type { CustomerRow } from '../db/repos/customers-repo.ts';
import { isFailed, isWaiting } from '../../shared/domain/message-status.ts';
import { customerDisplayName } from '../../shared/domain/people.ts';
import { countSegments, MAX_SMS_BODY_CHARS } from '../../shared/sms-segments.ts';
import { unfilledPlaceholderError } from '../../shared/domain/templates.ts';
import { invalidInput, notFound } from '../app-error.ts';
import type { GatewayBlock } from '../../shared/domain/gateway-block.ts';
import { decideSend, preflightWarning, type SendCheck, type SendDecision, type SendOrigin, type SendPolicy, type SendRefusal } from './send-policy.ts';

export interface SendRequest {
  dealerAccountId: number;
  customerId: number;
  /** Defaults to the account's first sender that Twilio does not block for the customer (R13), else its first. */
  senderId?: number;
  body: string;
  actor: string;
  origin: SendOrigin;
  automationRunId?: number | null;
}

/** What became of a queued message handed to the gateway: its row, and the policy's refusal if it was stopped as it left (R8). */
export interface DispatchResult {
  row: MessageRow;
  refusal: SendRefusal | null;
}

/** Hands a persisted, queued message to the gateway (now, or later when offline). */
export interface Dispatcher {
  dispatch(messageId: number): Promise<DispatchResult>;
}

/**
 * The one answer to a send, whoever asked (the composer, automation, the demo seed):
 * - sent: handed to the gateway (accepted, sent or delivered);
 * - queued: in the outbox, waiting for the gateway (offline, retry later, outcome being checked);
 * - failed: the gateway refused it for good (the number cannot receive SMS, …);
 * - refused: the send policy stopped it (R5 opted out, held for review, R7 gateway block), and
 *   the attempt is recorded (R6) as `message`.
 * Invalid input (an empty body, an unknown customer) is still thrown as an AppError.
 */
export type SendResult =
  | { outcome: 'sent' | 'queued' | 'failed'; message: MessageRow; refusal: null }
  | { outcome: 'refused'; message: MessageRow; refusal: SendRefusal };


/** The SendResult of a dispatched message. */
export function sendResult({ row, refusal }: DispatchResult): SendResult {
  if (refusal) return { outcome: 'refused', message: row, refusal };
  const outcome = isWaiting(row.status) ? 'queued' : isFailed(row.status) ? 'failed' : 'sent';
  return { outcome, message: row, refusal: null };
}

/** What the composer shows before sending (sms.preflight). */
export interface SendPreflight {
  decision: SendDecision;
  /** The sender the decision is about: the one asked for, or the default (R13: one Twilio does not block). */
  senderId: number | null;
  /** The policy's sentence to show, or null. */
  warning: string | null;
  /** R13: Twilio's block on that sender for this customer, even when the dealer's own opt-out refuses first. */
  gatewayBlock: GatewayBlock | null;
  openReview: ReviewItemRow | null;
}

/**
 * The send pipeline: validate → decide consent → record the attempt → gateway → record the result.
 * Consent is enforced here, in the main process, whatever the renderer did (R5), and every
 * attempt, blocked ones included, becomes a message row (R6).
 */
export class SendService {
  constructor(
    private readonly store: Store,
    private readonly policy: SendPolicy,
    private readonly dispatcher: Dispatcher,
    private readonly clock: Clock,
  ) {}

  /** The policy's decision for a send by hand, before it is made: the same sentence a refusal carries. */
  preflight(req: { dealerAccountId: number; customerId: number; senderId?: number }): SendPreflight {
    const customer = this.store.customers.get(req.customerId);
    if (!customer) throw notFound(`Customer ${req.customerId}`);
    if (!this.store.accounts.account(req.dealerAccountId)) throw notFound(`Dealer account ${req.dealerAccountId}`);
    const sender =
      req.senderId !== undefined
        ? (this.store.accounts.sender(req.senderId) ?? null)
        : (this.policy.gatewayBlocks.defaultSender(req.dealerAccountId, customer.mobile) ?? null);
    const { facts, review } = this.policy.facts(this.#check(req.dealerAccountId, customer, sender, 'manual'));
    const decision = decideSend(facts);
    return { decision, senderId: sender?.id ?? null, warning: preflightWarning(decision), gatewayBlock: facts.gatewayBlock, openReview: review };
  }

  async send(req: SendRequest): Promise<SendResult> {
    const { customer, sender, body } = this.validate(req);
    const now = this.clock();
    const base = {
      direction: 'outbound' as const,
      origin: req.origin,
      customerId: customer.id,
      dealerAccountId: req.dealerAccountId,
      senderId: sender.id,
      toNumber: customer.mobile,
      fromNumber: sender.kind === 'number' ? sender.address : null,
      body,
      segments: countSegments(body).segments,
      createdBy: req.actor,
      automationRunId: req.automationRunId ?? null,
      createdAt: now,
    };
    const decision = this.#decide(req.dealerAccountId, customer, sender, req.origin);
    if (decision.refusal) {
      // R6: the refused attempt is recorded with the policy's sentence.
      const { refusal } = decision;
      const id = this.store.messages.insert({ ...base, status: refusal.status, blockReason: refusal.text, errorCode: refusal.gatewayErrorCode });
      return { outcome: 'refused', message: this.#row(id), refusal };
    }

    // R8: persisted before the gateway is called; the outbox asks the policy again as it leaves.
    const id = this.store.messages.insert({ ...base, status: 'queued' });
    return sendResult(await this.dispatcher.dispatch(id));
  }

  /** The send policy's decision for this customer, account and sender. */
  #decide(dealerAccountId: number, customer: CustomerRow, sender: SenderRow | null, origin: SendOrigin): SendDecision {
    return this.policy.check(this.#check(dealerAccountId, customer, sender, origin));
  }

  #check(dealerAccountId: number, customer: CustomerRow, sender: SenderRow | null, origin: SendOrigin): SendCheck {
    return { dealerAccountId, customerId: customer.id, customerName: nameOf(customer), toNumber: customer.mobile, sender, origin };
  }

  #row(id: number): MessageRow {
    const row = this.store.messages.get(id);
    if (!row) throw new Error(`message ${id} vanished`);
    return row;
  }

  private validate(req: SendRequest): {
    customer: CustomerRow & { mobile: string };
    sender: SenderRow;
    body: string;
  } {
    const body = req.body.replace(/\r\n/g, '\n').trim();
    if (!body) throw invalidInput('The message is empty.', { field: 'body' });
    if (body.length > MAX_SMS_BODY_CHARS) {
      throw invalidInput(`The message is ${body.length} characters; SMS allows at most ${MAX_SMS_BODY_CHARS}.`, { field: 'body' });
    }
    const unfilled = unfilledPlaceholderError(body);
    if (unfilled) throw invalidInput(unfilled.error, { field: 'body', placeholder: unfilled.placeholder });
    const account = this.store.accounts.account(req.dealerAccountId);
    if (!account) throw notFound(`Dealer account ${req.dealerAccountId}`);
    const customer = this.store.customers.get(req.customerId);
    if (!customer) throw notFound(`Customer ${req.customerId}`);
    if (!customer.mobile) {
      throw invalidInput(`${customer.first_name} ${customer.last_name} has no mobile number.`, { field: 'mobile' });
    }
    if (!this.store.customers.isLeadOf(customer.id, account.id)) {
      throw invalidInput(`${customer.first_name} ${customer.last_name} is not a lead of ${account.name}.`, { field: 'dealerAccountId' });
    }
    let sender: SenderRow | undefined;
    if (req.senderId !== undefined) {
      sender = this.store.accounts.sender(req.senderId);
      if (!sender) throw notFound(`Sender ${req.senderId}`);
      if (!this.store.accounts.senderUsedBy(sender.id, account.id)) {
        throw invalidInput(`${sender.label} is not a sender of ${account.name}.`, { field: 'senderId' });
      }
    } else {
      // R13: by default, a sender of the account that Twilio does not block for this customer.
      sender = this.policy.gatewayBlocks.defaultSender(account.id, customer.mobile);
      if (!sender) throw invalidInput(`${account.name} has no SMS sender configured.`, { field: 'senderId' });
    }
    return { customer: { ...customer, mobile: customer.mobile }, sender, body };
  }
}

/** The customer's name as sentences use it, or their number when they have none. */
function nameOf(c: Pick<CustomerRow, 'first_name' | 'last_name' | 'mobile'>): string {
  return customerDisplayName(c, c.mobile ?? 'the customer');
}
