import type { Db } from '../open-database.ts';

export interface DraftRow {
  customer_id: number;
  dealer_account_id: number;
  body: string;
  updated_at: number;
  updated_by: string | null;
}

/** The composer's drafts, one per (customer, dealer account), and what the composer defaults from. */
export class DraftsRepo {
  private readonly forCustomerStmt;
  private readonly upsertStmt;
  private readonly deleteStmt;
  private readonly lastSentStmt;

  constructor(db: Db) {
    this.forCustomerStmt = db.prepare<[number], DraftRow>('SELECT * FROM drafts WHERE customer_id = ? ORDER BY updated_at DESC, dealer_account_id');
    this.upsertStmt = db.prepare<[number, number, string, number, string | null]>(
      `INSERT INTO drafts (customer_id, dealer_account_id, body, updated_at, updated_by) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (customer_id, dealer_account_id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
    );
    this.deleteStmt = db.prepare<[number, number]>('DELETE FROM drafts WHERE customer_id = ? AND dealer_account_id = ?');
    // The customer's messages newest first (messages_timeline): the first one this user sent by hand.
    this.lastSentStmt = db
      .prepare<[number, string], number | null>(
        `SELECT dealer_account_id FROM messages INDEXED BY messages_timeline
         WHERE customer_id = ? AND direction = 'outbound' AND origin = 'manual' AND created_by = ? AND dealer_account_id IS NOT NULL
         ORDER BY created_at DESC, id DESC LIMIT 1`,
      )
      .pluck();
  }

  forCustomer(customerId: number): DraftRow[] {
    return this.forCustomerStmt.all(customerId);
  }

  save(customerId: number, dealerAccountId: number, body: string, at: number, by: string | null): void {
    this.upsertStmt.run(customerId, dealerAccountId, body, at, by);
  }

  delete(customerId: number, dealerAccountId: number): void {
    this.deleteStmt.run(customerId, dealerAccountId);
  }

  /** The dealer account `user` last texted this customer from by hand, or null. */
  lastSentAccount(customerId: number, user: string): number | null {
    return (this.lastSentStmt.get(customerId, user) as number | null | undefined) ?? null;
  }
}
