// The group of desks over IPC (R11): Settings → Group server (join, leave, test) and the status
// bar's group state. The connection service keeps the credentials; answers never carry them.
import { defineHandlers } from '../ipc/handler.ts';
import { invalidInput } from '../app-error.ts';

export const groupHandlers = defineHandlers({
  'group.status': ({ ctx }) => ctx.group.status(),

  'settings.testGroupServer': ({ input, ctx }) => ctx.group.test(input),

  'settings.setGroupServer': async ({ input, ctx }) => {
    if (input.url === null) return ctx.group.leave();
    try {
      return await ctx.group.join(input);
    } catch (err) {
      // A server that cannot be reached or refuses us is bad input for this form: nothing changed.
      throw invalidInput(`Could not join the group server: ${err instanceof Error ? err.message : String(err)}`, { field: 'url' });
    }
  },
});
