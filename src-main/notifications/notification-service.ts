// The in-app notification list (replies, opt-outs, review items) and its read state.
import type { Clock } from '../clock.ts';
import type { Store } from '../db/store.ts';
import type { NotificationRow } from '../db/repos/notifications-repo.ts';

export class NotificationService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  /** The newest `limit` notifications. */
  recent(limit: number): NotificationRow[] {
    return this.store.notifications.recent(limit);
  }

  unreadCount(): number {
    return this.store.notifications.unreadCount();
  }

  /** Marks these as read, together; returns how many stay unread. */
  markRead(ids: readonly number[]): number {
    const { store } = this;
    const now = this.clock();
    store.transaction(() => {
      for (const id of ids) store.notifications.markRead(id, now);
    });
    return this.unreadCount();
  }

  /** Marks every notification read; returns how many stay unread. */
  markAllRead(): number {
    this.store.notifications.markAllRead(this.clock());
    return this.unreadCount();
  }
}
