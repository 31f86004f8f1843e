import type { Db } from '../open-database.ts';
import type { ConsentStatus, MessageDirection, MessageStatus } from '../../../shared/domain/types.ts';
import type { NotificationRow } from './notifications-repo.ts';

export interface NewMessageRef {
  id: number;
  customer_id: number | null;
  direction: MessageDirection;
  status: MessageStatus;
}

/** One row of change_log (migration 008): a row of `tbl` changed, whoever wrote it. */
export interface ChangeRow {
  id: number;
  tbl: string;
  op: 'insert' | 'update' | 'delete';
  row_id: number | null;
  customer_id: number | null;
  dealer_account_id: number | null;
  detail: string | null;
}

/**
 * What changed since a known point, for the change feed: the change log the triggers write, the
 * rows it points at as they are now, and the cheap "did anyone write?" signals (PRAGMA
 * data_version for other connections, total_changes() for this one).
 */
export class ChangesRepo {
  private readonly maxMessageStmt;
  private readonly maxNotificationStmt;
  private readonly messagesAfterStmt;
  private readonly notificationsAfterStmt;
  private readonly lastChangeStmt;
  private readonly changesAfterStmt;
  private readonly pruneStmt;
  private readonly messageStmt;
  private readonly notificationStmt;
  private readonly consentStmt;
  private readonly dataVersionStmt;
  private readonly totalChangesStmt;

  constructor(db: Db) {
    this.maxMessageStmt = db.prepare<[], { id: number | null }>('SELECT max(id) AS id FROM messages');
    this.maxNotificationStmt = db.prepare<[], { id: number | null }>('SELECT max(id) AS id FROM notifications');
    this.messagesAfterStmt = db.prepare<[number, number], NewMessageRef>(
      'SELECT id, customer_id, direction, status FROM messages WHERE id > ? ORDER BY id LIMIT ?',
    );
    this.notificationsAfterStmt = db.prepare<[number, number], NotificationRow>(
      'SELECT * FROM notifications WHERE id > ? ORDER BY id LIMIT ?',
    );
    this.lastChangeStmt = db.prepare<[], { id: number | null }>('SELECT max(id) AS id FROM change_log');
    this.changesAfterStmt = db.prepare<[number, number], ChangeRow>(
      'SELECT id, tbl, op, row_id, customer_id, dealer_account_id, detail FROM change_log WHERE id > ? ORDER BY id LIMIT ?',
    );
    this.pruneStmt = db.prepare<[number]>('DELETE FROM change_log WHERE id <= ?');
    this.messageStmt = db.prepare<[number], NewMessageRef>('SELECT id, customer_id, direction, status FROM messages WHERE id = ?');
    this.notificationStmt = db.prepare<[number], NotificationRow>('SELECT * FROM notifications WHERE id = ?');
    this.consentStmt = db.prepare<[number, number, string], { status: ConsentStatus }>(
      'SELECT status FROM consent WHERE dealer_account_id = ? AND customer_id = ? AND channel = ?',
    );
    this.dataVersionStmt = db.prepare<[], number>('PRAGMA data_version').pluck();
    this.totalChangesStmt = db.prepare<[], number>('SELECT total_changes()').pluck();
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

  /** The newest change log id (0 for none). */
  lastChangeId(): number {
    return this.lastChangeStmt.get()?.id ?? 0;
  }
  changesAfter(id: number, limit: number): ChangeRow[] {
    return this.changesAfterStmt.all(id, limit);
  }
  /** Drops change log rows up to `id` (every reader has long read them). */
  prune(id: number): void {
    this.pruneStmt.run(id);
  }

  message(id: number): NewMessageRef | undefined {
    return this.messageStmt.get(id);
  }
  notification(id: number): NotificationRow | undefined {
    return this.notificationStmt.get(id);
  }
  consentStatus(dealerAccountId: number, customerId: number, channel: string): ConsentStatus | undefined {
    return this.consentStmt.get(dealerAccountId, customerId, channel)?.status;
  }

  /** Changes when ANOTHER connection commits to the file (a second process); not for this one's writes. */
  dataVersion(): number {
    return this.dataVersionStmt.get() as number;
  }
  /** Rows this connection has changed since it opened. */
  totalChanges(): number {
    return this.totalChangesStmt.get() as number;
  }
}
