// Invalidation by event, for every server-state hook: subscribe to the events that make a query
// stale (data/invalidation.ts, or the caller's own list), coalesce a burst (a sync brings in
// thousands of messages, each with its event) and call back; `invalidate()` does the same by hand
// (after a send, the lead's timeline reloads at once instead of waiting for the event).
import { useEffect, useRef } from 'react';
import type { ChannelName, EventName } from '../../shared/ipc/contract.ts';
import { client } from '../api/api.ts';
import { EVENT_BURST_MS, throttled } from '../lib/throttled.ts';
import { eventsInvalidating, invalidates } from './invalidation.ts';

interface Live {
  channel: ChannelName;
  input: () => unknown;
  stale: () => void;
}

/** The queries on screen now (for `invalidate`). */
const live = new Set<Live>();

/** Marks the queries of `channel` on screen stale (those whose input `concerns` says, or all). */
export function invalidate(channel: ChannelName, concerns: (input: never) => boolean = () => true): void {
  for (const q of [...live]) if (q.channel === channel && concerns(q.input() as never)) q.stale();
}

export interface InvalidationOptions {
  /** The events that make this query stale; by default those data/invalidation.ts names for it. */
  invalidateOn?: readonly EventName[];
  /**
   * Subscribe only once this settles: the first screen (the leads list) must not open the event
   * stream before its rows are painted (main.tsx defers the shell's own loading the same way).
   */
  after?: Promise<unknown>;
}

/**
 * Calls `onStale` when the query `channel(input)` is made stale by an event or `invalidate()`:
 * the first of a burst at once, its last at the end of the burst window.
 */
export function useInvalidation(channel: ChannelName, input: unknown, onStale: () => void, options: InvalidationOptions = {}): void {
  const latest = useRef({ input, onStale });
  useEffect(() => {
    latest.current = { input, onStale };
  });
  const events = options.invalidateOn ?? eventsInvalidating(channel);
  const eventsKey = events.join(' ');
  const after = options.after;
  useEffect(() => {
    let alive = true;
    const stale = throttled(() => {
      if (alive) latest.current.onStale();
    }, EVENT_BURST_MS);
    const entry: Live = { channel, input: () => latest.current.input, stale };
    live.add(entry);
    let offs: (() => void)[] = [];
    const subscribe = () => {
      if (!alive) return;
      const c = client();
      offs = (eventsKey === '' ? [] : (eventsKey.split(' ') as EventName[])).map((event) =>
        c.on(event, (payload) => {
          if (invalidates(event, payload, channel, latest.current.input)) stale();
        }),
      );
    };
    if (after) void after.then(subscribe, subscribe);
    else subscribe();
    return () => {
      alive = false;
      live.delete(entry);
      offs.forEach((off) => off());
    };
  }, [channel, eventsKey, after]);
}
