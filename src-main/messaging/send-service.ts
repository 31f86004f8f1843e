import type { Clock } from '../clock.ts';
import type { Store } from '../db/store.ts';
import type { MessageRow } from '../db/repos/messages-repo.ts';
import type { SenderRow } from '../db/repos/accounts-repo.ts';
import type { ReviewItemRow } from '../db/repos/reviews-repo.ts';
import type { CustomerRow } from '../db/repos/customers-repo.ts';
import { isFailed, isWaiting } from '../../shared/domain/message-status.ts';
import { customerDisplayName } from '../../shared/domain/people.ts';
import { countSegments, smsLength, MAX_SMS_BODY_CHARS } from '../../shared/sms-segments.ts';
import { textProblem } from '../../shared/text-rules.ts';
import { unfilledPlaceholderError } from '../../shared/domain/templates.ts';
import { invalidInput, notFound } from '../app-error.ts';
import type { GatewayBlock } from '../../shared/domain/gateway-block.ts';
import { decideSend, preflightWarning, recordedRefusal, type SendCheck, type SendDecision, type SendOrigin, type SendPolicy, type SendRefusal } from './send-policy.ts';

export interface SendRequest {
  dealerAccountId: number;
  customerId: number;
  /** Defaults to the account's first sender that Twilio does not block for the customer (R13), else its first. */
  senderId?: number;
  body: string;
  actor: string;
  origin: SendOrigin;
  automationRunId?: number | null;
  /**
   * The client's id for this request (the composer makes one per message). A repeat with the same
   * id answers with what became of the first and sends nothing (issue 14, finding 3).
   */
  requestId?: string | null;
  /** An automated send's deadline: the gateway may not deliver it after this (ValidityPeriod). */
  validUntil?: number | null;
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
  preflight(req: { dealerAccountId: number; customerId: number; senderId?: number; origin?: SendOrigin }): SendPreflight {
    const customer = this.store.customers.get(req.customerId);
    if (!customer) throw notFound(`Customer ${req.customerId}`);
    if (!this.store.accounts.account(req.dealerAccountId)) throw notFound(`Dealer account ${req.dealerAccountId}`);
    const sender =
      req.senderId !== undefined
        ? (this.store.accounts.sender(req.senderId) ?? null)
        : (this.defaultSender(req.dealerAccountId, customer.mobile) ?? null);
    const { facts, review } = this.policy.facts(this.#check(req.dealerAccountId, customer, sender, req.origin ?? 'manual'));
    const decision = decideSend(facts);
    return { decision, senderId: sender?.id ?? null, warning: preflightWarning(decision), gatewayBlock: facts.gatewayBlock, openReview: review };
  }

  async send(req: SendRequest): Promise<SendResult> {
    const requestId = req.requestId ?? null;
    if (requestId !== null) {
      const first = this.store.messages.byRequestId(requestId);
      if (first) return this.#repeat(first, req);
    }
    const queued = this.enqueue(req);
    if (queued.outcome === 'refused') return queued;
    return sendResult(await this.dispatcher.dispatch(queued.message.id));
  }

  /**
   * The synchronous half of send(): validates, asks the policy and records the attempt — refused
   * (R6) or queued in the outbox (R8) — without calling the gateway. Callers that must record
   * something in the same transaction (automation reserving a step, R12) use it inside theirs and
   * hand the queued message to the outbox afterwards.
   */
  enqueue(req: SendRequest): { outcome: 'queued'; message: MessageRow; refusal: null } | Extract<SendResult, { outcome: 'refused' }> {
    const requestId = req.requestId ?? null;
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
      requestId,
      createdAt: now,
      validUntil: req.validUntil ?? null,
    };
    const decision = this.#decide(req.dealerAccountId, customer, sender, req.origin);
    // A refusal that only means "wait" (GROUP_STALE) is queued: the outbox asks again as it leaves.
    if (decision.refusal && decision.refusal.status !== 'queued') {
      // R6: the refused attempt is recorded with the policy's sentence.
      const { refusal } = decision;
      const id = this.store.messages.insert({ ...base, status: refusal.status, blockReason: refusal.text, errorCode: refusal.gatewayErrorCode });
      return { outcome: 'refused', message: this.#row(id), refusal };
    }
    // R8: persisted before the gateway is called; the outbox asks the policy again as it leaves.
    const id = this.store.messages.insert({ ...base, status: 'queued' });
    return { outcome: 'queued', message: this.#row(id), refusal: null };
  }

  /**
   * The sender a send without one leaves from (what automation paces): R13, the account's first
   * sender Twilio does not block for this number, else its first.
   */
  defaultSender(dealerAccountId: number, recipient: string | null = null): SenderRow | undefined {
    return this.policy.gatewayBlocks.defaultSender(dealerAccountId, recipient);
  }

  /**
   * What became of the send request `requestId`: its result as it stands now, or null when no such
   * request reached the app (nothing was recorded, nothing sent).
   */
  resultOf(requestId: string): SendResult | null {
    const row = this.store.messages.byRequestId(requestId);
    return row ? this.#resultOfRow(row) : null;
  }

  /** A request seen before: the first one's message as it stands, if it asked for the same message. */
  #repeat(first: MessageRow, req: SendRequest): SendResult {
    const body = req.body.replace(/\r\n/g, '\n').trim();
    const same =
      first.customer_id === req.customerId &&
      first.dealer_account_id === req.dealerAccountId &&
      first.body === body &&
      (req.senderId === undefined || first.sender_id === req.senderId);
    if (!same) {
      throw invalidInput('This send request id was already used for another message; nothing was sent. Send it again as a new message.', { field: 'requestId' });
    }
    return this.#resultOfRow(first);
  }

  #resultOfRow(row: MessageRow): SendResult {
    const block =
      row.status === 'blocked_opted_out' && row.dealer_account_id !== null && row.customer_id !== null
        ? this.policy.consentBlock(row.dealer_account_id, row.customer_id)
        : null;
    const refusal = recordedRefusal(row, block);
    return sendResult({ row, refusal });
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
    const problem = textProblem(body, { multiline: true });
    if (problem) throw invalidInput(`The message ${problem}.`, { field: 'body' });
    const length = smsLength(body);
    if (length > MAX_SMS_BODY_CHARS) {
      throw invalidInput(`The message is ${length} characters; SMS allows at most ${MAX_SMS_BODY_CHARS}.`, { field: 'body' });
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
      sender = this.defaultSender(account.id, customer.mobile);
      if (!sender) throw invalidInput(`${account.name} has no SMS sender in use: set one up, or restore an archived one, in Settings.`, { field: 'senderId' });
    }
    return { customer: { ...customer, mobile: customer.mobile }, sender, body };
  }
}

/** The customer's name as sentences use it, or their number when they have none. */
function nameOf(c: Pick<CustomerRow, 'first_name' | 'last_name' | 'mobile'>): string {
  return customerDisplayName(c, c.mobile ?? 'the customer');
}
