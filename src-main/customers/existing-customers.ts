// A new lead must not become a second record of a customer we already hold: consent follows the
// customer record (R2), and replies are matched by the current mobile (R4), so two records with one
// mobile would split the person's opt-outs. A match is refused with CUSTOMER_EXISTS and the matches;
// the caller may then attach the dealer account to one of them (createLead with customerId).
import type { Store } from '../db/store.ts';
import type { CustomerRow } from '../db/repos/customers-repo.ts';
import type { ExistingCustomer, ExistingCustomerDetails } from '../../shared/existing-customer.ts';
import { formatAuNational } from '../../shared/phone.ts';
import { AppError } from '../app-error.ts';
import { customerDisplayName } from '../../shared/domain/people.ts';

/** Customers whose current mobile is `mobile` (E.164) or whose email is `email`, first created first. */
export function findExistingCustomers(store: Store, mobile: string | null, email: string | null): ExistingCustomer[] {
  const found = new Map<number, { row: CustomerRow; matchedOn: Array<'mobile' | 'email'> }>();
  const add = (rows: CustomerRow[], on: 'mobile' | 'email') => {
    for (const row of rows) {
      const entry = found.get(row.id) ?? { row, matchedOn: [] };
      entry.matchedOn.push(on);
      found.set(row.id, entry);
    }
  };
  if (mobile) add(store.customers.byMobile(mobile), 'mobile');
  if (email) add(store.customers.byEmail(email), 'email');
  const ids = [...found.keys()].sort((a, b) => a - b);
  const accounts = store.customers.leadAccounts(ids);
  return ids.map((id) => {
    const { row, matchedOn } = found.get(id)!;
    return {
      customerId: id,
      name: customerDisplayName(row),
      mobile: row.mobile,
      email: row.email,
      matchedOn,
      accounts: accounts
        .filter((a) => a.customer_id === id)
        .map((a) => ({ dealerAccountId: a.dealer_account_id, accountName: a.account_name })),
    };
  });
}

/** "A", "A and B", "A, B and C". */
function listOf(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

function describe(c: ExistingCustomer): string {
  const what = c.matchedOn.map((on) => (on === 'mobile' && c.mobile ? `the mobile ${formatAuNational(c.mobile)}` : `the email ${c.email ?? ''}`));
  const held = c.accounts.length ? `, a lead of ${listOf(c.accounts.map((a) => a.accountName))},` : '';
  return `${c.name || 'An unnamed customer'}${held} already has ${listOf(what)}`;
}

/** The refusal for a new lead that matches existing customers; the details list them. */
export function customerExistsError(existing: ExistingCustomer[]): AppError {
  const details: ExistingCustomerDetails = { existing };
  return new AppError('CUSTOMER_EXISTS', `${existing.map(describe).join('; ')}.`, details);
}
