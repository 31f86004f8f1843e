// A background loop with injected timers: runs a task, waits, runs it again. Used for the outbox
// (next delay from the earliest due message) and the inbound poller (fixed interval). Runs never
// overlap; kick() runs the task as soon as the current run ends.

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimers: Timers = {
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

export interface SchedulerOptions {
  /** Wait between runs, ms (or computed after each run; null means the default interval). */
  intervalMs: number;
  nextDelayMs?: () => number | null;
  /** Shortest wait between runs, ms. Default 50. */
  minDelayMs?: number;
  timers?: Timers;
  onError?: (err: unknown) => void;
}

export class Scheduler {
  readonly #timers: Timers;
  #handle: unknown = null;
  #running: Promise<void> | null = null;
  #started = false;
  #again = false;

  constructor(
    private readonly task: () => Promise<unknown>,
    private readonly options: SchedulerOptions,
  ) {
    this.#timers = options.timers ?? realTimers;
  }

  get started(): boolean {
    return this.#started;
  }

  start(): void {
    if (this.#started) return;
    this.#started = true;
    this.#schedule(0);
  }

  /** Stops the loop and waits for a run in progress to end. */
  async stop(): Promise<void> {
    this.#started = false;
    if (this.#handle !== null) this.#timers.clearTimeout(this.#handle);
    this.#handle = null;
    await this.#running;
  }

  /** Runs the task soon (after the current run, if one is in progress). */
  kick(): void {
    if (!this.#started) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#schedule(0);
  }

  #schedule(ms: number): void {
    if (this.#handle !== null) this.#timers.clearTimeout(this.#handle);
    this.#handle = this.#timers.setTimeout(() => {
      this.#handle = null;
      this.#run();
    }, ms);
  }

  #run(): void {
    if (!this.#started || this.#running) return;
    this.#running = (async () => {
      try {
        await this.task();
      } catch (err) {
        this.options.onError?.(err);
      }
    })().finally(() => {
      this.#running = null;
      if (!this.#started) return;
      const min = this.options.minDelayMs ?? 50;
      let delay = this.#again ? 0 : (this.options.nextDelayMs?.() ?? this.options.intervalMs);
      this.#again = false;
      delay = Math.min(this.options.intervalMs, Math.max(min, delay));
      this.#schedule(delay);
    });
  }
}
