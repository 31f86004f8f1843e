// R4: which dealer account a reply is answering. Each decision carries its rule and a reason in
// words, both stored (attributions table) so staff can see why a reply landed where it did.
//  - The receiving sender is used by one account: that account (sole_owner).
//  - Shared by several: the account whose outbound message to the customer's number through that
//    sender is the most recent before the reply (latest_outbound).
//  - Shared, and no such message (or it came from another install, account unknown): every
//    sharing account that holds the customer, flagged for review (all_sharing_accounts).
//  - Nobody has the number: stored, flagged for review (no_customer).
//  - The reply reached a number or service no account here uses: stored, flagged (unknown_sender).
import type { Store } from '../db/store.ts';
import type { DealerAccountRow, SenderRow } from '../db/repos/accounts-repo.ts';
import type { CustomerRow } from '../db/repos/customers-repo.ts';
import type { MessageRow } from '../db/repos/messages-repo.ts';
import type { AttributionRule } from '../db/repos/sync-repo.ts';

export type { AttributionRule };

export interface AttributionInput {
  /** The configured sender the reply reached, or null when it is not one of ours. */
  sender: SenderRow | null;
  /** The number (or service) the reply was sent to, as the gateway reported it. */
  toAddress: string;
  /** The customer's number, E.164. */
  fromNumber: string;
  /** When the gateway received the reply, epoch ms. */
  receivedAt: number;
}

export interface Attribution {
  rule: AttributionRule;
  customerId: number | null;
  /** The customer row found (saves the reply processing a lookup). */
  customer: CustomerRow | null;
  /** The accounts the reply applies to (consent keywords, reviews); empty when none. */
  accountIds: number[];
  reason: string;
  needsReview: boolean;
  /**
   * What the decision rests on (R4/R11): the outbound message taken to be answered (its gateway
   * SID and time), the sender having one account (the latest possible basis), or null when it was
   * applied to every sharing account. A later basis — another desk's record of a later message —
   * supersedes the decision on every desk.
   */
  basis: { sid: string; at: number } | null;
}

/** The basis of a sole-owner decision: nothing can be later. */
export const SOLE_OWNER_BASIS = { sid: 'sole-owner', at: Number.MAX_SAFE_INTEGER } as const;

/** The reads attribution needs; `cachedLookups` memoises the stable ones for one page. */
export interface AttributionLookups {
  accountsOfSender(senderId: number): DealerAccountRow[];
  /** Customers whose current mobile is `number`, or failing that who had it before (most recent first). */
  customersByNumber(number: string): CustomerRow[];
  latestOutbound(number: string, senderId: number, at: number): MessageRow | undefined;
  isLeadOf(customerId: number, accountId: number): boolean;
}

export function storeLookups(store: Store): AttributionLookups {
  return {
    accountsOfSender: (id) => store.accounts.accountsOfSender(id),
    customersByNumber: (n) => {
      const current = store.customers.byMobile(n);
      return current.length > 0 ? current : store.customers.byAnyMobile(n);
    },
    latestOutbound: (n, s, at) => store.messages.latestOutbound(n, s, at),
    isLeadOf: (c, a) => store.customers.isLeadOf(c, a),
  };
}

/**
 * Memoises accounts per sender, customers per number and lead membership: valid while nothing
 * changes them (one ingested page). Latest-outbound lookups are never cached.
 */
export function cachedLookups(inner: AttributionLookups): AttributionLookups {
  const accounts = new Map<number, DealerAccountRow[]>();
  const customers = new Map<string, CustomerRow[]>();
  const leads = new Map<string, boolean>();
  return {
    accountsOfSender(id) {
      let v = accounts.get(id);
      if (!v) accounts.set(id, (v = inner.accountsOfSender(id)));
      return v;
    },
    customersByNumber(n) {
      let v = customers.get(n);
      if (!v) customers.set(n, (v = inner.customersByNumber(n)));
      return v;
    },
    latestOutbound: (n, s, at) => inner.latestOutbound(n, s, at),
    isLeadOf(c, a) {
      const key = `${c}:${a}`;
      let v = leads.get(key);
      if (v === undefined) leads.set(key, (v = inner.isLeadOf(c, a)));
      return v;
    },
  };
}

const when = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const names = (accounts: DealerAccountRow[]): string => accounts.map((a) => a.name).join(', ');

/** Picks the customer a number belongs to; the one the conversation was with wins a tie. */
function resolveCustomer(
  candidates: CustomerRow[],
  latest: MessageRow | undefined,
  accounts: DealerAccountRow[],
  lookups: AttributionLookups,
): CustomerRow | null {
  if (candidates.length <= 1) return candidates[0] ?? null;
  const conversed = latest?.customer_id != null ? candidates.find((c) => c.id === latest.customer_id) : undefined;
  if (conversed) return conversed;
  return candidates.find((c) => accounts.some((a) => lookups.isLeadOf(c.id, a.id))) ?? candidates[0] ?? null;
}

export function attribute(input: AttributionInput, lookups: AttributionLookups): Attribution {
  const { sender, fromNumber, receivedAt } = input;
  const candidates = lookups.customersByNumber(fromNumber);

  if (!sender) {
    const customer: CustomerRow | null = candidates[0] ?? null;
    return {
      rule: 'unknown_sender',
      customerId: customer?.id ?? null,
      customer,
      accountIds: [],
      reason: `The reply from ${fromNumber} was sent to ${input.toAddress}, which is not a sender configured here.`,
      needsReview: true,
      basis: null,
    };
  }

  const accounts = lookups.accountsOfSender(sender.id);
  const latest = accounts.length > 1 ? lookups.latestOutbound(fromNumber, sender.id, receivedAt) : undefined;
  const customer = resolveCustomer(candidates, latest, accounts, lookups);

  if (accounts.length === 0) {
    return {
      rule: 'unknown_sender',
      customerId: customer?.id ?? null,
      customer,
      accountIds: [],
      reason: `${sender.label} (${sender.address}) is not used by any dealer account.`,
      needsReview: true,
      basis: null,
    };
  }

  if (!customer) {
    const owner = accounts.length === 1 ? accounts[0] : accounts.find((a) => a.id === latest?.dealer_account_id);
    return {
      rule: 'no_customer',
      customerId: null,
      customer: null,
      accountIds: owner ? [owner.id] : [],
      reason:
        `No customer has the number ${fromNumber}; the reply to ${sender.label} (${sender.address}) was kept for review` +
        (owner ? ` under ${owner.name}.` : '.'),
      needsReview: true,
      basis: null,
    };
  }

  if (accounts.length === 1) {
    const only = accounts[0] as DealerAccountRow;
    return {
      rule: 'sole_owner',
      customerId: customer.id,
      customer,
      accountIds: [only.id],
      reason: `${sender.label} (${sender.address}) is used only by ${only.name}.`,
      needsReview: false,
      basis: SOLE_OWNER_BASIS,
    };
  }

  const shared = `${sender.label} (${sender.address}) is shared by ${names(accounts)}`;
  if (latest && latest.dealer_account_id !== null) {
    const account = accounts.find((a) => a.id === latest.dealer_account_id);
    const name = account?.name ?? `account ${latest.dealer_account_id}`;
    return {
      rule: 'latest_outbound',
      customerId: customer.id,
      customer,
      accountIds: [latest.dealer_account_id],
      reason:
        `${shared}; the latest message to ${fromNumber} through it before the reply was sent for ${name} ` +
        `(message ${latest.id}, ${when(latest.created_at)}).`,
      needsReview: false,
      basis: { sid: latest.gateway_sid ?? `local-${latest.id}`, at: latest.created_at },
    };
  }

  const holding = accounts.filter((a) => lookups.isLeadOf(customer.id, a.id));
  const why = latest
    ? `the latest message to ${fromNumber} through it before the reply (${when(latest.created_at)}) was sent from another installation, for an account not known here`
    : `no message to ${fromNumber} went through it before the reply`;
  return {
    rule: 'all_sharing_accounts',
    customerId: customer.id,
    customer,
    accountIds: holding.map((a) => a.id),
    reason:
      `${shared}; ${why}. ` +
      (holding.length > 0
        ? `Applied to every sharing account holding the customer: ${names(holding)}.`
        : 'None of the sharing accounts holds the customer.'),
    needsReview: true,
    basis: null,
  };
}

/** Stores the decision: one row per account it applies to, or one row with no account. */
export function recordAttribution(store: Store, messageId: number, a: Attribution, now: number): void {
  if (a.accountIds.length === 0) store.sync.addAttribution(messageId, null, a.rule, a.reason, now);
  for (const id of a.accountIds) store.sync.addAttribution(messageId, id, a.rule, a.reason, now);
}
