// Leads and their timelines: the customers domain's public face over IPC.
import { defineHandlers } from '../ipc/handler.ts';
import type { HandlerContext } from '../ipc/context.ts';
import { consentEvent, consentState, leadIdentity, leadSummary, phoneHistoryEntry, reviewDecision, sender, timelineItem } from '../ipc/mappers.ts';
import type { LeadDetail } from '../../shared/ipc/contract.ts';

export function leadDetail(ctx: HandlerContext, customerId: number): LeadDetail {
  const lead = ctx.core.leads.detail(customerId);
  const c = lead.customer;
  // R13: Twilio's blocks of this number, shown on every account whose senders they are on.
  const { gatewayBlocks } = ctx.core.policy;
  const blocks = c.mobile ? gatewayBlocks.forRecipient(c.mobile) : [];
  return {
    ...leadIdentity(c),
    createdAt: c.created_at,
    updatedAt: c.updated_at,
    phoneHistory: lead.phoneHistory.map(phoneHistoryEntry),
    accounts: lead.accounts.map((a) => ({
      dealerAccountId: a.account.dealer_account_id,
      accountName: a.account.account_name,
      sms: consentState(a.sms),
      email: consentState(a.email),
      senders: a.senders.map(sender),
      gatewayBlocks: blocks.filter((b) => a.senders.some((s) => s.row.id === b.senderId)),
      defaultSenderId: gatewayBlocks.defaultSender(a.account.dealer_account_id, c.mobile)?.id ?? null,
    })),
    consentHistory: lead.consentHistory.map(consentEvent),
    reviewDecisions: ctx.core.reviews.decisionsFor(customerId).map(reviewDecision),
  };
}

export const leadHandlers = defineHandlers({
  'leads.list': ({ input, ctx }) => {
    const { rows, accountsOf, gatewayBlocked, total, totalIsEstimate } = ctx.core.leads.find(input.query, input.limit, input.offset);
    return {
      items: rows.map((c) => leadSummary(c, accountsOf.get(c.id) ?? [], gatewayBlocked)),
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
      phoneHistory: ctx.core.leads.phoneHistory(input.customerId).map(phoneHistoryEntry),
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
    const page = ctx.core.leads.timeline(input.customerId, input.limit, input.cursor ?? undefined);
    return { items: page.items.map(timelineItem), next: page.next };
  },
});
