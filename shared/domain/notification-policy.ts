// Which notifications announce themselves, and where: the one policy for the in-app toast (the
// renderer's app store) and the desktop notification (the Electron shell), and the burst cap the
// change feed applies in main. Pure: no Node, no DOM, no src-main.
//
// - The burst cap: one flush of the change feed announces at most MAX_ANNOUNCED notifications,
//   the newest (the replies of a day offline); the rest are listed on the Notifications screen and
//   counted. An initial sync's notifications are history and announce none.
// - The user's "Notify me about" preferences decide, per kind, whether an announced notification
//   is shown at all, as a toast AND as a desktop notification; `desktop` switches the desktop
//   notification off on its own. Opt-outs and opt-ins by keyword always announce: no preference
//   names them, and they change who may be texted.
import type { Notification, NotificationPrefs } from '../ipc/contract.ts';

export type NotificationKind = Notification['kind'];
export type Announcement = 'toast' | 'desktop';

/** At most this many notifications are announced one by one per flush (the newest). */
export const MAX_ANNOUNCED = 5;

/** The preference that switches a kind off, or null when none does. */
export const PREFERENCE_OF_KIND: Readonly<Record<NotificationKind, keyof NotificationPrefs | null>> = {
  reply: 'replies',
  possible_opt_out: 'possibleOptOuts',
  unattributed: 'possibleOptOuts',
  send_failed: 'sendFailures',
  opt_out: null,
  opt_in: null,
};

/** Whether a notification, once announced by main, is shown `where` under the user's preferences. */
export function shouldShow(prefs: NotificationPrefs, n: Pick<Notification, 'kind'>, where: Announcement): boolean {
  if (where === 'desktop' && !prefs.desktop) return false;
  const pref = PREFERENCE_OF_KIND[n.kind];
  return pref === null || prefs[pref];
}

/**
 * Of the notifications new since the last flush (oldest first), the ones to announce one by one
 * (the newest MAX_ANNOUNCED, oldest of them first; none during an initial sync) and how many are
 * left to the list and the counts.
 */
export function selectAnnounced<T>(fresh: readonly T[], o: { initialSync: boolean }): { announce: T[]; unannounced: number } {
  const limit = o.initialSync ? 0 : MAX_ANNOUNCED;
  const announce = limit === 0 ? [] : fresh.slice(-limit);
  return { announce, unannounced: fresh.length - announce.length };
}

/** How a toast looks for each kind. */
export function notificationTone(kind: NotificationKind): 'info' | 'warn' | 'danger' {
  if (kind === 'opt_out' || kind === 'send_failed') return 'danger';
  if (kind === 'possible_opt_out' || kind === 'unattributed') return 'warn';
  return 'info';
}
