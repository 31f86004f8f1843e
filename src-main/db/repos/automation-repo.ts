import type { Db } from '../open-database.ts';
import type { LeadDateField, TriggerKind } from '../../../shared/domain/automation.ts';
import type { MessageStatus } from '../../../shared/domain/types.ts';
import { MAY_HAVE_LEFT_STATUSES, UNSETTLED_STATUSES, WAITING_STATUSES } from '../../../shared/domain/message-status.ts';
import { sqlStatusList } from '../sql-lists.ts';

export interface AutomationRuleRow {
  id: number;
  dealer_account_id: number;
  name: string;
  /** One of TRIGGER_KINDS (older rows may hold something else: the runner leaves those alone). */
  trigger: string;
  body: string;
  enabled: number;
  created_at: number;
  trigger_days: number | null;
  trigger_status: string | null;
  trigger_date_field: string | null;
  trigger_offset_ms: number;
  end_at: number | null;
  enabled_at: number | null;
  scan_at: number | null;
  scan_id: number | null;
  updated_at: number | null;
  archived_at: number | null;
}

export interface AutomationStepRow {
  id: number;
  rule_id: number;
  position: number;
  template_id: number;
  delay_ms: number;
  retired_at: number | null;
}

export interface AutomationRunRow {
  id: number;
  rule_id: number;
  rule_name: string;
  dealer_account_id: number;
  account_name: string;
  customer_id: number;
  customer_name: string;
  message_id: number | null;
  message_status: string | null;
  block_reason: string | null;
  outcome: string;
  detail: string | null;
  ran_at: number;
  enrolment_id: number | null;
  step_run_id: number | null;
  position: number | null;
}

export interface EnrolmentRow {
  id: number;
  rule_id: number;
  customer_id: number;
  trigger_key: string;
  anchor_at: number | null;
  enrolled_at: number;
  status: 'active' | 'completed' | 'stopped';
  stop_reason: string | null;
  ended_at: number | null;
}

export type StepRunStatus = 'pending' | 'held' | 'released' | 'blocked' | 'skipped';

/** A step run due for release, with what the runner needs of its enrolment and rule. */
export interface DueStepRow {
  id: number;
  enrolment_id: number;
  step_id: number;
  position: number;
  due_at: number;
  status: StepRunStatus;
  reason: string | null;
  rule_id: number;
  customer_id: number;
  trigger_key: string;
  anchor_at: number | null;
  enrolled_at: number;
  enrolment_status: EnrolmentRow['status'];
}

export interface StepRunRow {
  id: number;
  enrolment_id: number;
  step_id: number;
  position: number;
  due_at: number;
  status: StepRunStatus;
  message_id: number | null;
  reason: string | null;
  released_at: number | null;
}

export interface AutomationEventRow {
  id: number;
  kind: 'lead_created' | 'appraisal_created' | 'appraisal_status';
  customer_id: number;
  dealer_account_id: number;
  ref_id: number;
  status: string | null;
  at: number;
}

/** A lead a time trigger found: its key time (the date, the last update, the chased message) and id. */
export interface TimeCandidate {
  id: number;
  customer_id: number;
  at: number;
  source: string | null;
  /** The chased message's automation run (chase triggers), to leave a rule's own messages alone. */
  automation_run_id: number | null;
}

export interface NewRule {
  dealerAccountId: number;
  name: string;
  trigger: TriggerKind;
  triggerDays: number | null;
  triggerStatus: string | null;
  triggerDateField: LeadDateField | null;
  triggerOffsetMs: number;
  endAt: number | null;
}

export interface NewRun {
  ruleId: number;
  customerId: number;
  enrolmentId: number | null;
  stepRunId: number | null;
  position: number | null;
  outcome: string;
  detail: string | null;
  messageId: number | null;
  at: number;
}

export interface HistoryFilter {
  ruleId?: number;
  customerId?: number;
  /** Raw outcomes (message statuses or runner decisions), matched against the message's status now where there is one. */
  outcomes?: readonly string[];
  /** Inclusive lower bound. */
  from?: number;
  /** Exclusive upper bound. */
  to?: number;
  before?: { ranAt: number; id: number };
}

export interface RuleCounts {
  rule_id: number;
  outcome: string;
  n: number;
}

/** Message statuses that mean our message reached (or may have reached) the customer. */
const REACHED = sqlStatusList([...UNSETTLED_STATUSES, 'delivered', ...MAY_HAVE_LEFT_STATUSES, ...WAITING_STATUSES.filter((s) => s === 'queued')] as MessageStatus[]);

/**
 * Automation rules, their steps, enrolments and step runs (R12), the lead/appraisal event queue,
 * and the history of what became of each step (R6: blocked automated sends appear here).
 */

/**
 * The time triggers' scans, keyset-paged from (at, id): parameters (account, at, at, id, upTo, limit).
 * The keyset is written `x >= ? AND (x > ? OR id > ?)`, not `(x > ? OR (x = ? AND id > ?))`: with
 * bound parameters and no statistics SQLite takes no lower bound from the second form and reads the
 * account's whole past at every tick (1 ms instead of 0.01 ms per rule at 100,000 leads).
 */
export const TIME_SCAN_SQL = {
  notUpdated: `SELECT id, customer_id, updated_at AS at, source, NULL AS automation_run_id FROM leads INDEXED BY leads_by_updated
         WHERE dealer_account_id = ? AND updated_at >= ? AND (updated_at > ? OR id > ?) AND updated_at <= ?
         ORDER BY updated_at, id LIMIT ?`,
  testDrive: `SELECT id, customer_id, test_drive_at AS at, source, NULL AS automation_run_id FROM leads INDEXED BY leads_by_test_drive
         WHERE dealer_account_id = ? AND test_drive_at IS NOT NULL AND test_drive_at >= ? AND (test_drive_at > ? OR id > ?) AND test_drive_at <= ?
         ORDER BY test_drive_at, id LIMIT ?`,
  followUp: `SELECT id, customer_id, follow_up_at AS at, source, NULL AS automation_run_id FROM leads INDEXED BY leads_by_follow_up
         WHERE dealer_account_id = ? AND follow_up_at IS NOT NULL AND follow_up_at >= ? AND (follow_up_at > ? OR id > ?) AND follow_up_at <= ?
         ORDER BY follow_up_at, id LIMIT ?`,
  // Our messages to the account's leads, in the order a chase reaches them.
  chased: `SELECT m.id, m.customer_id, m.created_at AS at, NULL AS source, m.automation_run_id FROM messages m INDEXED BY messages_by_account
         WHERE m.dealer_account_id = ? AND m.created_at >= ? AND (m.created_at > ? OR m.id > ?) AND m.created_at <= ?
           AND m.direction = 'outbound' AND m.customer_id IS NOT NULL AND (m.gateway_sid IS NOT NULL OR m.status IN (${REACHED}))
         ORDER BY m.created_at, m.id LIMIT ?`,
} as const;

export class AutomationRepo {
  private readonly db: Db;
  private readonly s;
  private readonly historyStmts = new Map<string, ReturnType<Db['prepare']>>();

  constructor(db: Db) {
    this.db = db;
    const p = <P extends unknown[], R = unknown>(sql: string) => db.prepare<P, R>(sql);
    this.s = {
      insertLegacyRule: p<[number, string, string, string, number, number]>(
        'INSERT INTO automation_rules (dealer_account_id, name, trigger, body, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      insertRule: db.prepare(
        `INSERT INTO automation_rules (dealer_account_id, name, trigger, body, enabled, created_at, updated_at, trigger_days, trigger_status,
           trigger_date_field, trigger_offset_ms, end_at)
         VALUES (@dealerAccountId, @name, @trigger, '', 0, @now, @now, @triggerDays, @triggerStatus, @triggerDateField, @triggerOffsetMs, @endAt)`,
      ),
      updateRule: db.prepare(
        `UPDATE automation_rules SET name = @name, trigger = @trigger, trigger_days = @triggerDays, trigger_status = @triggerStatus,
           trigger_date_field = @triggerDateField, trigger_offset_ms = @triggerOffsetMs, end_at = @endAt, updated_at = @now,
           scan_at = NULL, scan_id = NULL
         WHERE id = @id`,
      ),
      rule: p<[number], AutomationRuleRow>('SELECT * FROM automation_rules WHERE id = ?'),
      rules: p<[], AutomationRuleRow>('SELECT * FROM automation_rules WHERE archived_at IS NULL ORDER BY id'),
      activeRules: p<[], AutomationRuleRow>('SELECT * FROM automation_rules WHERE enabled = 1 AND archived_at IS NULL ORDER BY id'),
      setEnabled: p<[{ on: number; now: number; id: number }]>(
        `UPDATE automation_rules SET enabled = @on, enabled_at = CASE WHEN @on = 1 THEN @now ELSE enabled_at END,
           scan_at = CASE WHEN @on = 1 THEN NULL ELSE scan_at END, scan_id = CASE WHEN @on = 1 THEN NULL ELSE scan_id END, updated_at = @now
         WHERE id = @id`,
      ),
      archiveRule: p<[{ now: number; id: number }]>('UPDATE automation_rules SET archived_at = @now, enabled = 0, updated_at = @now WHERE id = @id'),
      setScan: p<[number, number, number]>('UPDATE automation_rules SET scan_at = ?, scan_id = ? WHERE id = ?'),
      steps: p<[number], AutomationStepRow>('SELECT * FROM automation_steps WHERE rule_id = ? AND retired_at IS NULL ORDER BY position'),
      step: p<[number], AutomationStepRow>('SELECT * FROM automation_steps WHERE id = ?'),
      stepAt: p<[number, number], AutomationStepRow>('SELECT * FROM automation_steps WHERE rule_id = ? AND position = ? AND retired_at IS NULL'),
      retireSteps: p<[number, number]>('UPDATE automation_steps SET retired_at = ? WHERE rule_id = ? AND retired_at IS NULL'),
      insertStep: p<[number, number, number, number]>('INSERT INTO automation_steps (rule_id, position, template_id, delay_ms) VALUES (?, ?, ?, ?)'),
      sources: p<[number], { source: string }>('SELECT source FROM automation_rule_sources WHERE rule_id = ? ORDER BY source'),
      clearSources: p<[number]>('DELETE FROM automation_rule_sources WHERE rule_id = ?'),
      insertSource: p<[number, string]>('INSERT OR IGNORE INTO automation_rule_sources (rule_id, source) VALUES (?, ?)'),

      eventsAfter: p<[number, number], AutomationEventRow>('SELECT * FROM automation_events WHERE id > ? ORDER BY id LIMIT ?'),
      maxEventId: p<[], { id: number | null }>('SELECT max(id) AS id FROM automation_events'),
      pruneEvents: p<[number]>('DELETE FROM automation_events WHERE id <= ?'),

      notUpdated: p<[number, number, number, number, number, number], TimeCandidate>(TIME_SCAN_SQL.notUpdated),
      testDrive: p<[number, number, number, number, number, number], TimeCandidate>(TIME_SCAN_SQL.testDrive),
      followUp: p<[number, number, number, number, number, number], TimeCandidate>(TIME_SCAN_SQL.followUp),
      chased: p<[number, number, number, number, number, number], TimeCandidate>(TIME_SCAN_SQL.chased),
      // Since `at`: a reply from the customer to this account (or unattributed), or another message of ours that reached them.
      laterContact: p<[{ customer: number; at: number; account: number }], { id: number }>(
        `SELECT id FROM messages INDEXED BY messages_timeline
         WHERE customer_id = @customer AND created_at > @at AND (dealer_account_id = @account OR dealer_account_id IS NULL)
           AND (direction = 'inbound' OR gateway_sid IS NOT NULL OR status IN (${REACHED}))
         LIMIT 1`,
      ),
      replySince: p<[number, number, number], { id: number; created_at: number; body: string }>(
        `SELECT id, created_at, body FROM messages INDEXED BY messages_timeline
         WHERE customer_id = ? AND created_at > ? AND direction = 'inbound' AND (dealer_account_id = ? OR dealer_account_id IS NULL)
         ORDER BY created_at LIMIT 1`,
      ),
      runRule: p<[number], { rule_id: number }>('SELECT rule_id FROM automation_runs WHERE id = ?'),

      enrol: p<[number, number, string, number | null, number]>(
        'INSERT OR IGNORE INTO automation_enrolments (rule_id, customer_id, trigger_key, anchor_at, enrolled_at) VALUES (?, ?, ?, ?, ?)',
      ),
      enrolment: p<[number], EnrolmentRow>('SELECT * FROM automation_enrolments WHERE id = ?'),
      endEnrolment: p<[string, string | null, number, number]>(
        "UPDATE automation_enrolments SET status = ?, stop_reason = ?, ended_at = ? WHERE id = ? AND status = 'active'",
      ),
      enrolmentsOfCustomer: p<[number, number], EnrolmentRow>(
        'SELECT * FROM automation_enrolments INDEXED BY automation_enrolments_by_customer WHERE customer_id = ? ORDER BY enrolled_at DESC, id DESC LIMIT ?',
      ),
      insertStepRun: p<[number, number, number, number]>(
        'INSERT OR IGNORE INTO automation_step_runs (enrolment_id, step_id, position, due_at) VALUES (?, ?, ?, ?)',
      ),
      stepRun: p<[number], StepRunRow>('SELECT * FROM automation_step_runs WHERE id = ?'),
      stepRunsOfEnrolment: p<[number], StepRunRow>('SELECT * FROM automation_step_runs WHERE enrolment_id = ? ORDER BY position'),
      due: p<[number, number], DueStepRow>(
        `SELECT s.id, s.enrolment_id, s.step_id, s.position, s.due_at, s.status, s.reason,
           e.rule_id, e.customer_id, e.trigger_key, e.anchor_at, e.enrolled_at, e.status AS enrolment_status
         FROM automation_step_runs s INDEXED BY automation_step_runs_due
         JOIN automation_enrolments e ON e.id = s.enrolment_id
         WHERE s.status IN ('pending', 'held') AND s.due_at <= ?
         ORDER BY s.due_at, s.id LIMIT ?`,
      ),
      settleStep: p<[string, string | null, number | null, number | null, number]>(
        "UPDATE automation_step_runs SET status = ?, reason = ?, message_id = ?, released_at = ? WHERE id = ? AND status IN ('pending', 'held')",
      ),
      moveStep: p<[string, number, string | null, number]>(
        "UPDATE automation_step_runs SET status = ?, due_at = ?, reason = ? WHERE id = ? AND status IN ('pending', 'held')",
      ),
      nextDue: p<[], { rule_id: number; at: number }>(
        `SELECT e.rule_id, min(s.due_at) AS at FROM automation_step_runs s INDEXED BY automation_step_runs_due
         JOIN automation_enrolments e ON e.id = s.enrolment_id WHERE s.status IN ('pending', 'held') GROUP BY e.rule_id`,
      ),
      earliestDue: p<[], { at: number | null }>(
        "SELECT min(due_at) AS at FROM automation_step_runs INDEXED BY automation_step_runs_due WHERE status IN ('pending', 'held')",
      ),
      pendingOfCustomer: p<[number], StepRunRow & { rule_id: number }>(
        `SELECT s.*, e.rule_id FROM automation_enrolments e INDEXED BY automation_enrolments_by_customer
         JOIN automation_step_runs s ON s.enrolment_id = e.id
         WHERE e.customer_id = ? AND s.status IN ('pending', 'held') ORDER BY s.due_at`,
      ),

      insertRun: db.prepare(
        `INSERT INTO automation_runs (rule_id, customer_id, enrolment_id, step_run_id, position, outcome, detail, message_id, ran_at)
         VALUES (@ruleId, @customerId, @enrolmentId, @stepRunId, @position, @outcome, @detail, @messageId, @at)`,
      ),
      startRun: p<[number, number, string, number]>('INSERT INTO automation_runs (rule_id, customer_id, outcome, ran_at) VALUES (?, ?, ?, ?)'),
      finishRun: p<[number | null, string, string | null, number]>('UPDATE automation_runs SET message_id = ?, outcome = ?, detail = ? WHERE id = ?'),
      lastRun: p<[], { rule_id: number; at: number }>('SELECT rule_id, max(ran_at) AS at FROM automation_runs GROUP BY rule_id'),
      counts: p<[], RuleCounts>(
        `SELECT r.rule_id, COALESCE(m.status, r.outcome) AS outcome, count(*) AS n
         FROM automation_runs r LEFT JOIN messages m ON m.id = r.message_id GROUP BY r.rule_id, COALESCE(m.status, r.outcome)`,
      ),

      lastAutomatedAt: p<[number], { at: number | null }>(
        "SELECT max(created_at) AS at FROM messages INDEXED BY messages_automated_by_sender WHERE sender_id = ? AND origin = 'automation'",
      ),
      automatedSince: p<[number, number], { n: number }>(
        "SELECT count(*) AS n FROM messages INDEXED BY messages_automated_by_sender WHERE sender_id = ? AND origin = 'automation' AND created_at > ?",
      ),
      senderPace: p<[number], { automation_per_minute: number }>('SELECT automation_per_minute FROM senders WHERE id = ?'),
      setSenderPace: p<[number, number]>('UPDATE senders SET automation_per_minute = ? WHERE id = ?'),
    };
  }

  // --- rules -----------------------------------------------------------------------------------

  /** A bare rule row (tests and the demo's history): no steps; the runner ignores an unknown trigger. */
  createRule(dealerAccountId: number, name: string, trigger: string, body: string, now: number): number {
    return Number(this.s.insertLegacyRule.run(dealerAccountId, name, trigger, body, now, now).lastInsertRowid);
  }
  insertRule(r: NewRule, now: number): number {
    return Number(this.s.insertRule.run({ ...r, now }).lastInsertRowid);
  }
  updateRule(id: number, r: Omit<NewRule, 'dealerAccountId'>, now: number): void {
    this.s.updateRule.run({ ...r, id, now });
  }
  rule(id: number): AutomationRuleRow | undefined {
    return this.s.rule.get(id);
  }
  rules(): AutomationRuleRow[] {
    return this.s.rules.all();
  }
  activeRules(): AutomationRuleRow[] {
    return this.s.activeRules.all();
  }
  /** Switches a rule on (from now: its scan starts over) or off. */
  setEnabled(id: number, enabled: boolean, now: number): void {
    this.s.setEnabled.run({ on: enabled ? 1 : 0, now, id });
  }
  archiveRule(id: number, now: number): void {
    this.s.archiveRule.run({ now, id });
  }
  setScan(id: number, at: number, lastId: number): void {
    this.s.setScan.run(at, lastId, id);
  }
  steps(ruleId: number): AutomationStepRow[] {
    return this.s.steps.all(ruleId);
  }
  step(id: number): AutomationStepRow | undefined {
    return this.s.step.get(id);
  }
  /** The rule's current step at a position (1-based), if any. */
  stepAt(ruleId: number, position: number): AutomationStepRow | undefined {
    return this.s.stepAt.get(ruleId, position);
  }
  /** Replaces the rule's steps: the old ones are retired (step runs already made keep theirs). */
  replaceSteps(ruleId: number, steps: readonly { templateId: number; delayMs: number }[], now: number): void {
    this.s.retireSteps.run(now, ruleId);
    steps.forEach((st, i) => this.s.insertStep.run(ruleId, i + 1, st.templateId, st.delayMs));
  }
  sources(ruleId: number): string[] {
    return this.s.sources.all(ruleId).map((r) => r.source);
  }
  setSources(ruleId: number, sources: readonly string[]): void {
    this.s.clearSources.run(ruleId);
    for (const src of sources) this.s.insertSource.run(ruleId, src);
  }

  // --- what triggers read ---------------------------------------------------------------------

  eventsAfter(id: number, limit: number): AutomationEventRow[] {
    return this.s.eventsAfter.all(id, limit);
  }
  maxEventId(): number {
    return this.s.maxEventId.get()?.id ?? 0;
  }
  pruneEvents(throughId: number): void {
    this.s.pruneEvents.run(throughId);
  }

  /** A time trigger's candidates after the scan position (at, id), up to `upTo`, in order. */
  timeCandidates(
    kind: 'not_updated' | 'no_reply' | LeadDateField,
    dealerAccountId: number,
    after: { at: number; id: number },
    upTo: number,
    limit: number,
  ): TimeCandidate[] {
    const stmt = kind === 'not_updated' ? this.s.notUpdated : kind === 'no_reply' ? this.s.chased : kind === 'test_drive_at' ? this.s.testDrive : this.s.followUp;
    return stmt.all(dealerAccountId, after.at, after.at, after.id, upTo, limit);
  }
  /** Whether the customer heard from us again, or replied, after `at` (a chase is due only when neither). */
  contactSince(customerId: number, dealerAccountId: number, at: number): boolean {
    return this.s.laterContact.get({ customer: customerId, at, account: dealerAccountId }) !== undefined;
  }
  /** The customer's first SMS reply to this account (or unattributed) after `at`. */
  replySince(customerId: number, dealerAccountId: number, at: number): { id: number; created_at: number; body: string } | undefined {
    return this.s.replySince.get(customerId, at, dealerAccountId);
  }
  ruleOfRun(runId: number): number | undefined {
    return this.s.runRule.get(runId)?.rule_id;
  }

  // --- enrolments and step runs --------------------------------------------------------------

  /** Enrols a customer once per trigger occurrence; null when already enrolled for it. */
  enrol(ruleId: number, customerId: number, triggerKey: string, anchorAt: number | null, now: number): number | null {
    const r = this.s.enrol.run(ruleId, customerId, triggerKey, anchorAt, now);
    return r.changes === 1 ? Number(r.lastInsertRowid) : null;
  }
  enrolment(id: number): EnrolmentRow | undefined {
    return this.s.enrolment.get(id);
  }
  /** Ends an active enrolment: 'completed' (its last step went) or 'stopped' with why. */
  endEnrolment(id: number, status: 'completed' | 'stopped', reason: string | null, now: number): void {
    this.s.endEnrolment.run(status, reason, now, id);
  }
  enrolmentsOfCustomer(customerId: number, limit: number): EnrolmentRow[] {
    return this.s.enrolmentsOfCustomer.all(customerId, limit);
  }
  /** Schedules a step of an enrolment (once: a second call for the same position does nothing). */
  scheduleStep(enrolmentId: number, stepId: number, position: number, dueAt: number): void {
    this.s.insertStepRun.run(enrolmentId, stepId, position, dueAt);
  }
  stepRun(id: number): StepRunRow | undefined {
    return this.s.stepRun.get(id);
  }
  stepRunsOfEnrolment(enrolmentId: number): StepRunRow[] {
    return this.s.stepRunsOfEnrolment.all(enrolmentId);
  }
  /** Step runs due at `now` (pending or held), oldest first: the tick's whole read. */
  due(now: number, limit: number): DueStepRow[] {
    return this.s.due.all(now, limit);
  }
  /**
   * The reservation (R12): moves a pending or held step to its final status exactly once.
   * False when another writer settled it first.
   */
  settleStep(id: number, status: Exclude<StepRunStatus, 'pending' | 'held'>, reason: string | null, messageId: number | null, now: number): boolean {
    return this.s.settleStep.run(status, reason, messageId, status === 'released' ? now : null, id).changes === 1;
  }
  /** Moves a waiting step to a later time (rescheduled, held, paced). */
  moveStep(id: number, status: 'pending' | 'held', dueAt: number, reason: string | null): boolean {
    return this.s.moveStep.run(status, dueAt, reason, id).changes === 1;
  }
  nextDueByRule(): Map<number, number> {
    return new Map(this.s.nextDue.all().map((r) => [r.rule_id, r.at]));
  }
  earliestDue(): number | null {
    return this.s.earliestDue.get()?.at ?? null;
  }
  waitingStepsOfCustomer(customerId: number): (StepRunRow & { rule_id: number })[] {
    return this.s.pendingOfCustomer.all(customerId);
  }

  // --- history ---------------------------------------------------------------------------------

  addRun(r: NewRun): number {
    return Number(this.s.insertRun.run(r).lastInsertRowid);
  }
  startRun(ruleId: number, customerId: number, now: number): number {
    return Number(this.s.startRun.run(ruleId, customerId, 'running', now).lastInsertRowid);
  }
  finishRun(runId: number, messageId: number | null, outcome: string, detail: string | null): void {
    this.s.finishRun.run(messageId, outcome, detail, runId);
  }
  lastRunByRule(): Map<number, number> {
    return new Map(this.s.lastRun.all().map((r) => [r.rule_id, r.at]));
  }
  /** History rows per rule and outcome (the message's status now, where the row has a message). */
  countsByRule(): RuleCounts[] {
    return this.s.counts.all();
  }

  /** Automation history, newest first, keyset-paged by (ran_at, id). */
  history(limit: number, f: HistoryFilter = {}): AutomationRunRow[] {
    const key = [f.ruleId !== undefined ? 'r' : '', f.customerId !== undefined ? 'c' : '', f.outcomes ? `o${f.outcomes.length}` : '', f.from !== undefined ? 'f' : '', f.to !== undefined ? 't' : ''].join('');
    let stmt = this.historyStmts.get(key);
    if (!stmt) {
      const where: string[] = ['(r.ran_at < @at OR (r.ran_at = @at AND r.id < @id))'];
      if (f.ruleId !== undefined) where.push('r.rule_id = @ruleId');
      if (f.customerId !== undefined) where.push('r.customer_id = @customerId');
      if (f.outcomes) where.push(`COALESCE(m.status, r.outcome) IN (${f.outcomes.map((_, i) => `@o${i}`).join(', ')})`);
      if (f.from !== undefined) where.push('r.ran_at >= @from');
      if (f.to !== undefined) where.push('r.ran_at < @to');
      const index = f.customerId !== undefined ? 'automation_runs_by_customer' : f.ruleId !== undefined ? 'automation_runs_history' : 'automation_runs_by_time';
      stmt = this.db.prepare(
        `SELECT r.*, ru.name AS rule_name, ru.dealer_account_id, a.name AS account_name,
           c.first_name || ' ' || c.last_name AS customer_name, m.status AS message_status, m.block_reason
         FROM automation_runs r INDEXED BY ${index}
         JOIN automation_rules ru ON ru.id = r.rule_id JOIN dealer_accounts a ON a.id = ru.dealer_account_id
         JOIN customers c ON c.id = r.customer_id LEFT JOIN messages m ON m.id = r.message_id
         WHERE ${where.join(' AND ')} ORDER BY r.ran_at DESC, r.id DESC LIMIT @limit`,
      );
      this.historyStmts.set(key, stmt);
    }
    const params: Record<string, unknown> = {
      at: f.before?.ranAt ?? Number.MAX_SAFE_INTEGER,
      id: f.before?.id ?? Number.MAX_SAFE_INTEGER,
      limit,
    };
    if (f.ruleId !== undefined) params.ruleId = f.ruleId;
    if (f.customerId !== undefined) params.customerId = f.customerId;
    f.outcomes?.forEach((o, i) => (params[`o${i}`] = o));
    if (f.from !== undefined) params.from = f.from;
    if (f.to !== undefined) params.to = f.to;
    return stmt.all(params) as AutomationRunRow[];
  }

  // --- pacing ----------------------------------------------------------------------------------

  lastAutomatedAt(senderId: number): number | null {
    return this.s.lastAutomatedAt.get(senderId)?.at ?? null;
  }
  automatedSince(senderId: number, since: number): number {
    return this.s.automatedSince.get(senderId, since)?.n ?? 0;
  }
  senderPace(senderId: number): number {
    return this.s.senderPace.get(senderId)?.automation_per_minute ?? 30;
  }
  setSenderPace(senderId: number, perMinute: number): void {
    this.s.setSenderPace.run(perMinute, senderId);
  }
}
