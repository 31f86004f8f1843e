import type { Db } from '../open-database.ts';
import type { MessageDirection, MessageStatus } from '../../../shared/domain/types.ts';

/** One conversation of the inbox: the customer, the latest message (its preview) and the read state. */
export interface ConversationRow {
  customer_id: number;
  first_name: string;
  last_name: string;
  mobile: string | null;
  last_message_id: number;
  last_at: number;
  last_direction: MessageDirection;
  unread: number;
  /** The latest message's first characters. */
  preview: string;
  status: MessageStatus;
  dealer_account_id: number | null;
  account_name: string | null;
  created_by: string | null;
}

export interface ConversationFilter {
  /** Their message is the latest. */
  needsReply?: boolean;
  /** Replies not read since the conversation was last opened. */
  unread?: boolean;
  /** Leads of this dealer account. */
  dealerAccountId?: number;
  /** Conversations this user has sent in. */
  mine?: string;
  /** Keyset cursor: the (last_at, customer_id) of the last row of the previous page. */
  after?: { lastAt: number; customerId: number };
  limit: number;
}

/** How many characters of the latest message the inbox shows. */
export const PREVIEW_CHARS = 160;

/** The conversations inbox (migration 13): one row per customer with messages, newest activity first. */
export class ConversationsRepo {
  private readonly listStmts = new Map<string, ReturnType<Db['prepare']>>();
  private readonly unreadCountStmt;
  private readonly hasRepliesStmt;
  private readonly markReadStmt;
  private readonly markNotificationsReadStmt;
  private readonly unreadOfStmt;

  constructor(private readonly db: Db) {
    this.unreadCountStmt = db.prepare<[], number>('SELECT count(*) FROM conversations INDEXED BY conversations_unread WHERE unread > 0').pluck();
    this.hasRepliesStmt = db.prepare<[], number>('SELECT EXISTS (SELECT 1 FROM conversations WHERE replies > 0)').pluck();
    this.markReadStmt = db.prepare<[number, number]>('UPDATE conversations SET unread = 0, read_at = ? WHERE customer_id = ? AND unread > 0');
    this.markNotificationsReadStmt = db.prepare<[number, number]>(
      'UPDATE notifications INDEXED BY notifications_unread_by_customer SET read_at = ? WHERE customer_id = ? AND read_at IS NULL',
    );
    this.unreadOfStmt = db.prepare<[number], number>('SELECT unread FROM conversations WHERE customer_id = ?').pluck();
  }

  /** A page of conversations, newest activity first; each filter reads its own partial index in order. */
  list(f: ConversationFilter): ConversationRow[] {
    const q = conversationListQuery(f);
    let stmt = this.listStmts.get(q.sql);
    if (!stmt) {
      stmt = this.db.prepare(q.sql);
      this.listStmts.set(q.sql, stmt);
    }
    return stmt.all(q.params) as ConversationRow[];
  }

  /** Conversations with replies not read yet. */
  unreadCount(): number {
    return this.unreadCountStmt.get() as number;
  }

  /** Whether any customer has ever replied (the inbox is then the landing screen). */
  hasReplies(): boolean {
    return (this.hasRepliesStmt.get() as number) === 1;
  }

  /** Unread replies of one customer's conversation (0 without one). */
  unreadOf(customerId: number): number {
    return (this.unreadOfStmt.get(customerId) as number | undefined) ?? 0;
  }

  /** The conversation was opened: its replies and their notifications are read. */
  markRead(customerId: number, now: number): void {
    this.markReadStmt.run(now, customerId);
    this.markNotificationsReadStmt.run(now, customerId);
  }
}

/** The inbox's SQL for a filter (one statement per combination of filters, each on its own index). */
export function conversationListQuery(f: ConversationFilter): { sql: string; params: Record<string, unknown> } {
  const clauses: string[] = [];
  const params: Record<string, unknown> = { limit: f.limit };
  let index = 'conversations_recent';
  if (f.unread) {
    clauses.push('c.unread > 0');
    index = 'conversations_unread';
  }
  if (f.needsReply) {
    clauses.push("c.last_direction = 'inbound'");
    if (!f.unread) index = 'conversations_needs_reply';
  }
  if (f.dealerAccountId !== undefined) {
    clauses.push('EXISTS (SELECT 1 FROM leads l WHERE l.customer_id = c.customer_id AND l.dealer_account_id = @account)');
    params.account = f.dealerAccountId;
  }
  if (f.mine !== undefined) {
    clauses.push('EXISTS (SELECT 1 FROM messages mm INDEXED BY messages_by_author WHERE mm.created_by = @user AND mm.customer_id = c.customer_id)');
    params.user = f.mine;
  }
  if (f.after) {
    clauses.push('(c.last_at < @afterAt OR (c.last_at = @afterAt AND c.customer_id < @afterId))');
    params.afterAt = f.after.lastAt;
    params.afterId = f.after.customerId;
  }
  const sql = `SELECT c.customer_id, cu.first_name, cu.last_name, cu.mobile, c.last_message_id, c.last_at, c.last_direction, c.unread,
         substr(m.body, 1, ${PREVIEW_CHARS}) AS preview, m.status, m.dealer_account_id, a.name AS account_name, m.created_by
       FROM conversations c INDEXED BY ${index}
       JOIN customers cu ON cu.id = c.customer_id
       JOIN messages m ON m.id = c.last_message_id
       LEFT JOIN dealer_accounts a ON a.id = m.dealer_account_id
       ${clauses.length ? `WHERE ${clauses.join(' AND ')}` : ''}
       ORDER BY c.last_at DESC, c.customer_id DESC LIMIT @limit`;
  return { sql, params };
}
