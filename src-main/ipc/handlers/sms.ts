import { defineHandlers } from '../handler.ts';
import { keysetPage, probeLimit } from '../keyset-page.ts';
import { fullName, messageWithNames, reviewItem, smsMessage } from '../mappers.ts';
import { notFound } from '../../app-error.ts';
import { optedOutMessage } from '../../../shared/consent-text.ts';
import { SMS_STATUS_FILTERS } from '../../../shared/ipc/contract.ts';
import type { MessageStatus } from '../../../shared/domain.ts';

const WAITING: readonly MessageStatus[] = ['queued', 'sending', 'unknown'];

export const smsHandlers = defineHandlers({
  'sms.list': ({ input, ctx }) => {
    const statuses = input.statuses?.length ? [...new Set(input.statuses.flatMap((f) => SMS_STATUS_FILTERS[f]))] : undefined;
    const rows = ctx.core.store.messages.list({
      ...(statuses ? { statuses } : {}),
      ...(input.dealerAccountId !== undefined ? { dealerAccountId: input.dealerAccountId } : {}),
      ...(input.from !== undefined ? { from: input.from } : {}),
      ...(input.to !== undefined ? { to: input.to } : {}),
      ...(input.cursor ? { after: input.cursor } : {}),
      limit: probeLimit(input.limit),
    });
    const page = keysetPage(rows, input.limit);
    return { items: page.items.map(smsMessage), next: page.next };
  },

  'sms.preflight': ({ input, ctx }) => {
    const { store } = ctx.core;
    const customer = store.customers.get(input.customerId);
    if (!customer) throw notFound(`Customer ${input.customerId}`);
    if (!store.accounts.account(input.dealerAccountId)) throw notFound(`Dealer account ${input.dealerAccountId}`);
    const name = fullName(customer);
    const decision = ctx.core.consent.decide(input.dealerAccountId, customer.id, 'sms');
    const block = decision.allowed ? null : decision.block;
    const hold = store.reviews.openPossibleOptOut(customer.id, input.dealerAccountId);
    const review = hold ? store.reviews.get(hold.id) : undefined;
    const senderId = input.senderId ?? store.accounts.sendersOfAccount(input.dealerAccountId)[0]?.id;
    const gatewayBlocked = senderId !== undefined && customer.mobile !== null && store.gatewayBlocks.active(senderId, customer.mobile) !== undefined;
    let warning: string | null = null;
    if (block) {
      // The same sentence the refusal carries, said before sending.
      warning = `${optedOutMessage(block, name, ctx.timeZone).replace(/^Not sent: /, '')} A send will be refused.`;
    } else if (gatewayBlocked) {
      warning = `The SMS gateway refuses ${customer.mobile} from this sender: the number unsubscribed at the gateway.`;
    } else if (review) {
      const quoted = review.body.length > 60 ? `${review.body.slice(0, 57)}...` : review.body;
      warning = `${name} replied "${quoted}", which may be an opt-out; it awaits staff review.`;
    }
    return {
      allowed: !block && !gatewayBlocked,
      warning,
      block,
      openReview: review ? reviewItem(review) : null,
      gatewayBlocked,
      online: ctx.sync.status().online,
    };
  },

  'sms.send': async ({ input, ctx }) => {
    const { store } = ctx.core;
    try {
      const row = await ctx.core.sends.send({
        dealerAccountId: input.dealerAccountId,
        customerId: input.customerId,
        ...(input.senderId !== undefined ? { senderId: input.senderId } : {}),
        body: input.body,
        actor: ctx.prefs.userName(),
        origin: 'manual',
      });
      ctx.sync.publishChanges();
      return { message: messageWithNames(store, row), queued: WAITING.includes(row.status) };
    } catch (err) {
      // R6: a refused attempt is recorded too; tell the lists it exists.
      ctx.sync.publishChanges();
      throw err;
    }
  },
});
