// The one send policy: may this SMS leave now, and if not, why. Every caller asks here — the
// send service when a message is queued, the outbox at the moment it leaves (R8) and the
// composer's preflight before the user presses Send — so the decision and its sentence are the
// same wherever they are shown. A later condition (quiet hours, group consent freshness) is added
// to decideSend() once.
//
// decideSend() is pure: it takes the facts. SendPolicy gathers those facts from the store.
import type { Store } from '../db/store.ts';
import type { ArchivedPart, SenderRow } from '../db/repos/accounts-repo.ts';
import type { ReviewItemRow } from '../db/repos/reviews-repo.ts';
import type { MessageRow } from '../db/repos/messages-repo.ts';
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
  openReview: { id: number; body: string; wrongNumber?: boolean } | null;
  /**
   * R7/R13: Twilio refuses this number from this sender (its STOP filtering acted on a reply, or a
   * send was refused with 21610), with every dealer on that line. Known locally: no gateway request.
   */
  gatewayBlock: GatewayBlock | null;
  /**
   * R11: this desk's view of the group of desks (null: no group, one desk). Not fresh means the
   * group's state was not pulled within the bound: another desk's opt-out may not be here yet.
   */
  group?: { fresh: boolean; lastPullAt: number | null; boundMs: number } | null;
  /** The dealer account, the sender or its Twilio account is archived (issue 9): nothing leaves through it. */
  archived?: ArchivedPart | null;
  timeZone?: string | undefined;
}

/** Why a send may not leave. `reason` is the one sentence; `text` is how the refusal reads. */
export interface SendRefusal {
  code: SendRefusalCode;
  /** The status the recorded attempt takes (R6); `queued`: it waits in the outbox (GROUP_STALE). */
  status: Extract<MessageStatus, 'blocked_opted_out' | 'held_review' | 'blocked_gateway' | 'queued' | 'failed'>;
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

/**
 * Something the user should know before sending: a possible opt-out awaiting review, or that this
 * desk has not heard from the group of desks lately (both refuse or hold automated sends only).
 */
export interface SendCaution {
  code: 'POSSIBLE_OPT_OUT' | 'GROUP_UNREACHABLE';
  reason: string;
  reviewId: number | null;
}

export type SendDecision =
  | { allowed: true; refusal: null; caution: SendCaution | null }
  | { allowed: false; refusal: SendRefusal; caution: SendCaution | null };

const ALLOWED: SendDecision = { allowed: true, refusal: null, caution: null };

/** How a refusal's text begins: 'Held: …' for a send held for review or waiting for the group (R11), 'Not sent: …' otherwise. */
function refusalPrefix(status: SendRefusal['status']): string {
  return status === 'held_review' || status === 'queued' ? 'Held: ' : 'Not sent: ';
}

function refused(refusal: Omit<SendRefusal, 'text'>, caution: SendCaution | null): SendDecision {
  return { allowed: false, refusal: { ...refusal, text: `${refusalPrefix(refusal.status)}${refusal.reason}` }, caution };
}

const REFUSAL_OF_STATUS = { blocked_opted_out: 'SMS_OPTED_OUT', blocked_gateway: 'GATEWAY_BLOCKED', held_review: 'HELD_FOR_REVIEW' } as const;

/**
 * The refusal recorded on an attempt (R6), as sms.send answered it: what a repeated request (the same
 * requestId) answers again. `block` is the customer's opt-out as it stands now (null once opted back in).
 */
export function recordedRefusal(row: Pick<MessageRow, 'status' | 'block_reason' | 'error_code'>, block: ConsentBlock | null): SendRefusal | null {
  if (!Object.hasOwn(REFUSAL_OF_STATUS, row.status)) return null;
  const status = row.status as keyof typeof REFUSAL_OF_STATUS;
  const prefix = refusalPrefix(status);
  const text = row.block_reason ?? `${prefix}${row.status}`;
  return {
    code: REFUSAL_OF_STATUS[status],
    status,
    reason: text.startsWith(prefix) ? text.slice(prefix.length) : text,
    text,
    block: status === 'blocked_opted_out' ? block : null,
    reviewId: null,
    gatewayErrorCode: status === 'blocked_gateway' ? row.error_code : null,
    gatewayBlock: null,
  };
}

const hhmm = (ms: number, timeZone: string | undefined): string =>
  new Date(ms).toLocaleString('en-AU', { dateStyle: 'medium', timeStyle: 'short', ...(timeZone ? { timeZone } : {}) });

/** R11: the sentence for a desk that has not pulled the group's state within the bound. */
function groupSilence(g: NonNullable<SendFacts['group']>, timeZone: string | undefined): string {
  const since = g.lastPullAt === null ? 'has not heard from the group server yet' : `has not heard from the group server since ${hhmm(g.lastPullAt, timeZone)}`;
  return `This desk ${since}: an opt-out made on another desk since then may not be here yet.`;
}

/** Why nothing leaves through an archived part, and what brings it back. */
function archivedReason(a: ArchivedPart, timeZone: string | undefined): string {
  const since = `since ${hhmm(a.at, timeZone)}`;
  if (a.what === 'dealer account') return `${a.name} is archived (${since}): restore it in Settings to text from it.`;
  if (a.what === 'sender') return `the sender ${a.name} is archived (${since}): choose another sender, or restore it in Settings.`;
  return `the Twilio account ${a.name} is archived (${since}): nothing is sent through it until it is restored in Settings.`;
}

/**
 * The decision, in order: an archived dealer account, sender or Twilio account (nothing leaves
 * through it); the dealer's consent (R5); an open possible opt-out holds automated
 * sends (a person sending by hand is told, not stopped); the group's state not pulled within its
 * bound holds automated sends until it is (R11; a person is told since when); Twilio's block on
 * this sender (R7, R13), worded with every dealer on that line and what lifts it.
 */
export function decideSend(f: SendFacts): SendDecision {
  const review: SendCaution | null = f.openReview
    ? {
        code: 'POSSIBLE_OPT_OUT',
        reviewId: f.openReview.id,
        reason: f.openReview.wrongNumber
          ? `${f.customerName}'s number replied ${quoteReply(f.openReview.body)}: the mobile may have been reassigned; it awaits staff review.`
          : `${f.customerName} replied ${quoteReply(f.openReview.body)}, which may be an opt-out; it awaits staff review.`,
      }
    : null;
  const silence = f.group && !f.group.fresh ? groupSilence(f.group, f.timeZone) : null;
  const caution: SendCaution | null = review
    ? { ...review, reason: silence ? `${review.reason} ${silence}` : review.reason }
    : silence
      ? { code: 'GROUP_UNREACHABLE', reviewId: null, reason: silence }
      : null;
  if (f.archived) {
    const reason = archivedReason(f.archived, f.timeZone);
    const archived = { code: 'ARCHIVED', status: 'failed', reason: reason[0]!.toUpperCase() + reason.slice(1), block: null, reviewId: null, gatewayErrorCode: null, gatewayBlock: null } as const;
    return refused(archived, caution);
  }
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
      caution,
    );
  }
  if (review && f.origin === 'automation') {
    const held = { code: 'HELD_FOR_REVIEW', status: 'held_review', reason: review.reason, block: null, reviewId: review.reviewId, gatewayErrorCode: null, gatewayBlock: null } as const;
    return refused(held, null);
  }
  if (silence && f.origin === 'automation') {
    const wait = { code: 'GROUP_STALE', status: 'queued', reason: `${silence} The automated message waits until it has.`, block: null, reviewId: null, gatewayErrorCode: null, gatewayBlock: null } as const;
    return refused(wait, null);
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
    /** R11: this desk's freshness in its group of desks (null outside a group). */
    private readonly groupFreshness: () => SendFacts['group'] = () => null,
  ) {
    this.gatewayBlocks = new GatewayBlocks(store);
  }

  check(c: SendCheck): SendDecision {
    return decideSend(this.facts(c).facts);
  }

  /** The customer's SMS opt-out from this account as it stands, or null (R5). */
  consentBlock(dealerAccountId: number, customerId: number): ConsentBlock | null {
    const d = this.consent.decide(dealerAccountId, customerId, 'sms');
    return d.allowed ? null : d.block;
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
      openReview: review ? { id: review.id, body: review.body, wrongNumber: review.intent === 'wrong_number' } : null,
      gatewayBlock: c.sender && c.toNumber ? this.gatewayBlocks.on(c.sender, c.toNumber) : null,
      group: this.groupFreshness(),
      archived: this.store.accounts.archivedPart(c.dealerAccountId, c.sender),
      timeZone: this.timeZone,
    };
    return { facts, review };
  }
}
