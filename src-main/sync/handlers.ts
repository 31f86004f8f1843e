// Gateway sync status and "poll now" over IPC (the app's sync controller); "poll now" also
// exchanges with the group server (R11).
import { defineHandlers } from '../ipc/handler.ts';

export const syncHandlers = defineHandlers({
  'sync.status': ({ ctx }) => ctx.sync.status(),
  'sync.pollNow': async ({ ctx }) => {
    await Promise.all([ctx.sync.pollNow(), ctx.group.exchangeNow()]);
    return ctx.sync.status();
  },
});
