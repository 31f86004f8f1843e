import type { Db } from '../open-database.ts';

export interface GatewayBlockRow {
  sender_id: number;
  recipient: string;
  error_code: number;
  message_id: number | null;
  blocked_at: number;
  cleared_at: number | null;
}

/** R7: recipients the gateway refuses from a sender (Twilio 21610), apart from dealer consent. */
export class GatewayBlocksRepo {
  private readonly upsertStmt;
  private readonly activeStmt;
  private readonly clearStmt;

  constructor(db: Db) {
    this.upsertStmt = db.prepare<[number, string, number, number | null, number]>(
      `INSERT INTO gateway_blocks (sender_id, recipient, error_code, message_id, blocked_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (sender_id, recipient) DO UPDATE SET error_code = excluded.error_code,
         message_id = excluded.message_id, blocked_at = excluded.blocked_at, cleared_at = NULL`,
    );
    this.activeStmt = db.prepare<[number, string], GatewayBlockRow>(
      'SELECT * FROM gateway_blocks WHERE sender_id = ? AND recipient = ? AND cleared_at IS NULL',
    );
    this.clearStmt = db.prepare<[number, number, string]>(
      'UPDATE gateway_blocks SET cleared_at = ? WHERE sender_id = ? AND recipient = ? AND cleared_at IS NULL',
    );
  }

  block(senderId: number, recipient: string, errorCode: number, messageId: number | null, now: number): void {
    this.upsertStmt.run(senderId, recipient, errorCode, messageId, now);
  }
  active(senderId: number, recipient: string): GatewayBlockRow | undefined {
    return this.activeStmt.get(senderId, recipient);
  }
  clear(senderId: number, recipient: string, now: number): void {
    this.clearStmt.run(now, senderId, recipient);
  }
}
