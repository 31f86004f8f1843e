// The daily backup while the app runs: shortly after start, then every hour it checks whether
// today's (UTC) backup exists and takes it when it does not (SQLite's online backup API: the app
// keeps working meanwhile). The newest seven are kept (src-main/db/backups.ts).
import type { Db } from '../db/open-database.ts';
import { BACKUPS_KEPT, dailyBackup, type BackupInfo } from '../db/backups.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from '../ipc/context.ts';

export interface BackupScheduleOptions {
  db: Db;
  dbPath: string;
  clock: Clock;
  log: Logger;
  /** Delay before the first check, ms (default 5 s: the start-up work goes first). */
  firstDelayMs?: number;
  /** Between checks, ms (default one hour). */
  intervalMs?: number;
  keep?: number;
}

export class BackupSchedule {
  #first: NodeJS.Timeout | null = null;
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<BackupInfo | null> | null = null;
  #stopped = false;
  constructor(private readonly o: BackupScheduleOptions) {}

  start(): void {
    this.#first = setTimeout(() => void this.check(), this.o.firstDelayMs ?? 5_000);
    this.#first.unref();
    this.#timer = setInterval(() => void this.check(), this.o.intervalMs ?? 3_600_000);
    this.#timer.unref();
  }

  /** Takes today's backup if it is missing; resolves to it (null when there was one already, or it failed). */
  check(): Promise<BackupInfo | null> {
    if (this.#stopped) return Promise.resolve(null);
    this.#running ??= dailyBackup(this.o.db, this.o.dbPath, this.o.clock, this.o.keep ?? BACKUPS_KEPT)
      .then((b) => {
        if (b) this.o.log.info(`daily backup taken: ${b.path}`);
        return b;
      })
      .catch((err: unknown) => {
        this.o.log.error('the daily backup failed (the store itself is unaffected)', err);
        return null;
      })
      .finally(() => {
        this.#running = null;
      });
    return this.#running;
  }

  /** Stops the checks and waits for a backup under way (before the store closes). */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#first) clearTimeout(this.#first);
    if (this.#timer) clearInterval(this.#timer);
    await this.#running;
  }
}
