import type { Db } from '../open-database.ts';
import type { Channel, ConsentSource, ConsentStatus } from '../../../shared/domain/types.ts';

export interface ConsentRow {
  dealer_account_id: number;
  customer_id: number;
  channel: Channel;
  status: ConsentStatus;
  source: ConsentSource;
  changed_at: number;
  actor: string | null;
  reason: string | null;
  /** The keyword of a keyword reply (source inbound_keyword): 'STOP', 'START'; null otherwise. */
  keyword: string | null;
  message_id: number | null;
  event_id: number;
}

/** The current state with the sender of the reply that set it (null for any other change): the ordering evidence. */
export interface ConsentStateEvidence {
  status: ConsentStatus;
  source: ConsentSource;
  changed_at: number;
  sender_id: number | null;
}

export interface ConsentEventRow {
  id: number;
  dealer_account_id: number;
  account_name: string;
  customer_id: number;
  channel: Channel;
  status: ConsentStatus;
  source: ConsentSource;
  actor: string | null;
  reason: string | null;
  /** The keyword of a keyword reply (source inbound_keyword): 'STOP', 'START'; null otherwise. */
  keyword: string | null;
  message_id: number | null;
  occurred_at: number;
  /** The lead import (and the row of its file) a change came from (R10); null otherwise. */
  import_id: number | null;
  import_row: number | null;
}

export interface NewConsentEvent {
  dealerAccountId: number;
  customerId: number;
  channel: Channel;
  status: ConsentStatus;
  source: ConsentSource;
  actor: string | null;
  reason: string | null;
  /** The keyword of a keyword reply; null (the default) for any other change. */
  keyword?: string | null;
  messageId: number | null;
  occurredAt: number;
  /** The lead import and row of its file (R10); none by default. */
  importId?: number | null;
  importRow?: number | null;
}

type EventParams = [number, number, string, string, string, string | null, string | null, string | null, number | null, number, number | null, number | null];
type UpsertParams = [number, number, string, string, string, number, string | null, string | null, string | null, number | null, number];

/** Current consent per (account, customer, channel) and its append-only event log (R1). */
export class ConsentRepo {
  private readonly currentStmt;
  private readonly insertEventStmt;
  private readonly upsertStmt;
  private readonly forCustomerStmt;
  private readonly historyStmt;
  private readonly recordTx;
  private readonly evidenceStmt;
  private readonly appendTx;

  constructor(db: Db) {
    // A bare primary-key lookup: joining the account and the triggering reply here would cost every
    // decision about three times as much, though most decisions find no row at all.
    this.currentStmt = db.prepare<[number, number, string], ConsentRow>(
      'SELECT * FROM consent WHERE dealer_account_id = ? AND customer_id = ? AND channel = ?',
    );
    this.insertEventStmt = db.prepare<EventParams>(
      `INSERT INTO consent_events (dealer_account_id, customer_id, channel, status, source, actor, reason, keyword, message_id, occurred_at, import_id, import_row)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const upsert = `INSERT INTO consent (dealer_account_id, customer_id, channel, status, source, changed_at, actor, reason, keyword, message_id, event_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (dealer_account_id, customer_id, channel) DO UPDATE SET
         status = excluded.status, source = excluded.source, changed_at = excluded.changed_at, actor = excluded.actor,
         reason = excluded.reason, keyword = excluded.keyword, message_id = excluded.message_id, event_id = excluded.event_id`;
    this.upsertStmt = db.prepare<UpsertParams>(upsert);
    this.evidenceStmt = db.prepare<[number, number, string], ConsentStateEvidence>(
      `SELECT c.status, c.source, c.changed_at, m.sender_id FROM consent c LEFT JOIN messages m ON m.id = c.message_id
       WHERE c.dealer_account_id = ? AND c.customer_id = ? AND c.channel = ?`,
    );
    this.forCustomerStmt = db.prepare<[number], ConsentRow>(
      'SELECT * FROM consent WHERE customer_id = ? ORDER BY dealer_account_id, channel',
    );
    this.historyStmt = db.prepare<[number], ConsentEventRow>(
      `SELECT e.*, a.name AS account_name FROM consent_events e JOIN dealer_accounts a ON a.id = e.dealer_account_id
       WHERE e.customer_id = ? ORDER BY e.occurred_at DESC, e.id DESC`,
    );
    // Appends the event, then (unless `inForce` is false) makes it the current state.
    const recordWith = (upsertStmt: { run(...p: UpsertParams): unknown } | null) =>
      db.transaction((e: NewConsentEvent): number => {
        const keyword = e.keyword ?? null;
        const eventId = Number(
          this.insertEventStmt.run(
            e.dealerAccountId, e.customerId, e.channel, e.status, e.source, e.actor, e.reason, keyword, e.messageId, e.occurredAt,
            e.importId ?? null, e.importRow ?? null,
          ).lastInsertRowid,
        );
        upsertStmt?.run(e.dealerAccountId, e.customerId, e.channel, e.status, e.source, e.occurredAt, e.actor, e.reason, keyword, e.messageId, eventId);
        return eventId;
      });
    this.recordTx = recordWith(this.upsertStmt);
    this.appendTx = recordWith(null);
  }

  /**
   * Appends a change to the audit trail without making it the current state: a change that is not
   * the latest (consent-order.ts decides). Returns the event id.
   */
  append(e: NewConsentEvent): number {
    return this.appendTx(e);
  }

  /** What the current state's ordering rests on: its status, source, time and the replying sender. */
  currentEvidence(dealerAccountId: number, customerId: number, channel: Channel): ConsentStateEvidence | undefined {
    return this.evidenceStmt.get(dealerAccountId, customerId, channel);
  }

  /** The hot path of every send: one primary-key lookup. */
  current(dealerAccountId: number, customerId: number, channel: Channel): ConsentRow | undefined {
    return this.currentStmt.get(dealerAccountId, customerId, channel);
  }

  /** Appends the event and makes it the current state, atomically. Returns the event id. */
  record(e: NewConsentEvent): number {
    return this.recordTx(e);
  }

  forCustomer(customerId: number): ConsentRow[] {
    return this.forCustomerStmt.all(customerId);
  }

  history(customerId: number): ConsentEventRow[] {
    return this.historyStmt.all(customerId);
  }
}
