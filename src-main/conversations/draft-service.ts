// The composer's drafts: what was typed to a lead for one dealer account, kept in the store until
// it is sent (a send that leaves or is queued clears it), so nothing typed is lost by leaving the
// lead, a reload or a restart. Also what the composer opens on: the account this user last texted
// the lead from.
import type { Clock } from '../clock.ts';
import type { Store } from '../db/store.ts';
import type { DraftRow } from '../db/repos/drafts-repo.ts';
import { invalidInput, notFound } from '../app-error.ts';

export interface LeadDrafts {
  drafts: DraftRow[];
  /** The dealer account `user` last texted this lead from by hand, or null. */
  lastSentAccountId: number | null;
}

export class DraftService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  forLead(customerId: number, user: string): LeadDrafts {
    if (!this.store.customers.get(customerId)) throw notFound('The lead');
    return { drafts: this.store.drafts.forCustomer(customerId), lastSentAccountId: this.store.drafts.lastSentAccount(customerId, user) };
  }

  /** Keeps `body` as the draft to this lead from this account; an empty (or blank) body removes it. */
  save(customerId: number, dealerAccountId: number, body: string, user: string): { savedAt: number } {
    if (!this.store.customers.get(customerId)) throw notFound('The lead');
    if (!this.store.customers.isLeadOf(customerId, dealerAccountId)) {
      throw invalidInput('This customer is not a lead of that dealer account.', { field: 'dealerAccountId' });
    }
    const at = this.clock();
    if (body.trim() === '') this.store.drafts.delete(customerId, dealerAccountId);
    else this.store.drafts.save(customerId, dealerAccountId, body, at, user);
    return { savedAt: at };
  }

  /** The message went (sent or queued): its draft is done with. */
  sent(customerId: number, dealerAccountId: number): void {
    this.store.drafts.delete(customerId, dealerAccountId);
  }
}
