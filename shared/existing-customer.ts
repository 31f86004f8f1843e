// What main says when a new lead's mobile or email already belongs to a customer (CUSTOMER_EXISTS):
// the customers it matched, so the renderer can offer to add the dealer account to one of them
// instead of creating a second record for the same person (consent follows the record, R2).

export interface ExistingCustomer {
  customerId: number;
  name: string;
  /** E.164, or null. */
  mobile: string | null;
  email: string | null;
  /** Which of the typed values this customer has. */
  matchedOn: Array<'mobile' | 'email'>;
  /** The dealer accounts already holding this customer as a lead. */
  accounts: Array<{ dealerAccountId: number; accountName: string }>;
}

export interface ExistingCustomerDetails {
  existing: ExistingCustomer[];
}

function isExistingCustomer(v: unknown): v is ExistingCustomer {
  if (typeof v !== 'object' || v === null) return false;
  const c = v as Record<string, unknown>;
  return typeof c.customerId === 'number' && typeof c.name === 'string' && Array.isArray(c.matchedOn) && Array.isArray(c.accounts);
}

/** The matched customers in a CUSTOMER_EXISTS refusal's details, or [] when there are none. */
export function existingCustomersIn(details: unknown): ExistingCustomer[] {
  if (typeof details !== 'object' || details === null) return [];
  const list = (details as { existing?: unknown }).existing;
  return Array.isArray(list) ? list.filter(isExistingCustomer) : [];
}
