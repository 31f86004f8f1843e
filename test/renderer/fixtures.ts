// Rows for view tests, shaped as main answers them, and a keyset-paged message log that answers
// sms.list and timeline.page the way main does (newest first, the cursor a position).
import type { ApiInput, ApiOutput, LeadAccount, LeadDetail, LeadSummary, Sender, SmsMessage, TimelineItem } from '../../shared/ipc/contract.ts';

export const T0 = Date.UTC(2026, 10, 20, 1, 0, 0);

export function message(id: number, over: Partial<SmsMessage> = {}): SmsMessage {
  return {
    id,
    direction: 'outbound',
    origin: 'manual',
    status: 'delivered',
    customerId: 7,
    customerName: 'Olivia Smith',
    dealerAccountId: 1,
    accountName: 'Harbour Toyota',
    senderId: 11,
    senderAddress: '+61400000011',
    toNumber: '+61412345678',
    fromNumber: '+61400000011',
    body: `Message number ${id}`,
    segments: 1,
    blockReason: null,
    errorCode: null,
    errorMessage: null,
    createdBy: 'Sam',
    desk: null,
    automationRunId: null,
    createdAt: T0 + id * 60_000,
    sentAt: T0 + id * 60_000,
    ...over,
  };
}

/** Messages newest first, paged by (createdAt, id) like main's sms.list. */
export class MessageLog {
  readonly rows: SmsMessage[] = [];
  add(m: SmsMessage): SmsMessage {
    this.rows.push(m);
    return m;
  }
  private newestFirst(): SmsMessage[] {
    return [...this.rows].sort((a, b) => b.createdAt - a.createdAt || b.id - a.id);
  }
  smsList = (input: ApiInput<'sms.list'>): ApiOutput<'sms.list'> => {
    const c = input.cursor;
    const limit = input.limit ?? 100;
    const rows = this.newestFirst().filter(
      (m) =>
        (!c || m.createdAt < c.createdAt || (m.createdAt === c.createdAt && m.id < c.id)) &&
        (input.dealerAccountId === undefined || m.dealerAccountId === input.dealerAccountId),
    );
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    return { items, next: rows.length > limit && last ? { createdAt: last.createdAt, id: last.id } : null };
  };
  timeline = (input: ApiInput<'timeline.page'>): ApiOutput<'timeline.page'> => {
    const c = input.cursor;
    const limit = input.limit ?? 50;
    const rows: TimelineItem[] = this.newestFirst()
      .filter((m) => m.customerId === input.customerId)
      .map((m) => ({ kind: 'message', at: m.createdAt, id: m.id, message: m }));
    const after = rows.filter((i) => !c || i.at < c.at || (i.at === c.at && i.id < c.id));
    const items = after.slice(0, limit);
    const last = items.at(-1);
    return { items, next: after.length > limit && last ? { at: last.at, kind: last.kind, id: last.id } : null };
  };
}

export const sender: Sender = {
  id: 11,
  gatewayAccountId: 1,
  kind: 'number',
  address: '+61400000011',
  label: 'Harbour main line',
  dealerAccountIds: [1],
  archivedAt: null,
};

const noConsent = { status: 'none', source: null, changedAt: null, actor: null, reason: null, keyword: null, messageId: null } as const;

export function leadAccount(over: Partial<LeadAccount> = {}): LeadAccount {
  return { dealerAccountId: 1, accountName: 'Harbour Toyota', sms: { ...noConsent }, email: { ...noConsent }, senders: [sender], gatewayBlocks: [], defaultSenderId: null, ...over };
}

export function leadDetail(over: Partial<LeadDetail> = {}): LeadDetail {
  return {
    customerId: 7,
    firstName: 'Olivia',
    lastName: 'Smith',
    name: 'Olivia Smith',
    mobile: '+61412345678',
    email: 'olivia@example.com',
    createdAt: T0,
    updatedAt: T0,
    phoneHistory: [],
    accounts: [leadAccount()],
    consentHistory: [],
    reviewDecisions: [],
    ...over,
  };
}

export function leadSummary(i: number, over: Partial<LeadSummary> = {}): LeadSummary {
  return {
    customerId: i + 1,
    firstName: `First${i}`,
    lastName: `Last${i}`,
    name: `First${i} Last${i}`,
    mobile: `+614${String(10_000_000 + i).padStart(8, '0')}`,
    email: null,
    accounts: [{ dealerAccountId: 1, accountName: 'Harbour Toyota', sms: 'none', email: 'none', smsGatewayBlocked: 'none' }],
    ...over,
  };
}

export const preflightClear: ApiOutput<'sms.preflight'> = {
  allowed: true,
  warning: null,
  block: null,
  openReview: null,
  gatewayBlocked: false,
  senderId: 11,
  gatewayBlock: null,
  online: true,
};
