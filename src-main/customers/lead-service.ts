import type { Clock } from '../clock.ts';
import type { Store } from '../db/store.ts';
import type { ConsentService } from '../consent/consent-service.ts';
import { normaliseAuMobile, PhoneNumberError } from '../../shared/phone.ts';
import { invalidInput, notFound } from '../app-error.ts';
import { customerExistsError, findExistingCustomers } from './existing-customers.ts';
import { customerDisplayName } from '../../shared/domain/people.ts';

export interface NewLead {
  dealerAccountId: number;
  firstName: string;
  lastName: string;
  mobile?: string | null;
  email?: string | null;
  /** The "Opt in to future marketing communication" tick box (R10). */
  optInToMarketing: boolean;
  source?: string;
  /** Attach to this existing customer instead of creating one (a lead for a second dealer). */
  customerId?: number;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function mobileOrError(input: string): string {
  try {
    return normaliseAuMobile(input);
  } catch (err) {
    if (err instanceof PhoneNumberError) throw invalidInput(err.message, { field: 'mobile', input });
    throw err;
  }
}

/** Loading leads and editing customer details. */
export class LeadService {
  constructor(
    private readonly store: Store,
    private readonly consent: ConsentService,
    private readonly clock: Clock,
  ) {}

  /**
   * Creates (or attaches) a lead for a dealer account; R10 applies the marketing flag. A new
   * customer whose mobile or email an existing customer has is refused (CUSTOMER_EXISTS, with the
   * matches): attach the account to that customer instead. Attaching to an account that already
   * holds the customer is refused, so its consent is never overwritten.
   */
  createLead(lead: NewLead, actor: string | null): { customerId: number } {
    const account = this.store.accounts.account(lead.dealerAccountId);
    if (!account) throw notFound(`Dealer account ${lead.dealerAccountId}`);
    const firstName = lead.firstName.trim();
    const lastName = lead.lastName.trim();
    if (!lead.customerId && !firstName && !lastName) throw invalidInput('A lead needs a first or last name.', { field: 'name' });
    const mobile = lead.mobile?.trim() ? mobileOrError(lead.mobile) : null;
    const email = lead.email?.trim() ? lead.email.trim() : null;
    if (email && !EMAIL.test(email)) throw invalidInput(`"${email}" is not an email address.`, { field: 'email', input: email });
    const now = this.clock();
    return this.store.transaction(() => {
      let customerId = lead.customerId;
      if (customerId !== undefined) {
        const customer = this.store.customers.get(customerId);
        if (!customer) throw notFound(`Customer ${customerId}`);
        if (this.store.customers.isLeadOf(customerId, lead.dealerAccountId)) {
          const name = customerDisplayName(customer, `Customer ${customerId}`);
          throw invalidInput(`${name} is already a lead of ${account.name}.`, { field: 'dealerAccountId' });
        }
      } else {
        const existing = findExistingCustomers(this.store, mobile, email);
        if (existing.length > 0) throw customerExistsError(existing);
        customerId = this.store.customers.insert({ firstName, lastName, mobile, email }, now, actor);
      }
      this.store.customers.addLead(customerId, lead.dealerAccountId, lead.source ?? 'import', now);
      this.consent.applyImportFlag(lead.dealerAccountId, customerId, lead.optInToMarketing, actor);
      return { customerId };
    });
  }

  /** R2: consent follows the customer; the old number stays in the phone history. */
  changeMobile(customerId: number, input: string | null, actor: string): { mobile: string | null } {
    const customer = this.store.customers.get(customerId);
    if (!customer) throw notFound(`Customer ${customerId}`);
    const mobile = input?.trim() ? mobileOrError(input) : null;
    if (mobile === customer.mobile) return { mobile };
    this.store.transaction(() => this.store.customers.changeMobile(customerId, mobile, this.clock(), actor));
    return { mobile };
  }

  updateDetails(customerId: number, d: { firstName: string; lastName: string; email: string | null }): void {
    if (!this.store.customers.get(customerId)) throw notFound(`Customer ${customerId}`);
    const email = d.email?.trim() || null;
    if (email && !EMAIL.test(email)) throw invalidInput(`"${email}" is not an email address.`, { field: 'email', input: email });
    if (!d.firstName.trim() && !d.lastName.trim()) throw invalidInput('A customer needs a first or last name.', { field: 'name' });
    this.store.transaction(() =>
      this.store.customers.updateDetails(customerId, d.firstName.trim(), d.lastName.trim(), email, this.clock()),
    );
  }
}
