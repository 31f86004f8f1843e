import { defineHandlers } from '../handler.ts';
import type { HandlerContext } from '../context.ts';
import { consentEvent, consentState, leadIdentity, leadSummary, phoneHistoryEntry, sender, timelineItem } from '../mappers.ts';
import { notFound } from '../../app-error.ts';
import type { LeadDetail } from '../../../shared/ipc/contract.ts';
import type { LeadAccountRow } from '../../db/repos/customers-repo.ts';

export function leadDetail(ctx: HandlerContext, customerId: number): LeadDetail {
  const { store } = ctx.core;
  const c = store.customers.get(customerId);
  if (!c) throw notFound(`Customer ${customerId}`);
  const consent = store.consent.forCustomer(customerId);
  const current = (accountId: number, channel: 'sms' | 'email') =>
    consentState(consent.find((r) => r.dealer_account_id === accountId && r.channel === channel));
  return {
    ...leadIdentity(c),
    createdAt: c.created_at,
    updatedAt: c.updated_at,
    phoneHistory: store.customers.phoneHistory(customerId).map(phoneHistoryEntry),
    accounts: store.customers.leadAccounts([customerId]).map((a) => ({
      dealerAccountId: a.dealer_account_id,
      accountName: a.account_name,
      sms: current(a.dealer_account_id, 'sms'),
      email: current(a.dealer_account_id, 'email'),
      senders: store.accounts.sendersOfAccount(a.dealer_account_id).map((s) => sender(store, s)),
    })),
    consentHistory: store.consent.history(customerId).map(consentEvent),
  };
}

export const leadHandlers = defineHandlers({
  'leads.list': ({ input, ctx }) => {
    const { customers } = ctx.core.store;
    const query = input.query.trim();
    const { rows, total, totalIsEstimate } = customers.find(query, input.limit, input.offset);
    const byCustomer = new Map<number, LeadAccountRow[]>();
    for (const a of customers.leadAccounts(rows.map((r) => r.id))) {
      const list = byCustomer.get(a.customer_id) ?? [];
      list.push(a);
      byCustomer.set(a.customer_id, list);
    }
    return {
      items: rows.map((c) => leadSummary(c, byCustomer.get(c.id) ?? [])),
      total,
      totalIsEstimate,
      offset: input.offset,
    };
  },

  'leads.get': ({ input, ctx }) => leadDetail(ctx, input.customerId),

  'leads.updateMobile': ({ input, ctx }) => {
    const { mobile } = ctx.core.leads.changeMobile(input.customerId, input.mobile, ctx.prefs.userName());
    return {
      mobile,
      phoneHistory: ctx.core.store.customers.phoneHistory(input.customerId).map(phoneHistoryEntry),
    };
  },

  'leads.updateDetails': ({ input, ctx }) => {
    ctx.core.leads.updateDetails(input.customerId, { firstName: input.firstName, lastName: input.lastName, email: input.email });
    return leadDetail(ctx, input.customerId);
  },

  'leads.create': ({ input, ctx }) => {
    const result = ctx.core.leads.createLead(
      {
        dealerAccountId: input.dealerAccountId,
        firstName: input.firstName,
        lastName: input.lastName,
        mobile: input.mobile ?? null,
        email: input.email ?? null,
        optInToMarketing: input.optInToMarketing,
        source: 'manual',
        ...(input.customerId !== undefined ? { customerId: input.customerId } : {}),
      },
      ctx.prefs.userName(),
    );
    return result;
  },
});

export const timelineHandlers = defineHandlers({
  'timeline.page': ({ input, ctx }) => {
    const { store } = ctx.core;
    if (!store.customers.get(input.customerId)) throw notFound(`Customer ${input.customerId}`);
    const page = store.timeline.page(input.customerId, input.limit, input.cursor ?? undefined);
    return { items: page.items.map(timelineItem), next: page.next };
  },
});
