// Australian public holidays per state, from the maintained `date-holidays` data (national,
// state and substitute days), never a hand-written list. A holiday that starts part-way through a
// day (South Australia's Christmas Eve and New Year's Eve from 19:00) closes from that time.
import Holidays from 'date-holidays';
import type { AuState } from '../../shared/domain/send-hours.ts';

export interface PublicHoliday {
  /** Local date, '2026-01-26'. */
  date: string;
  name: string;
  /** Minutes after local midnight it starts (0 for a whole day). */
  fromMinute: number;
}

const byStateYear = new Map<string, Map<string, PublicHoliday>>();

/** The state's public holidays of a year, by local date. Cached. */
export function publicHolidays(state: AuState, year: number): Map<string, PublicHoliday> {
  const key = `${state}:${year}`;
  let found = byStateYear.get(key);
  if (!found) {
    found = new Map();
    const hd = new Holidays('AU', state, { types: ['public'] });
    for (const h of hd.getHolidays(year) || []) {
      if (h.type !== 'public') continue;
      // `date` is local: 'YYYY-MM-DD HH:mm:ss' (a substitute day carries its own date).
      const date = h.date.slice(0, 10);
      const [hh, mm] = h.date.slice(11, 16).split(':').map(Number);
      const fromMinute = (hh ?? 0) * 60 + (mm ?? 0);
      const prior = found.get(date);
      if (!prior || fromMinute < prior.fromMinute) found.set(date, { date, name: h.name, fromMinute });
    }
    byStateYear.set(key, found);
  }
  return found;
}

/** The public holiday on a local date in a state, or null. */
export function publicHolidayOn(state: AuState, isoDate: string): PublicHoliday | null {
  return publicHolidays(state, Number(isoDate.slice(0, 4))).get(isoDate) ?? null;
}
