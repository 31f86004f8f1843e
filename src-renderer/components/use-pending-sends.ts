// What became of this customer's sends the composer never heard back about (issue 14, finding 3):
// the app closed or the connection dropped before main answered. On opening the composer, on
// reconnecting, and right after a send without an answer, it asks main (sms.sendStatus) for each
// and says what happened: sent, queued, refused, or never arrived (nothing sent; the text is offered
// again, and sending it reuses the same request id, so it can never go twice).
import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../api/api.ts';
import { invalidate } from '../data/use-invalidation.ts';
import { forgetSend, pendingFor, type PendingSend } from '../lib/pending-sends.ts';
import { outcomeOf, type Outcome } from './use-composer.ts';

export interface PendingNotice {
  requestId: string;
  body: string;
  at: number;
  /** What main says became of it; null while main cannot be asked. */
  outcome: Exclude<Outcome, null> | null;
  /** Main has no such request: it never arrived and nothing was sent. */
  lost: boolean;
}

export function usePendingSends(customerId: number, online: boolean, accountName: (dealerAccountId: number) => string | null, onLost: (p: PendingSend) => void) {
  const [notices, setNotices] = useState<PendingNotice[]>([]);
  const names = useRef(accountName);
  names.current = accountName;
  const lostRef = useRef(onLost);
  lostRef.current = onLost;

  const put = (n: PendingNotice) => setNotices((all) => [...all.filter((x) => x.requestId !== n.requestId), n]);

  const check = useCallback(async () => {
    for (const p of pendingFor(customerId)) {
      try {
        const r = await api()['sms.sendStatus']({ requestId: p.requestId });
        if (r) {
          forgetSend(p.requestId);
          put({ requestId: p.requestId, body: p.body, at: p.at, outcome: outcomeOf(r, names.current(p.dealerAccountId)), lost: false });
          invalidate('timeline.page', (i: { customerId: number }) => i.customerId === customerId);
        } else {
          put({ requestId: p.requestId, body: p.body, at: p.at, outcome: null, lost: true });
          lostRef.current(p);
        }
      } catch {
        put({ requestId: p.requestId, body: p.body, at: p.at, outcome: null, lost: false });
      }
    }
  }, [customerId]);

  useEffect(() => {
    setNotices([]);
  }, [customerId]);
  useEffect(() => {
    void check();
  }, [check, online]);

  /** The user has seen it (a lost one stays pending: sending its text again reuses its id). */
  const dismiss = (requestId: string) => setNotices((all) => all.filter((x) => x.requestId !== requestId));
  /** A send answered at last: its notice goes. */
  const settled = (requestId: string) => dismiss(requestId);

  return { notices, check, dismiss, settled };
}
