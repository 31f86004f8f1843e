// The contract's automation part (R12): rules, their dry run, history and a lead's path; the
// lead fields automation reads; responses (templates with an email subject and body besides the
// SMS text) and "Send via SMS"; each dealer account's send calendar. Spread into contract.ts.
import { z } from 'zod';
import { MESSAGE_STATUSES } from '../domain/types.ts';
import { APPRAISAL_STATUSES, HISTORY_OUTCOMES, LEAD_DATE_FIELDS, TRIGGER_KINDS } from '../domain/automation.ts';
import { AU_STATES } from '../domain/send-hours.ts';
import { channel, epochMs, id, pageLimit } from './channel-parts.ts';

const nullableString = z.string().nullable();
const outcomeCounts = z.object(Object.fromEntries(HISTORY_OUTCOMES.map((o) => [o, z.int().nonnegative()])) as Record<(typeof HISTORY_OUTCOMES)[number], z.ZodInt>);

export const automationStepSchema = z.object({ position: z.int().positive(), templateId: id, templateName: z.string(), delayMs: z.int().nonnegative() });

export const automationRuleSchema = z.object({
  id,
  dealerAccountId: id,
  accountName: z.string(),
  name: z.string(),
  /** One of TRIGGER_KINDS (a rule from before may hold another word: it cannot be switched on until edited). */
  trigger: z.string(),
  triggerDays: z.int().nullable(),
  triggerStatus: nullableString,
  triggerDateField: nullableString,
  triggerOffsetMs: z.int(),
  /** What the trigger and steps do, in a sentence. */
  summary: z.string(),
  sources: z.array(z.string()),
  steps: z.array(automationStepSchema),
  endAt: epochMs.nullable(),
  enabled: z.boolean(),
  enabledAt: epochMs.nullable(),
  createdAt: epochMs,
  lastRunAt: epochMs.nullable(),
  nextDueAt: epochMs.nullable(),
  counts: outcomeCounts,
});
export type AutomationRule = z.infer<typeof automationRuleSchema>;

export const automationRunSchema = z.object({
  id,
  ruleId: id,
  ruleName: z.string(),
  dealerAccountId: id,
  accountName: z.string(),
  customerId: id,
  customerName: z.string(),
  /** The step (1-based), where the row is about one. */
  position: z.int().positive().nullable(),
  messageId: id.nullable(),
  messageStatus: z.enum(MESSAGE_STATUSES).nullable(),
  blockReason: nullableString,
  /** The message's status when recorded, or the runner's decision: held, rescheduled, skipped. */
  outcome: z.string(),
  /** What the outcome filters call it (sent, blocked, held, rescheduled, skipped, failed). */
  outcomeGroup: z.enum(HISTORY_OUTCOMES).nullable(),
  /** Why: the reason of a skip, hold, reschedule or block. */
  detail: nullableString,
  ranAt: epochMs,
});
export type AutomationRun = z.infer<typeof automationRunSchema>;

export const automationCursorSchema = z.strictObject({ ranAt: epochMs, id });

const ruleInputSchema = z.strictObject({
  /** Absent: a new rule (created switched off). */
  ruleId: id.optional(),
  dealerAccountId: id,
  name: z.string().trim().min(1).max(120),
  trigger: z.enum(TRIGGER_KINDS),
  triggerDays: z.int().min(1).max(365).nullable().optional(),
  triggerStatus: z.enum(APPRAISAL_STATUSES).nullable().optional(),
  triggerDateField: z.enum(LEAD_DATE_FIELDS).nullable().optional(),
  triggerOffsetMs: z.int().optional(),
  sources: z.array(z.string().trim().min(1).max(60)).max(20).default([]),
  steps: z.array(z.strictObject({ templateId: id, delayMs: z.int().nonnegative() })).min(1).max(10),
  endAt: epochMs.nullable().optional(),
});

export const dryRunSchema = z.object({
  wouldEnrol: z.int().nonnegative(),
  optedOut: z.int().nonnegative(),
  reviewPending: z.int().nonnegative(),
  noMobile: z.int().nonnegative(),
  capped: z.boolean(),
  summary: z.string(),
});
export type DryRun = z.infer<typeof dryRunSchema>;

export const leadAutomationSchema = z.object({
  customerId: id,
  dealerAccountId: id,
  accountName: z.string(),
  automationExcluded: z.boolean(),
  closedAt: epochMs.nullable(),
  testDriveAt: epochMs.nullable(),
  followUpAt: epochMs.nullable(),
  vehicle: nullableString,
  salesperson: nullableString,
});
export type LeadAutomation = z.infer<typeof leadAutomationSchema>;

export const leadPathSchema = z.object({
  ruleId: id,
  ruleName: z.string(),
  accountName: z.string(),
  enrolledAt: epochMs,
  status: z.enum(['active', 'completed', 'stopped']),
  stopReason: nullableString,
  steps: z.array(
    z.object({
      position: z.int().positive(),
      status: z.enum(['pending', 'held', 'released', 'blocked', 'skipped']),
      dueAt: epochMs,
      releasedAt: epochMs.nullable(),
      messageId: id.nullable(),
      messageStatus: z.enum(MESSAGE_STATUSES).nullable(),
      reason: nullableString,
    }),
  ),
});
export type LeadPath = z.infer<typeof leadPathSchema>;

export const templateSchema = z.object({
  id,
  /** null: available to every account. */
  dealerAccountId: id.nullable(),
  name: z.string(),
  /** The SMS text. */
  body: z.string(),
  emailSubject: nullableString,
  /** Simple HTML. */
  emailBody: nullableString,
  archivedAt: epochMs.nullable(),
});
export type Template = z.infer<typeof templateSchema>;

export const weeklyHoursSchema = z.array(
  z.strictObject({
    weekday: z.int().min(1).max(7),
    /** 'HH:MM', or null when closed that day. */
    opens: z.string().regex(/^\d{2}:\d{2}$/).nullable(),
    closes: z.string().regex(/^\d{2}:\d{2}$/).nullable(),
  }),
).length(7);

export const sendCalendarSchema = z.object({
  dealerAccountId: id,
  accountName: z.string(),
  timeZone: z.string(),
  state: z.enum(AU_STATES),
  hours: weeklyHoursSchema,
  defaultHours: z.boolean(),
  closedOnPublicHolidays: z.boolean(),
  /** 'Mon–Fri 09:00–20:00, Sat 09:00–17:00, closed Sun'. */
  summary: z.string(),
  openNow: z.boolean(),
  /** The account's current or next window, as its staff read it. */
  window: z.object({ opensAt: epochMs, closesAt: epochMs, text: z.string() }),
  upcomingHolidays: z.array(z.object({ date: z.string(), name: z.string() })),
});
export type SendCalendarView = z.infer<typeof sendCalendarSchema>;

export const renderedTemplateSchema = z.object({
  /** The text ready for the composer (filled for the lead). */
  text: z.string(),
  segments: z.int().nonnegative(),
  encoding: z.enum(['GSM-7', 'UCS-2']),
});

export const automationChannels = {
  'automation.rules': channel(z.strictObject({}), z.array(automationRuleSchema), 'Automation rules with their last run, next due step and counts of what became of their steps.'),
  'automation.saveRule': channel(ruleInputSchema, automationRuleSchema, 'Creates (switched off) or changes a rule; bad input is refused and nothing is saved.'),
  'automation.setEnabled': channel(z.strictObject({ ruleId: id, enabled: z.boolean() }), automationRuleSchema, 'Switches a rule on (it enrols from now) or off (nothing more is sent).'),
  'automation.archiveRule': channel(z.strictObject({ ruleId: id }), z.object({ ruleId: id }), 'Archives a rule (switched off, kept in the history).'),
  'automation.dryRun': channel(z.strictObject({ ruleId: id }), dryRunSchema, 'What switching the rule on now would do: leads it would enrol, how many are opted out or await review.'),
  'automation.history': channel(
    z.strictObject({
      ruleId: id.optional(),
      customerId: id.optional(),
      outcome: z.enum(HISTORY_OUTCOMES).optional(),
      from: epochMs.optional(),
      to: epochMs.optional(),
      cursor: automationCursorSchema.nullable().optional(),
      limit: pageLimit(500, 100),
    }),
    z.object({ items: z.array(automationRunSchema), next: automationCursorSchema.nullable() }),
    'What became of every step (sent, blocked — R6 —, held, rescheduled, skipped, failed) with why, newest first.',
  ),
  'automation.leadPath': channel(z.strictObject({ customerId: id }), z.array(leadPathSchema), "A lead's path through automation: each rule and step, with why."),
  'automation.lead': channel(z.strictObject({ customerId: id }), z.array(leadAutomationSchema), "A lead's automation fields per dealer account (dates, vehicle, salesperson, closed, excluded)."),
  'automation.updateLead': channel(
    z.strictObject({
      customerId: id,
      dealerAccountId: id,
      automationExcluded: z.boolean().optional(),
      closed: z.boolean().optional(),
      testDriveAt: epochMs.nullable().optional(),
      followUpAt: epochMs.nullable().optional(),
      vehicle: z.string().trim().max(120).nullable().optional(),
      salesperson: z.string().trim().max(120).nullable().optional(),
    }),
    leadAutomationSchema,
    "Changes a lead's automation fields (e.g. Exclude from automation).",
  ),
  'automation.advanceTestClock': channel(
    z.strictObject({ ms: z.int().min(0).max(400 * 86_400_000) }),
    z.object({ now: epochMs }),
    'Test runs only: moves the app clock forward and runs automation (refused in a real app).',
  ),

  'templates.list': channel(
    z.strictObject({ dealerAccountId: id.optional(), includeArchived: z.boolean().default(false) }),
    z.array(templateSchema),
    "Responses (templates): an account's own and the shared ones.",
  ),
  'templates.save': channel(
    z.strictObject({
      templateId: id.optional(),
      dealerAccountId: id.nullable(),
      name: z.string().trim().min(1).max(120),
      body: z.string().max(1600),
      emailSubject: z.string().max(200).nullable().default(null),
      emailBody: z.string().max(20_000).nullable().default(null),
    }),
    templateSchema,
    'Creates or edits a response; an unknown placeholder is refused with the field it is in.',
  ),
  'templates.archive': channel(z.strictObject({ templateId: id, archived: z.boolean().default(true) }), templateSchema, 'Archives (or restores) a response.'),
  'templates.render': channel(
    z.strictObject({ templateId: id, customerId: id, dealerAccountId: id, as: z.enum(['sms', 'email_as_sms']).default('sms') }),
    renderedTemplateSchema,
    'A response filled for a lead, in main by the one renderer; "email_as_sms" turns its email body into SMS text first (Send via SMS).',
  ),

  'calendar.get': channel(z.strictObject({ dealerAccountId: id }), sendCalendarSchema, "A dealer account's time zone, state, send hours and next public holidays."),
  'calendar.set': channel(
    z.strictObject({
      dealerAccountId: id,
      timeZone: z.string().min(1).max(64),
      state: z.enum(AU_STATES),
      /** null: the default hours. */
      hours: weeklyHoursSchema.nullable(),
      closedOnPublicHolidays: z.boolean(),
    }),
    sendCalendarSchema,
    "Changes a dealer account's time zone, state and send hours.",
  ),
} as const;
