import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_SEND_CALENDAR, describeWeeklyHours, DEFAULT_WEEKLY_HOURS, parseMinutes, weeklyHoursProblem, type SendCalendar } from '../../shared/domain/send-hours.ts';
import { describeInstant, isOpen, nextAllowedTime, timeLeftInWindow, whyClosed, workingDaysBetween, workingDaysDeadline } from '../../src-main/calendar/send-window.ts';
import { instantOf, localParts } from '../../src-main/calendar/zoned-time.ts';
import { publicHolidays } from '../../src-main/calendar/public-holidays.ts';
import { seedWorld } from '../support/seed-world.ts';

const perth: SendCalendar = { ...DEFAULT_SEND_CALENDAR, timeZone: 'Australia/Perth', state: 'WA' };
const sydney: SendCalendar = { ...DEFAULT_SEND_CALENDAR, timeZone: 'Australia/Sydney', state: 'NSW' };
const melbourne: SendCalendar = { ...DEFAULT_SEND_CALENDAR, timeZone: 'Australia/Melbourne', state: 'VIC' };
const at = (cal: SendCalendar, date: string, hhmm: string): number => {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return instantOf({ year: y, month: m, day: d }, parseMinutes(hhmm)!, cal.timeZone);
};

test('R12 quiet hours: Saturday 18:00 in Perth is closed; the next allowed time is Monday 09:00 Perth time', () => {
  const sat6pm = at(perth, '2026-12-05', '18:00');
  assert.equal(sat6pm, Date.UTC(2026, 11, 5, 10, 0), 'Perth is UTC+8 (no daylight saving)');
  assert.equal(isOpen(sat6pm, perth), false);
  assert.equal(whyClosed(sat6pm, perth), 'Saturday after 17:00');
  assert.equal(nextAllowedTime(sat6pm, perth), at(perth, '2026-12-07', '09:00'));
  assert.equal(describeInstant(nextAllowedTime(sat6pm, perth), perth.timeZone), 'Mon 7 Dec 2026, 09:00 AWST');
});

test('R12 quiet hours follow the account\'s own zone: 18:00 Saturday in Perth is 21:00 in Sydney, yet Sydney\'s Saturday 16:00 is open', () => {
  const sydneySat4pm = at(sydney, '2026-12-05', '16:00');
  assert.equal(isOpen(sydneySat4pm, sydney), true);
  assert.equal(timeLeftInWindow(sydneySat4pm, sydney), 60 * 60_000, 'an hour left before Saturday 17:00');
  assert.equal(isOpen(sydneySat4pm, perth), true, '13:00 in Perth');
  assert.equal(timeLeftInWindow(sydneySat4pm, perth), 4 * 60 * 60_000);
});

test('R12 weekdays 09:00–20:00: open at 09:00, closed at 20:00 and before 09:00; Sunday closed', () => {
  assert.equal(isOpen(at(sydney, '2026-11-23', '09:00'), sydney), true);
  assert.equal(isOpen(at(sydney, '2026-11-23', '08:59'), sydney), false);
  assert.equal(whyClosed(at(sydney, '2026-11-23', '08:59'), sydney), 'Monday before 09:00');
  assert.equal(isOpen(at(sydney, '2026-11-23', '20:00'), sydney), false);
  assert.equal(nextAllowedTime(at(sydney, '2026-11-23', '20:00'), sydney), at(sydney, '2026-11-24', '09:00'));
  assert.equal(whyClosed(at(sydney, '2026-11-22', '12:00'), sydney), 'closed on Sundays');
  assert.equal(timeLeftInWindow(at(sydney, '2026-11-22', '12:00'), sydney), 0);
});

test('R12 public holidays come from date-holidays per state: NSW Labour Day (5 Oct 2026) waits for Tuesday; Victoria, whose Labour Day is in March, sends', () => {
  const nswLabourDay = at(sydney, '2026-10-05', '10:00');
  assert.equal(isOpen(nswLabourDay, sydney), false);
  assert.equal(whyClosed(nswLabourDay, sydney), 'a public holiday in NSW (Labour Day)');
  assert.equal(nextAllowedTime(nswLabourDay, sydney), at(sydney, '2026-10-06', '09:00'));
  assert.equal(isOpen(at(melbourne, '2026-10-05', '10:00'), melbourne), true);
  assert.ok([...publicHolidays('VIC', 2026).values()].some((h) => h.date === '2026-03-09' && h.name === 'Labour Day'));
  // An account that does not close on public holidays sends on Labour Day.
  assert.equal(isOpen(nswLabourDay, { ...sydney, closedOnPublicHolidays: false }), true);
});

test('R12 Christmas in NSW: Christmas Day, Boxing Day (Saturday), Sunday and the substitute Monday are closed; Tuesday 29 Dec opens', () => {
  assert.equal(nextAllowedTime(at(sydney, '2026-12-25', '10:00'), sydney), at(sydney, '2026-12-29', '09:00'));
});

test('R12 a state holiday from 19:00 (South Australia\'s Christmas Eve) closes the window at 19:00', () => {
  const adelaide: SendCalendar = { ...DEFAULT_SEND_CALENDAR, timeZone: 'Australia/Adelaide', state: 'SA' };
  const eve = at(adelaide, '2026-12-24', '18:30');
  assert.equal(timeLeftInWindow(eve, adelaide), 30 * 60_000);
  assert.equal(isOpen(at(adelaide, '2026-12-24', '19:30'), adelaide), false);
});

test('R12 daylight saving: 09:00 in Sydney is 22:00 UTC in summer and 23:00 UTC in winter', () => {
  assert.equal(at(sydney, '2026-12-01', '09:00'), Date.UTC(2026, 10, 30, 22, 0));
  assert.equal(at(sydney, '2026-07-01', '09:00'), Date.UTC(2026, 5, 30, 23, 0));
  const p = localParts(Date.UTC(2026, 9, 3, 16, 30), 'Australia/Sydney'); // 03:30 AEDT on the changeover morning
  assert.deepEqual([p.day, p.minute], [4, 3 * 60 + 30]);
});

test('working days (for the five-working-day unsubscribe deadline): weekends and the state\'s public holidays do not count', () => {
  const friday = at(sydney, '2026-12-18', '15:00');
  // Mon 21, Tue 22, Wed 23, Thu 24, [Fri 25 Christmas, Mon 28 substitute Boxing Day], Tue 29.
  assert.equal(workingDaysDeadline(friday, 5, sydney), at(sydney, '2026-12-30', '00:00'));
  assert.equal(workingDaysBetween(friday, at(sydney, '2026-12-29', '12:00'), sydney), 5);
});

test('weekly hours are checked: closing before opening, or no open day, is refused with a sentence', () => {
  assert.equal(weeklyHoursProblem(DEFAULT_WEEKLY_HOURS), null);
  assert.match(weeklyHoursProblem({ ...DEFAULT_WEEKLY_HOURS, 1: { opens: 600, closes: 540 } }) ?? '', /Monday: opens at 10:00 but closes at 09:00/);
  assert.match(weeklyHoursProblem({ 1: null, 2: null, 3: null, 4: null, 5: null, 6: null, 7: null }) ?? '', /At least one day must be open/);
  assert.equal(describeWeeklyHours(DEFAULT_WEEKLY_HOURS), 'Mon–Fri 09:00–20:00, Sat 09:00–17:00, closed Sun');
});

test('R12 migration 009: an account starts in Sydney/NSW with the default hours; its calendar is changed with validation and nothing is saved on bad input', () => {
  const { core, dealerA } = seedWorld();
  assert.deepEqual(core.calendar.forAccount(dealerA), DEFAULT_SEND_CALENDAR);
  assert.throws(() => core.calendar.setForAccount(dealerA, { timeZone: 'Mars/Olympus', state: 'WA', hours: null, closedOnPublicHolidays: true }), /not a time zone/);
  assert.throws(() => core.calendar.setForAccount(dealerA, { timeZone: 'Australia/Perth', state: 'XX', hours: null, closedOnPublicHolidays: true }), /not an Australian state/);
  assert.deepEqual(core.calendar.forAccount(dealerA), DEFAULT_SEND_CALENDAR);
  const late = { ...DEFAULT_WEEKLY_HOURS, 6: null, 4: { opens: 9 * 60, closes: 21 * 60 } };
  const cal = core.calendar.setForAccount(dealerA, { timeZone: 'Australia/Perth', state: 'WA', hours: late, closedOnPublicHolidays: true });
  assert.deepEqual(cal, { timeZone: 'Australia/Perth', state: 'WA', hours: late, closedOnPublicHolidays: true });
  assert.equal(core.calendar.usesDefaultHours(dealerA), false);
  core.calendar.setForAccount(dealerA, { timeZone: 'Australia/Perth', state: 'WA', hours: null, closedOnPublicHolidays: false });
  assert.equal(core.calendar.usesDefaultHours(dealerA), true);
  assert.deepEqual(core.calendar.forAccount(dealerA).hours, DEFAULT_WEEKLY_HOURS);
});
