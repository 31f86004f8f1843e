// The conversations inbox: the leads with messages, newest activity first, with what the latest
// message says, whether their reply is the last word (needs reply) and how many replies are
// unread. Opening a conversation marks its replies, and their notifications, read.
import type { Clock } from '../clock.ts';
import type { Store } from '../db/store.ts';
import type { ConversationFilter, ConversationRow } from '../db/repos/conversations-repo.ts';
import { notFound } from '../app-error.ts';

export interface InboxPage {
  rows: ConversationRow[];
  /** Conversations with unread replies, in all. */
  unreadConversations: number;
  /** Notifications still unread in all (the nav badge and the Notifications heading). */
  unreadNotifications: number;
  hasReplies: boolean;
}

export class InboxService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  list(filter: ConversationFilter): InboxPage {
    const { conversations, notifications } = this.store;
    return {
      rows: conversations.list(filter),
      unreadConversations: conversations.unreadCount(),
      unreadNotifications: notifications.unreadCount(),
      hasReplies: conversations.hasReplies(),
    };
  }

  /** The user opened the lead: its replies and their notifications are read. */
  markRead(customerId: number): { unreadConversations: number; unreadNotifications: number } {
    const { store } = this;
    if (!store.customers.get(customerId)) throw notFound('The lead');
    store.transaction(() => store.conversations.markRead(customerId, this.clock()));
    return { unreadConversations: store.conversations.unreadCount(), unreadNotifications: store.notifications.unreadCount() };
  }
}
