import type { Db } from '../open-database.ts';

export interface OutboxAttemptRow {
  id: number;
  message_id: number;
  started_at: number;
  finished_at: number | null;
  outcome: string | null;
  gateway_sid: string | null;
  error_code: number | null;
  error_message: string | null;
}

/** The outbox's log of gateway requests per message (R8). */
export class OutboxRepo {
  private readonly startStmt;
  private readonly finishStmt;
  private readonly finishOpenStmt;
  private readonly attemptsStmt;
  private readonly firstUnresolvedStmt;
  private readonly lastStartStmt;

  constructor(db: Db) {
    this.startStmt = db.prepare<[number, number]>('INSERT INTO outbox_attempts (message_id, started_at) VALUES (?, ?)');
    this.finishStmt = db.prepare<[number, string, string | null, number | null, string | null, number]>(
      `UPDATE outbox_attempts SET finished_at = ?, outcome = ?, gateway_sid = ?, error_code = ?, error_message = ?
       WHERE id = ?`,
    );
    // Closes every open or unknown attempt of a message: used once reconciliation has decided.
    this.finishOpenStmt = db.prepare<[number, string, string | null, number]>(
      `UPDATE outbox_attempts SET finished_at = ?, outcome = ?, gateway_sid = ?
       WHERE message_id = ? AND (outcome IS NULL OR outcome = 'unknown')`,
    );
    this.attemptsStmt = db.prepare<[number], OutboxAttemptRow>(
      'SELECT * FROM outbox_attempts WHERE message_id = ? ORDER BY started_at, id',
    );
    this.firstUnresolvedStmt = db.prepare<[number], { started_at: number }>(
      `SELECT started_at FROM outbox_attempts WHERE message_id = ? AND (outcome IS NULL OR outcome = 'unknown')
       ORDER BY started_at, id LIMIT 1`,
    );
    this.lastStartStmt = db.prepare<[number], { started_at: number }>(
      'SELECT started_at FROM outbox_attempts WHERE message_id = ? ORDER BY started_at DESC, id DESC LIMIT 1',
    );
  }

  start(messageId: number, now: number): number {
    return Number(this.startStmt.run(messageId, now).lastInsertRowid);
  }
  finish(
    attemptId: number,
    outcome: string,
    now: number,
    detail: { gatewaySid?: string | null; errorCode?: number | null; errorMessage?: string | null } = {},
  ): void {
    this.finishStmt.run(now, outcome, detail.gatewaySid ?? null, detail.errorCode ?? null, detail.errorMessage ?? null, attemptId);
  }
  /** Reconciliation decided: every attempt still open or unknown gets `outcome`. */
  resolveOpen(messageId: number, outcome: string, gatewaySid: string | null, now: number): void {
    this.finishOpenStmt.run(now, outcome, gatewaySid, messageId);
  }
  attempts(messageId: number): OutboxAttemptRow[] {
    return this.attemptsStmt.all(messageId);
  }
  /** When the earliest attempt whose outcome is not known started. */
  firstUnresolvedAt(messageId: number): number | undefined {
    return this.firstUnresolvedStmt.get(messageId)?.started_at;
  }
  lastStartedAt(messageId: number): number | undefined {
    return this.lastStartStmt.get(messageId)?.started_at;
  }
}
