// Staff review of replies (R3, R4): a request in words that may be an opt-out (automated sends
// to that customer from that account are held until it is resolved), and replies that could not
// be attributed to one account. Each resolution keeps who and when.
import type { Clock } from '../clock.ts';
import type { Store } from '../db/store.ts';
import type { ReviewItemRow, ReviewKey } from '../db/repos/reviews-repo.ts';
import type { ConsentService } from '../consent/consent-service.ts';
import { AppError, invalidInput, notFound } from '../app-error.ts';

export interface ReviewResolution {
  item: ReviewItemRow;
  /** The consent event recorded by a confirmed possible opt-out. */
  consentEventId: number | null;
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

  /** How many items wait for staff. */
  openCount(): number {
    return this.store.reviews.openCount();
  }

  get(id: number): ReviewItemRow {
    const item = this.store.reviews.get(id);
    if (!item) throw notFound(`Review item ${id}`);
    return item;
  }

  /**
   * Staff agree: a possible opt-out becomes an SMS opt-out for that account (source
   * review_confirmed, with who); a "wrong number" takes the number off the lead; an unattributed
   * reply's automatic handling is accepted.
   */
  confirm(id: number, actor: string): ReviewResolution {
    return this.#resolve(id, actor, 'confirmed');
  }

  /** Staff disagree: nothing changes for consent; automated sends are no longer held. */
  dismiss(id: number, actor: string): ReviewResolution {
    return this.#resolve(id, actor, 'dismissed');
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

  #resolve(id: number, actor: string, status: 'confirmed' | 'dismissed'): ReviewResolution {
    const who = actor.trim();
    if (!who) throw invalidInput('The person resolving the review must be named.', { field: 'actor' });
    return this.store.transaction(() => {
      const item = this.get(id);
      if (item.status !== 'open') {
        throw new AppError('INVALID_INPUT', `This review was already ${item.status} by ${item.resolved_by ?? 'someone'}.`, { reviewId: id });
      }
      let consentEventId: number | null = null;
      if (status === 'confirmed' && item.kind === 'possible_opt_out' && item.customer_id !== null) {
        if (item.intent === 'wrong_number') this.#forgetReassignedMobile(item, who);
        else if (item.dealer_account_id !== null) {
          consentEventId = this.consent.confirmPossibleOptOut(item.dealer_account_id, item.customer_id, item.message_id, who);
        }
      }
      this.store.reviews.resolve(id, status, this.clock(), who);
      return { item: this.get(id), consentEventId };
    });
  }
}
