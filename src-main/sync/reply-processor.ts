// What an inbound reply does once stored and attributed (R3, R4, R7): keyword opt-out / opt-in for
// the attributed account(s) only, the gateway's own keyword effect on its sender, a review item
// for a request in words (automated sends are held meanwhile), and a notification for every reply.
import type { Store } from '../db/store.ts';
import type { SenderRow } from '../db/repos/accounts-repo.ts';
import type { NotificationKind } from '../db/repos/notifications-repo.ts';
import type { ConsentService } from '../consent/consent-service.ts';
import type { ReplyClassification } from '../../shared/domain/types.ts';
import { classifyReply } from '../../shared/classify-reply.ts';
import { gatewayKeywordEffect } from '../gateway/twilio-keywords.ts';
import { TWILIO_CODES } from '../gateway/twilio-gateway.ts';
import type { Attribution } from './attribution.ts';
import { customerDisplayName } from '../../shared/domain/people.ts';
import { replyConsentUid } from '../consent/event-ids.ts';

export interface StoredReply {
  messageId: number;
  /** The gateway's id of the reply: every desk polling it derives the same consent event ids (R11). */
  sid: string;
  body: string;
  fromNumber: string;
  sender: SenderRow | null;
  receivedAt: number;
}

export interface ReplyOutcome {
  classification: ReplyClassification;
  /** Accounts whose SMS consent the reply changed (or tried to: a newer state is kept). */
  consentAccounts: number[];
  gatewayEffect: 'blocked' | 'cleared' | null;
  reviewItems: number;
  notificationKind: NotificationKind;
}

export class ReplyProcessor {
  readonly #names = new Map<number, string>();
  readonly #customers = new Map<number, string>();

  constructor(
    private readonly store: Store,
    private readonly consent: ConsentService,
  ) {}

  /** Forgets cached names: called at the start of each ingested page. */
  resetCaches(): void {
    this.#names.clear();
    this.#customers.clear();
  }

  /** Call inside the ingestion transaction, right after the reply and its attribution are stored. */
  process(reply: StoredReply, a: Attribution, now: number): ReplyOutcome {
    const c = classifyReply(reply.body);
    const customerId = a.customerId;
    const at = reply.receivedAt;
    const consentAccounts: number[] = [];
    let reviewItems = 0;

    if (customerId !== null) {
      if (c.intent === 'opt_out' || c.intent === 'opt_in') {
        const status = c.intent === 'opt_out' ? 'opted_out' : 'opted_in';
        // Every record whose current mobile is this number is the same person (R2): a record that got
        // the number before duplicates were refused must not stay opted in. Each change is recorded.
        const holders = new Set([customerId, ...this.store.customers.byMobile(reply.fromNumber).map((r) => r.id)]);
        // R11: the attributed customer's event is the same on every desk of a group that decides on
        // the same basis; a second record holding the number (a local duplicate) gets its own.
        const basis = { sid: reply.sid, basisSid: a.basis?.sid ?? null, basisAt: a.basis?.at ?? null };
        for (const accountId of a.accountIds) {
          const code = this.store.accounts.account(accountId)?.code ?? String(accountId);
          for (const holder of holders) {
            const uid = holder === customerId ? replyConsentUid(reply.sid, code, 'sms', basis.basisSid) : undefined;
            this.consent.applyReply(accountId, holder, status, reply.messageId, c.keyword ?? reply.body.trim(), at, { ...(uid ? { uid } : {}), reply: basis });
          }
          consentAccounts.push(accountId);
        }
      } else if (c.intent === 'possible_opt_out' || c.intent === 'wrong_number') {
        // Until reviewed, automated sends from these accounts to the customer are held: a request
        // to stop, or a "wrong number" (the mobile may have been reassigned to someone else). The
        // classifier's reasons are kept with the item for staff.
        const why = { intent: c.intent, reasons: c.reasons };
        for (const accountId of a.accountIds) {
          this.store.reviews.add('possible_opt_out', reply.messageId, customerId, accountId, now, why);
          reviewItems++;
        }
      }
    }
    if (a.needsReview) {
      this.store.reviews.add('unattributed', reply.messageId, customerId, null, now);
      reviewItems++;
    }

    // R7: the gateway's own keywords act on the whole sender, whichever dealer was meant.
    let gatewayEffect: ReplyOutcome['gatewayEffect'] = null;
    const effect = reply.sender ? gatewayKeywordEffect(reply.body) : null;
    if (reply.sender && effect === 'opt_in') {
      this.store.gatewayBlocks.clear(reply.sender.id, reply.fromNumber, at);
      gatewayEffect = 'cleared';
    } else if (reply.sender && effect === 'opt_out' && reply.sender.gateway_opt_out === 1) {
      this.store.gatewayBlocks.block(reply.sender.id, reply.fromNumber, TWILIO_CODES.unsubscribedRecipient, reply.messageId, at);
      gatewayEffect = 'blocked';
    }

    const notificationKind = this.#notify(reply, a, c, consentAccounts, now);
    return { classification: c, consentAccounts, gatewayEffect, reviewItems, notificationKind };
  }

  #accountName(id: number): string {
    let name = this.#names.get(id);
    if (name === undefined) {
      name = this.store.accounts.account(id)?.name ?? `account ${id}`;
      this.#names.set(id, name);
    }
    return name;
  }

  #notify(reply: StoredReply, a: Attribution, c: ReplyClassification, consentAccounts: number[], now: number): NotificationKind {
    const who = a.customer
      ? customerDisplayName(a.customer, reply.fromNumber)
      : a.customerId !== null
        ? this.#customerName(a.customerId)
        : reply.fromNumber;
    const accounts = (ids: number[]): string => ids.map((id) => this.#accountName(id)).join(', ');
    let kind: NotificationKind;
    let title: string;
    if (c.intent === 'opt_out' && consentAccounts.length > 0) {
      kind = 'opt_out';
      title = `${who} replied ${c.keyword}: opted out of SMS from ${accounts(consentAccounts)}`;
    } else if (c.intent === 'opt_in' && consentAccounts.length > 0) {
      kind = 'opt_in';
      title = `${who} replied ${c.keyword}: opted back in to SMS from ${accounts(consentAccounts)}`;
    } else if (c.intent === 'possible_opt_out' && a.customerId !== null && a.accountIds.length > 0) {
      kind = 'possible_opt_out';
      title = `${who} may be asking to opt out (${accounts(a.accountIds)}): please review`;
    } else if (c.intent === 'wrong_number' && a.customerId !== null && a.accountIds.length > 0) {
      kind = 'possible_opt_out'; // held for review like a possible opt-out, and notified as urgently
      title = `A reply to ${who} says wrong number (${accounts(a.accountIds)}): the mobile may have been reassigned, please review`;
    } else if (a.needsReview) {
      kind = 'unattributed';
      title = `Reply from ${who} needs review: ${a.rule.replace(/_/g, ' ')}`;
    } else {
      kind = 'reply';
      const reaction = c.intent === 'reaction' ? c.reasons[0]?.reaction : null;
      title = c.intent === 'help' ? `${who} asked for ${c.keyword}` : reaction ? `${who} reacted ${reaction.emoji} to a message` : `${who} replied`;
    }
    if (a.needsReview && kind !== 'unattributed') title += ' (attribution needs review)';
    this.store.notifications.add({ kind, customerId: a.customerId, messageId: reply.messageId, title, body: reply.body }, now);
    return kind;
  }

  #customerName(id: number): string {
    let name = this.#customers.get(id);
    if (name === undefined) {
      const c = this.store.customers.get(id);
      name = c ? customerDisplayName(c, c.mobile ?? `customer ${id}`) : `customer ${id}`;
      this.#customers.set(id, name);
    }
    return name;
  }
}
