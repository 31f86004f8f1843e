// A fresh send's delivery status, soon: the gateway reports "delivered" seconds after accepting a
// message, but the app learns it on its next poll (10 s or more apart). After a send, ask for a
// poll a few times in the next seconds, so the timeline's "With gateway" turns "Delivered" while
// the user is still looking at it. One schedule at a time, however many sends.
import { api } from '../../api/api.ts';

/** When, after a send, to poll for its status (ms). */
export const STATUS_CHECKS_MS = [2_000, 5_000, 10_000] as const;

let timers: ReturnType<typeof setTimeout>[] = [];

export function refreshStatusSoon(): void {
  for (const t of timers) clearTimeout(t);
  timers = STATUS_CHECKS_MS.map((ms) =>
    setTimeout(() => {
      void api()['sync.pollNow']({}).catch(() => undefined);
    }, ms),
  );
}
