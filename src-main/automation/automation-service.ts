// Automation rules (R12): created, edited, switched on and off, archived; a dry run before
// switching on; the history of every step (blocked sends included, R6) filtered by rule, outcome
// and date; a lead's automation path; a lead's "Exclude from automation" switch and the dates,
// vehicle and salesperson triggers and responses read. The runner (runner.ts) does the work.
import type { Clock } from '../clock.ts';
import type { Store } from '../db/store.ts';
import type { AutomationRuleRow, AutomationRunRow, AutomationStepRow, EnrolmentRow, StepRunRow } from '../db/repos/automation-repo.ts';
import type { LeadFieldsChange, LeadFieldsRow } from '../db/repos/lead-fields-repo.ts';
import type { SendResult } from '../messaging/send-service.ts';
import type { CalendarService } from '../calendar/calendar-service.ts';
import {
  APPRAISAL_STATUSES,
  DAY_MS,
  delayProblem,
  EVENT_TRIGGERS,
  HISTORY_OUTCOMES,
  historyOutcomeOf,
  LEAD_DATE_FIELDS,
  MAX_TRIGGER_DAYS,
  YEAR_MS,
  type HistoryOutcome,
  type LeadDateField,
  type TriggerKind,
} from '../../shared/domain/automation.ts';
import { MESSAGE_STATUSES } from '../../shared/domain/types.ts';
import { validateTemplate } from '../../shared/domain/templates.ts';
import { invalidInput, notFound } from '../app-error.ts';
import { timePlan } from './runner.ts';

/** Position in the run history: runs strictly older than (ranAt, id) come next. */
export interface AutomationRunCursor {
  ranAt: number;
  id: number;
}

export interface RuleInput {
  dealerAccountId: number;
  name: string;
  trigger: TriggerKind;
  /** Chase / not updated: days. */
  triggerDays?: number | null;
  /** Appraisal status changed: to this status. */
  triggerStatus?: string | null;
  /** A lead date: which, and the offset (negative: before). */
  triggerDateField?: LeadDateField | null;
  triggerOffsetMs?: number;
  /** Only leads from these sources (empty: any). */
  sources?: readonly string[];
  steps: readonly { templateId: number; delayMs: number }[];
  /** After this, the rule sends nothing more (a promotion's end). */
  endAt?: number | null;
}

export interface RuleDetail {
  rule: AutomationRuleRow;
  steps: AutomationStepRow[];
  sources: string[];
}

export interface RuleSummary extends RuleDetail {
  lastRunAt: number | null;
  nextDueAt: number | null;
  counts: Record<HistoryOutcome, number>;
}

export interface DryRun {
  /** Leads the rule would enrol if switched on now. */
  wouldEnrol: number;
  optedOut: number;
  reviewPending: number;
  noMobile: number;
  /** True when the count stopped at the scan limit (there are at least this many). */
  capped: boolean;
  /** What the numbers mean for this trigger, in a sentence. */
  summary: string;
}

export interface LeadPathStep {
  ruleId: number;
  ruleName: string;
  enrolment: EnrolmentRow;
  steps: StepRunRow[];
}

const MAX_STEPS = 10;
const DRY_RUN_LIMIT = 200_000;

export class AutomationService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly calendar: CalendarService,
  ) {}

  /**
   * Records what became of a send made outside the runner (the demo's history): the attempt it
   * recorded (R6), its status as the outcome, and the refusal's sentence (or the gateway's error).
   */
  recordSend(runId: number, result: SendResult): void {
    const { message } = result;
    const detail = result.refusal?.text ?? (result.outcome === 'failed' || result.outcome === 'queued' ? message.error_message : null);
    this.store.automation.finishRun(runId, message.id, message.status, detail);
  }

  rules(): AutomationRuleRow[] {
    return this.store.automation.rules();
  }

  rule(id: number): RuleDetail {
    const rule = this.store.automation.rule(id);
    if (!rule || rule.archived_at !== null) throw notFound(`Automation rule ${id}`);
    return { rule, steps: this.store.automation.steps(id), sources: this.store.automation.sources(id) };
  }

  /** Every rule with its last run, next due step and counts of sent / blocked / held / rescheduled / skipped / failed. */
  summaries(): RuleSummary[] {
    const { automation } = this.store;
    const last = automation.lastRunByRule();
    const next = automation.nextDueByRule();
    const counts = new Map<number, Record<HistoryOutcome, number>>();
    for (const c of automation.countsByRule()) {
      const group = historyOutcomeOf(c.outcome);
      if (!group) continue;
      let row = counts.get(c.rule_id);
      if (!row) counts.set(c.rule_id, (row = Object.fromEntries(HISTORY_OUTCOMES.map((o) => [o, 0])) as Record<HistoryOutcome, number>));
      row[group] += c.n;
    }
    return automation.rules().map((rule) => ({
      rule,
      steps: automation.steps(rule.id),
      sources: automation.sources(rule.id),
      lastRunAt: last.get(rule.id) ?? null,
      nextDueAt: next.get(rule.id) ?? null,
      counts: counts.get(rule.id) ?? (Object.fromEntries(HISTORY_OUTCOMES.map((o) => [o, 0])) as Record<HistoryOutcome, number>),
    }));
  }

  /** Creates a rule, switched off (a dry run comes first). Bad input is refused and nothing is saved. */
  createRule(input: RuleInput): RuleDetail {
    const r = this.#validate(input);
    const now = this.clock();
    const id = this.store.transaction(() => {
      const id = this.store.automation.insertRule({ ...r, dealerAccountId: input.dealerAccountId }, now);
      this.store.automation.replaceSteps(id, input.steps, now);
      this.store.automation.setSources(id, input.sources ?? []);
      return id;
    });
    return this.rule(id);
  }

  /**
   * Changes a rule. Steps already scheduled keep their response and time; the sequence continues
   * with the new steps from the next position. The time trigger's scan starts over (enrolments
   * already made are never made twice).
   */
  updateRule(id: number, input: RuleInput): RuleDetail {
    const existing = this.rule(id).rule;
    if (existing.dealer_account_id !== input.dealerAccountId) throw invalidInput('A rule stays with its dealer account; create a new rule for another account.', { field: 'dealerAccountId' });
    const r = this.#validate(input);
    const now = this.clock();
    this.store.transaction(() => {
      this.store.automation.updateRule(id, r, now);
      this.store.automation.replaceSteps(id, input.steps, now);
      this.store.automation.setSources(id, input.sources ?? []);
    });
    return this.rule(id);
  }

  /** Switches a rule on (it enrols from now: see the dry run) or off (nothing more is sent; steps due are skipped with the reason). */
  setEnabled(id: number, enabled: boolean): RuleDetail {
    const { rule, steps } = this.rule(id);
    if (enabled) {
      if (!(EVENT_TRIGGERS as readonly string[]).includes(rule.trigger) && !timePlan(rule, this.clock())) {
        throw invalidInput(`The rule "${rule.name}" has a trigger the runner does not know; edit it first.`, { field: 'trigger' });
      }
      if (steps.length === 0) throw invalidInput(`The rule "${rule.name}" has no steps.`, { field: 'steps' });
      if (rule.end_at !== null && rule.end_at <= this.clock()) throw invalidInput(`The rule "${rule.name}" ended on its end date; change the end date first.`, { field: 'endAt' });
    }
    if ((rule.enabled === 1) !== enabled) this.store.automation.setEnabled(id, enabled, this.clock());
    return this.rule(id);
  }

  archiveRule(id: number): void {
    this.rule(id);
    this.store.automation.archiveRule(id, this.clock());
  }

  /** What switching the rule on now would do: how many leads it would enrol, and how many of those are opted out or have a reply awaiting review. */
  dryRun(id: number): DryRun {
    const { rule } = this.rule(id);
    const now = this.clock();
    const trigger = rule.trigger as TriggerKind;
    if ((EVENT_TRIGGERS as readonly string[]).includes(trigger)) {
      return {
        wouldEnrol: 0, optedOut: 0, reviewPending: 0, noMobile: 0, capped: false,
        summary: 'This rule enrols each lead when the event happens after it is switched on; it would enrol no existing lead now.',
      };
    }
    // As if switched on now; a date trigger looks at the next 30 days instead (a moment, not a state).
    const asIfOn = { ...rule, enabled_at: now, scan_at: null, scan_id: null };
    const horizon = trigger === 'lead_date' ? now + 30 * DAY_MS : now;
    const plan = timePlan(asIfOn, horizon);
    if (!plan) return { wouldEnrol: 0, optedOut: 0, reviewPending: 0, noMobile: 0, capped: false, summary: 'The trigger is incomplete.' };
    const start = trigger === 'lead_date' ? { at: now - rule.trigger_offset_ms, id: Number.MAX_SAFE_INTEGER } : plan.start;
    const sources = this.store.automation.sources(id);
    const { automation, leadFields, customers, reviews } = this.store;
    const seen = new Set<number>();
    const out: DryRun = { wouldEnrol: 0, optedOut: 0, reviewPending: 0, noMobile: 0, capped: false, summary: '' };
    let after = start;
    let scanned = 0;
    for (;;) {
      const batch = automation.timeCandidates(plan.source, rule.dealer_account_id, after, plan.upTo, 2_000);
      for (const c of batch) {
        scanned++;
        if (seen.has(c.customer_id)) continue;
        if (plan.source === 'no_reply') {
          if (c.automation_run_id !== null && automation.ruleOfRun(c.automation_run_id) === rule.id) continue;
          if (automation.contactSince(c.customer_id, rule.dealer_account_id, c.at)) continue;
        }
        const lead = leadFields.get(c.customer_id, rule.dealer_account_id);
        if (!lead || lead.closed_at !== null || lead.automation_excluded === 1) continue;
        if (sources.length > 0 && !sources.includes(lead.source)) continue;
        seen.add(c.customer_id);
        out.wouldEnrol++;
        if (!customers.get(c.customer_id)?.mobile) out.noMobile++;
        const consent = this.store.consent.current(rule.dealer_account_id, c.customer_id, 'sms');
        if (consent?.status === 'opted_out') out.optedOut++;
        else if (reviews.openPossibleOptOut(c.customer_id, rule.dealer_account_id)) out.reviewPending++;
      }
      if (batch.length < 2_000) break;
      if (scanned >= DRY_RUN_LIMIT) {
        out.capped = true;
        break;
      }
      const last = batch[batch.length - 1]!;
      after = { at: last.at, id: last.id };
    }
    const n = `${out.capped ? 'at least ' : ''}${out.wouldEnrol} lead${out.wouldEnrol === 1 ? '' : 's'}`;
    const when = trigger === 'lead_date' ? 'over the next 30 days' : 'now';
    out.summary =
      `Would enrol ${n} ${when}; ${out.optedOut} ${out.optedOut === 1 ? 'is' : 'are'} opted out for this account (their steps will be recorded as blocked)` +
      `; ${out.reviewPending} ${out.reviewPending === 1 ? 'has' : 'have'} a reply awaiting review (held until reviewed)` +
      (out.noMobile ? `; ${out.noMobile} ${out.noMobile === 1 ? 'has' : 'have'} no mobile number` : '') + '.';
    return out;
  }

  /**
   * A page of history rows, newest first, of one rule or all, by outcome and date; `next` is the
   * cursor of the following page, null on the last one.
   */
  history(
    limit: number,
    options: { ruleId?: number; customerId?: number; outcome?: HistoryOutcome; from?: number; to?: number; before?: AutomationRunCursor } = {},
  ): { runs: AutomationRunRow[]; next: AutomationRunCursor | null } {
    const { outcome, ...rest } = options;
    const filter = { ...rest, ...(outcome ? { outcomes: rawOutcomes(outcome) } : {}) };
    // One row more than the page says whether another page follows.
    const rows = this.store.automation.history(limit + 1, filter);
    const runs = rows.slice(0, limit);
    const last = runs[runs.length - 1];
    return { runs, next: rows.length > limit && last ? { ranAt: last.ran_at, id: last.id } : null };
  }

  /** The lead's path through automation: each rule it was enrolled in and each step's fate. */
  leadPath(customerId: number): LeadPathStep[] {
    if (!this.store.customers.get(customerId)) throw notFound(`Customer ${customerId}`);
    const { automation } = this.store;
    return automation.enrolmentsOfCustomer(customerId, 50).map((e) => ({
      ruleId: e.rule_id,
      ruleName: automation.rule(e.rule_id)?.name ?? `rule ${e.rule_id}`,
      enrolment: e,
      steps: automation.stepRunsOfEnrolment(e.id),
    }));
  }

  /** The customer's leads' automation fields, one per dealer account holding them. */
  leads(customerId: number): LeadFieldsRow[] {
    if (!this.store.customers.get(customerId)) throw notFound(`Customer ${customerId}`);
    return this.store.accounts.accounts().flatMap((a) => this.store.leadFields.get(customerId, a.id) ?? []);
  }

  /** A lead's automation fields. */
  lead(customerId: number, dealerAccountId: number): LeadFieldsRow {
    const lead = this.store.leadFields.get(customerId, dealerAccountId);
    if (!lead) throw notFound(`The lead of customer ${customerId} at dealer account ${dealerAccountId}`);
    return lead;
  }

  /** Changes a lead's dates, vehicle, salesperson, closed state or automation switch. */
  updateLead(customerId: number, dealerAccountId: number, change: LeadFieldsChange): LeadFieldsRow {
    const lead = this.lead(customerId, dealerAccountId);
    for (const k of ['testDriveAt', 'followUpAt'] as const) {
      const v = change[k];
      if (v !== undefined && v !== null && (!Number.isInteger(v) || v <= 0)) throw invalidInput('A date must be a point in time.', { field: k });
    }
    this.store.leadFields.update(lead, change, this.clock());
    return this.lead(customerId, dealerAccountId);
  }

  #validate(input: RuleInput): Omit<Parameters<Store['automation']['insertRule']>[0], 'dealerAccountId'> {
    const { store } = this;
    if (!store.accounts.account(input.dealerAccountId)) throw notFound(`Dealer account ${input.dealerAccountId}`);
    const name = input.name.trim();
    if (!name) throw invalidInput('A rule needs a name.', { field: 'name' });
    const t = input.trigger;
    let triggerDays: number | null = null;
    let triggerStatus: string | null = null;
    let triggerDateField: LeadDateField | null = null;
    let triggerOffsetMs = 0;
    if (t === 'no_reply' || t === 'not_updated') {
      const d = input.triggerDays;
      if (d === null || d === undefined || !Number.isInteger(d) || d < 1 || d > MAX_TRIGGER_DAYS) {
        throw invalidInput(`Say after how many days (1 to ${MAX_TRIGGER_DAYS}).`, { field: 'triggerDays' });
      }
      triggerDays = d;
    } else if (t === 'appraisal_status') {
      if (!input.triggerStatus || !(APPRAISAL_STATUSES as readonly string[]).includes(input.triggerStatus)) {
        throw invalidInput(`Choose the appraisal status that triggers the rule (${APPRAISAL_STATUSES.join(', ')}).`, { field: 'triggerStatus' });
      }
      triggerStatus = input.triggerStatus;
    } else if (t === 'lead_date') {
      if (!input.triggerDateField || !(LEAD_DATE_FIELDS as readonly string[]).includes(input.triggerDateField)) {
        throw invalidInput('Choose the date on the lead the rule watches.', { field: 'triggerDateField' });
      }
      triggerDateField = input.triggerDateField;
      triggerOffsetMs = input.triggerOffsetMs ?? 0;
      if (!Number.isInteger(triggerOffsetMs) || Math.abs(triggerOffsetMs) > YEAR_MS) {
        throw invalidInput('The offset from the date is at most a year before or after.', { field: 'triggerOffsetMs' });
      }
    }
    if (input.steps.length === 0) throw invalidInput('A rule needs at least one step.', { field: 'steps' });
    if (input.steps.length > MAX_STEPS) throw invalidInput(`A rule has at most ${MAX_STEPS} steps.`, { field: 'steps' });
    input.steps.forEach((st, i) => {
      const problem = delayProblem(st.delayMs);
      if (problem) throw invalidInput(`Step ${i + 1}: ${problem}`, { field: 'steps' });
      const template = store.templates.get(st.templateId);
      if (!template || template.archived_at !== null) throw invalidInput(`Step ${i + 1}: choose a response that exists.`, { field: 'steps' });
      if (template.dealer_account_id !== null && template.dealer_account_id !== input.dealerAccountId) {
        throw invalidInput(`Step ${i + 1}: the response "${template.name}" belongs to another dealer account.`, { field: 'steps' });
      }
      const check = validateTemplate(template.body);
      if (!check.ok) throw invalidInput(`Step ${i + 1}: ${check.error}`, { field: 'steps', placeholder: check.placeholder });
    });
    const endAt = input.endAt ?? null;
    if (endAt !== null && (!Number.isInteger(endAt) || endAt <= 0)) throw invalidInput('The end date must be a point in time.', { field: 'endAt' });
    return { name, trigger: t, triggerDays, triggerStatus, triggerDateField, triggerOffsetMs, endAt };
  }
}

/** The raw outcomes (message statuses and runner decisions) a history filter stands for. */
function rawOutcomes(outcome: HistoryOutcome): string[] {
  return [...MESSAGE_STATUSES, 'held', 'rescheduled', 'skipped'].filter((o) => historyOutcomeOf(o) === outcome);
}
