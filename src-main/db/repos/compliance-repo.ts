import type { Db } from '../open-database.ts';
import { sqlStatusList } from '../sql-lists.ts';
import { BLOCKED_STATUSES } from '../../../shared/domain/message-status.ts';

/** A date range [from, to) in epoch ms, and optionally one dealer account. */
export interface ComplianceFilter {
  from: number;
  to: number;
  dealerAccountId: number | null;
}

/** Keyset position: the (time, id) of the last row of the previous page. */
export interface TimeKey {
  at: number;
  id: number;
}

/** One consent event as the consent register lists it, with the reply that caused it and its attribution. */
export interface RegisterRow {
  id: number;
  occurred_at: number;
  account_code: string;
  account_name: string;
  customer_id: number;
  first_name: string;
  last_name: string;
  mobile: string | null;
  channel: string;
  status: string;
  source: string;
  keyword: string | null;
  actor: string | null;
  reason: string | null;
  import_id: number | null;
  import_row: number | null;
  message_id: number | null;
  message_body: string | null;
  message_from: string | null;
  message_at: number | null;
  attribution_rule: string | null;
  attribution_reason: string | null;
  review_decision_id: number | null;
}

export interface BlockedRow {
  id: number;
  created_at: number;
  account_code: string | null;
  account_name: string | null;
  customer_id: number | null;
  first_name: string | null;
  last_name: string | null;
  to_number: string;
  sender_address: string | null;
  origin: string;
  status: string;
  block_reason: string | null;
  error_code: number | null;
  created_by: string | null;
  automation_run_id: number | null;
  body: string;
}

export interface UnsubscribeRow {
  id: number;
  dealer_account_id: number;
  account_code: string;
  account_name: string;
  customer_id: number;
  first_name: string;
  last_name: string;
  channel: string;
  source: string;
  keyword: string | null;
  actor: string | null;
  message_id: number | null;
  received_at: number;
  effective_at: number;
  first_blocked_at: number | null;
  first_blocked_id: number | null;
}

const REGISTER_SELECT = `
  SELECT e.id, e.occurred_at, a.code AS account_code, a.name AS account_name, e.customer_id, c.first_name, c.last_name, c.mobile,
    e.channel, e.status, e.source, e.keyword, e.actor, e.reason, e.import_id, e.import_row,
    m.id AS message_id, m.body AS message_body, m.from_number AS message_from, m.created_at AS message_at,
    t.rule AS attribution_rule, t.reason AS attribution_reason,
    coalesce((SELECT d.id FROM review_decisions d INDEXED BY review_decisions_by_consent_event WHERE d.consent_event_id = e.id AND d.consent_event_id IS NOT NULL),
      (SELECT x.decision_id FROM review_decision_accounts x INDEXED BY review_decision_accounts_by_consent_event
        WHERE x.consent_event_id = e.id AND x.consent_event_id IS NOT NULL)) AS review_decision_id
  FROM consent_events e
  JOIN dealer_accounts a ON a.id = e.dealer_account_id
  JOIN customers c ON c.id = e.customer_id
  LEFT JOIN messages m ON m.id = e.message_id
  LEFT JOIN attributions t ON t.rowid = (
    SELECT t2.rowid FROM attributions t2 WHERE t2.message_id = e.message_id
      AND (t2.dealer_account_id = e.dealer_account_id OR t2.dealer_account_id IS NULL) LIMIT 1)`;

const BLOCKED = `(${sqlStatusList(BLOCKED_STATUSES)})`;
const REFUSED = `(${sqlStatusList(['blocked_opted_out', 'blocked_gateway'])})`;

/**
 * What the compliance exports read, a page at a time in keyset order (bounded memory: no statement
 * stays open between pages, so the app's other calls run meanwhile).
 */
export class ComplianceRepo {
  private readonly registerStmt;
  private readonly registerCustomerStmt;
  private readonly blockedStmt;
  private readonly unsubscribesStmt;
  private readonly unsubscribesLatestStmt;

  constructor(db: Db) {
    const range = '(@account IS NULL OR e.dealer_account_id = @account)';
    this.registerStmt = db.prepare<[{ from: number; to: number; account: number | null; afterAt: number; afterId: number; limit: number }], RegisterRow>(
      `${REGISTER_SELECT}
       WHERE e.occurred_at >= @from AND e.occurred_at < @to AND ${range}
         AND e.occurred_at >= @afterAt AND (e.occurred_at > @afterAt OR e.id > @afterId)
       ORDER BY e.occurred_at, e.id LIMIT @limit`,
    );
    this.registerCustomerStmt = db.prepare<[number], RegisterRow>(`${REGISTER_SELECT} WHERE e.customer_id = ? ORDER BY e.occurred_at, e.id`);
    this.blockedStmt = db.prepare<[{ from: number; to: number; account: number | null; afterAt: number; afterId: number; limit: number }], BlockedRow>(
      `SELECT m.id, m.created_at, a.code AS account_code, a.name AS account_name, m.customer_id, c.first_name, c.last_name, m.to_number,
         s.address AS sender_address, m.origin, m.status, m.block_reason, m.error_code, m.created_by, m.automation_run_id, m.body
       FROM messages m INDEXED BY messages_by_status
       LEFT JOIN dealer_accounts a ON a.id = m.dealer_account_id
       LEFT JOIN customers c ON c.id = m.customer_id
       LEFT JOIN senders s ON s.id = m.sender_id
       WHERE m.direction = 'outbound' AND m.created_at >= @from AND m.created_at < @to
         AND m.status IN ${BLOCKED} AND (@account IS NULL OR m.dealer_account_id = @account)
         AND m.created_at >= @afterAt AND (m.created_at > @afterAt OR m.id > @afterId)
       ORDER BY m.created_at, m.id LIMIT @limit`,
    );
    // Each opt-out: when the request was received (the reply, or the change itself), when it took
    // effect here, and the first attempt to that customer from that account refused after it.
    const unsubscribes = `SELECT e.id, e.dealer_account_id, a.code AS account_code, a.name AS account_name, e.customer_id, c.first_name, c.last_name,
         e.channel, e.source, e.keyword, e.actor, e.message_id,
         coalesce(m.created_at, e.occurred_at) AS received_at, e.occurred_at AS effective_at,
         b.created_at AS first_blocked_at, b.id AS first_blocked_id
       FROM consent_events e INDEXED BY consent_events_by_time
       JOIN dealer_accounts a ON a.id = e.dealer_account_id
       JOIN customers c ON c.id = e.customer_id
       LEFT JOIN messages m ON m.id = e.message_id
       LEFT JOIN messages b ON b.id = (
         SELECT b2.id FROM messages b2 INDEXED BY messages_timeline
         WHERE e.channel = 'sms' AND b2.customer_id = e.customer_id AND b2.created_at >= e.occurred_at
           AND b2.dealer_account_id = e.dealer_account_id AND b2.status IN ${REFUSED}
         ORDER BY b2.created_at, b2.id LIMIT 1)
       WHERE e.status = 'opted_out' AND e.occurred_at >= @from AND e.occurred_at < @to AND ${range}`;
    this.unsubscribesStmt = db.prepare<[{ from: number; to: number; account: number | null; afterAt: number; afterId: number; limit: number }], UnsubscribeRow>(
      `${unsubscribes} AND e.occurred_at >= @afterAt AND (e.occurred_at > @afterAt OR e.id > @afterId)
       ORDER BY e.occurred_at, e.id LIMIT @limit`,
    );
    this.unsubscribesLatestStmt = db.prepare<[{ from: number; to: number; account: number | null; limit: number }], UnsubscribeRow>(
      `${unsubscribes} ORDER BY e.occurred_at DESC, e.id DESC LIMIT @limit`,
    );
  }

  register(f: ComplianceFilter, after: TimeKey | null, limit: number): RegisterRow[] {
    return this.registerStmt.all({ from: f.from, to: f.to, account: f.dealerAccountId, afterAt: after?.at ?? -1, afterId: after?.id ?? 0, limit });
  }
  /** Every consent event of one customer, oldest first (the evidence pack). */
  registerOfCustomer(customerId: number): RegisterRow[] {
    return this.registerCustomerStmt.all(customerId);
  }
  blocked(f: ComplianceFilter, after: TimeKey | null, limit: number): BlockedRow[] {
    return this.blockedStmt.all({ from: f.from, to: f.to, account: f.dealerAccountId, afterAt: after?.at ?? -1, afterId: after?.id ?? 0, limit });
  }
  /** The latest opt-outs of the range, newest first. */
  unsubscribesLatest(f: ComplianceFilter, limit: number): UnsubscribeRow[] {
    return this.unsubscribesLatestStmt.all({ from: f.from, to: f.to, account: f.dealerAccountId, limit });
  }
  unsubscribes(f: ComplianceFilter, after: TimeKey | null, limit: number): UnsubscribeRow[] {
    return this.unsubscribesStmt.all({ from: f.from, to: f.to, account: f.dealerAccountId, afterAt: after?.at ?? -1, afterId: after?.id ?? 0, limit });
  }
}
