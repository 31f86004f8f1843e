// The window title carries the unread count, as mail and chat apps do: the taskbar and the
// browser tab show that replies are waiting without opening the app.
import { useEffect } from 'react';
import { fmtCount } from './format.ts';

export const APP_TITLE = 'Dealer SMS Desk';

export function windowTitle(unreadConversations: number): string {
  return unreadConversations > 0 ? `(${fmtCount(unreadConversations)}) ${APP_TITLE}` : APP_TITLE;
}

export function useWindowTitle(unreadConversations: number): void {
  useEffect(() => {
    document.title = windowTitle(unreadConversations);
  }, [unreadConversations]);
}
