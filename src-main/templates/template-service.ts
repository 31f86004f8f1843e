// Message templates ("responses"): shared ones and those of one dealer account, and the one place
// main fills a template for a lead (the placeholders of shared/domain/templates.ts).
import type { Store } from '../db/store.ts';
import type { TemplateRow } from '../db/repos/templates-repo.ts';
import { fillTemplate, type TemplateValues } from '../../shared/domain/templates.ts';
import { notFound } from '../app-error.ts';

export type FilledTemplate = { ok: true; text: string } | { ok: false; placeholder: string; error: string };

export class TemplateService {
  constructor(private readonly store: Store) {}

  /** The templates a dealer account may use (all, without one). */
  list(dealerAccountId?: number): TemplateRow[] {
    return this.store.templates.list(dealerAccountId);
  }

  get(id: number): TemplateRow {
    const t = this.store.templates.get(id);
    if (!t) throw notFound(`Template ${id}`);
    return t;
  }

  /**
   * What fills the placeholders for a lead of an account: the customer's names, the dealer's name,
   * the lead's vehicle (else its latest appraisal's) and salesperson.
   */
  valuesFor(customerId: number, dealerAccountId: number): TemplateValues {
    const customer = this.store.customers.get(customerId);
    if (!customer) throw notFound(`Customer ${customerId}`);
    const lead = this.store.leadFields.get(customerId, dealerAccountId);
    let vehicle = lead?.vehicle ?? null;
    if (!vehicle) {
      const appraisal = this.store.appraisals.byCustomer(customerId).find((a) => a.dealer_account_id === dealerAccountId);
      if (appraisal) vehicle = [appraisal.year, appraisal.make, appraisal.model].filter((x) => x !== null && x !== '').join(' ');
    }
    return {
      firstName: customer.first_name,
      lastName: customer.last_name,
      dealerName: this.store.accounts.account(dealerAccountId)?.name ?? null,
      vehicle,
      salesperson: lead?.salesperson ?? null,
    };
  }

  /** A template text filled for a lead, or why it cannot be (an unknown or unfillable placeholder). */
  fill(text: string, customerId: number, dealerAccountId: number): FilledTemplate {
    return fillTemplate(text, this.valuesFor(customerId, dealerAccountId));
  }
}
