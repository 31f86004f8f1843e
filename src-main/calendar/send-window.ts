// A dealer account's send windows: when, in its own time zone, automated SMS may go out (its
// weekly hours less its state's public holidays); the next allowed time; the time left in the
// window (Twilio's ValidityPeriod is capped by it); and the working days other features count
// (an unsubscribe honoured within five working days).
import type { SendCalendar, Weekday } from '../../shared/domain/send-hours.ts';
import { formatMinutes, WEEKDAY_NAMES } from '../../shared/domain/send-hours.ts';
import { addDays, instantOf, isoDate, localParts, weekdayOf, type LocalDate } from './zoned-time.ts';
import { publicHolidayOn } from './public-holidays.ts';

/** One window: sends allowed from opensAt (inclusive) to closesAt (exclusive). */
export interface SendWindow {
  opensAt: number;
  closesAt: number;
}

/** How far ahead a window is looked for (a year and a bit: hours are validated to open some day). */
const HORIZON_DAYS = 380;

/** The window of one local date, in minutes, or why there is none. */
function dayWindow(d: LocalDate, cal: SendCalendar): { opens: number; closes: number } | { closed: string } {
  const weekday = weekdayOf(d);
  const w = cal.hours[weekday];
  if (!w) return { closed: `closed on ${WEEKDAY_NAMES[weekday]}s` };
  if (!cal.closedOnPublicHolidays) return w;
  const holiday = publicHolidayOn(cal.state, isoDate(d));
  if (!holiday) return w;
  if (holiday.fromMinute <= w.opens) return { closed: `a public holiday in ${cal.state} (${holiday.name})` };
  return { opens: w.opens, closes: Math.min(w.closes, holiday.fromMinute) };
}

/** The window `ms` falls in, or else the next one. */
export function windowAt(ms: number, cal: SendCalendar): SendWindow {
  const today = localParts(ms, cal.timeZone);
  for (let i = 0; i < HORIZON_DAYS; i++) {
    const d = addDays(today, i);
    const w = dayWindow(d, cal);
    if ('closed' in w) continue;
    const closesAt = instantOf(d, w.closes, cal.timeZone);
    if (closesAt <= ms) continue;
    return { opensAt: instantOf(d, w.opens, cal.timeZone), closesAt };
  }
  throw new Error(`No send window within ${HORIZON_DAYS} days (${cal.timeZone}, ${cal.state})`);
}

export function isOpen(ms: number, cal: SendCalendar): boolean {
  return windowAt(ms, cal).opensAt <= ms;
}

/** `ms` itself inside a window, or the moment the next window opens. */
export function nextAllowedTime(ms: number, cal: SendCalendar): number {
  return Math.max(ms, windowAt(ms, cal).opensAt);
}

/** Milliseconds until the window closes (0 outside a window). */
export function timeLeftInWindow(ms: number, cal: SendCalendar): number {
  const w = windowAt(ms, cal);
  return w.opensAt <= ms ? w.closesAt - ms : 0;
}

/** Why `ms` is outside the send hours ('Saturday after 17:00', 'a public holiday in NSW (Christmas Day)'), or null inside. */
export function whyClosed(ms: number, cal: SendCalendar): string | null {
  const p = localParts(ms, cal.timeZone);
  const w = dayWindow(p, cal);
  if ('closed' in w) return w.closed;
  const day = WEEKDAY_NAMES[p.weekday as Weekday];
  if (p.minute < w.opens) return `${day} before ${formatMinutes(w.opens)}`;
  if (p.minute >= w.closes) {
    const holiday = cal.closedOnPublicHolidays ? publicHolidayOn(cal.state, isoDate(p)) : null;
    return holiday && holiday.fromMinute === w.closes ? `a public holiday in ${cal.state} from ${formatMinutes(w.closes)} (${holiday.name})` : `${day} after ${formatMinutes(w.closes)}`;
  }
  return null;
}

const describers = new Map<string, Intl.DateTimeFormat>();

/** 'Sat 5 Dec 2026, 18:00 AWST': an instant as the account's staff read it. */
export function describeInstant(ms: number, timeZone: string): string {
  let f = describers.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-AU', {
      timeZone,
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    });
    describers.set(timeZone, f);
  }
  return f.format(new Date(ms)).replace(/^(\w{3}),/, '$1');
}

// ---------------------------------------------------------------------------------------------
// Working days: Monday to Friday, less the state's public holidays (whole days).

export function isWorkingDay(d: LocalDate, cal: Pick<SendCalendar, 'state'>): boolean {
  if (weekdayOf(d) > 5) return false;
  const holiday = publicHolidayOn(cal.state, isoDate(d));
  return !holiday || holiday.fromMinute > 0;
}

/**
 * The end (next local midnight) of the `n`th working day after the local date of `ms`: an
 * unsubscribe received on Friday must be honoured by the end of the fifth working day after it.
 */
export function workingDaysDeadline(ms: number, n: number, cal: Pick<SendCalendar, 'state' | 'timeZone'>): number {
  let d: LocalDate = localParts(ms, cal.timeZone);
  let left = n;
  while (left > 0) {
    d = addDays(d, 1);
    if (isWorkingDay(d, cal)) left--;
  }
  return instantOf(addDays(d, 1), 0, cal.timeZone);
}

/** Working days after the local date of `from` up to and including that of `to` (0 when `to` is not later). */
export function workingDaysBetween(from: number, to: number, cal: Pick<SendCalendar, 'state' | 'timeZone'>): number {
  const start = localParts(from, cal.timeZone);
  const end = isoDate(localParts(to, cal.timeZone));
  let count = 0;
  for (let d = addDays(start, 1), i = 0; isoDate(d) <= end && i < 40_000; d = addDays(d, 1), i++) {
    if (isWorkingDay(d, cal)) count++;
  }
  return count;
}
