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
  /** A keyword reply's gateway SID. */
  reply_sid: string | null;
  /** The outbound message the reply was attributed as answering (R4); null: applied to every sharing account. */
  basis_sid: string | null;
  basis_at: number | null;
  /** 1 when another event of the same reply rests on a later basis (its attribution was revised): this one no longer counts. */
  superseded: number;
  /** The lead import (and the row of its file) a change came from (R10); null otherwise. */
  import_id: number | null;
  import_row: number | null;
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
  /** A keyword reply: its SID and the basis of its attribution (see ConsentEventRow). */
  reply?: { sid: string; basisSid: string | null; basisAt: number | null } | null;
  /** The lead import and row of its file (R10); none by default. */
  importId?: number | null;
  importRow?: number | null;
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
  /** A keyword reply's sender (its stream in the fold's order); null otherwise or unknown here. */
  sender_id: number | null;
}

export interface ConsentKey {
  dealerAccountId: number;
  customerId: number;
  channel: Channel;
}

type EventParams = [string, number, number, string, string, string, string | null, string | null, string | null, number | null, number, string | null, string | null, string | null, string | null, number | null, number | null, number | null];
type UpsertParams = [number, number, string, string, string, number, string | null, string | null, string | null, number | null, number];

// An event of a keyword reply is superseded when another event of the same reply rests on a later
// basis (the latest outbound message known before it; none sorts first).
export const SUPERSEDED = `(e.reply_sid IS NOT NULL AND EXISTS (
  SELECT 1 FROM consent_events o INDEXED BY consent_events_by_reply
  WHERE o.reply_sid = e.reply_sid AND o.channel = e.channel
    AND (coalesce(o.basis_at, -1), coalesce(o.basis_sid, '')) > (coalesce(e.basis_at, -1), coalesce(e.basis_sid, ''))))`;
const EVENT_COLS = `e.*, a.name AS account_name, ${SUPERSEDED} AS superseded`;

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
  private readonly keysOfReplyStmt;

  constructor(db: Db) {
    // A bare primary-key lookup: joining the account and the triggering reply here would cost every
    // decision about three times as much, though most decisions find no row at all.
    this.currentStmt = db.prepare<[number, number, string], ConsentRow>(
      'SELECT * FROM consent WHERE dealer_account_id = ? AND customer_id = ? AND channel = ?',
    );
    this.insertEventStmt = db.prepare<EventParams>(
      `INSERT OR IGNORE INTO consent_events (uid, dealer_account_id, customer_id, channel, status, source, actor, reason, keyword, message_id, occurred_at,
         desk, supersedes, reply_sid, basis_sid, basis_at, import_id, import_row)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
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
      `SELECT ${EVENT_COLS} FROM consent_events e JOIN dealer_accounts a ON a.id = e.dealer_account_id
       WHERE e.customer_id = ? ORDER BY e.occurred_at DESC, e.id DESC`,
    );
    this.foldStmt = db.prepare<[number, number, string], FoldRow>(
      `SELECT e.id, e.uid, e.status, e.source, e.occurred_at, e.supersedes, e.actor, e.reason, e.keyword, e.message_id,
         CASE WHEN e.source = 'inbound_keyword' THEN m.sender_id END AS sender_id
       FROM consent_events e INDEXED BY consent_events_fold LEFT JOIN messages m ON m.id = e.message_id
       WHERE e.dealer_account_id = ? AND e.customer_id = ? AND e.channel = ? AND NOT ${SUPERSEDED}`,
    );
    this.byUidStmt = db.prepare<[string], ConsentEventRow>(
      `SELECT ${EVENT_COLS} FROM consent_events e JOIN dealer_accounts a ON a.id = e.dealer_account_id WHERE e.uid = ?`,
    );
    this.keysOfReplyStmt = db.prepare<[string], { dealer_account_id: number; customer_id: number; channel: Channel }>(
      `SELECT DISTINCT dealer_account_id, customer_id, channel FROM consent_events INDEXED BY consent_events_by_reply WHERE reply_sid = ?`,
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
      e.desk, e.supersedes, e.reply?.sid ?? null, e.reply?.basisSid ?? null, e.reply?.basisAt ?? null, e.importId ?? null, e.importRow ?? null,
    );
    return r.changes > 0 ? Number(r.lastInsertRowid) : null;
  }

  /** The events of one key that count (none superseded by a later attribution of the same reply): what the fold reads. */
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

  /** Every (account, customer, channel) one keyword reply has events for: a later basis changes them all. */
  keysOfReply(replySid: string): ConsentKey[] {
    return this.keysOfReplyStmt.all(replySid).map((k) => ({ dealerAccountId: k.dealer_account_id, customerId: k.customer_id, channel: k.channel }));
  }

  forCustomer(customerId: number): ConsentRow[] {
    return this.forCustomerStmt.all(customerId);
  }

  history(customerId: number): ConsentEventRow[] {
    return this.historyStmt.all(customerId);
  }
}
