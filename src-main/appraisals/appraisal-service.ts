// Trade-in appraisals: read-only records around the leads.
import type { Store } from '../db/store.ts';
import type { AppraisalRow } from '../db/repos/appraisals-repo.ts';
import { notFound } from '../app-error.ts';

export class AppraisalService {
  constructor(private readonly store: Store) {}

  /** A page of appraisals, of one dealer account or all, with how many there are in all. */
  list(limit: number, offset: number, dealerAccountId?: number): { items: AppraisalRow[]; total: number } {
    const { appraisals } = this.store;
    return { items: appraisals.list(limit, offset, dealerAccountId), total: appraisals.count(dealerAccountId) };
  }

  /** The customer's appraisals; an unknown customer is NOT_FOUND. */
  byLead(customerId: number): AppraisalRow[] {
    if (!this.store.customers.get(customerId)) throw notFound(`Customer ${customerId}`);
    return this.store.appraisals.byCustomer(customerId);
  }

  /** The appraisal, or NOT_FOUND. */
  get(appraisalId: number): AppraisalRow {
    const row = this.store.appraisals.get(appraisalId);
    if (!row) throw notFound(`Appraisal ${appraisalId}`);
    return row;
  }
}
