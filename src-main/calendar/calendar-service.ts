// A dealer account's send calendar (R12): read and changed here, computed with send-window.ts.
// Other features reuse it (working days for an unsubscribe's five-working-day deadline).
import type { Store } from '../db/store.ts';
import type { AuState, SendCalendar, WeeklyHours } from '../../shared/domain/send-hours.ts';
import { DEFAULT_WEEKLY_HOURS, isAuState, isTimeZone, weeklyHoursProblem } from '../../shared/domain/send-hours.ts';
import { invalidInput, notFound } from '../app-error.ts';
import { describeInstant, windowAt, workingDaysBetween, workingDaysDeadline, type SendWindow } from './send-window.ts';
import { publicHolidays } from './public-holidays.ts';
import { isoDate, localParts } from './zoned-time.ts';

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

  /** The account state's next public holidays from the local date of `at`. */
  upcomingHolidays(dealerAccountId: number, at: number, n: number): { date: string; name: string }[] {
    const cal = this.forAccount(dealerAccountId);
    const today = localParts(at, cal.timeZone);
    const from = isoDate(today);
    const out: { date: string; name: string }[] = [];
    for (const year of [today.year, today.year + 1]) {
      for (const h of [...publicHolidays(cal.state, year).values()].sort((a, b) => (a.date < b.date ? -1 : 1))) {
        if (h.date >= from && out.length < n) out.push({ date: h.date, name: h.name });
      }
    }
    return out;
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
