// The app's background services, started and stopped in one place: the inbound poll loop, the
// outbox loop and the change feed's watch for other processes' writes (timers injected). It
// reports each poll to the connectivity picture (sync:status) and has the change feed flush after
// every background step, so what a poll or the outbox wrote reaches the renderer at once. It
// emits no data event itself: the change feed (change-feed.ts) is the only emitter of those.
import type { ConnectedCore } from '../connected-core.ts';
import type { Logger, SyncController } from '../ipc/context.ts';
import type { SyncStatus } from '../../shared/ipc/contract.ts';
import { Scheduler, type Timers } from '../outbox/scheduler.ts';
import type { ChangeFeed } from './change-feed.ts';
import type { Connectivity } from './connectivity.ts';

export interface BackgroundSyncOptions {
  core: ConnectedCore;
  feed: ChangeFeed;
  connectivity: Connectivity;
  log: Logger;
  /** Rebuilds the gateway client from the stored credentials. */
  reconfigureGateway: () => Promise<void>;
  /** Called with the start time of each poll that completed without error. */
  onPollCompleted?: (startedAt: number) => void;
  /** Longest wait between outbox runs, ms. Default 5 s. */
  outboxEveryMs?: number;
  /** Longest wait between automation ticks, ms (new enrolments are looked for this often). Default 30 s. */
  automationEveryMs?: number;
  timers?: Timers;
}

/** A background service: started once, stopped (and waited for) once. */
interface Service {
  start(): void;
  stop(): Promise<void>;
}

const PROGRESS_EVERY_MS = 300;

export class BackgroundSync implements SyncController {
  readonly #o: BackgroundSyncOptions;
  #pollLoop: Scheduler | null = null;
  #outboxLoop: Scheduler | null = null;
  #automationLoop: Scheduler | null = null;
  /** What runs while started, in start order (stopped together). */
  #services: Service[] = [];
  #firstPollDone = false;
  #offOutbox: (() => void) | null = null;
  #current: Promise<void> | null = null;

  constructor(o: BackgroundSyncOptions) {
    this.#o = o;
  }

  start(): void {
    if (this.#services.length) return;
    const { core, feed } = this.#o;
    // The outbox tells when it changed a message (mid-drain): flush, so the lists see it at once.
    this.#offOutbox = core.outbox.onChange(() => {
      feed.flush();
      this.#o.connectivity.publish();
    });
    this.#pollLoop = this.#newPollLoop();
    const outboxEvery = this.#o.outboxEveryMs ?? 5_000;
    this.#outboxLoop = new Scheduler(() => core.outbox.drain(), {
      intervalMs: outboxEvery,
      nextDelayMs: () => {
        const at = core.store.messages.nextDueAt();
        return at === null ? outboxEvery : at - core.clock();
      },
      ...(this.#o.timers ? { timers: this.#o.timers } : {}),
      onError: (err) => this.#o.log.error('outbox run failed', err),
    });
    const outboxLoop = this.#outboxLoop;
    // Automation (R12): enrol and release due steps; what it queued goes out through the outbox.
    const automationEvery = this.#o.automationEveryMs ?? 30_000;
    this.#automationLoop = new Scheduler(
      async () => {
        const stats = await core.runner.tick();
        feed.flush();
        if (stats.released > 0) outboxLoop.kick();
      },
      {
        intervalMs: automationEvery,
        nextDelayMs: () => {
          const at = core.runner.nextDueAt();
          return at === null ? automationEvery : at - core.clock();
        },
        ...(this.#o.timers ? { timers: this.#o.timers } : {}),
        onError: (err) => this.#o.log.error('automation tick failed', err),
      },
    );
    this.#services = [
      { start: () => this.#pollLoop?.start(), stop: async () => this.#pollLoop?.stop() },
      outboxLoop,
      this.#automationLoop,
      feed,
    ];
    for (const s of this.#services) s.start();
  }

  #newPollLoop(): Scheduler {
    return new Scheduler(() => this.#poll(), {
      intervalMs: this.#o.connectivity.pollIntervalMs,
      ...(this.#o.timers ? { timers: this.#o.timers } : {}),
      onError: (err) => this.#o.log.error('poll failed', err),
    });
  }

  async stop(): Promise<void> {
    this.#offOutbox?.();
    this.#offOutbox = null;
    const services = this.#services;
    this.#services = [];
    await Promise.all(services.map((s) => s.stop()));
    this.#pollLoop = null;
    this.#outboxLoop = null;
    this.#automationLoop = null;
  }

  /** Runs an automation tick soon (a rule switched on, a lead changed, the test clock moved). */
  kickAutomation(): void {
    this.#automationLoop?.kick();
  }

  /** Whether at least one poll has completed (for readiness in tests). */
  get firstPollDone(): boolean {
    return this.#firstPollDone;
  }

  /** One poll at a time; a caller arriving during a poll shares it. */
  #poll(): Promise<void> {
    this.#current ??= this.#pollOnce().finally(() => {
      this.#current = null;
    });
    return this.#current;
  }

  async #pollOnce(): Promise<void> {
    const { core, connectivity, feed } = this.#o;
    const startedAt = core.clock();
    let progress: NodeJS.Timeout | null = null;
    // Every poll until the first complete pass of every stream is part of the initial sync (a
    // first poll cut off by going offline resumes, with its progress bar, in a later one).
    const initial = connectivity.pollStarting();
    // Started before the first status goes out, so that status reads this poll's progress.
    // A round waits for a slow gateway account at most one poll interval; it finishes on its own.
    const polling = core.poller.pollOnce({ maxWaitMs: connectivity.pollIntervalMs });
    if (initial) {
      connectivity.publish();
      // While a long initial sync runs, what has come in so far is published: the lists fill as it goes.
      progress = setInterval(() => {
        feed.flush();
        connectivity.publish();
      }, PROGRESS_EVERY_MS);
      progress.unref();
    }
    try {
      const report = await polling;
      connectivity.pollEnded(report);
      if (!report.error) this.#o.onPollCompleted?.(startedAt);
    } finally {
      if (progress) clearInterval(progress);
      this.#firstPollDone = true;
      feed.flush();
      connectivity.pollFinished();
      connectivity.publish();
      this.#outboxLoop?.kick();
    }
  }

  status(): SyncStatus {
    return this.#o.connectivity.status();
  }

  /** A poll that starts after this call (one already running may have listed before what the caller expects). */
  async pollNow(): Promise<void> {
    if (this.#current) await this.#current.catch(() => undefined);
    await this.#poll();
  }

  setPollInterval(ms: number): void {
    this.#o.connectivity.setPollInterval(ms);
    const loop = this.#pollLoop;
    if (loop) {
      void loop.stop().then(() => {
        if (this.#pollLoop !== loop || !this.#services.length) return;
        this.#pollLoop = this.#newPollLoop();
        this.#pollLoop.start();
      });
    }
    this.#o.connectivity.publish();
  }

  async reconfigure(): Promise<void> {
    await this.#o.reconfigureGateway();
    this.#o.connectivity.publish();
    this.#pollLoop?.kick();
  }
}
