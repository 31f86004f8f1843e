// In a browser (the web host), the desktop notifications the desktop app shows come as Web
// Notifications, once the user allows them: same preferences ("Notify me about", "desktop"), only
// while the tab is not in front (in front, the in-app notice shows it).
import type { Notification as AppNotification, NotificationPrefs } from '../../shared/ipc/contract.ts';
import { shouldShow } from '../../shared/domain/notification-policy.ts';

type Permission = 'default' | 'granted' | 'denied' | 'unsupported';

export function isBrowserMode(): boolean {
  return typeof document !== 'undefined' && document.documentElement.dataset.bridge === 'web';
}

export function webNotificationPermission(): Permission {
  if (!isBrowserMode() || typeof window === 'undefined' || !('Notification' in window)) return 'unsupported';
  return window.Notification.permission;
}

/** Asks the browser (after the user clicked to turn them on). */
export async function askForWebNotifications(): Promise<Permission> {
  if (webNotificationPermission() === 'unsupported') return 'unsupported';
  return window.Notification.requestPermission();
}

/** Shows `n` as a Web Notification when allowed, wanted and the tab is in the background; clicking opens the lead. */
export function showWebNotification(n: AppNotification, prefs: NotificationPrefs | undefined, openLead: (customerId: number) => void): boolean {
  if (webNotificationPermission() !== 'granted' || !prefs || !shouldShow(prefs, n, 'desktop')) return false;
  if (document.visibilityState === 'visible' && document.hasFocus()) return false;
  const shown = new window.Notification(n.title, { body: n.body, tag: `smsdesk-${n.id}` });
  shown.onclick = () => {
    window.focus();
    if (n.customerId !== null) openLead(n.customerId);
    shown.close();
  };
  return true;
}
