/** Epoch milliseconds. Injected everywhere (core, gateway simulator) so tests control time. */
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();

/** A clock that only moves when told to: tests (and the simulator's `advance`) drive it. */
export interface ManualClock extends Clock {
  /** Moves forward by `ms` (never back); returns the new time. */
  advance(ms: number): number;
  /** Jumps to `ms`, which may not be before now. */
  set(ms: number): void;
}

export function manualClock(start: number): ManualClock {
  let now = start;
  const clock = (() => now) as ManualClock;
  clock.advance = (ms: number) => {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`manualClock.advance: bad step ${ms}`);
    now += ms;
    return now;
  };
  clock.set = (ms: number) => {
    if (!Number.isFinite(ms) || ms < now) throw new RangeError(`manualClock.set: ${ms} is before now (${now})`);
    now = ms;
  };
  return clock;
}

/** Whether a clock is one tests move by hand. */
export function isManualClock(clock: Clock): clock is ManualClock {
  const c = clock as Partial<ManualClock>;
  return typeof c.advance === 'function' && typeof c.set === 'function';
}

/** A clock that follows real time plus an offset tests move forward (e2e: days pass in a second). */
export interface TestClock extends Clock {
  /** Moves forward by `ms`; returns the new time. */
  advance(ms: number): number;
}

export function offsetClock(base: Clock = systemClock): TestClock {
  let offset = 0;
  const clock = (() => base() + offset) as TestClock;
  clock.advance = (ms: number) => {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`offsetClock.advance: bad step ${ms}`);
    offset += ms;
    return clock();
  };
  return clock;
}
