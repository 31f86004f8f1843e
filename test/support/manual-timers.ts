// Timers fired by hand, for the loops that take injected Timers (Scheduler, the change feed's watcher).
import assert from 'node:assert/strict';
import type { Timers } from '../../src-main/outbox/scheduler.ts';

export function manualTimers() {
  const pending = new Map<number, { fn: () => void; ms: number }>();
  let seq = 0;
  const timers: Timers = {
    setTimeout: (fn, ms) => {
      pending.set(++seq, { fn, ms });
      return seq;
    },
    clearTimeout: (h) => void pending.delete(h as number),
  };
  /** Fires every pending timer. */
  const fire = (): void => {
    const due = [...pending.values()];
    pending.clear();
    for (const t of due) t.fn();
  };
  /** Fires the one pending timer, returning the delay it was set for. */
  const fireOne = (): number => {
    assert.equal(pending.size, 1, 'exactly one timer pending');
    const [id, t] = [...pending.entries()][0]!;
    pending.delete(id);
    t.fn();
    return t.ms;
  };
  return { timers, fire, fireOne, pending, delays: () => [...pending.values()].map((t) => t.ms) };
}
