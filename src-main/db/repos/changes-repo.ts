import type { Db } from '../open-database.ts';
import type { MessageDirection, MessageStatus } from '../../../shared/domain.ts';
import type { NotificationRow } from './notifications-repo.ts';

export interface NewMessageRef {
  id: number;
  customer_id: number | null;
  direction: MessageDirection;
  status: MessageStatus;
}

/** What changed since a known point: turns background work (polls, the outbox) into renderer events. */
export class ChangesRepo {
  private readonly maxMessageStmt;
  private readonly maxNotificationStmt;
  private readonly messagesAfterStmt;
  private readonly notificationsAfterStmt;

  constructor(db: Db) {
    this.maxMessageStmt = db.prepare<[], { id: number | null }>('SELECT max(id) AS id FROM messages');
    this.maxNotificationStmt = db.prepare<[], { id: number | null }>('SELECT max(id) AS id FROM notifications');
    this.messagesAfterStmt = db.prepare<[number, number], NewMessageRef>(
      'SELECT id, customer_id, direction, status FROM messages WHERE id > ? ORDER BY id LIMIT ?',
    );
    this.notificationsAfterStmt = db.prepare<[number, number], NotificationRow>(
      'SELECT * FROM notifications WHERE id > ? ORDER BY id LIMIT ?',
    );
  }

  maxMessageId(): number {
    return this.maxMessageStmt.get()?.id ?? 0;
  }
  maxNotificationId(): number {
    return this.maxNotificationStmt.get()?.id ?? 0;
  }
  messagesAfter(id: number, limit: number): NewMessageRef[] {
    return this.messagesAfterStmt.all(id, limit);
  }
  notificationsAfter(id: number, limit: number): NotificationRow[] {
    return this.notificationsAfterStmt.all(id, limit);
  }
}
