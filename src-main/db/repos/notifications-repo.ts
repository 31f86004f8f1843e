import type { Db } from '../open-database.ts';

export type NotificationKind = 'reply' | 'possible_opt_out' | 'opt_out' | 'opt_in' | 'unattributed' | 'send_failed';

export interface NotificationRow {
  id: number;
  kind: NotificationKind;
  customer_id: number | null;
  message_id: number | null;
  title: string;
  body: string;
  created_at: number;
  read_at: number | null;
}

export class NotificationsRepo {
  private readonly insertStmt;
  private readonly recentStmt;
  private readonly unreadCountStmt;
  private readonly markReadStmt;
  private readonly markAllReadStmt;
  private readonly byIdStmt;

  constructor(db: Db) {
    this.insertStmt = db.prepare<[string, number | null, number | null, string, string, number]>(
      'INSERT INTO notifications (kind, customer_id, message_id, title, body, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.recentStmt = db.prepare<[number], NotificationRow>(
      'SELECT * FROM notifications ORDER BY created_at DESC, id DESC LIMIT ?',
    );
    this.unreadCountStmt = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM notifications WHERE read_at IS NULL');
    this.markReadStmt = db.prepare<[number, number]>('UPDATE notifications SET read_at = ? WHERE id = ? AND read_at IS NULL');
    this.markAllReadStmt = db.prepare<[number]>('UPDATE notifications SET read_at = ? WHERE read_at IS NULL');
    this.byIdStmt = db.prepare<[number], NotificationRow>('SELECT * FROM notifications WHERE id = ?');
  }

  add(n: { kind: NotificationKind; customerId: number | null; messageId: number | null; title: string; body: string }, now: number): number {
    return Number(this.insertStmt.run(n.kind, n.customerId, n.messageId, n.title, n.body, now).lastInsertRowid);
  }
  recent(limit: number): NotificationRow[] {
    return this.recentStmt.all(limit);
  }
  unreadCount(): number {
    return this.unreadCountStmt.get()!.n;
  }
  markRead(id: number, now: number): void {
    this.markReadStmt.run(now, id);
  }
  markAllRead(now: number): void {
    this.markAllReadStmt.run(now);
  }
  get(id: number): NotificationRow | undefined {
    return this.byIdStmt.get(id);
  }
}
