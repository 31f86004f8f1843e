// Consent's public face over IPC (R1, R9): manual opt-out / opt-in and the audit trail.
import { defineHandlers } from '../ipc/handler.ts';
import { consentEvent } from '../ipc/mappers.ts';

export const consentHandlers = defineHandlers({
  'consent.optOut': ({ input, ctx }) => {
    const eventId = ctx.core.consent.optOutManually({
      dealerAccountId: input.dealerAccountId,
      customerId: input.customerId,
      channel: input.channel,
      actor: ctx.prefs.userName(),
      reason: input.reason ?? null,
    });
    ctx.bus.emit('consent:changed', { customerId: input.customerId, dealerAccountId: input.dealerAccountId, channel: input.channel, status: 'opted_out' });
    return { eventId };
  },

  'consent.optIn': ({ input, ctx }) => {
    const eventId = ctx.core.consent.optInManually({
      dealerAccountId: input.dealerAccountId,
      customerId: input.customerId,
      channel: input.channel,
      actor: ctx.prefs.userName(),
      reason: input.reason,
    });
    ctx.bus.emit('consent:changed', { customerId: input.customerId, dealerAccountId: input.dealerAccountId, channel: input.channel, status: 'opted_in' });
    return { eventId };
  },

  'consent.history': ({ input, ctx }) => ctx.core.consent.history(input.customerId).map(consentEvent),
});
