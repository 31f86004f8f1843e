// The composer's drafts, kept in main (drafts.save) as the user types, one per lead and dealer
// account: leaving the lead, a reload or a restart loses nothing. Saves are debounced and flushed
// when the composer goes away; a send that leaves (or is queued) clears the draft in main.
import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../../api/api.ts';
import { errorText } from '../../lib/format.ts';

/** How long typing may pause before the draft is written. */
export const DRAFT_SAVE_DELAY_MS = 400;

export type DraftSaveState = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved' } | { kind: 'error'; text: string };

export interface Drafts {
  /** The drafts have been read from main (typing waits for them, so nothing typed is overwritten). */
  loaded: boolean;
  /** Could not read them (typing is allowed: the draft is written on the next change). */
  loadError: string | null;
  bodies: Readonly<Record<number, string>>;
  /** The account of the most recently edited draft, and the one this user last texted from. */
  newestDraftAccountId: number | null;
  lastSentAccountId: number | null;
  save: DraftSaveState;
  /** Changes the draft to `accountId` (written after a pause in typing). */
  write(accountId: number, body: string): void;
  /** The message went: forget it here (main removed it) and drop any save still waiting. */
  sent(accountId: number): void;
}

export function useDrafts(customerId: number): Drafts {
  const [bodies, setBodies] = useState<Record<number, string>>({});
  const [loaded, setLoaded] = useState(false);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [known, setKnown] = useState<{ newest: number | null; lastSent: number | null }>({ newest: null, lastSent: null });
  const [save, setSave] = useState<DraftSaveState>({ kind: 'idle' });
  const pending = useRef(new Map<number, { timer: ReturnType<typeof setTimeout>; body: string }>());
  const alive = useRef(true);

  useEffect(() => {
    alive.current = true;
    let current = true;
    setLoaded(false);
    api()
      ['drafts.forLead']({ customerId })
      .then(
        (r) => {
          if (!current) return;
          setBodies(Object.fromEntries(r.drafts.map((d) => [d.dealerAccountId, d.body])));
          setKnown({ newest: r.drafts[0]?.dealerAccountId ?? null, lastSent: r.lastSentAccountId });
          setLoadError(null);
          setLoaded(true);
        },
        (err: unknown) => {
          if (!current) return;
          setLoadError(errorText(err));
          setLoaded(true);
        },
      );
    return () => {
      current = false;
    };
  }, [customerId]);

  const persist = useCallback(
    (accountId: number, body: string) => {
      pending.current.delete(accountId);
      if (alive.current) setSave({ kind: 'saving' });
      api()
        ['drafts.save']({ customerId, dealerAccountId: accountId, body })
        .then(
          () => alive.current && !pending.current.size && setSave({ kind: 'saved' }),
          (err: unknown) => alive.current && setSave({ kind: 'error', text: errorText(err) }),
        );
    },
    [customerId],
  );

  const write = useCallback(
    (accountId: number, body: string) => {
      setBodies((b) => ({ ...b, [accountId]: body }));
      const waiting = pending.current.get(accountId);
      if (waiting) clearTimeout(waiting.timer);
      pending.current.set(accountId, { body, timer: setTimeout(() => persist(accountId, body), DRAFT_SAVE_DELAY_MS) });
    },
    [persist],
  );

  const sent = useCallback((accountId: number) => {
    const waiting = pending.current.get(accountId);
    if (waiting) clearTimeout(waiting.timer);
    pending.current.delete(accountId);
    setBodies((b) => ({ ...b, [accountId]: '' }));
    setSave({ kind: 'idle' });
  }, []);

  // Leaving the lead, or the page going away (a reload, the window closing), writes what is
  // still waiting, at once.
  useEffect(() => {
    const flush = () => {
      for (const [accountId, { timer, body }] of [...pending.current]) {
        clearTimeout(timer);
        persist(accountId, body);
      }
    };
    window.addEventListener('pagehide', flush);
    return () => {
      window.removeEventListener('pagehide', flush);
      alive.current = false;
      flush();
    };
  }, [persist]);

  return { loaded, loadError, bodies, newestDraftAccountId: known.newest, lastSentAccountId: known.lastSent, save, write, sent };
}
