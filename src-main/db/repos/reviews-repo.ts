import type { Db } from '../open-database.ts';
import type { ReplyReason } from '../../../shared/domain/reply-reason.ts';

export type ReviewKind = 'possible_opt_out' | 'unattributed';
export type ReviewStatus = 'open' | 'confirmed' | 'dismissed';
export type ReviewIntent = 'possible_opt_out' | 'wrong_number';

/** Why the reply was put up for review, as the classifier said (migration 9). */
export interface ReviewWhy {
  intent: ReviewIntent;
  reasons: readonly ReplyReason[];
}

export interface ReviewItemRow {
  id: number;
  kind: ReviewKind;
  message_id: number;
  customer_id: number | null;
  dealer_account_id: number | null;
  status: ReviewStatus;
  created_at: number;
  resolved_at: number | null;
  resolved_by: string | null;
  /** The reply's intent (possible_opt_out, wrong_number); null for an unattributed reply or an older item. */
  intent: ReviewIntent | null;
  /** The classifier's reasons as JSON (ReplyReason[]); null for an older item. */
  reasons: string | null;
  body: string;
  /** The number the reply came from, as the gateway reported it. */
  from_number: string | null;
  /** When the reply reached the gateway. */
  received_at: number;
  customer_name: string | null;
  account_name: string | null;
}

/**
 * Keyset position: the sort key and id of the last item of the previous page (created_at in the
 * open queue, resolved_at in the resolved list).
 */
export interface ReviewKey {
  createdAt: number;
  id: number;
}

/** Items waiting for staff: replies in words that may be opt-outs, and unattributed replies. */
export class ReviewsRepo {
  private readonly insertStmt;
  private readonly byIdStmt;
  private readonly openStmt;
  private readonly openAfterStmt;
  private readonly openCountStmt;
  private readonly resolveStmt;
  private readonly openHoldStmt;
  private readonly resolvedStmt;
  private readonly resolvedAfterStmt;

  constructor(db: Db) {
    this.insertStmt = db.prepare<[string, number, number | null, number | null, number, string | null, string | null]>(
      `INSERT OR IGNORE INTO review_items (kind, message_id, customer_id, dealer_account_id, created_at, intent, reasons)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    const cols = `r.*, m.body, m.from_number, m.created_at AS received_at, c.first_name || ' ' || c.last_name AS customer_name, a.name AS account_name`;
    const joins = `JOIN messages m ON m.id = r.message_id LEFT JOIN customers c ON c.id = r.customer_id
      LEFT JOIN dealer_accounts a ON a.id = r.dealer_account_id`;
    this.byIdStmt = db.prepare<[number], ReviewItemRow>(`SELECT ${cols} FROM review_items r ${joins} WHERE r.id = ?`);
    // The open queue, newest first (partial index review_items_open_page, pinned: a first sync
    // opens thousands of items with one created_at, and the ties must not be sorted per page).
    const open = `FROM review_items r INDEXED BY review_items_open_page ${joins} WHERE r.status = 'open'`;
    const newestFirst = 'ORDER BY r.created_at DESC, r.id DESC LIMIT @limit';
    this.openStmt = db.prepare<[{ limit: number }], ReviewItemRow>(`SELECT ${cols} ${open} ${newestFirst}`);
    this.openAfterStmt = db.prepare<[{ limit: number; afterAt: number; afterId: number }], ReviewItemRow>(
      `SELECT ${cols} ${open} AND (r.created_at < @afterAt OR (r.created_at = @afterAt AND r.id < @afterId)) ${newestFirst}`,
    );
    // Resolved items, most recently resolved first (partial index review_items_resolved_page):
    // a decision stays findable after it leaves the queue.
    const resolved = `FROM review_items r INDEXED BY review_items_resolved_page ${joins} WHERE r.status != 'open'`;
    const newestResolved = 'ORDER BY r.resolved_at DESC, r.id DESC LIMIT @limit';
    this.resolvedStmt = db.prepare<[{ limit: number }], ReviewItemRow>(`SELECT ${cols} ${resolved} ${newestResolved}`);
    this.resolvedAfterStmt = db.prepare<[{ limit: number; afterAt: number; afterId: number }], ReviewItemRow>(
      `SELECT ${cols} ${resolved} AND (r.resolved_at < @afterAt OR (r.resolved_at = @afterAt AND r.id < @afterId)) ${newestResolved}`,
    );
    this.openCountStmt = db
      .prepare<[], number>(`SELECT count(*) FROM review_items INDEXED BY review_items_open_page WHERE status = 'open'`)
      .pluck();
    this.resolveStmt = db.prepare<[string, number, string, number]>(
      `UPDATE review_items SET status = ?, resolved_at = ?, resolved_by = ? WHERE id = ? AND status = 'open'`,
    );
    this.openHoldStmt = db.prepare<[number, number], { id: number; created_at: number }>(
      `SELECT id, created_at FROM review_items INDEXED BY review_items_hold
       WHERE customer_id = ? AND dealer_account_id = ? AND status = 'open' AND kind = 'possible_opt_out'
       ORDER BY created_at DESC LIMIT 1`,
    );
  }

  add(kind: ReviewKind, messageId: number, customerId: number | null, dealerAccountId: number | null, now: number, why: ReviewWhy | null = null): void {
    this.insertStmt.run(kind, messageId, customerId, dealerAccountId, now, why?.intent ?? null, why ? JSON.stringify(why.reasons) : null);
  }
  get(id: number): ReviewItemRow | undefined {
    return this.byIdStmt.get(id);
  }
  /** Open items, newest first: the first `limit`, or the `limit` after the keyset position `after`. */
  open(limit: number, after?: ReviewKey | null): ReviewItemRow[] {
    return after ? this.openAfterStmt.all({ limit, afterAt: after.createdAt, afterId: after.id }) : this.openStmt.all({ limit });
  }
  /** Resolved items, most recently resolved first; `after` is the (resolved_at, id) of the previous page's last. */
  resolved(limit: number, after?: ReviewKey | null): ReviewItemRow[] {
    return after ? this.resolvedAfterStmt.all({ limit, afterAt: after.createdAt, afterId: after.id }) : this.resolvedStmt.all({ limit });
  }
  /** How many items are open (all of them, not a page). */
  openCount(): number {
    return this.openCountStmt.get() ?? 0;
  }
  /** Returns false when the item was already resolved. */
  resolve(id: number, status: 'confirmed' | 'dismissed', now: number, actor: string): boolean {
    return this.resolveStmt.run(status, now, actor, id).changes === 1;
  }
  /** An open possible opt-out for this customer and account: automated sends are held meanwhile. */
  openPossibleOptOut(customerId: number, dealerAccountId: number): { id: number; created_at: number } | undefined {
    return this.openHoldStmt.get(customerId, dealerAccountId);
  }
}
