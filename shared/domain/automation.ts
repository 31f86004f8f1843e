// Automation vocabulary (R12): triggers, the lead dates a trigger may watch, step delays, what
// became of a step (the history's outcomes) and why. Plain data and pure functions, shared by
// main (the runner, the store) and the renderer (the rule editor, the history filters).
import type { MessageStatus } from './types.ts';
import { isBlocked, isFailed } from './message-status.ts';

export const TRIGGER_KINDS = ['lead_created', 'appraisal_created', 'appraisal_status', 'no_reply', 'not_updated', 'lead_date'] as const;
export type TriggerKind = (typeof TRIGGER_KINDS)[number];

export const TRIGGER_LABELS: Record<TriggerKind, string> = {
  lead_created: 'Lead created',
  appraisal_created: 'Appraisal created',
  appraisal_status: 'Appraisal status changed to…',
  no_reply: 'No reply N days after our last message',
  not_updated: 'Lead not updated for N days',
  lead_date: 'A date on the lead (before/after)',
};

/** Triggers that fire on an event (a lead or appraisal written), from the moment the rule is on. */
export const EVENT_TRIGGERS: readonly TriggerKind[] = ['lead_created', 'appraisal_created', 'appraisal_status'];
/** Triggers that fire when time passes: existing leads that match when the rule is switched on enrol too. */
export const TIME_TRIGGERS: readonly TriggerKind[] = ['no_reply', 'not_updated', 'lead_date'];

export const APPRAISAL_STATUSES = ['open', 'offered', 'accepted', 'declined'] as const;
export type AppraisalStatusName = (typeof APPRAISAL_STATUSES)[number];

/** Dates on a lead a rule may watch. */
export const LEAD_DATE_FIELDS = ['test_drive_at', 'follow_up_at'] as const;
export type LeadDateField = (typeof LEAD_DATE_FIELDS)[number];
export const LEAD_DATE_LABELS: Record<LeadDateField, string> = { test_drive_at: 'Test drive', follow_up_at: 'Follow-up' };

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;
export const YEAR_MS = 365 * DAY_MS;

/**
 * The shortest time left in a send window worth sending in (the least ValidityPeriod given to the
 * gateway): with less left, an automated message waits for the next window (runner and outbox alike).
 */
export const MIN_VALIDITY_MS = 60_000;

/** A step's delay: 0 ("none": at the next allowed time) or from 5 minutes to 1 year. */
export const MIN_DELAY_MS = 5 * MINUTE_MS;
export const MAX_DELAY_MS = YEAR_MS;

export function delayProblem(ms: number): string | null {
  if (!Number.isInteger(ms) || ms < 0) return 'A delay is a whole number of milliseconds, 0 or more.';
  if (ms !== 0 && ms < MIN_DELAY_MS) return 'A delay is "none" or at least 5 minutes.';
  if (ms > MAX_DELAY_MS) return 'A delay is at most 1 year.';
  return null;
}

/** Days a chase or a not-updated trigger may wait. */
export const MAX_TRIGGER_DAYS = 365;

/** Units the editor offers for delays and offsets. */
export const DELAY_UNITS = [
  { unit: 'minutes', ms: MINUTE_MS },
  { unit: 'hours', ms: HOUR_MS },
  { unit: 'days', ms: DAY_MS },
  { unit: 'weeks', ms: 7 * DAY_MS },
] as const;

/** "none", "5 minutes", "2 days", "1 week". */
export function describeDelay(ms: number): string {
  if (ms === 0) return 'none (next allowed time)';
  for (const u of [...DELAY_UNITS].reverse()) {
    if (ms % u.ms === 0) {
      const n = ms / u.ms;
      return `${n} ${n === 1 ? u.unit.slice(0, -1) : u.unit}`;
    }
  }
  return `${Math.round(ms / MINUTE_MS)} minutes`;
}

/**
 * What a history row records. A send records the message's status (sent, queued, blocked_opted_out
 * …); the runner's own decisions are these.
 */
export const RUN_DECISIONS = ['held', 'rescheduled', 'skipped', 'enrolled'] as const;
export type RunDecision = (typeof RUN_DECISIONS)[number];

/** The history's outcome filters, as staff think of them. */
export const HISTORY_OUTCOMES = ['sent', 'blocked', 'held', 'rescheduled', 'skipped', 'failed'] as const;
export type HistoryOutcome = (typeof HISTORY_OUTCOMES)[number];

/** The filter a history row's outcome falls under ('enrolled' rows fall under none). */
export function historyOutcomeOf(outcome: string): HistoryOutcome | null {
  if (outcome === 'held' || outcome === 'rescheduled' || outcome === 'skipped') return outcome;
  if (outcome === 'enrolled' || outcome === 'running') return null;
  const status = outcome as MessageStatus;
  if (isBlocked(status)) return status === 'held_review' ? 'held' : 'blocked';
  if (isFailed(status)) return 'failed';
  return 'sent';
}

/** Why a step did not go (the history's reasons are sentences built from these). */
export const BRAKES = ['rule_off', 'rule_ended', 'lead_closed', 'lead_excluded', 'lead_gone', 'replied', 'trigger_changed', 'opted_out', 'review_pending', 'claimed_elsewhere', 'template_unfillable'] as const;
export type Brake = (typeof BRAKES)[number];
