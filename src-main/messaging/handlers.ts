// The messaging domain's IPC face: the SMS list, the composer's preflight and the send itself.
// Each calls a service; the decision "may this SMS leave" is the send policy's (send-policy.ts).
import { defineHandlers } from '../ipc/handler.ts';
import { keysetPage, probeLimit } from '../ipc/keyset-page.ts';
import { messageWithNames, reviewItem, smsMessage } from '../ipc/mappers.ts';
import { SMS_STATUS_FILTERS } from '../../shared/ipc/contract.ts';
import type { SendResult } from './send-service.ts';
import type { SendResult as SendResultOut } from '../../shared/ipc/contract.ts';
import type { Store } from '../db/store.ts';

/** The core's send result as the contract says it: the message with its names (the output schema keeps only the contract's fields). */
function sendResultOut(store: Store, r: SendResult): SendResultOut {
  const message = messageWithNames(store, r.message);
  return r.outcome === 'refused' ? { outcome: 'refused', message, refusal: r.refusal } : { outcome: r.outcome, message };
}

export const smsHandlers = defineHandlers({
  'sms.list': ({ input, ctx }) => {
    const statuses = input.statuses?.length ? [...new Set(input.statuses.flatMap((f) => SMS_STATUS_FILTERS[f]))] : undefined;
    const rows = ctx.core.messages.list({
      ...(statuses ? { statuses } : {}),
      ...(input.dealerAccountId !== undefined ? { dealerAccountId: input.dealerAccountId } : {}),
      ...(input.from !== undefined ? { from: input.from } : {}),
      ...(input.to !== undefined ? { to: input.to } : {}),
      ...(input.cursor ? { after: input.cursor } : {}),
      ...(input.text?.trim() ? { text: input.text } : {}),
      limit: probeLimit(input.limit),
    });
    const page = keysetPage(rows, input.limit);
    return { items: page.items.map(smsMessage), next: page.next };
  },

  'sms.preflight': ({ input, ctx }) => {
    const { decision, warning, openReview, senderId, gatewayBlock } = ctx.core.sends.preflight(input);
    return {
      allowed: decision.allowed,
      senderId,
      gatewayBlock,
      // The same sentence the refusal carries (send-policy.ts), said before sending.
      warning,
      block: decision.refusal?.block ?? null,
      openReview: openReview ? reviewItem(openReview) : null,
      gatewayBlocked: decision.refusal?.code === 'GATEWAY_BLOCKED',
      online: ctx.sync.status().online,
    };
  },

  'sms.send': async ({ input, ctx }) => {
    const result = await ctx.core.sends.send({
      dealerAccountId: input.dealerAccountId,
      customerId: input.customerId,
      ...(input.senderId !== undefined ? { senderId: input.senderId } : {}),
      body: input.body,
      actor: ctx.prefs.userName(),
      origin: 'manual',
      requestId: input.requestId,
    });
    // The message went (or waits in the outbox): the composer's draft for it is done with.
    if (result.outcome === 'sent' || result.outcome === 'queued') ctx.core.drafts.sent(input.customerId, input.dealerAccountId);
    return sendResultOut(ctx.core.store, result);
  },

  'sms.sendStatus': ({ input, ctx }) => {
    const result = ctx.core.sends.resultOf(input.requestId);
    return result ? sendResultOut(ctx.core.store, result) : null;
  },
});
