// Opening a lead reads its conversation: its replies stop counting as unread (the inbox dot, the
// badge, the window title) and their notifications are marked read. A reply arriving while the
// lead is open and the window visible is read as it arrives.
import { useEffect } from 'react';
import { api, client } from '../api/api.ts';
import { setReadCounts } from '../stores/app-store.ts';

export function useMarkRead(customerId: number): void {
  useEffect(() => {
    let alive = true;
    const read = () => {
      api()
        ['inbox.markRead']({ customerId })
        .then((counts) => alive && setReadCounts(counts))
        .catch(() => undefined);
    };
    read();
    const off = client().on('message:new', (m) => {
      if (m.customerId === customerId && m.direction === 'inbound' && document.visibilityState !== 'hidden') read();
    });
    return () => {
      alive = false;
      off();
    };
  }, [customerId]);
}
