// The one send policy: may this SMS leave now, and if not, why. Every caller asks here — the
// send service when a message is queued, the outbox at the moment it leaves (R8) and the
// composer's preflight before the user presses Send — so the decision and its sentence are the
// same wherever they are shown. A later condition (quiet hours, group consent freshness) is added
// to decideSend() once.
//
// decideSend() is pure: it takes the facts. SendPolicy gathers those facts from the store.
import type { Store } from '../db/store.ts';
import type { SenderRow } from '../db/repos/accounts-repo.ts';
import type { ReviewItemRow } from '../db/repos/reviews-repo.ts';
import type { ConsentService } from '../consent/consent-service.ts';
import type { ConsentBlock, ConsentDecision, MessageOrigin, MessageStatus } from '../../shared/domain/types.ts';
import type { SendRefusalCode } from '../../shared/errors.ts';
import { optedOutReason, quoteReply } from '../../shared/domain/consent-wording.ts';
import { gatewayBlockReason, type GatewayBlock } from '../../shared/domain/gateway-block.ts';
import { GatewayBlocks } from './gateway-blocks.ts';

export type SendOrigin = Extract<MessageOrigin, 'manual' | 'automation'>;

/** What the policy needs to know, gathered by SendPolicy (or given by a test). */
export interface SendFacts {
  origin: SendOrigin;
  /** The customer's display name (or their number when they have no name). */
  customerName: string;
  /** The customer's mobile, E.164. */
  toNumber: string | null;
  /** R5: the dealer account's consent for SMS. */
  consent: ConsentDecision;
  /** An open possible opt-out from this customer for this account, awaiting staff review. */
  openReview: { id: number; body: string } | null;
  /**
   * R7/R13: Twilio refuses this number from this sender (its STOP filtering acted on a reply, or a
   * send was refused with 21610), with every dealer on that line. Known locally: no gateway request.
   */
  gatewayBlock: GatewayBlock | null;
  timeZone?: string | undefined;
}

/** Why a send may not leave. `reason` is the one sentence; `text` is how the refusal reads. */
export interface SendRefusal {
  code: SendRefusalCode;
  /** The status the recorded attempt takes (R6). */
  status: Extract<MessageStatus, 'blocked_opted_out' | 'held_review' | 'blocked_gateway'>;
  /** The sentence, e.g. 'Jane Citizen previously opted out of SMS from Westside Kia on …'. */
  reason: string;
  /** The refusal as recorded on the message and shown after a send: 'Not sent: …' or 'Held: …'. */
  text: string;
  block: ConsentBlock | null;
  reviewId: number | null;
  gatewayErrorCode: number | null;
  /** R13: Twilio's block that refuses it (GATEWAY_BLOCKED), with every dealer it affects. */
  gatewayBlock: GatewayBlock | null;
}

/** Something the user should know before sending: a possible opt-out awaiting review (it refuses automated sends only). */
export interface SendCaution {
  code: 'POSSIBLE_OPT_OUT';
  reason: string;
  reviewId: number;
}

export type SendDecision =
  | { allowed: true; refusal: null; caution: SendCaution | null }
  | { allowed: false; refusal: SendRefusal; caution: SendCaution | null };

const ALLOWED: SendDecision = { allowed: true, refusal: null, caution: null };

function refused(refusal: Omit<SendRefusal, 'text'>, prefix: 'Not sent' | 'Held', caution: SendCaution | null): SendDecision {
  return { allowed: false, refusal: { ...refusal, text: `${prefix}: ${refusal.reason}` }, caution };
}

/**
 * The decision, in order: the dealer's consent (R5); an open possible opt-out holds automated
 * sends (a person sending by hand is told, not stopped); Twilio's block on this sender (R7, R13),
 * worded with every dealer on that line and what lifts it.
 */
export function decideSend(f: SendFacts): SendDecision {
  const caution: SendCaution | null = f.openReview
    ? {
        code: 'POSSIBLE_OPT_OUT',
        reviewId: f.openReview.id,
        reason: `${f.customerName} replied ${quoteReply(f.openReview.body)}, which may be an opt-out; it awaits staff review.`,
      }
    : null;
  if (!f.consent.allowed) {
    return refused(
      {
        code: 'SMS_OPTED_OUT',
        status: 'blocked_opted_out',
        reason: optedOutReason(f.consent.block, f.customerName, f.timeZone),
        block: f.consent.block,
        reviewId: null,
        gatewayErrorCode: null,
        gatewayBlock: null,
      },
      'Not sent',
      caution,
    );
  }
  if (caution && f.origin === 'automation') {
    const held = { code: 'HELD_FOR_REVIEW', status: 'held_review', reason: caution.reason, block: null, reviewId: caution.reviewId, gatewayErrorCode: null, gatewayBlock: null } as const;
    return refused(held, 'Held', null);
  }
  if (f.gatewayBlock) {
    return refused(
      {
        code: 'GATEWAY_BLOCKED',
        status: 'blocked_gateway',
        reason: gatewayBlockReason(f.gatewayBlock, f.customerName, f.timeZone),
        block: null,
        reviewId: null,
        gatewayErrorCode: f.gatewayBlock.errorCode,
        gatewayBlock: f.gatewayBlock,
      },
      'Not sent',
      caution,
    );
  }
  return caution ? { ...ALLOWED, caution } : ALLOWED;
}

/** What the composer says before sending: the refusal's sentence, or the caution's. */
export function preflightWarning(d: SendDecision): string | null {
  if (d.refusal) return `${d.refusal.reason} A send will be refused.`;
  return d.caution?.reason ?? null;
}

export interface SendCheck {
  dealerAccountId: number;
  customerId: number;
  customerName: string;
  toNumber: string | null;
  /** The sender it would leave from; null when the account has none. */
  sender: Pick<SenderRow, 'id' | 'label' | 'kind' | 'address'> | null;
  origin: SendOrigin;
}

/** Gathers the facts from the store and asks decideSend(). */
export class SendPolicy {
  readonly gatewayBlocks: GatewayBlocks;

  constructor(
    private readonly store: Store,
    private readonly consent: ConsentService,
    private readonly timeZone?: string,
  ) {
    this.gatewayBlocks = new GatewayBlocks(store);
  }

  check(c: SendCheck): SendDecision {
    return decideSend(this.facts(c).facts);
  }

  /**
   * R7: how a send Twilio has just refused as unsubscribed (21610) reads, once the outbox has
   * recorded the block: the policy's own GATEWAY_BLOCKED sentence, as the next send would get.
   */
  gatewayRefusal(sender: NonNullable<SendCheck['sender']>, toNumber: string, customerName: string): SendRefusal | null {
    const gatewayBlock = this.gatewayBlocks.on(sender, toNumber);
    if (!gatewayBlock) return null;
    return decideSend({ origin: 'manual', customerName, toNumber, consent: { allowed: true }, openReview: null, gatewayBlock, timeZone: this.timeZone }).refusal;
  }

  /** The facts the decision takes, and the open review item they name (the composer shows it). */
  facts(c: SendCheck): { facts: SendFacts; review: ReviewItemRow | null } {
    const hold = this.store.reviews.openPossibleOptOut(c.customerId, c.dealerAccountId);
    const review = (hold ? this.store.reviews.get(hold.id) : undefined) ?? null;
    const facts: SendFacts = {
      origin: c.origin,
      customerName: c.customerName,
      toNumber: c.toNumber,
      consent: this.consent.decide(c.dealerAccountId, c.customerId, 'sms'),
      openReview: review ? { id: review.id, body: review.body } : null,
      gatewayBlock: c.sender && c.toNumber ? this.gatewayBlocks.on(c.sender, c.toNumber) : null,
      timeZone: this.timeZone,
    };
    return { facts, review };
  }
}
