// Time and randomness for the simulator, injected so tests are deterministic.

/** Epoch milliseconds "now". */
export type Clock = () => number;
/** A PRNG returning floats in [0, 1). */
export { seededRandom, type Random } from '../../seeded-random.ts';

/** A clock that only moves when told to. Pass it to the simulator and drive it with `sim.advance(ms)`. */
export class ManualClock {
  #now: number;

  constructor(startMs: number) {
    this.#now = startMs;
  }

  /** Bound, so it can be handed around as a `Clock`. */
  readonly now: Clock = () => this.#now;

  advance(ms: number): number {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`ManualClock.advance: bad step ${ms}`);
    this.#now += ms;
    return this.#now;
  }

  set(ms: number): void {
    if (ms < this.#now) throw new RangeError('ManualClock.set: time cannot go backwards');
    this.#now = ms;
  }
}

