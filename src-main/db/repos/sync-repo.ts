import type { Db } from '../open-database.ts';

export type AttributionRule = 'sole_owner' | 'latest_outbound' | 'all_sharing_accounts' | 'no_customer' | 'unknown_sender';

export interface AttributionRow {
  message_id: number;
  dealer_account_id: number | null;
  account_name: string | null;
  rule: AttributionRule;
  reason: string;
  decided_at: number;
}

/** Poll cursors (one per gateway stream) and the R4 attribution decisions, with their reasons. */
export class SyncRepo {
  private readonly cursorStmt;
  private readonly setCursorStmt;
  private readonly insertAttributionStmt;
  private readonly attributionsStmt;

  constructor(db: Db) {
    this.cursorStmt = db.prepare<[string], { value: string }>('SELECT value FROM sync_cursors WHERE name = ?');
    this.setCursorStmt = db.prepare<[string, string, number]>(
      `INSERT INTO sync_cursors (name, value, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    );
    this.insertAttributionStmt = db.prepare<[number, number | null, string, string, number]>(
      'INSERT INTO attributions (message_id, dealer_account_id, rule, reason, decided_at) VALUES (?, ?, ?, ?, ?)',
    );
    this.attributionsStmt = db.prepare<[number], AttributionRow>(
      `SELECT t.*, a.name AS account_name FROM attributions t LEFT JOIN dealer_accounts a ON a.id = t.dealer_account_id
       WHERE t.message_id = ? ORDER BY t.dealer_account_id`,
    );
  }

  cursor(name: string): string | undefined {
    return this.cursorStmt.get(name)?.value;
  }
  setCursor(name: string, value: string, now: number): void {
    this.setCursorStmt.run(name, value, now);
  }

  addAttribution(messageId: number, dealerAccountId: number | null, rule: AttributionRule, reason: string, now: number): void {
    this.insertAttributionStmt.run(messageId, dealerAccountId, rule, reason, now);
  }
  /** The decision(s) kept for one reply: one row per account it was applied to (or one with none). */
  attributions(messageId: number): AttributionRow[] {
    return this.attributionsStmt.all(messageId);
  }
}
