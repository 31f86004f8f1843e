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
  /** Globally unique (R11): the same event on every desk of a group. */
  uid: string;
  /** The desk that made it (null: this desk before it joined a group). */
  desk: string | null;
  /** For an opt-in: the uid of the latest opt-out its desk knew of. */
  supersedes: string | null;
  /** 1 when it came from a provisional attribution (every sharing account, R4). */
  provisional: number;
  /** Set when the event was retracted (its provisional attribution revised): why. */
  retracted_reason: string | null;
}

export interface NewConsentEvent {
  uid: string;
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
  desk: string | null;
  supersedes: string | null;
  provisional?: boolean;
}

/** An event as the fold (consent/consent-fold.ts) reads it, with what the current state row needs. */
export interface FoldRow {
  id: number;
  uid: string;
  status: ConsentStatus;
  source: ConsentSource;
  occurred_at: number;
  supersedes: string | null;
  actor: string | null;
  reason: string | null;
  keyword: string | null;
  message_id: number | null;
}

export interface ConsentKey {
  dealerAccountId: number;
  customerId: number;
  channel: Channel;
}

type EventParams = [string, number, number, string, string, string, string | null, string | null, string | null, number | null, number, string | null, string | null, number];
type UpsertParams = [number, number, string, string, string, number, string | null, string | null, string | null, number | null, number];

/**
 * Consent events (append-only, R1/R11) and the current state per (account, customer, channel),
 * which the consent service sets from the fold of the events.
 */
export class ConsentRepo {
  private readonly currentStmt;
  private readonly insertEventStmt;
  private readonly upsertStmt;
  private readonly deleteCurrentStmt;
  private readonly forCustomerStmt;
  private readonly historyStmt;
  private readonly foldStmt;
  private readonly byUidStmt;
  private readonly retractStmt;
  private readonly byMessageStmt;

  constructor(db: Db) {
    // A bare primary-key lookup: joining the account and the triggering reply here would cost every
    // decision about three times as much, though most decisions find no row at all.
    this.currentStmt = db.prepare<[number, number, string], ConsentRow>(
      'SELECT * FROM consent WHERE dealer_account_id = ? AND customer_id = ? AND channel = ?',
    );
    this.insertEventStmt = db.prepare<EventParams>(
      `INSERT OR IGNORE INTO consent_events (uid, dealer_account_id, customer_id, channel, status, source, actor, reason, keyword, message_id, occurred_at, desk, supersedes, provisional)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.upsertStmt = db.prepare<UpsertParams>(
      `INSERT INTO consent (dealer_account_id, customer_id, channel, status, source, changed_at, actor, reason, keyword, message_id, event_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (dealer_account_id, customer_id, channel) DO UPDATE SET
         status = excluded.status, source = excluded.source, changed_at = excluded.changed_at, actor = excluded.actor,
         reason = excluded.reason, keyword = excluded.keyword, message_id = excluded.message_id, event_id = excluded.event_id
       WHERE consent.event_id IS NOT excluded.event_id`,
    );
    this.deleteCurrentStmt = db.prepare<[number, number, string]>(
      'DELETE FROM consent WHERE dealer_account_id = ? AND customer_id = ? AND channel = ?',
    );
    this.forCustomerStmt = db.prepare<[number], ConsentRow>(
      'SELECT * FROM consent WHERE customer_id = ? ORDER BY dealer_account_id, channel',
    );
    this.historyStmt = db.prepare<[number], ConsentEventRow>(
      `SELECT e.*, a.name AS account_name, r.reason AS retracted_reason
       FROM consent_events e JOIN dealer_accounts a ON a.id = e.dealer_account_id
       LEFT JOIN consent_retractions r ON r.event_uid = e.uid
       WHERE e.customer_id = ? ORDER BY e.occurred_at DESC, e.id DESC`,
    );
    this.foldStmt = db.prepare<[number, number, string], FoldRow>(
      `SELECT e.id, e.uid, e.status, e.source, e.occurred_at, e.supersedes, e.actor, e.reason, e.keyword, e.message_id
       FROM consent_events e INDEXED BY consent_events_fold
       WHERE e.dealer_account_id = ? AND e.customer_id = ? AND e.channel = ?
         AND NOT EXISTS (SELECT 1 FROM consent_retractions r WHERE r.event_uid = e.uid)`,
    );
    this.byUidStmt = db.prepare<[string], ConsentEventRow>(
      `SELECT e.*, a.name AS account_name, r.reason AS retracted_reason
       FROM consent_events e JOIN dealer_accounts a ON a.id = e.dealer_account_id
       LEFT JOIN consent_retractions r ON r.event_uid = e.uid WHERE e.uid = ?`,
    );
    this.retractStmt = db.prepare<[string, string, string, string | null, number]>(
      'INSERT OR IGNORE INTO consent_retractions (uid, event_uid, reason, desk, retracted_at) VALUES (?, ?, ?, ?, ?)',
    );
    this.byMessageStmt = db.prepare<[number], ConsentEventRow>(
      `SELECT e.*, a.name AS account_name, r.reason AS retracted_reason
       FROM consent_events e JOIN dealer_accounts a ON a.id = e.dealer_account_id
       LEFT JOIN consent_retractions r ON r.event_uid = e.uid WHERE e.message_id = ? ORDER BY e.id`,
    );
  }

  /** The hot path of every send: one primary-key lookup. */
  current(dealerAccountId: number, customerId: number, channel: Channel): ConsentRow | undefined {
    return this.currentStmt.get(dealerAccountId, customerId, channel);
  }

  /** Appends an event (nothing when its uid is already there). Returns its id, or null when it was there. */
  append(e: NewConsentEvent): number | null {
    const r = this.insertEventStmt.run(
      e.uid, e.dealerAccountId, e.customerId, e.channel, e.status, e.source, e.actor, e.reason, e.keyword ?? null, e.messageId, e.occurredAt,
      e.desk, e.supersedes, e.provisional ? 1 : 0,
    );
    return r.changes > 0 ? Number(r.lastInsertRowid) : null;
  }

  /** The events of one key that are not retracted: what the fold reads. */
  foldEvents(k: ConsentKey): FoldRow[] {
    return this.foldStmt.all(k.dealerAccountId, k.customerId, k.channel);
  }

  /** Sets the current state to the event the fold chose, or removes it when none stands. */
  setCurrent(k: ConsentKey, e: FoldRow | null): void {
    if (!e) {
      this.deleteCurrentStmt.run(k.dealerAccountId, k.customerId, k.channel);
      return;
    }
    this.upsertStmt.run(k.dealerAccountId, k.customerId, k.channel, e.status, e.source, e.occurred_at, e.actor, e.reason, e.keyword, e.message_id, e.id);
  }

  byUid(uid: string): ConsentEventRow | undefined {
    return this.byUidStmt.get(uid);
  }

  /** Events caused by one message (a keyword reply), retracted ones included. */
  byMessage(messageId: number): ConsentEventRow[] {
    return this.byMessageStmt.all(messageId);
  }

  /** Retracts an event (append-only; the first retraction of an event stands). */
  retract(uid: string, eventUid: string, reason: string, desk: string | null, at: number): boolean {
    return this.retractStmt.run(uid, eventUid, reason, desk, at).changes > 0;
  }

  forCustomer(customerId: number): ConsentRow[] {
    return this.forCustomerStmt.all(customerId);
  }

  history(customerId: number): ConsentEventRow[] {
    return this.historyStmt.all(customerId);
  }
}
