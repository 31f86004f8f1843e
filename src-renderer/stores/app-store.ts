// App-wide state: settings (accounts, senders), sync status, unread notifications, toasts.
import { create } from 'zustand';
import type { DealerAccount, Notification, Settings, SyncStatus } from '../../shared/ipc/contract.ts';
import { api, client } from '../api/api.ts';
import { fatalProblem, type Problem } from '../lib/plain-words.ts';
import { EVENT_BURST_MS, throttled } from '../lib/throttled.ts';
import { navigate, useRouter } from '../lib/router.ts';
import { showWebNotification } from '../lib/web-notifications.ts';
import { notificationTone, shouldShow } from '../../shared/domain/notification-policy.ts';

export interface Toast {
  id: number;
  tone: 'info' | 'ok' | 'warn' | 'danger';
  title: string;
  /** Untrusted text may appear here (a reply): rendered as text. */
  body?: string;
  customerId?: number | null;
}

interface AppState {
  settings: Settings | null;
  sync: SyncStatus | null;
  unread: number;
  openReviews: number;
  /** Conversations with unread replies (the Inbox badge and the window title). */
  unreadConversations: number;
  toasts: Toast[];
  /** The app cannot be reached: what to do, and the technical detail. */
  fatal: Problem | null;
}

export const useApp = create<AppState>(() => ({
  settings: null,
  sync: null,
  unread: 0,
  openReviews: 0,
  unreadConversations: 0,
  toasts: [],
  fatal: null,
}));

const NO_ACCOUNTS: DealerAccount[] = [];
/**
 * The dealer accounts, for `useApp(dealerAccounts)`. Before settings load it is always the same
 * empty list: a selector returning a new [] each time would never settle.
 */
export const dealerAccounts = (s: AppState): DealerAccount[] => s.settings?.dealerAccounts ?? NO_ACCOUNTS;

let activeOf: { all: DealerAccount[]; active: DealerAccount[] } = { all: NO_ACCOUNTS, active: NO_ACCOUNTS };
/**
 * The dealer accounts in use (not archived), for `useApp(activeDealerAccounts)`: what a new lead, an
 * import or an automation rule may be for. The same list while the settings are the same.
 */
export const activeDealerAccounts = (s: AppState): DealerAccount[] => {
  const all = dealerAccounts(s);
  if (activeOf.all !== all) activeOf = { all, active: all.filter((a) => a.archivedAt === null) };
  return activeOf.active;
};


let toastSeq = 0;
export function toast(t: Omit<Toast, 'id'>, ttlMs = 6000): void {
  const id = ++toastSeq;
  // At most two at a time: notices must not pile up over the screen.
  useApp.setState((s) => ({ toasts: [...s.toasts.slice(-1), { ...t, id }] }));
  if (ttlMs > 0) setTimeout(() => dismissToast(id), ttlMs);
}
export function dismissToast(id: number): void {
  useApp.setState((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) }));
}

export async function loadSettings(): Promise<void> {
  const settings = await api()['settings.get']({});
  useApp.setState({ settings });
}

export async function loadSync(): Promise<void> {
  const sync = await api()['sync.status']({});
  useApp.setState({ sync });
}

export async function loadCounts(): Promise<void> {
  // Both answers carry the true totals; one row each is all the badge needs.
  const [n, reviews, inbox] = await Promise.all([
    api()['notifications.list']({ limit: 1 }),
    api()['reviews.list']({ limit: 1 }),
    api()['inbox.list']({ limit: 1 }),
  ]);
  useApp.setState({ unread: n.unread, openReviews: reviews.open, unreadConversations: inbox.unreadConversations });
}

/** The unread conversations as a page of the inbox counted them (each page carries the count). */
export function setUnreadConversations(unreadConversations: number): void {
  useApp.setState({ unreadConversations });
}

export function setUnread(unread: number): void {
  useApp.setState({ unread });
}

/** A conversation was read: main's new totals. */
export function setReadCounts(c: { unreadConversations: number; unreadNotifications: number }): void {
  useApp.setState({ unreadConversations: c.unreadConversations, unread: c.unreadNotifications });
}

const reloadCounts = throttled(() => void loadCounts().catch(() => undefined), EVENT_BURST_MS);

/**
 * Loads what the shell needs and wires the shell's main-process events (sync, settings, counts,
 * notices). Screens' data reloads by event through src-renderer/data (data/invalidation.ts).
 */
export async function startApp(): Promise<() => void> {
  const c = client();
  const offs = [
    c.on('sync:status', (sync) => useApp.setState({ sync })),
    c.on('settings:changed', () => void loadSettings().catch(() => undefined)),
    c.on('notification:new', (n: Notification) => {
      useApp.setState((s) => ({ unread: s.unread + 1 }));
      // In a browser: as the desktop app would, when the tab is in the background.
      showWebNotification(n, useApp.getState().settings?.notifications, (customerId) => navigate({ name: 'lead', customerId }));
      // The Notifications screen shows it already; a reply, the inbox or that lead's timeline too.
      const route = useRouter.getState().route;
      if (route.name === 'notifications') return;
      if (n.kind === 'reply' && (route.name === 'inbox' || (route.name === 'lead' && route.customerId === n.customerId))) return;
      // "Notify me about": the same preferences as the desktop notification (listed, counted, not shown).
      const prefs = useApp.getState().settings?.notifications;
      if (prefs && !shouldShow(prefs, n, 'toast')) return;
      toast({ tone: notificationTone(n.kind), title: n.title, body: n.body, customerId: n.customerId });
    }),
    c.on('review:changed', reloadCounts),
    // A reply makes a conversation unread (a send can make it answered).
    c.on('message:new', reloadCounts),
  ];
  try {
    await Promise.all([loadSettings(), loadSync(), loadCounts()]);
  } catch (err) {
    useApp.setState({ fatal: fatalProblem(err, document.documentElement.dataset.bridge) });
  }
  return () => offs.forEach((off) => off());
}
