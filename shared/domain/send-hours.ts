// When a dealer account may send automated (commercial) SMS: its time zone, its Australian state
// (for public holidays) and its weekly send hours. The default follows the Telecommunications
// (Telemarketing and Research Calls) Industry Standard 2017 — the nearest binding Australian rule:
// Monday–Friday 09:00–20:00, Saturday 09:00–17:00, closed Sundays and public holidays. Plain data
// and pure functions; main computes with them (src-main/calendar/), the Settings screen edits them.

/** The Australian states and territories, as `date-holidays` names their regions. */
export const AU_STATES = ['ACT', 'NSW', 'NT', 'QLD', 'SA', 'TAS', 'VIC', 'WA'] as const;
export type AuState = (typeof AU_STATES)[number];

export const AU_STATE_NAMES: Record<AuState, string> = {
  ACT: 'Australian Capital Territory',
  NSW: 'New South Wales',
  NT: 'Northern Territory',
  QLD: 'Queensland',
  SA: 'South Australia',
  TAS: 'Tasmania',
  VIC: 'Victoria',
  WA: 'Western Australia',
};

/** The IANA time zones Australian yards use (a dealer account may pick any valid IANA zone). */
export const AU_TIME_ZONES = [
  'Australia/Sydney',
  'Australia/Melbourne',
  'Australia/Brisbane',
  'Australia/Adelaide',
  'Australia/Darwin',
  'Australia/Hobart',
  'Australia/Perth',
  'Australia/Broken_Hill',
  'Australia/Lord_Howe',
  'Australia/Eucla',
] as const;

/** The zone a state's capital keeps: the default when an account's state is set. */
export const STATE_TIME_ZONE: Record<AuState, string> = {
  ACT: 'Australia/Sydney',
  NSW: 'Australia/Sydney',
  NT: 'Australia/Darwin',
  QLD: 'Australia/Brisbane',
  SA: 'Australia/Adelaide',
  TAS: 'Australia/Hobart',
  VIC: 'Australia/Melbourne',
  WA: 'Australia/Perth',
};

/** ISO weekdays: 1 = Monday … 7 = Sunday. */
export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export const WEEKDAY_NAMES: Record<Weekday, string> = { 1: 'Monday', 2: 'Tuesday', 3: 'Wednesday', 4: 'Thursday', 5: 'Friday', 6: 'Saturday', 7: 'Sunday' };

/** One day's window, in minutes after local midnight: opens ≤ t < closes. */
export interface DayHours {
  opens: number;
  closes: number;
}

/** Per weekday its window, or null when closed that day. */
export type WeeklyHours = Record<Weekday, DayHours | null>;

const h = (hh: number): number => hh * 60;

export const DEFAULT_WEEKLY_HOURS: WeeklyHours = {
  1: { opens: h(9), closes: h(20) },
  2: { opens: h(9), closes: h(20) },
  3: { opens: h(9), closes: h(20) },
  4: { opens: h(9), closes: h(20) },
  5: { opens: h(9), closes: h(20) },
  6: { opens: h(9), closes: h(17) },
  7: null,
};

export const DEFAULT_TIME_ZONE = 'Australia/Sydney';
export const DEFAULT_STATE: AuState = 'NSW';

/** A dealer account's send calendar. */
export interface SendCalendar {
  timeZone: string;
  state: AuState;
  hours: WeeklyHours;
  /** Closed on the state's public holidays (the default). */
  closedOnPublicHolidays: boolean;
}

export const DEFAULT_SEND_CALENDAR: SendCalendar = {
  timeZone: DEFAULT_TIME_ZONE,
  state: DEFAULT_STATE,
  hours: DEFAULT_WEEKLY_HOURS,
  closedOnPublicHolidays: true,
};

export function isAuState(s: string): s is AuState {
  return (AU_STATES as readonly string[]).includes(s);
}

/** '09:00' for 540; '24:00' for 1440. */
export function formatMinutes(m: number): string {
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** 540 for '09:00' or '9:00'; null when not a time of day (24:00 allowed as a closing time). */
export function parseMinutes(s: string): number | null {
  const m = /^\s*(\d{1,2}):(\d{2})\s*$/.exec(s);
  if (!m) return null;
  const hh = Number(m[1]);
  const mm = Number(m[2]);
  if (mm > 59 || hh > 24 || (hh === 24 && mm !== 0)) return null;
  return hh * 60 + mm;
}

/** Whether a string names an IANA time zone this runtime knows. */
export function isTimeZone(tz: string): boolean {
  if (!tz || tz.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-AU', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Why these weekly hours cannot be kept, or null when they can. */
export function weeklyHoursProblem(hours: WeeklyHours): string | null {
  let open = 0;
  for (const d of WEEKDAYS) {
    const w = hours[d];
    if (w === null) continue;
    if (!Number.isInteger(w.opens) || !Number.isInteger(w.closes) || w.opens < 0 || w.closes > 1440) {
      return `${WEEKDAY_NAMES[d]}: times must fall between 00:00 and 24:00.`;
    }
    if (w.opens >= w.closes) return `${WEEKDAY_NAMES[d]}: opens at ${formatMinutes(w.opens)} but closes at ${formatMinutes(w.closes)}; it must close after it opens.`;
    open++;
  }
  return open === 0 ? 'At least one day must be open, or automated messages could never be sent.' : null;
}

/** "Mon–Fri 09:00–20:00, Sat 09:00–17:00, closed Sun" style summary. */
export function describeWeeklyHours(hours: WeeklyHours): string {
  const parts: string[] = [];
  let i = 0;
  const key = (d: Weekday): string => {
    const w = hours[d];
    return w ? `${formatMinutes(w.opens)}–${formatMinutes(w.closes)}` : 'closed';
  };
  while (i < WEEKDAYS.length) {
    const start = WEEKDAYS[i]!;
    let end = start;
    while (i + 1 < WEEKDAYS.length && key(WEEKDAYS[i + 1]!) === key(start)) end = WEEKDAYS[++i]!;
    const name = (d: Weekday): string => WEEKDAY_NAMES[d].slice(0, 3);
    const days = start === end ? name(start) : `${name(start)}–${name(end)}`;
    parts.push(key(start) === 'closed' ? `closed ${days}` : `${days} ${key(start)}`);
    i++;
  }
  return parts.join(', ');
}
