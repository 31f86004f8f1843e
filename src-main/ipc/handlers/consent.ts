import { defineHandlers } from '../handler.ts';
import { consentEvent } from '../mappers.ts';
import { notFound } from '../../app-error.ts';

export const consentHandlers = defineHandlers({
  'consent.optOut': ({ input, ctx }) => {
    const eventId = ctx.core.consent.optOutManually({
      dealerAccountId: input.dealerAccountId,
      customerId: input.customerId,
      channel: input.channel,
      actor: ctx.prefs.userName(),
      reason: input.reason ?? null,
    });
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
    return { eventId };
  },

  'consent.history': ({ input, ctx }) => {
    if (!ctx.core.store.customers.get(input.customerId)) throw notFound(`Customer ${input.customerId}`);
    return ctx.core.store.consent.history(input.customerId).map(consentEvent);
  },
});
