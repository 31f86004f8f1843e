// Wall-clock arithmetic in an IANA time zone, with the runtime's own tz database (Intl): what
// local date, weekday and minute an instant is in a zone, and which instant a local date and
// minute is. Daylight saving is handled: a local time skipped by a spring-forward gap resolves to
// an instant after the gap; a repeated one (autumn) to one of its two occurrences. (Send hours
// open and close well away from Australia's 02:00–03:00 changes.)
import type { Weekday } from '../../shared/domain/send-hours.ts';

/** A local calendar date. */
export interface LocalDate {
  year: number;
  month: number; // 1..12
  day: number; // 1..31
}

export interface LocalParts extends LocalDate {
  weekday: Weekday;
  /** Minutes after local midnight, 0..1439. */
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Weekday of a local date (ISO: 1 = Monday … 7 = Sunday). */
export function weekdayOf(d: LocalDate): Weekday {
  const js = new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay(); // 0 = Sunday
  return (js === 0 ? 7 : js) as Weekday;
}

/** The local date `days` after `d` (negative: before). */
export function addDays(d: LocalDate, days: number): LocalDate {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day + days));
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

/** '2026-12-25'. */
export function isoDate(d: LocalDate): string {
  return `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}

/** The local date, weekday and minute of an instant in a zone. */
export function localParts(ms: number, timeZone: string): LocalParts {
  const p: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(ms))) {
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  }
  const date = { year: p.year!, month: p.month!, day: p.day! };
  return { ...date, weekday: weekdayOf(date), minute: p.hour! * 60 + p.minute! };
}

/** The zone's offset from UTC at an instant, in ms (Sydney in summer: +11 h). */
export function offsetAt(ms: number, timeZone: string): number {
  const p: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(ms))) {
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  }
  const asUtc = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/** The instant a local date and minute (0..1440) is in a zone. */
export function instantOf(d: LocalDate, minute: number, timeZone: string): number {
  const wall = Date.UTC(d.year, d.month - 1, d.day, 0, minute);
  // Two passes settle the offset; where the wall time falls in a DST gap they disagree, and the
  // later instant (after the gap) is taken.
  const first = wall - offsetAt(wall, timeZone);
  const second = wall - offsetAt(first, timeZone);
  if (first === second) return first;
  return Math.max(first, second);
}
