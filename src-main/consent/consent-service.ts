import type { Clock } from '../clock.ts';
import type { Store } from '../db/store.ts';
import type { ConsentEventRow, ConsentKey, FoldRow, NewConsentEvent } from '../db/repos/consent-repo.ts';
import type { Channel, ConsentDecision, ConsentSource, ConsentStatus } from '../../shared/domain/types.ts';
import { AppError, invalidInput, notFound } from '../app-error.ts';
import { foldConsent, supersededAt, type FoldEvent } from './consent-fold.ts';

/** A new event before the service completes it: its uid, desk and what it supersedes are filled in unless given. */
export type ConsentEventDraft = Omit<NewConsentEvent, 'uid' | 'desk' | 'supersedes'> & {
  uid?: string;
  desk?: string | null;
  /** Given for an event made elsewhere (pulled from the group); computed here for a local one. */
  supersedes?: string | null;
};

export interface ConsentChange {
  dealerAccountId: number;
  customerId: number;
  channel: Channel;
  actor: string;
  reason?: string | null;
}

/**
 * Consent per (dealer account, customer, channel) (R1). Decisions are one primary-key lookup;
 * every change appends to the audit trail with source, who, when, why and the triggering message.
 */
export class ConsentService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly newId: () => string,
  ) {}

  /**
   * Appends one event and sets the current state from the fold of the key's events (R11): the
   * one way consent changes, for a change made here or one pulled from the group. A local opt-in
   * names the latest opt-out this desk knew of at its time. Returns the event id (the existing
   * one when an event with that uid is already here).
   */
  append(draft: ConsentEventDraft): number {
    return this.store.transaction(() => {
      const key: ConsentKey = { dealerAccountId: draft.dealerAccountId, customerId: draft.customerId, channel: draft.channel };
      const uid = draft.uid ?? this.newId();
      const existing = this.store.consent.byUid(uid);
      if (existing) return existing.id;
      const supersedes =
        draft.supersedes !== undefined
          ? draft.supersedes
          : draft.status === 'opted_in'
            ? supersededAt(this.store.consent.foldEvents(key).map(asFoldEvent), draft.occurredAt)
            : null;
      const desk = draft.desk !== undefined ? draft.desk : this.store.group.deskName();
      const id = this.store.consent.append({ ...draft, uid, desk, supersedes }) as number;
      // A reply's event on a later basis supersedes the reply's other events, whatever their key.
      if (draft.reply) for (const k of this.store.consent.keysOfReply(draft.reply.sid)) this.#refoldSoon(k);
      else this.#refoldSoon(key);
      return id;
    });
  }

  /** Keys whose current state is set at the end of a batch (null: not in one). */
  #deferred: Map<string, ConsentKey> | null = null;

  /**
   * Runs `fn` (inside the caller's transaction) with the current state of each key it changes set
   * once, at its end, from the fold: a page of events pulled from the group folds each key once,
   * not once per event. The state read inside `fn` may lag its own appends.
   */
  batch<T>(fn: () => T): T {
    if (this.#deferred) return fn();
    const deferred = new Map<string, ConsentKey>();
    this.#deferred = deferred;
    try {
      const result = fn();
      this.#deferred = null;
      for (const k of deferred.values()) this.refold(k);
      return result;
    } finally {
      this.#deferred = null;
    }
  }

  #refoldSoon(key: ConsentKey): void {
    if (this.#deferred) this.#deferred.set(`${key.dealerAccountId}|${key.customerId}|${key.channel}`, key);
    else this.refold(key);
  }

  /** Sets the current state of one key from the fold of its events (after an append or a retraction). */
  refold(key: ConsentKey): void {
    const events = this.store.consent.foldEvents(key);
    const byUid = new Map(events.map((e) => [e.uid, e] as const));
    const decided = foldConsent(events.map(asFoldEvent));
    this.store.consent.setCurrent(key, decided ? (byUid.get(decided.uid) ?? null) : null);
  }

  /** Whether `channel` to this customer is allowed for this account, and if not, why (R5). */
  decide(dealerAccountId: number, customerId: number, channel: Channel): ConsentDecision {
    const row = this.store.consent.current(dealerAccountId, customerId, channel);
    if (!row || row.status === 'opted_in') return { allowed: true };
    // Only a refusal needs words: the account's name and the reply that opted the customer out.
    return {
      allowed: false,
      block: {
        dealerAccountId,
        dealerAccountName: this.store.accounts.accountName(dealerAccountId),
        channel,
        source: row.source,
        since: row.changed_at,
        actor: row.actor,
        reason: row.reason,
        keyword: row.keyword,
        messageId: row.message_id,
        messageBody: row.message_id !== null ? this.store.messages.body(row.message_id) : null,
      },
    };
  }

  /** A customer's consent audit trail, newest first; an unknown customer is NOT_FOUND. */
  history(customerId: number): ConsentEventRow[] {
    if (!this.store.customers.get(customerId)) throw notFound(`Customer ${customerId}`);
    return this.store.consent.history(customerId);
  }

  /** R9: staff may opt a customer out by hand at any time. */
  optOutManually(change: ConsentChange): number {
    this.requireParties(change);
    return this.change(change, 'opted_out', 'manual', null);
  }

  /** R9: opting back in by hand needs a reason, kept in the audit trail with who and when. */
  optInManually(change: ConsentChange): number {
    const reason = change.reason?.trim();
    if (!reason) throw invalidInput('A reason is required to opt a customer back in by hand.');
    if (!change.actor.trim()) throw invalidInput('The person opting the customer back in must be named.');
    this.requireParties(change);
    return this.change({ ...change, reason }, 'opted_in', 'manual', null);
  }

  /**
   * R3: a keyword reply applies to the account it was attributed to, and only that one. Its place
   * in the fold is the gateway's time: a START after the customer's own STOP counts, an opt-in
   * polled late never cancels a staff opt-out it did not know of (consent-fold.ts). `reply` names
   * the reply and the basis of its attribution (R4/R11), and `uid` is derived from them so every
   * desk of a group records the same event.
   */
  applyReply(
    dealerAccountId: number,
    customerId: number,
    status: ConsentStatus,
    messageId: number,
    keyword: string,
    at: number,
    reply: { uid?: string; reply?: NewConsentEvent['reply'] } = {},
  ): number {
    return this.append({
      dealerAccountId, customerId, channel: 'sms', status, source: 'inbound_keyword',
      actor: null, reason: null, keyword, messageId, occurredAt: at, ...reply,
    });
  }

  /** Staff confirmed that a reply in words was an opt-out (with why, when they said). */
  confirmPossibleOptOut(dealerAccountId: number, customerId: number, messageId: number, actor: string, reason: string | null = null): number {
    return this.append({
      dealerAccountId, customerId, channel: 'sms', status: 'opted_out', source: 'review_confirmed',
      actor, reason: reason?.trim() || null, messageId, occurredAt: this.clock(),
    });
  }

  /**
   * R4 narrowed by staff: an opt-out keyword that could not be attributed was applied to every
   * sharing account; staff say it was not meant for this one. The opt-out that reply recorded is
   * withdrawn (a staff change, with who and why, linked to the reply) unless a newer change has
   * replaced it since: then nothing changes and null is answered.
   */
  withdrawUnattributedOptOut(dealerAccountId: number, customerId: number, messageId: number, actor: string, reason: string): number | null {
    const current = this.store.consent.current(dealerAccountId, customerId, 'sms');
    if (!current || current.status !== 'opted_out' || current.message_id !== messageId) return null;
    return this.append({
      dealerAccountId, customerId, channel: 'sms', status: 'opted_in', source: 'manual',
      actor, reason, messageId, occurredAt: this.clock(),
    });
  }

  /**
   * R10: "Opt in to future marketing communication" off at import opts out of both channels; a bulk
   * import names itself and the row of its file in the audit trail.
   */
  applyImportFlag(
    dealerAccountId: number,
    customerId: number,
    optInToMarketing: boolean,
    actor: string | null,
    from: { importId: number; row: number } | null = null,
  ): void {
    if (optInToMarketing) return;
    const now = this.clock();
    for (const channel of ['sms', 'email'] as const) {
      this.append({
        dealerAccountId, customerId, channel, status: 'opted_out', source: 'import',
        actor, reason: 'Opt in to future marketing communication was off', messageId: null, occurredAt: now,
        importId: from?.importId ?? null, importRow: from?.row ?? null,
      });
    }
  }

  private change(c: ConsentChange, status: ConsentStatus, source: ConsentSource, messageId: number | null): number {
    return this.append({
      dealerAccountId: c.dealerAccountId, customerId: c.customerId, channel: c.channel, status, source,
      actor: c.actor, reason: c.reason?.trim() || null, messageId, occurredAt: this.clock(),
    });
  }

  private requireParties(c: ConsentChange): void {
    if (!this.store.accounts.account(c.dealerAccountId)) throw notFound(`Dealer account ${c.dealerAccountId}`);
    if (!this.store.customers.get(c.customerId)) throw notFound(`Customer ${c.customerId}`);
    if (c.channel !== 'sms' && c.channel !== 'email') throw new AppError('INVALID_INPUT', `Unknown channel ${String(c.channel)}`);
  }
}

const asFoldEvent = (e: FoldRow): FoldEvent => ({
  uid: e.uid,
  status: e.status,
  source: e.source,
  occurredAt: e.occurred_at,
  supersedes: e.supersedes,
  senderId: e.sender_id,
  seq: e.id,
});
