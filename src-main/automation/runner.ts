// The automation runner (R12). Each tick, on the injected clock:
//  1. Enrols: lead/appraisal events since its cursor (event triggers, from the moment a rule was
//     switched on) and, per rule with a time trigger, the leads whose trigger time has passed since
//     the rule's scan position (index range scans: the cost follows the matches, not the leads).
//  2. Releases the step runs due now (a partial index on due_at): brakes are checked HERE, at
//     release, not only when the step was scheduled — the rule off or past its end date, the lead
//     closed, excluded or changed, the send hours closed (rescheduled to the next allowed time, and
//     the history says so), the customer opted out (the attempt is recorded as blocked, R6, and the
//     sequence stops), a possible opt-out awaiting review (held), a reply since the enrolment.
//  3. A step that may go is claimed (the group hook), then reserved and queued in ONE transaction:
//     the step run's status moves from pending to released exactly once (UNIQUE (enrolment,
//     position) and a guarded UPDATE) and the message enters the outbox in the same commit. The
//     tick's ready steps share that commit, each in its own savepoint (one commit, not one per step). The
//     runner never calls the gateway; the outbox does, deciding consent again as it leaves (R8),
//     with a ValidityPeriod no longer than the time left in the send window.
//  4. Pacing: at most the sender's `automation_per_minute` automated messages in any minute;
//     steps over the limit wait for a later minute.
import type { Clock } from '../clock.ts';
import type { Store } from '../db/store.ts';
import type { AutomationRuleRow, AutomationStepRow, DueStepRow, TimeCandidate } from '../db/repos/automation-repo.ts';
import type { SendService } from '../messaging/send-service.ts';
import type { TemplateService } from '../templates/template-service.ts';
import type { CalendarService } from '../calendar/calendar-service.ts';
import type { SendCalendar } from '../../shared/domain/send-hours.ts';
import { LeadFieldsRepo } from '../db/repos/lead-fields-repo.ts';
import { AppError } from '../app-error.ts';
import { customerDisplayName } from '../../shared/domain/people.ts';
import { quoteReply } from '../../shared/domain/consent-wording.ts';
import { DAY_MS, EVENT_TRIGGERS, LEAD_DATE_FIELDS, LEAD_DATE_LABELS, MIN_VALIDITY_MS, MINUTE_MS, TIME_TRIGGERS, type LeadDateField, type TriggerKind } from '../../shared/domain/automation.ts';
import { describeInstant, whyClosed, windowAt } from '../calendar/send-window.ts';
import { localStepClaim, type StepClaim } from './step-claim.ts';

export interface RunnerDeps {
  store: Store;
  sends: SendService;
  templates: TemplateService;
  calendar: CalendarService;
  clock: Clock;
  /** The group-wide claim of a step (issue 10 backs it); a lone desk claims everything. */
  claim?: StepClaim;
  /** Told of every message the runner queued (the app kicks the outbox). */
  onQueued?: (messageId: number) => void;
}

export interface RunnerOptions {
  /** Step runs released per tick at most. Default 200. */
  releaseBatch?: number;
  /** Events and time-trigger candidates read per tick (per rule) at most. Default 500. */
  enrolBatch?: number;
  /** How often a held step is looked at again. Default 5 minutes. */
  holdRecheckMs?: number;
}

export interface TickStats {
  enrolled: number;
  due: number;
  released: number;
  blocked: number;
  held: number;
  skipped: number;
  rescheduled: number;
  paced: number;
}

const EVENTS_CURSOR = 'automation.events';
const NEVER = { at: Number.MIN_SAFE_INTEGER, id: 0 };

/** Per-tick memory: rules, steps and calendars read once; each sender's pacing budget. */
class TickContext {
  readonly #rules = new Map<number, AutomationRuleRow | null>();
  readonly #calendars = new Map<number, SendCalendar>();
  readonly #steps = new Map<number, AutomationStepRow[]>();
  readonly pace = new Map<number, Pace>();
  constructor(readonly store: Store, readonly calendar: CalendarService) {}
  rule(id: number): AutomationRuleRow | null {
    if (!this.#rules.has(id)) this.#rules.set(id, this.store.automation.rule(id) ?? null);
    return this.#rules.get(id)!;
  }
  steps(ruleId: number): AutomationStepRow[] {
    let s = this.#steps.get(ruleId);
    if (!s) this.#steps.set(ruleId, (s = this.store.automation.steps(ruleId)));
    return s;
  }
  readonly #windows = new Map<number, { opensAt: number; closesAt: number }>();
  /** The account's send window at the tick's moment (the same for every step of the tick). */
  windowNow(accountId: number, now: number): { opensAt: number; closesAt: number } {
    let w = this.#windows.get(accountId);
    if (!w) this.#windows.set(accountId, (w = windowAt(now, this.cal(accountId))));
    return w;
  }
  cal(accountId: number): SendCalendar {
    let c = this.#calendars.get(accountId);
    if (!c) this.#calendars.set(accountId, (c = this.calendar.forAccount(accountId)));
    return c;
  }
}

export class AutomationRunner {
  readonly #d: RunnerDeps;
  readonly #o: Required<RunnerOptions>;
  readonly #claim: StepClaim;
  /** The last tick filled a batch (events, candidates or due steps): more is waiting now. */
  #backlog = false;

  constructor(deps: RunnerDeps, options: RunnerOptions = {}) {
    this.#d = deps;
    this.#claim = deps.claim ?? localStepClaim;
    this.#o = {
      releaseBatch: Math.max(1, options.releaseBatch ?? 200),
      enrolBatch: Math.max(1, options.enrolBatch ?? 500),
      holdRecheckMs: options.holdRecheckMs ?? 5 * MINUTE_MS,
    };
  }

  /** One tick: enrol, then release what is due. */
  async tick(): Promise<TickStats> {
    const now = this.#d.clock();
    this.#filled = false;
    const ctx = new TickContext(this.#d.store, this.#d.calendar);
    const stats: TickStats = { enrolled: 0, due: 0, released: 0, blocked: 0, held: 0, skipped: 0, rescheduled: 0, paced: 0 };
    const active = this.#d.store.automation.activeRules().filter((r) => (TRIGGER_SET as Set<string>).has(r.trigger));
    stats.enrolled += this.#enrolFromEvents(active, ctx, now);
    for (const rule of active) if ((TIME_TRIGGERS as readonly string[]).includes(rule.trigger)) stats.enrolled += this.#enrolFromTime(rule, ctx, now);
    const due = this.#d.store.automation.due(now, this.#o.releaseBatch);
    stats.due = due.length;
    // Each step is checked (and claimed) in turn; those that may go are then reserved and queued
    // together, in one commit, each in its own savepoint (a refusal or a race undoes that step only).
    const ready: ReadyStep[] = [];
    for (const step of due) {
      const r = await this.#prepare(step, ctx, now);
      if (typeof r === 'string') stats[r]++;
      else ready.push(r);
    }
    if (ready.length > 0) for (const outcome of this.#reserveAll(ready, now)) stats[outcome]++;
    this.#backlog = this.#filled || due.length === this.#o.releaseBatch;
    return stats;
  }

  /** Runs ticks until nothing more is due now (tests; a catch-up after a restart). */
  async drain(maxTicks = 1000): Promise<TickStats> {
    const total: TickStats = { enrolled: 0, due: 0, released: 0, blocked: 0, held: 0, skipped: 0, rescheduled: 0, paced: 0 };
    for (let i = 0; i < maxTicks; i++) {
      const s = await this.tick();
      for (const k of Object.keys(total) as (keyof TickStats)[]) total[k] += s[k];
      const progressed = s.enrolled + s.released + s.blocked + s.skipped + s.rescheduled + s.held;
      if (progressed === 0 || s.due === s.paced + s.held + s.rescheduled) break;
    }
    return total;
  }

  /** When the next tick has work: now when the last one left a backlog (a bulk import), else the next step's due time (null: none). */
  nextDueAt(): number | null {
    return this.#backlog ? this.#d.clock() : this.#d.store.automation.earliestDue();
  }

  #filled = false;

  // --- enrolment -------------------------------------------------------------------------------

  #enrolFromEvents(active: AutomationRuleRow[], ctx: TickContext, now: number): number {
    const { store } = this.#d;
    const cursor = Number(store.sync.cursor(EVENTS_CURSOR) ?? 0);
    const rules = active.filter((r) => (EVENT_TRIGGERS as readonly string[]).includes(r.trigger));
    if (rules.length === 0) {
      // Nothing listens: events so far are not news for a rule switched on later.
      const max = store.automation.maxEventId();
      if (max > cursor) store.transaction(() => {
        store.sync.setCursor(EVENTS_CURSOR, String(max), now);
        store.automation.pruneEvents(max);
      });
      return 0;
    }
    const events = store.automation.eventsAfter(cursor, this.#o.enrolBatch);
    if (events.length === 0) return 0;
    if (events.length === this.#o.enrolBatch) this.#filled = true;
    let enrolled = 0;
    store.transaction(() => {
      for (const e of events) {
        for (const rule of rules) {
          if (rule.dealer_account_id !== e.dealer_account_id || rule.enabled_at === null || e.at <= rule.enabled_at) continue;
          if (rule.trigger !== e.kind) continue;
          if (e.kind === 'appraisal_status' && e.status !== rule.trigger_status) continue;
          const key = e.kind === 'appraisal_status' ? `${e.kind}:${e.ref_id}:${e.id}` : `${e.kind}:${e.ref_id}`;
          if (this.#enrol(rule, ctx, e.customer_id, key, e.at, e.at, now)) enrolled++;
        }
      }
      const last = events[events.length - 1]!.id;
      store.sync.setCursor(EVENTS_CURSOR, String(last), now);
      store.automation.pruneEvents(last);
    });
    return enrolled;
  }

  #enrolFromTime(rule: AutomationRuleRow, ctx: TickContext, now: number): number {
    const { store } = this.#d;
    const plan = timePlan(rule, now);
    if (!plan) return 0;
    const after = rule.scan_at !== null ? { at: rule.scan_at, id: rule.scan_id ?? 0 } : plan.start;
    const found = store.automation.timeCandidates(plan.source, rule.dealer_account_id, after, plan.upTo, this.#o.enrolBatch);
    if (found.length === 0) return 0;
    if (found.length === this.#o.enrolBatch) this.#filled = true;
    let enrolled = 0;
    store.transaction(() => {
      for (const c of found) {
        if (!this.#stillMatches(rule, plan, c)) continue;
        if (this.#enrol(rule, ctx, c.customer_id, plan.key(c), c.at, c.at + plan.shiftMs, now)) enrolled++;
      }
      const last = found[found.length - 1]!;
      store.automation.setScan(rule.id, last.at, last.id);
    });
    return enrolled;
  }

  /** A chase needs the message to be our last word, unanswered, and not the rule's own. */
  #stillMatches(rule: AutomationRuleRow, plan: TimePlan, c: TimeCandidate): boolean {
    if (plan.source !== 'no_reply') return true;
    const { automation } = this.#d.store;
    if (c.automation_run_id !== null && automation.ruleOfRun(c.automation_run_id) === rule.id) return false;
    return !automation.contactSince(c.customer_id, rule.dealer_account_id, c.at);
  }

  /** Enrols the customer once for this occurrence and schedules the first step. */
  #enrol(rule: AutomationRuleRow, ctx: TickContext, customerId: number, key: string, anchorAt: number, triggerAt: number, now: number): boolean {
    const { store } = this.#d;
    const [first] = ctx.steps(rule.id);
    if (!first) return false;
    const lead = store.leadFields.get(customerId, rule.dealer_account_id);
    if (!lead || lead.closed_at !== null || lead.automation_excluded === 1) return false;
    const sources = store.automation.sources(rule.id);
    if (sources.length > 0 && !sources.includes(lead.source)) return false;
    const id = store.automation.enrol(rule.id, customerId, key, anchorAt, now);
    if (id === null) return false;
    store.automation.scheduleStep(id, first.id, 1, triggerAt + first.delay_ms);
    return true;
  }

  // --- release ---------------------------------------------------------------------------------

  /** Brakes, send hours, the send policy, the response and pacing; then the claim. A step that may go comes back ready to reserve. */
  async #prepare(step: DueStepRow, ctx: TickContext, now: number): Promise<Outcome | ReadyStep> {
    const { store, sends, templates } = this.#d;
    const rule = ctx.rule(step.rule_id);
    const accountId = rule?.dealer_account_id ?? 0;
    const accountName = rule ? store.accounts.accountName(accountId) : 'the dealer';
    const describe = (at: number): string => describeInstant(at, rule ? ctx.cal(accountId).timeZone : 'Australia/Sydney');
    const stop = (reason: string): 'skipped' => {
      this.#skip(step, reason, now, true);
      return 'skipped';
    };

    if (!rule || rule.archived_at !== null || rule.enabled !== 1) return stop(`the rule "${rule?.name ?? step.rule_id}" was switched off`);
    if (step.enrolment_status !== 'active') return stop('the sequence had already stopped');
    if (rule.end_at !== null && now >= rule.end_at) return stop(`the rule's end date (${describe(rule.end_at)}) has passed`);
    const lead = store.leadFields.get(step.customer_id, accountId);
    if (!lead) return stop(`the customer is no longer a lead of ${accountName}`);
    if (lead.closed_at !== null) return stop(`the lead was closed on ${describe(lead.closed_at)}`);
    if (lead.automation_excluded === 1) return stop('the lead is excluded from automation');
    const changed = triggerChanged(rule, lead, step.anchor_at);
    if (changed) return stop(changed);

    // Send hours, in the account's own time zone with its state's public holidays.
    const cal = ctx.cal(accountId);
    let window = ctx.windowNow(accountId, now);
    // Less than a minute left: too little for the gateway to deliver it in; the next window it is.
    const closing = window.opensAt <= now && window.closesAt - now < MIN_VALIDITY_MS;
    if (closing) window = windowAt(window.closesAt, cal);
    if (window.opensAt > now) {
      const why = closing ? `they close at ${describeInstant(ctx.windowNow(accountId, now).closesAt, cal.timeZone)}` : (whyClosed(now, cal) ?? 'closed');
      const detail =
        `Due ${describeInstant(step.due_at, cal.timeZone)}, outside ${accountName}'s send hours ` +
        `(${why}); moved to ${describeInstant(window.opensAt, cal.timeZone)}.`;
      store.transaction(() => {
        if (store.automation.moveStep(step.id, 'pending', window.opensAt, detail)) this.#history(step, 'rescheduled', detail, null, now);
      });
      return 'rescheduled';
    }

    const customer = store.customers.get(step.customer_id);
    if (!customer?.mobile) return stop(`${customer ? customerDisplayName(customer, 'the customer') : 'the customer'} has no mobile number`);
    const name = customerDisplayName(customer, customer.mobile);

    // The one send policy, asked for an automated send: opted out (blocked, R6), review pending (held), R7.
    const { decision } = sends.preflight({ dealerAccountId: accountId, customerId: step.customer_id, origin: 'automation' });
    // Held for review, or waiting for the group's state (R11: another desk's opt-out may not be here yet).
    if (decision.refusal?.status === 'held_review' || decision.refusal?.code === 'GROUP_STALE') {
      const reason = decision.refusal.text;
      store.transaction(() => {
        const wasHeld = step.status === 'held';
        if (store.automation.moveStep(step.id, 'held', now + this.#o.holdRecheckMs, reason) && !wasHeld) this.#history(step, 'held', reason, null, now);
      });
      return 'held';
    }
    const blocked = decision.refusal !== null;
    if (!blocked) {
      const reply = store.automation.replySince(step.customer_id, accountId, step.enrolled_at);
      if (reply) return stop(`${name} replied ${quoteReply(reply.body)} on ${describe(reply.created_at)}; the sequence stops`);
    }

    const stepRow = store.automation.step(step.step_id);
    const template = stepRow ? store.templates.get(stepRow.template_id) : undefined;
    if (!template || template.archived_at !== null) {
      this.#skip(step, `its response${template ? ` "${template.name}"` : ''} was archived`, now, false, rule);
      return 'skipped';
    }
    const filled = templates.fill(template.body, step.customer_id, accountId);
    if (!filled.ok) {
      this.#skip(step, `the response "${template.name}" cannot be filled: ${filled.error}`, now, false, rule);
      return 'skipped';
    }

    // Pacing: blocked attempts never reach the gateway and need no slot.
    let pace: Pace | undefined;
    if (!blocked) {
      const sender = sends.defaultSender(accountId);
      if (!sender) return stop(`${accountName} has no SMS sender`);
      pace = ctx.pace.get(sender.id);
      if (!pace) {
        const perMinute = store.automation.senderPace(sender.id);
        pace = { perMinute, left: perMinute - store.automation.automatedSince(sender.id, now - MINUTE_MS), deferred: 0 };
        ctx.pace.set(sender.id, pace);
      }
      if (pace.left <= 0) {
        const later = now + MINUTE_MS * (1 + Math.floor(pace.deferred++ / pace.perMinute));
        store.automation.moveStep(step.id, 'pending', later, null);
        return 'paced';
      }
    }

    const claim = await this.#claim.claim({ ruleId: rule.id, customerId: step.customer_id, triggerKey: step.trigger_key, anchorAt: step.anchor_at, position: step.position, stepRunId: step.id });
    if (!claim.claimed) {
      this.#skip(step, claim.reason, now, false, rule);
      return 'skipped';
    }
    // Its pacing slot is taken now, so the steps after it in this tick see it gone; given back if it is not queued.
    if (pace) pace.left--;
    return { step, rule, accountId, text: filled.text, validUntil: window.closesAt, pace };
  }

  /** Reserves and queues the ready steps in one commit; each step's reservation and message stay one unit (R12, R8). */
  #reserveAll(ready: ReadyStep[], now: number): Outcome[] {
    const { store } = this.#d;
    const queued: number[] = [];
    const outcomes = store.transaction(() => ready.map((r) => this.#reserve(r, now, queued)));
    for (const id of queued) this.#d.onQueued?.(id);
    return outcomes;
  }

  #reserve({ step, rule, accountId, text, validUntil, pace }: ReadyStep, now: number, queued: number[]): Outcome {
    const { store, sends } = this.#d;
    let outcome: 'released' | 'blocked' | 'skipped' = 'skipped';
    let queuedId: number | null = null;
    try {
      store.transaction(() => {
        const runId = store.automation.addRun({
          ruleId: rule.id, customerId: step.customer_id, enrolmentId: step.enrolment_id, stepRunId: step.id, position: step.position,
          outcome: 'running', detail: null, messageId: null, at: now,
        });
        const result = sends.enqueue({
          dealerAccountId: accountId,
          customerId: step.customer_id,
          body: text,
          actor: 'automation',
          origin: 'automation',
          automationRunId: runId,
          validUntil,
        });
        const refused = result.outcome === 'refused';
        if (!store.automation.settleStep(step.id, refused ? 'blocked' : 'released', result.refusal?.text ?? null, result.message.id, now)) {
          throw new AlreadySettled();
        }
        store.automation.finishRun(runId, result.message.id, result.message.status, result.refusal?.text ?? null);
        if (refused) {
          store.automation.endEnrolment(step.enrolment_id, 'stopped', result.refusal.reason, now);
          outcome = 'blocked';
        } else {
          this.#scheduleNext(rule, step, now);
          queuedId = result.message.id;
          outcome = 'released';
        }
      });
    } catch (err) {
      if (pace) pace.left++;
      if (err instanceof AlreadySettled) return 'skipped';
      if (err instanceof AppError) {
        this.#skip(step, err.message.replace(/\.$/, ''), now, true);
        return 'skipped';
      }
      throw err;
    }
    if (queuedId !== null) queued.push(queuedId);
    else if (pace) pace.left++;
    return outcome;
  }

  /** The next step of the sequence, a delay after this one; or the enrolment completes. */
  #scheduleNext(rule: AutomationRuleRow, step: DueStepRow, now: number): void {
    const { automation } = this.#d.store;
    const next = automation.stepAt(rule.id, step.position + 1);
    if (next) automation.scheduleStep(step.enrolment_id, next.id, step.position + 1, now + next.delay_ms);
    else automation.endEnrolment(step.enrolment_id, 'completed', null, now);
  }

  /**
   * Records a step that will not go, with why. `stops`: the whole sequence stops (a brake);
   * otherwise only this step is skipped and the sequence moves on.
   */
  #skip(step: DueStepRow, reason: string, now: number, stops: boolean, rule?: AutomationRuleRow): void {
    const { store } = this.#d;
    const sentence = reason.charAt(0).toUpperCase() + reason.slice(1) + '.';
    store.transaction(() => {
      if (!store.automation.settleStep(step.id, 'skipped', sentence, null, now)) return;
      this.#history(step, 'skipped', sentence, null, now);
      if (stops) store.automation.endEnrolment(step.enrolment_id, 'stopped', sentence, now);
      else if (rule) this.#scheduleNext(rule, step, now);
    });
  }

  #history(step: DueStepRow, outcome: string, detail: string | null, messageId: number | null, now: number): void {
    this.#d.store.automation.addRun({
      ruleId: step.rule_id, customerId: step.customer_id, enrolmentId: step.enrolment_id, stepRunId: step.id, position: step.position,
      outcome, detail, messageId, at: now,
    });
  }
}

class AlreadySettled extends Error {}

type Outcome = Exclude<keyof TickStats, 'enrolled' | 'due'>;
type Pace = { left: number; perMinute: number; deferred: number };
/** A step that passed every check and was claimed: what its reservation needs. */
interface ReadyStep {
  step: DueStepRow;
  rule: AutomationRuleRow;
  accountId: number;
  text: string;
  validUntil: number;
  pace: Pace | undefined;
}

const TRIGGER_SET = new Set<string>([...EVENT_TRIGGERS, ...TIME_TRIGGERS]);

/** How a time trigger scans: which index, up to when, from where at first, the occurrence key. */
export interface TimePlan {
  source: 'not_updated' | 'no_reply' | LeadDateField;
  /** Candidates whose key time is at most this. */
  upTo: number;
  /** The first scan's position (before any scan). */
  start: { at: number; id: number };
  /** From the key time to the trigger time. */
  shiftMs: number;
  key(c: TimeCandidate): string;
}

export function timePlan(rule: AutomationRuleRow, now: number): TimePlan | null {
  const kind = rule.trigger as TriggerKind;
  if (kind === 'not_updated' || kind === 'no_reply') {
    if (rule.trigger_days === null || rule.trigger_days < 1) return null;
    const wait = rule.trigger_days * DAY_MS;
    // A state ("not updated for 30 days", "no reply for 3 days"): leads in it when the rule is
    // switched on enrol too (the dry run shows how many).
    return {
      source: kind,
      upTo: now - wait,
      start: NEVER,
      shiftMs: wait,
      key: (c) => (kind === 'no_reply' ? `no_reply:${c.id}` : `not_updated:${c.id}:${c.at}`),
    };
  }
  if (kind === 'lead_date') {
    const field = rule.trigger_date_field as LeadDateField;
    if (!(LEAD_DATE_FIELDS as readonly string[]).includes(field)) return null;
    const offset = rule.trigger_offset_ms;
    // A moment: only dates whose trigger time comes after the rule was switched on.
    const since = rule.enabled_at ?? now;
    return { source: field, upTo: now - offset, start: { at: since - offset, id: Number.MAX_SAFE_INTEGER }, shiftMs: offset, key: (c) => `${field}:${c.id}:${c.at}` };
  }
  return null;
}

/** Whether what enrolled the lead no longer holds (re-checked at release). */
function triggerChanged(rule: AutomationRuleRow, lead: NonNullable<ReturnType<Store['leadFields']['get']>>, anchorAt: number | null): string | null {
  if (anchorAt === null) return null;
  if (rule.trigger === 'not_updated' && lead.updated_at !== anchorAt) return 'the lead was updated after it was enrolled';
  if (rule.trigger === 'lead_date') {
    const field = rule.trigger_date_field as LeadDateField;
    if (LeadFieldsRepo.dateOf(lead, field) !== anchorAt) return `the lead's ${LEAD_DATE_LABELS[field].toLowerCase()} date changed`;
  }
  return null;
}
