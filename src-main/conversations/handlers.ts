// The conversations domain's IPC face: the inbox, its read state, and the composer's drafts.
import { defineHandlers } from '../ipc/handler.ts';
import { keysetPageBy, probeLimit } from '../ipc/keyset-page.ts';
import { displayName } from '../../shared/domain/people.ts';
import type { Conversation } from '../../shared/ipc/contract.ts';
import type { ConversationRow } from '../db/repos/conversations-repo.ts';

function conversation(r: ConversationRow): Conversation {
  return {
    customerId: r.customer_id,
    name: displayName(r.first_name, r.last_name),
    mobile: r.mobile,
    lastMessageId: r.last_message_id,
    lastAt: r.last_at,
    lastDirection: r.last_direction,
    preview: r.preview,
    lastStatus: r.status,
    accountName: r.account_name,
    lastSentBy: r.last_direction === 'outbound' ? r.created_by : null,
    unread: r.unread,
    needsReply: r.last_direction === 'inbound',
  };
}

export const conversationHandlers = defineHandlers({
  'inbox.list': ({ input, ctx }) => {
    const page = ctx.core.inbox.list({
      ...(input.needsReply ? { needsReply: true } : {}),
      ...(input.unread ? { unread: true } : {}),
      ...(input.dealerAccountId !== undefined ? { dealerAccountId: input.dealerAccountId } : {}),
      ...(input.mine ? { mine: ctx.prefs.userName() } : {}),
      ...(input.cursor ? { after: input.cursor } : {}),
      limit: probeLimit(input.limit),
    });
    const { items, next } = keysetPageBy(page.rows, input.limit, (r) => ({ lastAt: r.last_at, customerId: r.customer_id }));
    return {
      items: items.map(conversation),
      next,
      unreadConversations: page.unreadConversations,
      unreadNotifications: page.unreadNotifications,
      hasReplies: page.hasReplies,
    };
  },
  'inbox.markRead': ({ input, ctx }) => ctx.core.inbox.markRead(input.customerId),

  'drafts.forLead': ({ input, ctx }) => {
    const { drafts, lastSentAccountId } = ctx.core.drafts.forLead(input.customerId, ctx.prefs.userName());
    return {
      drafts: drafts.map((d) => ({ dealerAccountId: d.dealer_account_id, body: d.body, updatedAt: d.updated_at })),
      lastSentAccountId,
    };
  },
  'drafts.save': ({ input, ctx }) => ctx.core.drafts.save(input.customerId, input.dealerAccountId, input.body, ctx.prefs.userName()),
});
