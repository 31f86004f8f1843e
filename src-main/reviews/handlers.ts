// Review items (possible opt-outs, unattributed replies): the reviews domain's public face over IPC.
import { defineHandlers } from '../ipc/handler.ts';
import { keysetPage, probeLimit } from '../ipc/keyset-page.ts';
import { reviewItem } from '../ipc/mappers.ts';

export const reviewHandlers = defineHandlers({
  'reviews.list': ({ input, ctx }) => {
    const { reviews } = ctx.core;
    const page = keysetPage(reviews.open(probeLimit(input.limit), input.cursor), input.limit);
    return { items: page.items.map(reviewItem), open: reviews.openCount(), nextCursor: page.next };
  },
  'reviews.confirm': ({ input, ctx }) => {
    const { item, consentEventId } = ctx.core.reviews.confirm(input.reviewId, ctx.prefs.userName());
    ctx.bus.emit('review:changed', { reviewId: item.id });
    // A confirmed possible opt-out recorded an SMS opt-out for that account (R3).
    if (consentEventId !== null && item.customer_id !== null && item.dealer_account_id !== null) {
      ctx.bus.emit('consent:changed', { customerId: item.customer_id, dealerAccountId: item.dealer_account_id, channel: 'sms', status: 'opted_out' });
    }
    return reviewItem(item);
  },
  'reviews.dismiss': ({ input, ctx }) => {
    const { item } = ctx.core.reviews.dismiss(input.reviewId, ctx.prefs.userName());
    ctx.bus.emit('review:changed', { reviewId: item.id });
    return reviewItem(item);
  },
});
