// "Export diagnostics" over IPC: the service writes the file; the answer says where.
import { defineHandlers } from '../ipc/handler.ts';
import { AppError } from '../app-error.ts';
import { settingsOf } from '../settings/handlers.ts';

export const diagnosticsHandlers = defineHandlers({
  'diagnostics.export': async ({ ctx }) => {
    if (!ctx.diagnostics) throw new AppError('NOT_FOUND', 'Diagnostics cannot be exported from this app (no data folder).');
    const settings = await settingsOf(ctx);
    return ctx.diagnostics.export({
      mode: ctx.mode,
      sync: ctx.sync.status(),
      settings,
      accountSids: settings.gatewayAccounts.map((g) => g.accountSid),
    });
  },
});
