// Message templates over IPC.
import { defineHandlers } from '../ipc/handler.ts';
import { template } from '../ipc/mappers.ts';

export const templateHandlers = defineHandlers({
  'templates.list': ({ input, ctx }) => ctx.core.templates.list(input.dealerAccountId).map(template),
});
