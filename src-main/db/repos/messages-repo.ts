import type { Db } from '../open-database.ts';
import type { MessageDirection, MessageOrigin, MessageStatus } from '../../../shared/domain/types.ts';
import { MAY_HAVE_LEFT_STATUSES, UNSETTLED_STATUSES, WAITING_STATUSES } from '../../../shared/domain/message-status.ts';
import { sqlStatusList } from '../sql-lists.ts';

export interface MessageRow {
  id: number;
  direction: MessageDirection;
  origin: MessageOrigin;
  status: MessageStatus;
  customer_id: number | null;
  dealer_account_id: number | null;
  sender_id: number | null;
  to_number: string;
  from_number: string | null;
  body: string;
  segments: number;
  gateway_sid: string | null;
  block_reason: string | null;
  error_code: number | null;
  error_message: string | null;
  created_by: string | null;
  automation_run_id: number | null;
  attempts: number;
  next_attempt_at: number | null;
  /** The outbox that has claimed the row (issue 14): no other writer touches it until lease_until. */
  lease_owner: string | null;
  lease_until: number | null;
  /** The composer's id for this send: a repeat of the request answers with this row. */
  request_id: string | null;
  created_at: number;
  sent_at: number | null;
  updated_at: number;
  /** R11: the desk of the dealer group that sent it, when another desk did. */
  desk: string | null;
  /** An automated send's deadline: the gateway may not deliver it later (Twilio ValidityPeriod). */
  valid_until: number | null;
}

/** What the ingestion needs to know about a SID it has seen before. */
export interface SidInfo {
  id: number;
  direction: MessageDirection;
  origin: MessageOrigin;
  status: MessageStatus;
  customer_id: number | null;
}

/** A message row joined with the names the lists show. */
export interface MessageListRow extends MessageRow {
  customer_name: string | null;
  account_name: string | null;
  sender_address: string | null;
}

export interface NewMessage {
  direction: MessageDirection;
  origin: MessageOrigin;
  status: MessageStatus;
  customerId: number | null;
  dealerAccountId: number | null;
  senderId: number | null;
  toNumber: string;
  fromNumber: string | null;
  body: string;
  segments: number;
  gatewaySid?: string | null;
  blockReason?: string | null;
  errorCode?: number | null;
  errorMessage?: string | null;
  createdBy?: string | null;
  automationRunId?: number | null;
  /** The client's id for the request that created it (unique). */
  requestId?: string | null;
  createdAt: number;
  sentAt?: number | null;
  validUntil?: number | null;
}

export interface MessageListFilter {
  statuses?: MessageStatus[];
  dealerAccountId?: number;
  /** Inclusive lower bound, epoch ms. */
  from?: number;
  /** Exclusive upper bound, epoch ms. */
  to?: number;
  /** Keyset cursor: the (created_at, id) of the last row of the previous page. */
  after?: { createdAt: number; id: number };
  /**
   * Text search: words that must each appear (any case) in the message, the customer's name or a
   * number (digits of a number match in any format: "570 006" finds +61491570006).
   */
  text?: string;
  limit: number;
}

/** A LIKE pattern that matches `s` literally anywhere ('\\' escapes). */
function likeAnywhere(s: string): string {
  return `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

const LIST_COLUMNS = `m.*, c.first_name || ' ' || c.last_name AS customer_name, a.name AS account_name, s.address AS sender_address`;
const LIST_JOINS = `LEFT JOIN customers c ON c.id = m.customer_id
  LEFT JOIN dealer_accounts a ON a.id = m.dealer_account_id
  LEFT JOIN senders s ON s.id = m.sender_id`;

/** Outbound attempts (blocked ones included) and inbound replies. */
export class MessagesRepo {
  private readonly insertStmt;
  private readonly insertInboundStmt;
  private readonly byIdStmt;
  private readonly bodyStmt;
  private readonly bySidStmt;
  private readonly setOutcomeStmt;
  private readonly dueStmt;
  private readonly latestOutboundStmt;
  private readonly nextDueStmt;
  private readonly sidInfoStmt;
  private readonly pendingAttemptStmt;
  private readonly gatewayStatusStmt;
  private readonly touchStmt;
  private readonly setValidUntilStmt;
  private readonly deleteRemoteSidStmt;
  private readonly unsettledStmt;
  private readonly claimStmt;
  private readonly markSendingStmt;
  private readonly releaseLeaseStmt;
  private readonly releaseOthersLeasesStmt;
  private readonly byRequestStmt;
  /** One prepared statement per combination of filters, so each uses its own index. */
  private readonly listStmts = new Map<string, ReturnType<Db['prepare']>>();
  private readonly countByStatusStmt;

  constructor(private readonly db: Db) {
    this.insertStmt = db.prepare(
      `INSERT INTO messages (direction, origin, status, customer_id, dealer_account_id, sender_id, to_number, from_number,
         body, segments, gateway_sid, block_reason, error_code, error_message, created_by, automation_run_id,
         request_id, created_at, sent_at, updated_at, valid_until)
       VALUES (@direction, @origin, @status, @customerId, @dealerAccountId, @senderId, @toNumber, @fromNumber,
         @body, @segments, @gatewaySid, @blockReason, @errorCode, @errorMessage, @createdBy, @automationRunId,
         @requestId, @createdAt, @sentAt, @createdAt, @validUntil)`,
    );
    // The ingestion's hot path: positional parameters, no defaults object.
    this.insertInboundStmt = db.prepare<[number | null, number | null, number | null, string, string, string, number, string, number, number, number]>(
      `INSERT INTO messages (direction, origin, status, customer_id, dealer_account_id, sender_id, to_number, from_number,
         body, segments, gateway_sid, created_at, sent_at, updated_at)
       VALUES ('inbound', 'inbound', 'received', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.byIdStmt = db.prepare<[number], MessageRow>('SELECT * FROM messages WHERE id = ?');
    this.bySidStmt = db.prepare<[string], MessageRow>('SELECT * FROM messages WHERE gateway_sid = ?');
    this.bodyStmt = db.prepare<[number]>('SELECT body FROM messages WHERE id = ?').pluck();
    this.setOutcomeStmt = db.prepare(
      `UPDATE messages SET status = @status, gateway_sid = COALESCE(@gatewaySid, gateway_sid),
         sent_at = COALESCE(@sentAt, sent_at), block_reason = COALESCE(@blockReason, block_reason),
         error_code = @errorCode, error_message = @errorMessage, updated_at = @now,
         attempts = attempts + @attemptsDelta, next_attempt_at = @nextAttemptAt
       WHERE id = @id`,
    );
    // The outbox: outbound rows not yet accepted by the gateway (partial index messages_outbox).
    const outbox = `direction = 'outbound' AND gateway_sid IS NULL AND status IN (${sqlStatusList(WAITING_STATUSES)})`;
    // Due: its time has come and no live lease holds it (another outbox is working on it).
    this.dueStmt = db.prepare<{ now: number; limit: number }, MessageRow>(
      `SELECT * FROM messages INDEXED BY messages_outbox WHERE ${outbox}
         AND (next_attempt_at IS NULL OR next_attempt_at <= @now) AND (lease_until IS NULL OR lease_until <= @now)
       ORDER BY created_at, id LIMIT @limit`,
    );
    this.nextDueStmt = db.prepare<[], { at: number | null }>(
      `SELECT min(max(COALESCE(next_attempt_at, 0), COALESCE(lease_until, 0))) AS at FROM messages INDEXED BY messages_outbox WHERE ${outbox}`,
    );
    // The outbox's claim: the row is still waiting and no other live lease holds it.
    this.claimStmt = db.prepare<{ id: number; owner: string; now: number; until: number }>(
      `UPDATE messages SET lease_owner = @owner, lease_until = @until
       WHERE id = @id AND ${outbox} AND (lease_owner IS NULL OR lease_owner = @owner OR lease_until IS NULL OR lease_until <= @now)`,
    );
    // queued -> sending, only for the lease holder and only from queued: one request per claim.
    this.markSendingStmt = db.prepare<{ id: number; owner: string; now: number; until: number }>(
      `UPDATE messages SET status = 'sending', attempts = attempts + 1, error_code = NULL, error_message = NULL,
         next_attempt_at = NULL, updated_at = @now, lease_until = @until
       WHERE id = @id AND status = 'queued' AND gateway_sid IS NULL AND lease_owner = @owner`,
    );
    this.releaseLeaseStmt = db.prepare<[number, string]>(
      'UPDATE messages SET lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ?',
    );
    this.releaseOthersLeasesStmt = db.prepare<[string]>(
      `UPDATE messages INDEXED BY messages_outbox SET lease_owner = NULL, lease_until = NULL
       WHERE ${outbox} AND lease_owner IS NOT NULL AND lease_owner != ?`,
    );
    this.byRequestStmt = db.prepare<[string], MessageRow>('SELECT * FROM messages WHERE request_id = ?');
    // R4: the latest outbound message to the number through the sender that reached (or may have
    // reached) the customer: blocked, held, failed and never-sent attempts cannot have been answered.
    this.latestOutboundStmt = db.prepare<[string, number, number], MessageRow>(
      `SELECT * FROM messages INDEXED BY messages_attribution
       WHERE to_number = ? AND sender_id = ? AND direction = 'outbound' AND created_at <= ?
         AND (gateway_sid IS NOT NULL OR status IN (${sqlStatusList(MAY_HAVE_LEFT_STATUSES)}))
       ORDER BY created_at DESC LIMIT 1`,
    );
    this.countByStatusStmt = db.prepare<[], { status: MessageStatus; n: number }>(
      `SELECT status, count(*) AS n FROM messages INDEXED BY messages_outbox WHERE ${outbox} GROUP BY status`,
    );
    this.sidInfoStmt = db.prepare<[string], SidInfo>(
      'SELECT id, direction, origin, status, customer_id FROM messages WHERE gateway_sid = ?',
    );
    this.pendingAttemptStmt = db.prepare<[string, number, string, number], { id: number }>(
      `SELECT id FROM messages INDEXED BY messages_attribution
       WHERE to_number = ? AND sender_id = ? AND direction = 'outbound' AND body = ? AND created_at >= ?
         AND gateway_sid IS NULL AND (status IN (${sqlStatusList(MAY_HAVE_LEFT_STATUSES)}) OR (status = 'queued' AND attempts > 0))
       LIMIT 1`,
    );
    this.gatewayStatusStmt = db.prepare<[string, number | null, string | null, number | null, number, number]>(
      `UPDATE messages SET status = ?, error_code = COALESCE(?, error_code), error_message = COALESCE(?, error_message),
         sent_at = COALESCE(sent_at, ?), updated_at = ? WHERE id = ?`,
    );
    this.touchStmt = db.prepare<[number, number]>('UPDATE messages SET updated_at = ? WHERE id = ?');
    this.setValidUntilStmt = db.prepare<[number, number]>('UPDATE messages SET valid_until = ? WHERE id = ?');
    this.deleteRemoteSidStmt = db.prepare<[string, number]>(
      `DELETE FROM messages WHERE gateway_sid = ? AND origin = 'remote' AND id != ?`,
    );
    this.unsettledStmt = db.prepare<[number, number, number], MessageRow>(
      `SELECT * FROM messages INDEXED BY messages_unsettled
       WHERE direction = 'outbound' AND gateway_sid IS NOT NULL AND status IN (${sqlStatusList(UNSETTLED_STATUSES)})
         AND updated_at <= ? AND created_at >= ? ORDER BY updated_at, id LIMIT ?`,
    );
  }

  insert(m: NewMessage): number {
    return Number(
      this.insertStmt.run({
        gatewaySid: null, blockReason: null, errorCode: null, errorMessage: null, createdBy: null,
        automationRunId: null, requestId: null, sentAt: null, validUntil: null, ...m,
      }).lastInsertRowid,
    );
  }

  /** An inbound reply polled from the gateway (direction inbound, status received). */
  insertInbound(r: {
    customerId: number | null;
    dealerAccountId: number | null;
    senderId: number | null;
    toNumber: string;
    fromNumber: string;
    body: string;
    segments: number;
    gatewaySid: string;
    receivedAt: number;
  }): number {
    return Number(
      this.insertInboundStmt.run(
        r.customerId, r.dealerAccountId, r.senderId, r.toNumber, r.fromNumber, r.body, r.segments, r.gatewaySid,
        r.receivedAt, r.receivedAt, r.receivedAt,
      ).lastInsertRowid,
    );
  }

  get(id: number): MessageRow | undefined {
    return this.byIdStmt.get(id);
  }

  body(id: number): string | null {
    return (this.bodyStmt.get(id) as string | undefined) ?? null;
  }

  bySid(sid: string): MessageRow | undefined {
    return this.bySidStmt.get(sid);
  }

  /** Records what the gateway said about one attempt. */
  setOutcome(
    id: number,
    outcome: {
      status: MessageStatus;
      gatewaySid?: string | null;
      sentAt?: number | null;
      blockReason?: string | null;
      errorCode?: number | null;
      errorMessage?: string | null;
      countsAsAttempt?: boolean;
      nextAttemptAt?: number | null;
    },
    now: number,
  ): void {
    this.setOutcomeStmt.run({
      id,
      now,
      status: outcome.status,
      gatewaySid: outcome.gatewaySid ?? null,
      sentAt: outcome.sentAt ?? null,
      blockReason: outcome.blockReason ?? null,
      errorCode: outcome.errorCode ?? null,
      errorMessage: outcome.errorMessage ?? null,
      attemptsDelta: outcome.countsAsAttempt ? 1 : 0,
      nextAttemptAt: outcome.nextAttemptAt ?? null,
    });
  }

  /** An automated send's new deadline (its send window moved on). */
  setValidUntil(id: number, validUntil: number): void {
    this.setValidUntilStmt.run(validUntil, id);
  }

  /** Outbox rows ready to go (or to reconcile) at `now`, oldest first. */
  due(now: number, limit: number): MessageRow[] {
    return this.dueStmt.all({ now, limit });
  }

  /**
   * The outbox claims a waiting row until `until` (issue 14): true when it is now this owner's, false
   * when it is settled or another live lease holds it. Atomic, so two writers cannot both have it.
   */
  claim(id: number, owner: string, now: number, until: number): boolean {
    return this.claimStmt.run({ id, owner, now, until }).changes === 1;
  }

  /** The claimed, queued row becomes `sending` (one more attempt); false if it is not queued or not this owner's. */
  markSending(id: number, owner: string, now: number, until: number): boolean {
    return this.markSendingStmt.run({ id, owner, now, until }).changes === 1;
  }

  /** Gives up this owner's claim on the row. */
  releaseLease(id: number, owner: string): void {
    this.releaseLeaseStmt.run(id, owner);
  }

  /**
   * Ends every lease not held by `owner`: only for a process that holds the database's instance lock,
   * which proves the other holders are gone (their rows are then reconciled, R8). Returns how many.
   */
  releaseLeasesExcept(owner: string): number {
    return this.releaseOthersLeasesStmt.run(owner).changes;
  }

  /** The message a send request with this id created, if any. */
  byRequestId(requestId: string): MessageRow | undefined {
    return this.byRequestStmt.get(requestId);
  }

  /** When the next outbox row falls due (0: now), or null when the outbox is empty. */
  nextDueAt(): number | null {
    return this.nextDueStmt.get()?.at ?? null;
  }

  /**
   * R4: the most recent outbound message to `toNumber` through `senderId` at or before `at` that
   * reached the gateway (or may have: an attempt in flight or of unknown outcome).
   */
  latestOutbound(toNumber: string, senderId: number, at: number): MessageRow | undefined {
    return this.latestOutboundStmt.get(toNumber, senderId, at);
  }

  /** The local row holding a gateway SID, in brief; the ingestion's idempotency check. */
  sidInfo(sid: string): SidInfo | undefined {
    return this.sidInfoStmt.get(sid);
  }

  /**
   * An outbox attempt to `toNumber` through `senderId` with this body, created at or after
   * `since`, whose outcome is not known yet: a gateway message matching it is the outbox's to
   * reconcile, not another install's send.
   */
  pendingAttemptLike(toNumber: string, senderId: number, body: string, since: number): number | undefined {
    return this.pendingAttemptStmt.get(toNumber, senderId, body, since)?.id;
  }

  /** A delivery status reported by the gateway for an accepted message. */
  setGatewayStatus(
    id: number,
    status: MessageStatus,
    errorCode: number | null,
    errorMessage: string | null,
    sentAt: number | null,
    now: number,
  ): void {
    this.gatewayStatusStmt.run(status, errorCode, errorMessage, sentAt, now, id);
  }

  /** Marks a row as looked at now (status refresh bookkeeping). */
  touch(id: number, now: number): void {
    this.touchStmt.run(now, id);
  }

  /**
   * The outbox learnt that `sid` is its own message `id`: a copy of it the poller may have stored as
   * another install's send ('remote') is removed so the SID stays on one row.
   */
  releaseRemoteCopy(sid: string, id: number): void {
    this.deleteRemoteSidStmt.run(sid, id);
  }

  /** Accepted outbound messages not final yet, last looked at before `staleBefore`, created since `since`. */
  unsettled(staleBefore: number, since: number, limit: number): MessageRow[] {
    return this.unsettledStmt.all(staleBefore, since, limit);
  }

  /** The SMS list across leads, newest first, keyset-paged. */
  list(f: MessageListFilter): MessageListRow[] {
    const clauses: string[] = [];
    const params: Record<string, unknown> = { limit: f.limit };
    if (f.statuses && f.statuses.length > 0) {
      clauses.push('m.status IN (SELECT value FROM json_each(@statuses))');
      params.statuses = JSON.stringify(f.statuses);
    }
    if (f.dealerAccountId !== undefined) {
      clauses.push('m.dealer_account_id = @account');
      params.account = f.dealerAccountId;
    }
    if (f.from !== undefined) {
      clauses.push('m.created_at >= @from');
      params.from = f.from;
    }
    if (f.to !== undefined) {
      clauses.push('m.created_at < @to');
      params.to = f.to;
    }
    const words = (f.text ?? '').trim().split(/\s+/).filter(Boolean).slice(0, 8);
    words.forEach((w, i) => {
      const digits = w.replace(/\D/g, '');
      const numberMatch = digits.length >= 3 && /^[\d\s()+-]+$/.test(w) ? ` OR m.to_number LIKE @d${i} ESCAPE '\\' OR m.from_number LIKE @d${i} ESCAPE '\\'` : '';
      clauses.push(
        `(m.body LIKE @w${i} ESCAPE '\\' OR (c.first_name || ' ' || c.last_name) LIKE @w${i} ESCAPE '\\'${numberMatch})`,
      );
      params[`w${i}`] = likeAnywhere(w);
      if (numberMatch) params[`d${i}`] = likeAnywhere(digits.startsWith('0') ? digits.slice(1) : digits);
    });
    if (f.after) {
      clauses.push('(m.created_at < @afterAt OR (m.created_at = @afterAt AND m.id < @afterId))');
      params.afterAt = f.after.createdAt;
      params.afterId = f.after.id;
    }
    const key = clauses.join(' AND ');
    let stmt = this.listStmts.get(key);
    if (!stmt) {
      stmt = this.db.prepare(
        `SELECT ${LIST_COLUMNS} FROM messages m ${LIST_JOINS}
         ${clauses.length ? `WHERE ${key}` : ''}
         ORDER BY m.created_at DESC, m.id DESC LIMIT @limit`,
      );
      this.listStmts.set(key, stmt);
    }
    return stmt.all(params) as MessageListRow[];
  }

  outboxCounts(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const r of this.countByStatusStmt.all()) out[r.status] = r.n;
    return out;
  }
}
