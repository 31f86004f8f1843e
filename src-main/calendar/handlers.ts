// A dealer account's send calendar over IPC (Settings → Send hours).
import { defineHandlers } from '../ipc/handler.ts';
import type { HandlerContext } from '../ipc/context.ts';
import { sendCalendarView } from '../ipc/mappers/automation.ts';
import { parseMinutes, type WeeklyHours, type Weekday } from '../../shared/domain/send-hours.ts';
import { invalidInput } from '../app-error.ts';
import { isOpen } from './send-window.ts';
import type { SendCalendarView } from '../../shared/ipc/contract.ts';

function view(ctx: HandlerContext, dealerAccountId: number): SendCalendarView {
  const { calendar, store, clock } = ctx.core;
  const cal = calendar.forAccount(dealerAccountId);
  const now = clock();
  const w = calendar.windowAt(dealerAccountId, now);
  const open = isOpen(now, cal);
  const text = open ? `Open now, until ${calendar.describe(dealerAccountId, w.closesAt)}.` : `Closed now; opens ${calendar.describe(dealerAccountId, w.opensAt)}.`;
  return sendCalendarView(dealerAccountId, store.accounts.accountName(dealerAccountId), cal, {
    defaultHours: calendar.usesDefaultHours(dealerAccountId),
    openNow: open,
    window: { ...w, text },
    upcomingHolidays: cal.closedOnPublicHolidays ? calendar.upcomingHolidays(dealerAccountId, now, 5) : [],
  });
}

export const calendarHandlers = defineHandlers({
  'calendar.get': ({ input, ctx }) => view(ctx, input.dealerAccountId),
  'calendar.set': ({ input, ctx }) => {
    let hours: WeeklyHours | null = null;
    if (input.hours) {
      hours = {} as WeeklyHours;
      for (const d of input.hours) {
        if (d.opens === null || d.closes === null) {
          hours[d.weekday as Weekday] = null;
          continue;
        }
        const opens = parseMinutes(d.opens);
        const closes = parseMinutes(d.closes);
        if (opens === null || closes === null) throw invalidInput(`"${d.opens}–${d.closes}" is not a time of day.`, { field: 'hours' });
        hours[d.weekday as Weekday] = { opens, closes };
      }
    }
    ctx.core.calendar.setForAccount(input.dealerAccountId, { timeZone: input.timeZone, state: input.state, hours, closedOnPublicHolidays: input.closedOnPublicHolidays });
    return view(ctx, input.dealerAccountId);
  },
});
