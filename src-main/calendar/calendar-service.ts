// A dealer account's send calendar (R12): read and changed here, computed with send-window.ts.
// Other features reuse it (working days for an unsubscribe's five-working-day deadline).
import type { Store } from '../db/store.ts';
import type { AuState, SendCalendar, WeeklyHours } from '../../shared/domain/send-hours.ts';
import { DEFAULT_WEEKLY_HOURS, isAuState, isTimeZone, weeklyHoursProblem } from '../../shared/domain/send-hours.ts';
import { invalidInput, notFound } from '../app-error.ts';
import { describeInstant, windowAt, workingDaysBetween, workingDaysDeadline, type SendWindow } from './send-window.ts';

export interface CalendarChange {
  timeZone: string;
  state: string;
  /** null: the default hours. */
  hours: WeeklyHours | null;
  closedOnPublicHolidays: boolean;
}

export class CalendarService {
  constructor(private readonly store: Store) {}

  /** The account's calendar; an unknown account is NOT_FOUND. */
  forAccount(dealerAccountId: number): SendCalendar {
    const cal = this.store.sendCalendars.get(dealerAccountId);
    if (!cal) throw notFound(`Dealer account ${dealerAccountId}`);
    return cal;
  }

  /** Changes the account's time zone, state and hours; bad input is refused and nothing changes. */
  setForAccount(dealerAccountId: number, change: CalendarChange): SendCalendar {
    this.forAccount(dealerAccountId);
    if (!isTimeZone(change.timeZone)) throw invalidInput(`"${change.timeZone}" is not a time zone this app knows (use an IANA name such as Australia/Perth).`, { field: 'timeZone' });
    if (!isAuState(change.state)) throw invalidInput(`"${change.state}" is not an Australian state or territory.`, { field: 'state' });
    if (change.hours) {
      const problem = weeklyHoursProblem(change.hours);
      if (problem) throw invalidInput(problem, { field: 'hours' });
    }
    const cal: SendCalendar = {
      timeZone: change.timeZone,
      state: change.state as AuState,
      hours: change.hours ?? DEFAULT_WEEKLY_HOURS,
      closedOnPublicHolidays: change.closedOnPublicHolidays,
    };
    this.store.sendCalendars.set(dealerAccountId, cal, change.hours === null);
    return this.forAccount(dealerAccountId);
  }

  /** Whether the account keeps the default hours. */
  usesDefaultHours(dealerAccountId: number): boolean {
    return this.store.sendCalendars.isDefaultHours(dealerAccountId);
  }

  /** The send window `at` falls in, or the next one, for the account. */
  windowAt(dealerAccountId: number, at: number): SendWindow {
    return windowAt(at, this.forAccount(dealerAccountId));
  }

  /** An instant as the account's staff read it: 'Mon 7 Dec 2026, 09:00 AWST'. */
  describe(dealerAccountId: number, at: number): string {
    return describeInstant(at, this.forAccount(dealerAccountId).timeZone);
  }

  /** The end of the `n`th working day after `at`, in the account's state and zone. */
  workingDaysDeadline(dealerAccountId: number, at: number, n: number): number {
    return workingDaysDeadline(at, n, this.forAccount(dealerAccountId));
  }

  workingDaysBetween(dealerAccountId: number, from: number, to: number): number {
    return workingDaysBetween(from, to, this.forAccount(dealerAccountId));
  }
}
