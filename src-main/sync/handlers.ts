// Gateway sync status and "poll now" over IPC (the app's sync controller).
import { defineHandlers } from '../ipc/handler.ts';

export const syncHandlers = defineHandlers({
  'sync.status': ({ ctx }) => ctx.sync.status(),
  'sync.pollNow': async ({ ctx }) => {
    await ctx.sync.pollNow();
    return ctx.sync.status();
  },
});
