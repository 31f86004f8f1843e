import type { Db } from '../open-database.ts';

/** What the push queue and the id map name (group-server event kinds carry the same words). */
export type GroupEntity =
  | 'dealer_account'
  | 'gateway_account'
  | 'sender'
  | 'customer'
  | 'lead'
  | 'consent_event'
  | 'outbound'
  | 'review'
  | 'template'
  | 'appraisal'
  | 'automation_rule';

export interface GroupMemberRow {
  desk_id: string;
  desk_name: string;
  joined_at: number;
}

export interface GroupOutboxRow {
  id: number;
  uid: string;
  entity: GroupEntity;
  local_id: number;
}

export interface ParkedRow {
  uid: string;
  event: string;
  missing: string;
  parked_at: number;
}

/** Snapshots the push reads (one per entity kind). */
export interface SenderSnapshot {
  address: string;
  kind: 'number' | 'messaging_service';
  label: string;
  gateway_opt_out: number;
  gateway_sid: string;
  accounts: string;
  archived_at: number | null;
}
export interface PhoneSnapshot {
  number: string;
  valid_from: number;
  valid_to: number | null;
  changed_by: string | null;
}
export interface LeadSnapshot {
  customer_id: number;
  account_code: string;
  source: string;
  created_at: number;
}
export interface ConsentEventSnapshot {
  uid: string;
  account_code: string;
  customer_id: number;
  channel: 'sms' | 'email';
  status: 'opted_in' | 'opted_out';
  source: string;
  actor: string | null;
  reason: string | null;
  keyword: string | null;
  occurred_at: number;
  desk: string | null;
  supersedes: string | null;
  reply_sid: string | null;
  basis_sid: string | null;
  basis_at: number | null;
}
export interface OutboundSnapshot {
  gateway_sid: string;
  account_code: string | null;
  customer_id: number | null;
  sender_address: string | null;
  to_number: string;
  from_number: string | null;
  body: string;
  segments: number;
  status: string;
  origin: string;
  created_by: string | null;
  created_at: number;
  sent_at: number | null;
  desk: string | null;
}
export interface ReviewSnapshot {
  reply_sid: string | null;
  kind: string;
  account_code: string | null;
  status: string;
  resolved_by: string | null;
  resolved_at: number | null;
}
export interface TemplateSnapshot {
  account_code: string | null;
  name: string;
  body: string;
}

const ENQUEUE_ALL: readonly [GroupEntity, string][] = [
  ['dealer_account', 'SELECT id FROM dealer_accounts ORDER BY id'],
  ['gateway_account', 'SELECT id FROM gateway_accounts ORDER BY id'],
  ['sender', 'SELECT id FROM senders ORDER BY id'],
  ['customer', 'SELECT id FROM customers ORDER BY id'],
  ['lead', 'SELECT id FROM leads ORDER BY id'],
  ['template', 'SELECT id FROM templates ORDER BY id'],
  ['automation_rule', 'SELECT id FROM automation_rules ORDER BY id'],
  ['appraisal', 'SELECT id FROM appraisals ORDER BY id'],
  ['outbound', "SELECT id FROM messages WHERE direction = 'outbound' AND origin IN ('manual', 'automation') AND gateway_sid IS NOT NULL ORDER BY id"],
  ['consent_event', 'SELECT id FROM consent_events ORDER BY id'],
  ['review', "SELECT id FROM review_items WHERE status <> 'open' ORDER BY id"],
];

const RANDOM_UUID = `lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(6)))`;

/**
 * This desk's membership of a group, the durable push queue (filled by triggers, migration 9),
 * the map between group ids and local ids, events parked until what they name arrives, and the
 * snapshots a push sends.
 */
export class GroupRepo {
  private readonly memberStmt;
  private readonly joinStmt;
  private readonly leaveStmt;
  private readonly clearOutboxStmt;
  private readonly outboxStmt;
  private readonly outboxDeleteStmt;
  private readonly outboxCountStmt;
  private readonly uidOfStmt;
  private readonly localOfStmt;
  private readonly mapStmt;
  private readonly applyingOnStmt;
  private readonly applyingOffStmt;
  private readonly parkStmt;
  private readonly parkedStmt;
  private readonly unparkStmt;
  private readonly parkedCountStmt;
  private readonly enqueueAllStmts;
  private readonly accountCodeStmt;
  private readonly accountByCodeStmt;
  private readonly senderSnapStmt;
  private readonly phonesStmt;
  private readonly leadSnapStmt;
  private readonly consentSnapStmt;
  private readonly consentSnapsStmt;
  private readonly uidsOfStmt;
  private readonly outboundSnapStmt;
  private readonly reviewSnapStmt;
  private readonly templateSnapStmt;
  private readonly reviewsOfReplyStmt;
  private readonly setMessageAccountStmt;
  private readonly setMessageDeskStmt;
  private readonly setReplyAccountStmt;
  private readonly repliesAfterStmt;
  private readonly attributionRulesStmt;
  private readonly updateTemplateStmt;
  private readonly ruleStateStmt;
  private readonly insertPhoneStmt;
  private readonly hasPhoneStmt;

  constructor(private readonly db: Db) {
    this.memberStmt = db.prepare<[], GroupMemberRow>('SELECT desk_id, desk_name, joined_at FROM group_member');
    this.joinStmt = db.prepare<[string, string, number]>(
      `INSERT INTO group_member (one, desk_id, desk_name, joined_at) VALUES (1, ?, ?, ?)
       ON CONFLICT (one) DO UPDATE SET desk_id = excluded.desk_id, desk_name = excluded.desk_name`,
    );
    this.leaveStmt = db.prepare('DELETE FROM group_member');
    this.clearOutboxStmt = db.prepare('DELETE FROM group_outbox');
    this.outboxStmt = db.prepare<[number, number], GroupOutboxRow>('SELECT id, uid, entity, local_id FROM group_outbox WHERE id > ? ORDER BY id LIMIT ?');
    this.outboxDeleteStmt = db.prepare<[number]>('DELETE FROM group_outbox WHERE id <= ?');
    this.outboxCountStmt = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM group_outbox');
    this.uidOfStmt = db.prepare<[string, number], { uid: string }>(
      'SELECT min(uid) AS uid FROM group_ids INDEXED BY group_ids_by_local WHERE entity = ? AND local_id = ? HAVING count(*) > 0',
    );
    this.localOfStmt = db.prepare<[string, string], { local_id: number }>('SELECT local_id FROM group_ids WHERE entity = ? AND uid = ?');
    this.mapStmt = db.prepare<[string, string, number]>('INSERT OR IGNORE INTO group_ids (entity, uid, local_id) VALUES (?, ?, ?)');
    this.applyingOnStmt = db.prepare('INSERT OR IGNORE INTO group_applying (one) VALUES (1)');
    this.applyingOffStmt = db.prepare('DELETE FROM group_applying');
    this.parkStmt = db.prepare<[string, string, string, number]>(
      'INSERT OR REPLACE INTO group_parked (uid, event, missing, parked_at) VALUES (?, ?, ?, ?)',
    );
    this.parkedStmt = db.prepare<[number], ParkedRow>('SELECT * FROM group_parked ORDER BY parked_at, uid LIMIT ?');
    this.unparkStmt = db.prepare<[string]>('DELETE FROM group_parked WHERE uid = ?');
    this.parkedCountStmt = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM group_parked');
    this.enqueueAllStmts = ENQUEUE_ALL.map(
      ([entity, select]) =>
        db.prepare(
          `INSERT INTO group_outbox (uid, entity, local_id)
           SELECT ${RANDOM_UUID}, '${entity}', x.id FROM (${select}) x`,
        ),
    );
    this.accountCodeStmt = db.prepare<[number], { code: string }>('SELECT code FROM dealer_accounts WHERE id = ?');
    this.accountByCodeStmt = db.prepare<[string], { id: number }>('SELECT id FROM dealer_accounts WHERE code = ?');
    this.senderSnapStmt = db.prepare<[number], SenderSnapshot>(
      `SELECT s.address, s.kind, s.label, s.gateway_opt_out, g.account_sid AS gateway_sid, s.archived_at,
              (SELECT json_group_array(a.code) FROM sender_accounts sa JOIN dealer_accounts a ON a.id = sa.dealer_account_id
               WHERE sa.sender_id = s.id) AS accounts
       FROM senders s JOIN gateway_accounts g ON g.id = s.gateway_account_id WHERE s.id = ?`,
    );
    this.phonesStmt = db.prepare<[number], PhoneSnapshot>(
      'SELECT number, valid_from, valid_to, changed_by FROM customer_phones WHERE customer_id = ? ORDER BY valid_from, id',
    );
    this.leadSnapStmt = db.prepare<[number], LeadSnapshot>(
      'SELECT l.customer_id, a.code AS account_code, l.source, l.created_at FROM leads l JOIN dealer_accounts a ON a.id = l.dealer_account_id WHERE l.id = ?',
    );
    this.consentSnapStmt = db.prepare<[number], ConsentEventSnapshot>(
      `SELECT e.uid, a.code AS account_code, e.customer_id, e.channel, e.status, e.source, e.actor, e.reason, e.keyword,
              e.occurred_at, e.desk, e.supersedes, e.reply_sid, e.basis_sid, e.basis_at
       FROM consent_events e JOIN dealer_accounts a ON a.id = e.dealer_account_id WHERE e.id = ?`,
    );
    this.consentSnapsStmt = db.prepare<[string], ConsentEventSnapshot & { id: number }>(
      `SELECT e.id, e.uid, a.code AS account_code, e.customer_id, e.channel, e.status, e.source, e.actor, e.reason, e.keyword,
              e.occurred_at, e.desk, e.supersedes, e.reply_sid, e.basis_sid, e.basis_at
       FROM consent_events e JOIN dealer_accounts a ON a.id = e.dealer_account_id WHERE e.id IN (SELECT value FROM json_each(?))`,
    );
    this.uidsOfStmt = db.prepare<[string, string], { local_id: number; uid: string }>(
      `SELECT local_id, min(uid) AS uid FROM group_ids INDEXED BY group_ids_by_local
       WHERE entity = ? AND local_id IN (SELECT value FROM json_each(?)) GROUP BY local_id`,
    );
    this.outboundSnapStmt = db.prepare<[number], OutboundSnapshot>(
      `SELECT m.gateway_sid, a.code AS account_code, m.customer_id, s.address AS sender_address, m.to_number, m.from_number, m.body,
              m.segments, m.status, m.origin, m.created_by, m.created_at, m.sent_at, m.desk
       FROM messages m LEFT JOIN dealer_accounts a ON a.id = m.dealer_account_id LEFT JOIN senders s ON s.id = m.sender_id
       WHERE m.id = ? AND m.gateway_sid IS NOT NULL`,
    );
    this.reviewSnapStmt = db.prepare<[number], ReviewSnapshot>(
      `SELECT m.gateway_sid AS reply_sid, r.kind, a.code AS account_code, r.status, r.resolved_by, r.resolved_at
       FROM review_items r JOIN messages m ON m.id = r.message_id LEFT JOIN dealer_accounts a ON a.id = r.dealer_account_id
       WHERE r.id = ?`,
    );
    this.templateSnapStmt = db.prepare<[number], TemplateSnapshot>(
      'SELECT a.code AS account_code, t.name, t.body FROM templates t LEFT JOIN dealer_accounts a ON a.id = t.dealer_account_id WHERE t.id = ?',
    );
    this.reviewsOfReplyStmt = db.prepare<[number, string, number | null], { id: number; status: string }>(
      'SELECT id, status FROM review_items WHERE message_id = ? AND kind = ? AND dealer_account_id IS ?',
    );
    this.setMessageAccountStmt = db.prepare<[number | null, string | null, string | null, number]>(
      `UPDATE messages SET dealer_account_id = coalesce(dealer_account_id, ?), created_by = coalesce(created_by, ?), desk = coalesce(desk, ?)
       WHERE id = ?`,
    );
    this.setReplyAccountStmt = db.prepare<[number, number]>('UPDATE messages SET dealer_account_id = ? WHERE id = ?');
    this.setMessageDeskStmt = db.prepare<[string | null, number]>('UPDATE messages SET desk = ? WHERE id = ?');
    this.repliesAfterStmt = db.prepare<[string, number, number], { id: number }>(
      `SELECT id FROM messages INDEXED BY messages_replies_by_number
       WHERE from_number = ? AND sender_id = ? AND direction = 'inbound' AND created_at >= ? ORDER BY created_at, id`,
    );
    this.attributionRulesStmt = db.prepare<[number], { rule: string; dealer_account_id: number | null; decided_at: number }>(
      'SELECT rule, dealer_account_id, decided_at FROM attributions WHERE message_id = ? ORDER BY rowid DESC',
    );
    this.updateTemplateStmt = db.prepare<[string, string, number]>('UPDATE templates SET name = ?, body = ? WHERE id = ?');
    this.ruleStateStmt = db.prepare<[{ id: number; enabled: number; enabledAt: number | null; archivedAt: number | null; updatedAt: number }]>(
      `UPDATE automation_rules SET enabled = @enabled, enabled_at = @enabledAt, archived_at = @archivedAt, updated_at = @updatedAt,
         scan_at = CASE WHEN enabled_at IS NOT @enabledAt THEN NULL ELSE scan_at END,
         scan_id = CASE WHEN enabled_at IS NOT @enabledAt THEN NULL ELSE scan_id END
       WHERE id = @id`,
    );
    this.insertPhoneStmt = db.prepare<[number, string, number, number | null, string | null]>(
      'INSERT INTO customer_phones (customer_id, number, valid_from, valid_to, changed_by) VALUES (?, ?, ?, ?, ?)',
    );
    this.hasPhoneStmt = db.prepare<[number, string, number], { one: number }>(
      'SELECT 1 AS one FROM customer_phones WHERE customer_id = ? AND number = ? AND valid_from = ?',
    );
  }

  member(): GroupMemberRow | undefined {
    return this.memberStmt.get();
  }

  /** This desk's name in its group (shown on what it records), or null outside a group. */
  deskName(): string | null {
    return this.memberStmt.get()?.desk_name ?? null;
  }

  /** Joins: from now on local changes are queued; everything already here is queued once, oldest first. */
  join(deskId: string, deskName: string, now: number, pushExisting: boolean): void {
    this.db.transaction(() => {
      const wasMember = this.memberStmt.get() !== undefined;
      this.joinStmt.run(deskId, deskName, now);
      if (!wasMember && pushExisting) for (const s of this.enqueueAllStmts) s.run();
    })();
  }

  /** Leaves the group: nothing more is queued, and what waited is dropped. The id map stays. */
  leave(): void {
    this.db.transaction(() => {
      this.leaveStmt.run();
      this.clearOutboxStmt.run();
    })();
  }

  /** The queue's oldest `limit` rows after row `afterId` (0: from the start). */
  outbox(limit: number, afterId = 0): GroupOutboxRow[] {
    return this.outboxStmt.all(afterId, limit);
  }
  /** Removes pushed rows (the queue is pushed in order: every row up to `lastId`). */
  dropPushed(lastId: number): void {
    this.outboxDeleteStmt.run(lastId);
  }
  waiting(): number {
    return this.outboxCountStmt.get()?.n ?? 0;
  }

  /** The group id of a local row (a customer may have several: the smallest names it). */
  uidOf(entity: GroupEntity, localId: number): string | undefined {
    return this.uidOfStmt.get(entity, localId)?.uid;
  }
  localOf(entity: GroupEntity, uid: string): number | undefined {
    return this.localOfStmt.get(entity, uid)?.local_id;
  }
  map(entity: GroupEntity, uid: string, localId: number): void {
    this.mapStmt.run(entity, uid, localId);
  }

  /** While set (inside the apply transaction), the triggers do not queue what is written. */
  setApplying(on: boolean): void {
    if (on) this.applyingOnStmt.run();
    else this.applyingOffStmt.run();
  }

  park(uid: string, event: string, missing: string, now: number): void {
    this.parkStmt.run(uid, event, missing, now);
  }
  parked(limit: number): ParkedRow[] {
    return this.parkedStmt.all(limit);
  }
  unpark(uid: string): void {
    this.unparkStmt.run(uid);
  }
  parkedCount(): number {
    return this.parkedCountStmt.get()?.n ?? 0;
  }

  accountCode(id: number): string | undefined {
    return this.accountCodeStmt.get(id)?.code;
  }
  accountByCode(code: string): number | undefined {
    return this.accountByCodeStmt.get(code)?.id;
  }
  senderSnapshot(id: number): SenderSnapshot | undefined {
    return this.senderSnapStmt.get(id);
  }
  phones(customerId: number): PhoneSnapshot[] {
    return this.phonesStmt.all(customerId);
  }
  leadSnapshot(id: number): LeadSnapshot | undefined {
    return this.leadSnapStmt.get(id);
  }
  consentEventSnapshot(id: number): ConsentEventSnapshot | undefined {
    return this.consentSnapStmt.get(id);
  }
  /** Many at once (a push batch): by event id. */
  consentEventSnapshots(ids: readonly number[]): Map<number, ConsentEventSnapshot> {
    return new Map(this.consentSnapsStmt.all(JSON.stringify(ids)).map((r) => [r.id, r] as const));
  }
  /** The group ids of many local rows at once (those that have one). */
  uidsOf(entity: GroupEntity, localIds: readonly number[]): Map<number, string> {
    return new Map(this.uidsOfStmt.all(entity, JSON.stringify(localIds)).map((r) => [r.local_id, r.uid] as const));
  }
  outboundSnapshot(id: number): OutboundSnapshot | undefined {
    return this.outboundSnapStmt.get(id);
  }
  reviewSnapshot(id: number): ReviewSnapshot | undefined {
    return this.reviewSnapStmt.get(id);
  }
  templateSnapshot(id: number): TemplateSnapshot | undefined {
    return this.templateSnapStmt.get(id);
  }
  reviewOfReply(messageId: number, kind: string, accountId: number | null): { id: number; status: string } | undefined {
    return this.reviewsOfReplyStmt.get(messageId, kind, accountId);
  }
  /** Another desk's record of an outbound message: the account, who and which desk (kept where already known). */
  completeOutbound(messageId: number, accountId: number | null, createdBy: string | null, desk: string | null): void {
    this.setMessageAccountStmt.run(accountId, createdBy, desk, messageId);
  }
  /** A revised attribution: the reply now belongs to one account. */
  setReplyAccount(messageId: number, accountId: number): void {
    this.setReplyAccountStmt.run(accountId, messageId);
  }
  setMessageDesk(messageId: number, desk: string | null): void {
    this.setMessageDeskStmt.run(desk, messageId);
  }
  /** Inbound replies from `number` to a sender since `since`: those an arriving outbound record may re-attribute. */
  repliesAfter(number: string, senderId: number, since: number): number[] {
    return this.repliesAfterStmt.all(number, senderId, since).map((r) => r.id);
  }
  /** The latest attribution decision of a reply (rows of one decision share its time). */
  latestAttribution(messageId: number): { rule: string; accountIds: number[] } | null {
    const rows = this.attributionRulesStmt.all(messageId);
    const first = rows[0];
    if (!first) return null;
    const decision = [];
    for (const r of rows) {
      if (r.rule !== first.rule || r.decided_at !== first.decided_at) break;
      decision.push(r);
    }
    return { rule: first.rule, accountIds: decision.flatMap((r) => (r.dealer_account_id !== null ? [r.dealer_account_id] : [])).reverse() };
  }
  /**
   * Another desk's switch and archive of a shared automation rule (R11/R12), as it recorded them: a
   * rule switched on again scans from its new start.
   */
  setRuleState(id: number, s: { enabled: boolean; enabledAt: number | null; archivedAt: number | null; updatedAt: number }): void {
    this.ruleStateStmt.run({ id, enabled: s.enabled ? 1 : 0, enabledAt: s.enabledAt, archivedAt: s.archivedAt, updatedAt: s.updatedAt });
  }
  updateTemplate(id: number, name: string, body: string): void {
    this.updateTemplateStmt.run(name, body, id);
  }
  /** Adds a past number another desk recorded (R2), once. */
  addPastPhone(customerId: number, p: PhoneSnapshot): void {
    if (this.hasPhoneStmt.get(customerId, p.number, p.valid_from)) return;
    this.insertPhoneStmt.run(customerId, p.number, p.valid_from, p.valid_to, p.changed_by);
  }
}
