// Review items (possible opt-outs, unattributed replies) and notifications.
import { defineHandlers } from '../handler.ts';
import { keysetPage, probeLimit } from '../keyset-page.ts';
import { notification, reviewItem } from '../mappers.ts';

export const reviewHandlers = defineHandlers({
  'reviews.list': ({ input, ctx }) => {
    const { reviews } = ctx.core.store;
    const page = keysetPage(reviews.open(probeLimit(input.limit), input.cursor), input.limit);
    return { items: page.items.map(reviewItem), open: reviews.openCount(), nextCursor: page.next };
  },
  'reviews.confirm': ({ input, ctx }) => {
    const row = ctx.reviews.confirm(input.reviewId, ctx.prefs.userName());
    return reviewItem(row);
  },
  'reviews.dismiss': ({ input, ctx }) => {
    const row = ctx.reviews.dismiss(input.reviewId, ctx.prefs.userName());
    return reviewItem(row);
  },
});

export const notificationHandlers = defineHandlers({
  'notifications.list': ({ input, ctx }) => {
    const { notifications } = ctx.core.store;
    return { items: notifications.recent(input.limit).map(notification), unread: notifications.unreadCount() };
  },
  'notifications.markRead': ({ input, ctx }) => {
    const { notifications } = ctx.core.store;
    const now = ctx.core.clock();
    ctx.core.store.transaction(() => {
      for (const id of input.ids) notifications.markRead(id, now);
    });
    return { unread: notifications.unreadCount() };
  },
  'notifications.markAllRead': ({ ctx }) => {
    const { notifications } = ctx.core.store;
    notifications.markAllRead(ctx.core.clock());
    return { unread: notifications.unreadCount() };
  },
});

export const syncHandlers = defineHandlers({
  'sync.status': ({ ctx }) => ctx.sync.status(),
  'sync.pollNow': async ({ ctx }) => {
    await ctx.sync.pollNow();
    return ctx.sync.status();
  },
});
