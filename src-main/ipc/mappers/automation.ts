// Automation, responses and send calendars: rows -> contract shapes.
import type { Store } from '../../db/store.ts';
import type { AutomationRunRow } from '../../db/repos/automation-repo.ts';
import type { TemplateRow } from '../../db/repos/templates-repo.ts';
import type { LeadFieldsRow } from '../../db/repos/lead-fields-repo.ts';
import type { LeadPathStep, RuleSummary } from '../../automation/automation-service.ts';
import type { AutomationRule, AutomationRun, LeadAutomation, LeadPath, SendCalendarView, Template } from '../../../shared/ipc/contract.ts';
import type { MessageStatus } from '../../../shared/domain/types.ts';
import type { SendCalendar } from '../../../shared/domain/send-hours.ts';
import {
  APPRAISAL_STATUSES,
  describeDelay,
  historyOutcomeOf,
  LEAD_DATE_LABELS,
  TRIGGER_KINDS,
  type LeadDateField,
  type TriggerKind,
} from '../../../shared/domain/automation.ts';
import { describeWeeklyHours, formatMinutes, WEEKDAYS } from '../../../shared/domain/send-hours.ts';

/** "Lead not updated for 30 days; 2 steps: none (next allowed time), then 4 days." */
export function ruleSentence(r: { trigger: string; trigger_days: number | null; trigger_status: string | null; trigger_date_field: string | null; trigger_offset_ms: number }, delays: number[]): string {
  const t = r.trigger as TriggerKind;
  let when: string;
  if (!(TRIGGER_KINDS as readonly string[]).includes(t)) when = `Trigger "${r.trigger}" (from an older version: edit the rule to choose one)`;
  else if (t === 'lead_created') when = 'When a lead is created';
  else if (t === 'appraisal_created') when = 'When an appraisal is created';
  else if (t === 'appraisal_status') when = `When an appraisal's status changes to ${(APPRAISAL_STATUSES as readonly string[]).includes(r.trigger_status ?? '') ? r.trigger_status : '…'}`;
  else if (t === 'no_reply') when = `When a customer has not replied ${r.trigger_days ?? '?'} days after our last message`;
  else if (t === 'not_updated') when = `When a lead has not been updated for ${r.trigger_days ?? '?'} days`;
  else {
    const label = LEAD_DATE_LABELS[r.trigger_date_field as LeadDateField] ?? 'a';
    const off = r.trigger_offset_ms;
    when = off === 0 ? `At the lead's ${label.toLowerCase()} date` : `${describeDelay(Math.abs(off))} ${off < 0 ? 'before' : 'after'} the lead's ${label.toLowerCase()} date`;
  }
  const steps = delays.map((d, i) => (i === 0 ? (d === 0 ? 'at once (next allowed time)' : `${describeDelay(d)} after`) : `then ${d === 0 ? 'at once' : `${describeDelay(d)} later`}`));
  return `${when}: ${delays.length} step${delays.length === 1 ? '' : 's'}, ${steps.join(', ')}.`;
}

export function automationRule(s: RuleSummary, store: Store): AutomationRule {
  const r = s.rule;
  return {
    id: r.id,
    dealerAccountId: r.dealer_account_id,
    accountName: store.accounts.accountName(r.dealer_account_id),
    name: r.name,
    trigger: r.trigger,
    triggerDays: r.trigger_days,
    triggerStatus: r.trigger_status,
    triggerDateField: r.trigger_date_field,
    triggerOffsetMs: r.trigger_offset_ms,
    summary: ruleSentence(r, s.steps.map((st) => st.delay_ms)),
    sources: s.sources,
    steps: s.steps.map((st) => ({ position: st.position, templateId: st.template_id, templateName: store.templates.get(st.template_id)?.name ?? `response ${st.template_id}`, delayMs: st.delay_ms })),
    endAt: r.end_at,
    enabled: r.enabled === 1,
    enabledAt: r.enabled_at,
    createdAt: r.created_at,
    lastRunAt: s.lastRunAt,
    nextDueAt: s.nextDueAt,
    counts: s.counts,
  };
}

export function automationRun(r: AutomationRunRow): AutomationRun {
  const status = (r.message_status as MessageStatus | null) ?? null;
  return {
    id: r.id,
    ruleId: r.rule_id,
    ruleName: r.rule_name,
    dealerAccountId: r.dealer_account_id,
    accountName: r.account_name,
    customerId: r.customer_id,
    customerName: r.customer_name.trim(),
    position: r.position,
    messageId: r.message_id,
    messageStatus: status,
    blockReason: r.block_reason,
    outcome: r.outcome,
    outcomeGroup: historyOutcomeOf(status ?? r.outcome),
    detail: r.detail,
    ranAt: r.ran_at,
  };
}

export function leadPath(p: LeadPathStep, store: Store, accountName: string): LeadPath {
  return {
    ruleId: p.ruleId,
    ruleName: p.ruleName,
    accountName,
    enrolledAt: p.enrolment.enrolled_at,
    status: p.enrolment.status,
    stopReason: p.enrolment.stop_reason,
    steps: p.steps.map((s) => ({
      position: s.position,
      status: s.status,
      dueAt: s.due_at,
      releasedAt: s.released_at,
      messageId: s.message_id,
      messageStatus: s.message_id !== null ? (store.messages.get(s.message_id)?.status ?? null) : null,
      reason: s.reason,
    })),
  };
}

export function leadAutomation(l: LeadFieldsRow, accountName: string): LeadAutomation {
  return {
    customerId: l.customer_id,
    dealerAccountId: l.dealer_account_id,
    accountName,
    automationExcluded: l.automation_excluded === 1,
    closedAt: l.closed_at,
    testDriveAt: l.test_drive_at,
    followUpAt: l.follow_up_at,
    vehicle: l.vehicle,
    salesperson: l.salesperson,
  };
}

export function template(t: TemplateRow): Template {
  return {
    id: t.id,
    dealerAccountId: t.dealer_account_id,
    name: t.name,
    body: t.body,
    emailSubject: t.email_subject,
    emailBody: t.email_body,
    archivedAt: t.archived_at,
  };
}

export function sendCalendarView(
  dealerAccountId: number,
  accountName: string,
  cal: SendCalendar,
  extra: { defaultHours: boolean; openNow: boolean; window: SendCalendarView['window']; upcomingHolidays: SendCalendarView['upcomingHolidays'] },
): SendCalendarView {
  return {
    dealerAccountId,
    accountName,
    timeZone: cal.timeZone,
    state: cal.state,
    hours: WEEKDAYS.map((d) => {
      const w = cal.hours[d];
      return { weekday: d, opens: w ? formatMinutes(w.opens) : null, closes: w ? formatMinutes(w.closes) : null };
    }),
    defaultHours: extra.defaultHours,
    closedOnPublicHolidays: cal.closedOnPublicHolidays,
    summary: describeWeeklyHours(cal.hours),
    openNow: extra.openNow,
    window: extra.window,
    upcomingHolidays: extra.upcomingHolidays,
  };
}
