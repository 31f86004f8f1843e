// Database rows -> contract shapes. Only what the contract names crosses the boundary (the output
// schemas strip anything else as well).
import type { Store } from '../db/store.ts';
import type { MessageListRow, MessageRow } from '../db/repos/messages-repo.ts';
import type { ConsentEventRow, ConsentRow } from '../db/repos/consent-repo.ts';
import type { ReviewItemRow } from '../db/repos/reviews-repo.ts';
import type { AppliedAccountRow } from '../db/repos/review-decisions-repo.ts';
import type { ReviewDecisionRecord } from '../reviews/review-service.ts';
import type { NotificationRow } from '../db/repos/notifications-repo.ts';
import type { AppraisalRow } from '../db/repos/appraisals-repo.ts';
import type { SenderRecord } from '../settings/settings-service.ts';
import type { DealerAccountRow } from '../db/repos/accounts-repo.ts';
import type { TimelineItem as TimelineRowItem } from '../db/repos/timeline-repo.ts';
import type { CustomerRow, LeadAccountRow, PhoneHistoryRow } from '../db/repos/customers-repo.ts';
import type {
  Appraisal,
  DealerAccount,
  LeadIdentity,
  PhoneHistoryEntry,
  ConsentEvent,
  ConsentState,
  LeadSummary,
  Notification,
  ReviewItem,
  ReviewDecision,
  Sender,
  SmsMessage,
  TimelineItem,
} from '../../shared/ipc/contract.ts';
import { customerDisplayName } from '../../shared/domain/people.ts';
import { replyReasonSchema } from '../../shared/ipc/contract.ts';

/** A customer's name as the app shows it (shared/domain/people.ts); kept under this name for its callers. */
export function fullName(c: { first_name: string; last_name: string }): string {
  return customerDisplayName(c);
}

export function smsMessage(m: MessageListRow): SmsMessage {
  return {
    id: m.id,
    direction: m.direction,
    origin: m.origin,
    status: m.status,
    customerId: m.customer_id,
    customerName: m.customer_name?.trim() || null,
    dealerAccountId: m.dealer_account_id,
    accountName: m.account_name,
    senderId: m.sender_id,
    senderAddress: m.sender_address,
    toNumber: m.to_number,
    fromNumber: m.from_number,
    body: m.body,
    segments: m.segments,
    blockReason: m.block_reason,
    errorCode: m.error_code,
    errorMessage: m.error_message,
    createdBy: m.created_by,
    desk: m.desk,
    automationRunId: m.automation_run_id,
    createdAt: m.created_at,
    sentAt: m.sent_at,
  };
}

/** A bare message row with the names the lists show, looked up. */
export function messageWithNames(store: Store, m: MessageRow): SmsMessage {
  const customer = m.customer_id !== null ? store.customers.get(m.customer_id) : undefined;
  const account = m.dealer_account_id !== null ? store.accounts.account(m.dealer_account_id) : undefined;
  const sender = m.sender_id !== null ? store.accounts.sender(m.sender_id) : undefined;
  return smsMessage({
    ...m,
    customer_name: customer ? fullName(customer) : null,
    account_name: account?.name ?? null,
    sender_address: sender?.address ?? null,
  });
}

export function consentEvent(e: ConsentEventRow): ConsentEvent {
  return {
    id: e.id,
    dealerAccountId: e.dealer_account_id,
    accountName: e.account_name,
    customerId: e.customer_id,
    channel: e.channel,
    status: e.status,
    source: e.source,
    actor: e.actor,
    reason: e.reason,
    keyword: e.keyword,
    messageId: e.message_id,
    occurredAt: e.occurred_at,
    desk: e.desk ?? null,
    superseded: e.superseded === 1,
    importId: e.import_id ?? null,
    importRow: e.import_row ?? null,
  };
}

export function consentState(row: ConsentRow | undefined): ConsentState {
  if (!row) return { status: 'none', source: null, changedAt: null, actor: null, reason: null, keyword: null, messageId: null };
  return { status: row.status, source: row.source, changedAt: row.changed_at, actor: row.actor, reason: row.reason, keyword: row.keyword, messageId: row.message_id };
}

export function timelineItem(i: TimelineRowItem): TimelineItem {
  return i.kind === 'message'
    ? { kind: 'message', at: i.at, id: i.id, message: smsMessage(i.message) }
    : { kind: 'consent', at: i.at, id: i.id, event: consentEvent(i.event) };
}

/** Who a lead is: the fields the list and the detail share. */
export function leadIdentity(c: CustomerRow): LeadIdentity {
  return { customerId: c.id, firstName: c.first_name, lastName: c.last_name, name: fullName(c), mobile: c.mobile, email: c.email };
}

export function phoneHistoryEntry(p: PhoneHistoryRow): PhoneHistoryEntry {
  return { number: p.number, validFrom: p.valid_from, validTo: p.valid_to, changedBy: p.changed_by };
}

export function leadSummary(c: CustomerRow, accounts: LeadAccountRow[], gatewayBlocked: ReadonlyMap<string, 'some' | 'all'> = new Map()): LeadSummary {
  return {
    ...leadIdentity(c),
    accounts: accounts.map((a) => ({
      dealerAccountId: a.dealer_account_id,
      accountName: a.account_name,
      sms: a.sms_status ?? 'none',
      email: a.email_status ?? 'none',
      smsGatewayBlocked: gatewayBlocked.get(`${c.id}:${a.dealer_account_id}`) ?? 'none',
    })),
  };
}

export function sender({ row: s, dealerAccountIds }: SenderRecord): Sender {
  return {
    id: s.id,
    gatewayAccountId: s.gateway_account_id,
    kind: s.kind,
    address: s.address,
    label: s.label,
    dealerAccountIds,
    archivedAt: s.archived_at,
  };
}

/** A dealer account as the renderer sees it. */
export function dealerAccount(a: DealerAccountRow): DealerAccount {
  return { id: a.id, code: a.code, name: a.name, archivedAt: a.archived_at };
}

/** The stored reasons (JSON written by the reply processor); null if absent or unreadable. */
function storedReasons(json: string | null): ReviewItem['reasons'] {
  if (json === null) return null;
  try {
    const parsed = replyReasonSchema.array().safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function reviewDecision({ decision: d, accounts }: ReviewDecisionRecord): ReviewDecision {
  return {
    id: d.id,
    reviewId: d.review_id,
    kind: d.kind,
    decision: d.decision,
    actor: d.actor,
    reason: d.reason,
    decidedAt: d.decided_at,
    messageId: d.message_id,
    body: d.body,
    customerId: d.customer_id,
    dealerAccountId: d.dealer_account_id,
    accountName: d.account_name,
    consentEventId: d.consent_event_id,
    accounts: accounts.map((a) => ({
      dealerAccountId: a.dealer_account_id,
      accountName: a.account_name,
      customerId: a.customer_id,
      effect: a.effect,
      consentEventId: a.consent_event_id,
    })),
  };
}

/** A review item with what staff may narrow it to and, once resolved, its decision. */
export function reviewItem(
  r: ReviewItemRow,
  extra: { appliedTo?: readonly AppliedAccountRow[]; decision?: ReviewDecisionRecord | null } = {},
): ReviewItem {
  const seen = new Set<number>();
  const appliedTo = (extra.appliedTo ?? []).filter((a) => !seen.has(a.dealer_account_id) && seen.add(a.dealer_account_id));
  return {
    appliedTo: appliedTo.map((a) => ({ dealerAccountId: a.dealer_account_id, accountName: a.account_name })),
    decision: extra.decision ? reviewDecision(extra.decision) : null,
    id: r.id,
    kind: r.kind,
    intent: r.intent,
    reasons: storedReasons(r.reasons),
    status: r.status,
    messageId: r.message_id,
    body: r.body,
    fromNumber: r.from_number,
    receivedAt: r.received_at,
    customerId: r.customer_id,
    customerName: r.customer_name?.trim() || null,
    dealerAccountId: r.dealer_account_id,
    accountName: r.account_name,
    createdAt: r.created_at,
    resolvedAt: r.resolved_at,
    resolvedBy: r.resolved_by,
  };
}

export function notification(n: NotificationRow): Notification {
  return {
    id: n.id,
    kind: n.kind,
    customerId: n.customer_id,
    messageId: n.message_id,
    title: n.title,
    body: n.body,
    createdAt: n.created_at,
    readAt: n.read_at,
  };
}

export function appraisal(a: AppraisalRow): Appraisal {
  return {
    id: a.id,
    customerId: a.customer_id,
    customerName: a.customer_name.trim(),
    dealerAccountId: a.dealer_account_id,
    accountName: a.account_name,
    year: a.year,
    make: a.make,
    model: a.model,
    variant: a.variant,
    registration: a.registration,
    odometerKm: a.odometer_km,
    status: a.status,
    offerAud: a.offer_aud,
    notes: a.notes,
    createdAt: a.created_at,
    updatedAt: a.updated_at,
  };
}
