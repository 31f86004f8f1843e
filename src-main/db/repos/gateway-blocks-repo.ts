import type { Db } from '../open-database.ts';

export interface GatewayBlockRow {
  sender_id: number;
  recipient: string;
  error_code: number;
  message_id: number | null;
  blocked_at: number;
  cleared_at: number | null;
  /** R13: the reply keyword that caused it ('STOP'); null for a 21610 refusal at send time (R7). */
  keyword: string | null;
}

/** An active block with the sender it is on, for a lead's screens. */
export interface GatewayBlockWithSender extends GatewayBlockRow {
  sender_label: string;
  sender_kind: 'number' | 'messaging_service';
  sender_address: string;
}

/** How many of a dealer account's senders refuse a customer's number. */
export interface BlockedSenderCount {
  customer_id: number;
  dealer_account_id: number;
  blocked: number;
  senders: number;
}

/** R7/R13: recipients the gateway refuses from a sender (Twilio 21610, or a STOP Twilio acted on), apart from dealer consent. */
export class GatewayBlocksRepo {
  private readonly upsertStmt;
  private readonly activeStmt;
  private readonly latestStmt;
  private readonly clearStmt;
  private readonly byRecipientStmt;
  private readonly countsStmt;

  constructor(db: Db) {
    this.upsertStmt = db.prepare<[number, string, number, number | null, number, string | null]>(
      `INSERT INTO gateway_blocks (sender_id, recipient, error_code, message_id, blocked_at, keyword) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (sender_id, recipient) DO UPDATE SET error_code = excluded.error_code,
         message_id = excluded.message_id, blocked_at = excluded.blocked_at, keyword = excluded.keyword, cleared_at = NULL`,
    );
    this.activeStmt = db.prepare<[number, string], GatewayBlockRow>(
      'SELECT * FROM gateway_blocks WHERE sender_id = ? AND recipient = ? AND cleared_at IS NULL',
    );
    this.latestStmt = db.prepare<[number, string], GatewayBlockRow>('SELECT * FROM gateway_blocks WHERE sender_id = ? AND recipient = ?');
    this.clearStmt = db.prepare<[number, number, string]>(
      'UPDATE gateway_blocks SET cleared_at = ? WHERE sender_id = ? AND recipient = ? AND cleared_at IS NULL',
    );
    this.byRecipientStmt = db.prepare<[string], GatewayBlockWithSender>(
      `SELECT b.*, s.label AS sender_label, s.kind AS sender_kind, s.address AS sender_address
       FROM gateway_blocks b JOIN senders s ON s.id = b.sender_id
       WHERE b.recipient = ? AND b.cleared_at IS NULL ORDER BY b.blocked_at DESC, b.sender_id`,
    );
    // Per (customer, account) of a page of leads: senders of the account, and how many refuse the customer's number.
    this.countsStmt = db.prepare<[string], BlockedSenderCount>(
      `SELECT l.customer_id, l.dealer_account_id,
              count(b.sender_id) AS blocked, count(sa.sender_id) AS senders
       FROM leads l
       JOIN customers c ON c.id = l.customer_id
       JOIN sender_accounts sa ON sa.dealer_account_id = l.dealer_account_id
       LEFT JOIN gateway_blocks b ON b.sender_id = sa.sender_id AND b.recipient = c.mobile AND b.cleared_at IS NULL
       WHERE l.customer_id IN (SELECT value FROM json_each(?)) AND c.mobile IS NOT NULL
       GROUP BY l.customer_id, l.dealer_account_id
       HAVING count(b.sender_id) > 0`,
    );
  }

  block(senderId: number, recipient: string, errorCode: number, messageId: number | null, now: number, keyword: string | null = null): void {
    this.upsertStmt.run(senderId, recipient, errorCode, messageId, now, keyword);
  }
  active(senderId: number, recipient: string): GatewayBlockRow | undefined {
    return this.activeStmt.get(senderId, recipient);
  }
  /** The pair's row whether active or lifted (its latest change). */
  latest(senderId: number, recipient: string): GatewayBlockRow | undefined {
    return this.latestStmt.get(senderId, recipient);
  }
  clear(senderId: number, recipient: string, now: number): void {
    this.clearStmt.run(now, senderId, recipient);
  }
  /** Every active block on this number, newest first, with its sender. */
  activeForRecipient(recipient: string): GatewayBlockWithSender[] {
    return this.byRecipientStmt.all(recipient);
  }
  /** For these customers: each (customer, account) where at least one of the account's senders refuses the customer's number. */
  blockedSenderCounts(customerIds: number[]): BlockedSenderCount[] {
    if (customerIds.length === 0) return [];
    return this.countsStmt.all(JSON.stringify(customerIds));
  }
}
