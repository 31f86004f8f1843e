import type { Clock } from '../clock.ts';
import type { Store } from '../db/store.ts';
import type { MessageRow } from '../db/repos/messages-repo.ts';
import type { SenderRow } from '../db/repos/accounts-repo.ts';
import type { ConsentService } from '../consent/consent-service.ts';
import type { MessageOrigin } from '../../shared/domain.ts';
import { countSegments, MAX_SMS_BODY_CHARS } from '../../shared/sms-segments.ts';
import { optedOutMessage } from '../../shared/consent-text.ts';
import { unfilledPlaceholderError } from '../../shared/domain/templates.ts';
import { AppError, invalidInput, notFound } from '../app-error.ts';

export interface SendRequest {
  dealerAccountId: number;
  customerId: number;
  /** Defaults to the account's first sender. */
  senderId?: number;
  body: string;
  actor: string;
  origin: Extract<MessageOrigin, 'manual' | 'automation'>;
  automationRunId?: number | null;
}

/** Hands a persisted, queued message to the gateway (now, or later when offline). */
export interface Dispatcher {
  dispatch(messageId: number): Promise<MessageRow>;
}

export interface SendServiceOptions {
  /** Time zone for dates in user-facing messages; the system's by default. */
  timeZone?: string;
}

/**
 * The send pipeline: validate → decide consent → record the attempt → gateway → record the result.
 * Consent is enforced here, in the main process, whatever the renderer did (R5), and every
 * attempt, blocked ones included, becomes a message row (R6).
 */
export class SendService {
  constructor(
    private readonly store: Store,
    private readonly consent: ConsentService,
    private readonly dispatcher: Dispatcher,
    private readonly clock: Clock,
    private readonly options: SendServiceOptions = {},
  ) {}

  async send(req: SendRequest): Promise<MessageRow> {
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
    const customerName = `${customer.first_name} ${customer.last_name}`.trim();

    const decision = this.consent.decide(req.dealerAccountId, customer.id, 'sms');
    if (!decision.allowed) {
      const text = optedOutMessage(decision.block, customerName, this.options.timeZone);
      const id = this.store.messages.insert({ ...base, status: 'blocked_opted_out', blockReason: text });
      throw new AppError('SMS_OPTED_OUT', text, { messageId: id, block: decision.block });
    }

    if (req.origin === 'automation') {
      const hold = this.store.reviews.openPossibleOptOut(customer.id, req.dealerAccountId);
      if (hold) {
        const text = `Held: ${customerName} sent a reply that may be an opt-out; it awaits staff review.`;
        const id = this.store.messages.insert({ ...base, status: 'held_review', blockReason: text });
        throw new AppError('HELD_FOR_REVIEW', text, { messageId: id, reviewId: hold.id });
      }
    }

    const gatewayBlock = this.store.gatewayBlocks.active(sender.id, customer.mobile);
    if (gatewayBlock) {
      const text =
        `Not sent: the SMS gateway refuses ${customer.mobile} from ${sender.label} because the recipient ` +
        `unsubscribed at the gateway (Twilio error ${gatewayBlock.error_code}).`;
      const id = this.store.messages.insert({ ...base, status: 'blocked_gateway', blockReason: text, errorCode: gatewayBlock.error_code });
      throw new AppError('GATEWAY_BLOCKED', text, { messageId: id });
    }

    // R8: persisted before the gateway is called.
    const id = this.store.messages.insert({ ...base, status: 'queued' });
    return this.dispatcher.dispatch(id);
  }

  private validate(req: SendRequest): {
    customer: NonNullable<ReturnType<Store['customers']['get']>> & { mobile: string };
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
      sender = this.store.accounts.sendersOfAccount(account.id)[0];
      if (!sender) throw invalidInput(`${account.name} has no SMS sender configured.`, { field: 'senderId' });
    }
    return { customer: { ...customer, mobile: customer.mobile }, sender, body };
  }
}
