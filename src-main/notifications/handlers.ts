// The notification list over IPC.
import { defineHandlers } from '../ipc/handler.ts';
import { notification } from '../ipc/mappers.ts';

export const notificationHandlers = defineHandlers({
  'notifications.list': ({ input, ctx }) => {
    const { notifications } = ctx.core;
    return { items: notifications.recent(input.limit).map(notification), unread: notifications.unreadCount() };
  },
  'notifications.markRead': ({ input, ctx }) => ({ unread: ctx.core.notifications.markRead(input.ids) }),
  'notifications.markAllRead': ({ ctx }) => ({ unread: ctx.core.notifications.markAllRead() }),
});
