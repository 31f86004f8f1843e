// What main says when a new lead's mobile or email already belongs to a customer (CUSTOMER_EXISTS):
// the customers it matched, so the renderer can offer to add the dealer account to one of them
// instead of creating a second record for the same person (consent follows the record, R2).

// The contract (appErrorSchema, CUSTOMER_EXISTS) validates these details in main before they leave.
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
