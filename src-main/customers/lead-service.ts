import type { Clock } from '../clock.ts';
import type { Store } from '../db/store.ts';
import type { ConsentService } from '../consent/consent-service.ts';
import type { CustomerRow, LeadAccountRow, PhoneHistoryRow } from '../db/repos/customers-repo.ts';
import type { ConsentEventRow, ConsentRow } from '../db/repos/consent-repo.ts';
import type { TimelineCursor, TimelineItem } from '../db/repos/timeline-repo.ts';
import { senderRecord, type SenderRecord } from '../settings/settings-service.ts';
import { normaliseAuMobile, PhoneNumberError } from '../../shared/phone.ts';
import { invalidInput, notFound } from '../app-error.ts';
import { EMAIL_PATTERN } from '../../shared/domain/lead-fields.ts';
import { customerExistsError, findExistingCustomers } from './existing-customers.ts';
import { customerDisplayName } from '../../shared/domain/people.ts';
import { textProblem } from '../../shared/text-rules.ts';

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

/** One page of a lead search, with the accounts holding each customer found. */
export interface LeadSearchPage {
  rows: CustomerRow[];
  /** The dealer accounts holding each customer of `rows` (customer id → accounts). */
  accountsOf: Map<number, LeadAccountRow[]>;
  /** R13: per `customerId:dealerAccountId`, whether Twilio blocks the customer's number on some or all of the account's senders. */
  gatewayBlocked: Map<string, 'some' | 'all'>;
  total: number;
  totalIsEstimate: boolean;
}

/** A lead as its detail shows it: the consent state per account and channel, the senders, the histories. */
export interface LeadRecord {
  customer: CustomerRow;
  phoneHistory: PhoneHistoryRow[];
  accounts: {
    account: LeadAccountRow;
    /** The current consent; undefined when none was ever recorded. */
    sms: ConsentRow | undefined;
    email: ConsentRow | undefined;
    senders: SenderRecord[];
  }[];
  consentHistory: ConsentEventRow[];
}


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

  /** Customers matching `query` (names, numbers, email; trimmed), a page at `offset`. */
  find(query: string, limit: number, offset: number): LeadSearchPage {
    const { customers } = this.store;
    const { rows, total, totalIsEstimate } = customers.find(query.trim(), limit, offset);
    const accountsOf = new Map<number, LeadAccountRow[]>();
    for (const a of customers.leadAccounts(rows.map((r) => r.id))) {
      const list = accountsOf.get(a.customer_id) ?? [];
      list.push(a);
      accountsOf.set(a.customer_id, list);
    }
    const gatewayBlocked = new Map<string, 'some' | 'all'>();
    for (const b of this.store.gatewayBlocks.blockedSenderCounts(rows.map((r) => r.id))) {
      gatewayBlocked.set(`${b.customer_id}:${b.dealer_account_id}`, b.blocked >= b.senders ? 'all' : 'some');
    }
    return { rows, accountsOf, gatewayBlocked, total, totalIsEstimate };
  }

  /** The lead's detail, or NOT_FOUND. */
  detail(customerId: number): LeadRecord {
    const { store } = this;
    const customer = this.customer(customerId);
    const consent = store.consent.forCustomer(customerId);
    const current = (accountId: number, channel: 'sms' | 'email') =>
      consent.find((r) => r.dealer_account_id === accountId && r.channel === channel);
    return {
      customer,
      phoneHistory: store.customers.phoneHistory(customerId),
      accounts: store.customers.leadAccounts([customerId]).map((account) => ({
        account,
        sms: current(account.dealer_account_id, 'sms'),
        email: current(account.dealer_account_id, 'email'),
        senders: store.accounts.usableSendersOfAccount(account.dealer_account_id).map((s) => senderRecord(store, s)),
      })),
      consentHistory: store.consent.history(customerId),
    };
  }

  /** The numbers the customer had, with when each was valid (R2). */
  phoneHistory(customerId: number): PhoneHistoryRow[] {
    return this.store.customers.phoneHistory(customerId);
  }

  /** A page of the lead's timeline (messages and consent events, newest first), or NOT_FOUND. */
  timeline(customerId: number, limit: number, cursor?: TimelineCursor): { items: TimelineItem[]; next: TimelineCursor | null } {
    this.customer(customerId);
    return this.store.timeline.page(customerId, limit, cursor);
  }

  /**
   * Creates (or attaches) a lead for a dealer account; R10 applies the marketing flag. A new
   * customer whose mobile or email an existing customer has is refused (CUSTOMER_EXISTS, with the
   * matches): attach the account to that customer instead. Attaching to an account that already
   * holds the customer is refused, so its consent is never overwritten.
   */
  createLead(lead: NewLead, actor: string | null): { customerId: number } {
    const account = this.store.accounts.account(lead.dealerAccountId);
    if (!account) throw notFound(`Dealer account ${lead.dealerAccountId}`);
    if (account.archived_at !== null) throw invalidInput(`${account.name} is archived: restore it in Settings to add leads to it.`, { field: 'dealerAccountId' });
    checkPersonText(lead);
    const firstName = lead.firstName.trim();
    const lastName = lead.lastName.trim();
    if (!lead.customerId && !firstName && !lastName) throw invalidInput('A lead needs a first or last name.', { field: 'name' });
    const mobile = lead.mobile?.trim() ? mobileOrError(lead.mobile) : null;
    const email = lead.email?.trim() ? lead.email.trim() : null;
    if (email && !EMAIL_PATTERN.test(email)) throw invalidInput(`"${email}" is not an email address.`, { field: 'email', input: email });
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

  private customer(customerId: number): CustomerRow {
    const c = this.store.customers.get(customerId);
    if (!c) throw notFound(`Customer ${customerId}`);
    return c;
  }

  /** R2: consent follows the customer; the old number stays in the phone history. */
  changeMobile(customerId: number, input: string | null, actor: string): { mobile: string | null } {
    const customer = this.store.customers.get(customerId);
    if (!customer) throw notFound(`Customer ${customerId}`);
    const mobile = input?.trim() ? mobileOrError(input) : null;
    if (mobile === customer.mobile) return { mobile };
    this.store.transaction(() => {
      // R2: a second record with this number would split the person's opt-outs (replies find one record).
      const others = findExistingCustomers(this.store, mobile, null).filter((c) => c.customerId !== customerId);
      if (others.length > 0) throw customerExistsError(others);
      this.store.customers.changeMobile(customerId, mobile, this.clock(), actor);
    });
    return { mobile };
  }

  updateDetails(customerId: number, d: { firstName: string; lastName: string; email: string | null }): void {
    if (!this.store.customers.get(customerId)) throw notFound(`Customer ${customerId}`);
    checkPersonText(d);
    const email = d.email?.trim() || null;
    if (email && !EMAIL_PATTERN.test(email)) throw invalidInput(`"${email}" is not an email address.`, { field: 'email', input: email });
    if (!d.firstName.trim() && !d.lastName.trim()) throw invalidInput('A customer needs a first or last name.', { field: 'name' });
    this.store.transaction(() =>
      this.store.customers.updateDetails(customerId, d.firstName.trim(), d.lastName.trim(), email, this.clock()),
    );
  }
}

/** Names and email as typed: no broken characters, no invisible control characters. */
function checkPersonText(d: { firstName: string; lastName: string; email?: string | null }): void {
  const fields = [
    ['firstName', 'The first name', d.firstName],
    ['lastName', 'The last name', d.lastName],
    ['email', 'The email address', d.email ?? ''],
  ] as const;
  for (const [field, label, value] of fields) {
    const problem = textProblem(value);
    if (problem) throw invalidInput(`${label} ${problem}.`, { field });
  }
}
