import type { Db } from '../open-database.ts';
import type { AuState, SendCalendar, WeeklyHours, Weekday } from '../../../shared/domain/send-hours.ts';
import { DEFAULT_WEEKLY_HOURS, WEEKDAYS, isAuState } from '../../../shared/domain/send-hours.ts';

interface CalendarRow {
  time_zone: string;
  state: string;
  closed_on_public_holidays: number;
  send_hours_custom: number;
}

/** A dealer account's time zone, state and weekly send hours (migration 010). */
export class SendCalendarRepo {
  private readonly getStmt;
  private readonly hoursStmt;
  private readonly setStmt;
  private readonly clearHoursStmt;
  private readonly insertHoursStmt;

  constructor(private readonly db: Db) {
    this.getStmt = db.prepare<[number], CalendarRow>(
      'SELECT time_zone, state, closed_on_public_holidays, send_hours_custom FROM dealer_accounts WHERE id = ?',
    );
    this.hoursStmt = db.prepare<[number], { weekday: number; opens_min: number; closes_min: number }>(
      'SELECT weekday, opens_min, closes_min FROM dealer_account_send_hours WHERE dealer_account_id = ?',
    );
    this.setStmt = db.prepare<[string, string, number, number, number]>(
      'UPDATE dealer_accounts SET time_zone = ?, state = ?, closed_on_public_holidays = ?, send_hours_custom = ? WHERE id = ?',
    );
    this.clearHoursStmt = db.prepare<[number]>('DELETE FROM dealer_account_send_hours WHERE dealer_account_id = ?');
    this.insertHoursStmt = db.prepare<[number, number, number, number]>(
      'INSERT INTO dealer_account_send_hours (dealer_account_id, weekday, opens_min, closes_min) VALUES (?, ?, ?, ?)',
    );
  }

  /** The account's calendar, or undefined for an unknown account. */
  get(dealerAccountId: number): SendCalendar | undefined {
    const row = this.getStmt.get(dealerAccountId);
    if (!row) return undefined;
    let hours: WeeklyHours = DEFAULT_WEEKLY_HOURS;
    if (row.send_hours_custom === 1) {
      const custom = Object.fromEntries(WEEKDAYS.map((d) => [d, null])) as Record<Weekday, WeeklyHours[Weekday]>;
      for (const h of this.hoursStmt.all(dealerAccountId)) custom[h.weekday as Weekday] = { opens: h.opens_min, closes: h.closes_min };
      hours = custom;
    }
    return {
      timeZone: row.time_zone,
      state: (isAuState(row.state) ? row.state : 'NSW') as AuState,
      hours,
      closedOnPublicHolidays: row.closed_on_public_holidays === 1,
    };
  }

  isDefaultHours(dealerAccountId: number): boolean {
    return this.getStmt.get(dealerAccountId)?.send_hours_custom !== 1;
  }

  /** Stores the account's calendar (the hours become custom unless `defaultHours`). */
  set(dealerAccountId: number, cal: SendCalendar, defaultHours: boolean): void {
    this.db.transaction(() => {
      this.setStmt.run(cal.timeZone, cal.state, cal.closedOnPublicHolidays ? 1 : 0, defaultHours ? 0 : 1, dealerAccountId);
      this.clearHoursStmt.run(dealerAccountId);
      if (!defaultHours) {
        for (const d of WEEKDAYS) {
          const w = cal.hours[d];
          if (w) this.insertHoursStmt.run(dealerAccountId, d, w.opens, w.closes);
        }
      }
    })();
  }
}
