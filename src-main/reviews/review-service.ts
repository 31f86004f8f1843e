// Staff review of replies (R3, R4): a request in words that may be an opt-out (automated sends
// to that customer from that account are held until it is resolved), and replies that could not
// be attributed to one account. A resolution is a consent decision: it keeps who, when and why
// (a reason is required to dismiss a possible opt-out and to narrow an unattributed opt-out), in
// the append-only review_decisions beside the consent audit trail, and it is shown on the lead.
import type { Clock } from '../clock.ts';
import type { Store } from '../db/store.ts';
import type { ReviewItemRow, ReviewKey } from '../db/repos/reviews-repo.ts';
import type { AppliedAccountRow, DecisionAccountRow, ReviewDecisionRow } from '../db/repos/review-decisions-repo.ts';
import type { ConsentService } from '../consent/consent-service.ts';
import { AppError, invalidInput, notFound } from '../app-error.ts';

export interface ReviewResolution {
  item: ReviewItemRow;
  /** The consent event recorded by a confirmed possible opt-out. */
  consentEventId: number | null;
  decisionId: number;
}

/** A decision with what it did per account (narrowing), for the lead and the resolved list. */
export interface ReviewDecisionRecord {
  decision: ReviewDecisionRow;
  accounts: DecisionAccountRow[];
}

export interface Decider {
  actor: string;
  reason?: string | null;
}

export class ReviewService {
  constructor(
    private readonly store: Store,
    private readonly consent: ConsentService,
    private readonly clock: Clock,
  ) {}

  /** Open items, newest first; with `after`, those after that item of the previous page. */
  open(limit = 100, after?: ReviewKey | null): ReviewItemRow[] {
    return this.store.reviews.open(limit, after);
  }

  /** Resolved items, most recently resolved first (`after`: the previous page's last resolved_at and id). */
  resolved(limit = 100, after?: ReviewKey | null): ReviewItemRow[] {
    return this.store.reviews.resolved(limit, after);
  }

  /** How many items wait for staff. */
  openCount(): number {
    return this.store.reviews.openCount();
  }

  get(id: number): ReviewItemRow {
    const item = this.store.reviews.get(id);
    if (!item) throw notFound(`Review item ${id}`);
    return item;
  }

  /** The decision that resolved an item (null while open), with its per-account effects. */
  decisionOf(reviewId: number): ReviewDecisionRecord | null {
    const decision = this.store.reviewDecisions.forReview(reviewId);
    return decision ? { decision, accounts: this.store.reviewDecisions.accounts(decision.id) } : null;
  }

  /** Every review decision about a customer, newest first (the lead's consent audit trail shows them). */
  decisionsFor(customerId: number): ReviewDecisionRecord[] {
    return this.store.reviewDecisions.forCustomer(customerId).map((decision) => ({
      decision,
      accounts: decision.decision === 'narrowed' ? this.store.reviewDecisions.accounts(decision.id) : [],
    }));
  }

  /**
   * The accounts an unattributed opt-out keyword was applied to (R4 all_sharing_accounts): what
   * staff can narrow it to. Empty for any other item.
   */
  appliedTo(item: ReviewItemRow): AppliedAccountRow[] {
    return item.kind === 'unattributed' ? this.store.reviewDecisions.appliedOptOuts(item.message_id) : [];
  }

  /**
   * Staff agree: a possible opt-out becomes an SMS opt-out for that account (source
   * review_confirmed, with who and the optional reason); a "wrong number" takes the number off the
   * lead; an unattributed reply's handling is kept as it was applied.
   */
  confirm(id: number, by: Decider): ReviewResolution {
    return this.#resolve(id, by, 'confirmed');
  }

  /** Staff disagree: nothing changes for consent; automated sends are no longer held. A reason is required. */
  dismiss(id: number, by: Decider): ReviewResolution {
    return this.#resolve(id, by, 'dismissed');
  }

  /**
   * Staff agree a "wrong number" reply is right: the number no longer reaches this customer, so it
   * comes off the lead (R2 keeps it in the phone history) and nobody texts a stranger. The
   * customer's consent is untouched: they never asked to stop. Nothing happens if the lead's
   * mobile was changed meanwhile.
   */
  #forgetReassignedMobile(item: ReviewItemRow, actor: string): void {
    const customer = item.customer_id !== null ? this.store.customers.get(item.customer_id) : undefined;
    if (customer && customer.mobile !== null && customer.mobile === item.from_number) {
      this.store.customers.changeMobile(customer.id, null, this.clock(), actor);
    }
  }

  /**
   * R4 narrowed: an opt-out keyword that could not be attributed, applied to every sharing account,
   * was meant for `keepAccountIds` only. The others' opt-outs from that reply are withdrawn (each
   * recorded with who and why), unless a newer change replaced one meanwhile (kept as it is).
   */
  narrow(id: number, keepAccountIds: readonly number[], by: Decider): ReviewResolution {
    const { actor, reason: given } = this.#decider(by, 'To say which dealer the reply was meant for, give a reason.');
    const reason = given ?? '';
    return this.store.transaction(() => {
      const item = this.#openItem(id);
      const applied = this.appliedTo(item);
      const accounts = new Set(applied.map((a) => a.dealer_account_id));
      if (item.kind !== 'unattributed' || accounts.size < 2) {
        throw invalidInput('Only an opt-out that was applied to several dealer accounts because the reply could not be attributed can be narrowed.', {
          reviewId: id,
        });
      }
      const keep = new Set(keepAccountIds);
      if (keep.size === 0) throw invalidInput('Choose at least one dealer account the reply was meant for.', { field: 'keepAccountIds', reviewId: id });
      for (const k of keep) {
        if (!accounts.has(k)) {
          throw invalidInput(`Dealer account ${k} was not one of the accounts this reply was applied to.`, { field: 'keepAccountIds', reviewId: id });
        }
      }
      const now = this.clock();
      const decisionId = this.store.reviewDecisions.add({
        reviewId: id, decision: 'narrowed', customerId: item.customer_id, dealerAccountId: null, messageId: item.message_id,
        actor, reason, consentEventId: null, decidedAt: now,
      });
      for (const a of applied) {
        if (keep.has(a.dealer_account_id)) {
          this.store.reviewDecisions.addAccount(decisionId, a.dealer_account_id, a.customer_id, 'kept', null);
          continue;
        }
        const eventId = this.consent.withdrawUnattributedOptOut(a.dealer_account_id, a.customer_id, item.message_id, actor, reason);
        this.store.reviewDecisions.addAccount(decisionId, a.dealer_account_id, a.customer_id, eventId === null ? 'superseded' : 'withdrawn', eventId);
      }
      this.store.reviews.resolve(id, 'confirmed', now, actor);
      return { item: this.get(id), consentEventId: null, decisionId };
    });
  }

  #decider(by: Decider, reasonRequired: string | null): { actor: string; reason: string | null } {
    const actor = by.actor.trim();
    if (!actor) throw invalidInput('The person deciding the review must be named.', { field: 'actor' });
    const reason = by.reason?.trim() || null;
    if (reasonRequired !== null && !reason) throw invalidInput(reasonRequired, { field: 'reason' });
    return { actor, reason };
  }

  #openItem(id: number): ReviewItemRow {
    const item = this.get(id);
    if (item.status !== 'open') {
      throw new AppError('INVALID_INPUT', `This review was already ${item.status} by ${item.resolved_by ?? 'someone'}.`, { reviewId: id });
    }
    return item;
  }

  #resolve(id: number, by: Decider, status: 'confirmed' | 'dismissed'): ReviewResolution {
    return this.store.transaction(() => {
      const item = this.#openItem(id);
      const needsReason =
        status === 'dismissed'
          ? item.kind === 'possible_opt_out'
            ? 'A reason is required to dismiss a possible opt-out: say why the reply is not a request to stop.'
            : 'A reason is required to dismiss a review.'
          : null;
      const { actor, reason } = this.#decider(by, needsReason);
      let consentEventId: number | null = null;
      if (status === 'confirmed' && item.kind === 'possible_opt_out' && item.customer_id !== null) {
        if (item.intent === 'wrong_number') this.#forgetReassignedMobile(item, actor);
        else if (item.dealer_account_id !== null) {
          consentEventId = this.consent.confirmPossibleOptOut(item.dealer_account_id, item.customer_id, item.message_id, actor, reason);
        }
      }
      const now = this.clock();
      const decisionId = this.store.reviewDecisions.add({
        reviewId: id, decision: status, customerId: item.customer_id, dealerAccountId: item.dealer_account_id, messageId: item.message_id,
        actor, reason, consentEventId, decidedAt: now,
      });
      this.store.reviews.resolve(id, status, now, actor);
      return { item: this.get(id), consentEventId, decisionId };
    });
  }
}
