import type { Db } from '../open-database.ts';
import type { MessageListRow } from './messages-repo.ts';
import { SUPERSEDED, type ConsentEventRow } from './consent-repo.ts';
import { newestFirst, olderThan, type TimelinePosition } from '../../../shared/domain/timeline-order.ts';

export type TimelineItem =
  | { kind: 'message'; at: number; id: number; message: MessageListRow }
  | { kind: 'consent'; at: number; id: number; event: ConsentEventRow };

/** Position in a timeline: items strictly older than (at, kind, id) come next (shared/domain/timeline-order.ts). */
export type TimelineCursor = TimelinePosition;

/** A lead's communications: messages (blocked attempts included) and consent events, newest first. */
export class TimelineRepo {
  private readonly messagesStmt;
  private readonly messagesAfterStmt;
  private readonly eventsStmt;
  private readonly eventsAfterStmt;

  constructor(db: Db) {
    const msgCols = `m.*, c.first_name || ' ' || c.last_name AS customer_name, a.name AS account_name, s.address AS sender_address`;
    const msgJoins = `LEFT JOIN customers c ON c.id = m.customer_id LEFT JOIN dealer_accounts a ON a.id = m.dealer_account_id
      LEFT JOIN senders s ON s.id = m.sender_id`;
    this.messagesStmt = db.prepare<[number, number], MessageListRow>(
      `SELECT ${msgCols} FROM messages m INDEXED BY messages_timeline ${msgJoins}
       WHERE m.customer_id = ? ORDER BY m.created_at DESC, m.id DESC LIMIT ?`,
    );
    // (at, id) <= cursor; the exact ordering against the cursor's kind is applied in code.
    this.messagesAfterStmt = db.prepare<[number, number, number, number], MessageListRow>(
      `SELECT ${msgCols} FROM messages m INDEXED BY messages_timeline ${msgJoins}
       WHERE m.customer_id = ? AND m.created_at <= ? ORDER BY m.created_at DESC, m.id DESC LIMIT ? OFFSET ?`,
    );
    this.eventsStmt = db.prepare<[number, number], ConsentEventRow>(
      `SELECT e.*, a.name AS account_name, ${SUPERSEDED} AS superseded FROM consent_events e INDEXED BY consent_events_timeline
       JOIN dealer_accounts a ON a.id = e.dealer_account_id
       WHERE e.customer_id = ? ORDER BY e.occurred_at DESC, e.id DESC LIMIT ?`,
    );
    this.eventsAfterStmt = db.prepare<[number, number, number, number], ConsentEventRow>(
      `SELECT e.*, a.name AS account_name, ${SUPERSEDED} AS superseded FROM consent_events e INDEXED BY consent_events_timeline
       JOIN dealer_accounts a ON a.id = e.dealer_account_id
       WHERE e.customer_id = ? AND e.occurred_at <= ? ORDER BY e.occurred_at DESC, e.id DESC LIMIT ? OFFSET ?`,
    );
  }

  /** One page of `limit` items after `cursor` (or from the newest), and the cursor for the next page. */
  page(customerId: number, limit: number, cursor?: TimelineCursor): { items: TimelineItem[]; next: TimelineCursor | null } {
    const messages = cursor
      ? this.fetchAfter(this.messagesAfterStmt, customerId, cursor, limit, 'message', (m) => m.created_at)
      : this.messagesStmt.all(customerId, limit + 1);
    const events = cursor
      ? this.fetchAfter(this.eventsAfterStmt, customerId, cursor, limit, 'consent', (e) => e.occurred_at)
      : this.eventsStmt.all(customerId, limit + 1);
    const items: TimelineItem[] = [
      ...messages.map((m): TimelineItem => ({ kind: 'message', at: m.created_at, id: m.id, message: m })),
      ...events.map((e): TimelineItem => ({ kind: 'consent', at: e.occurred_at, id: e.id, event: e })),
    ].sort(newestFirst);
    const pageItems = items.slice(0, limit);
    const last = pageItems[pageItems.length - 1];
    const next = items.length > limit && last ? { at: last.at, kind: last.kind, id: last.id } : null;
    return { items: pageItems, next };
  }

  private fetchAfter<R extends { id: number }>(
    stmt: { all(...p: number[]): R[] },
    customerId: number,
    cursor: TimelineCursor,
    limit: number,
    kind: 'message' | 'consent',
    at: (r: R) => number,
  ): R[] {
    // Rows at exactly cursor.at may sit on either side of the cursor: skip those not older.
    const out: R[] = [];
    let offset = 0;
    const batch = limit + 1;
    while (out.length < batch) {
      const rows = stmt.all(customerId, cursor.at, batch, offset);
      for (const r of rows) if (olderThan({ at: at(r), kind, id: r.id }, cursor)) out.push(r);
      if (rows.length < batch) break;
      offset += rows.length;
    }
    return out.slice(0, batch);
  }
}
