// Imports running in this process: each can be cancelled and says how far it got. The IPC path
// starts one and answers at once (the renderer follows import:progress); the CLI awaits the run.
import type { LeadImportRow } from '../db/repos/lead-imports-repo.ts';
import type { ImportOptions, ImportProgress, ImportSource, LeadImportService } from './lead-import-service.ts';

interface Job {
  controller: AbortController;
  fraction: number;
  done: Promise<LeadImportRow>;
}

export class ImportJobs {
  readonly #jobs = new Map<number, Job>();

  constructor(private readonly imports: LeadImportService) {}

  /**
   * Starts an import; resolves with its id once it is recorded (a refused file or mapping rejects
   * instead), while the rows go on being imported. `onProgress` sees every batch and the end.
   */
  start(source: ImportSource, options: ImportOptions, onProgress: (p: ImportProgress) => void): Promise<number> {
    const controller = new AbortController();
    return new Promise<number>((resolve, reject) => {
      let job: Job | undefined;
      const done = this.imports.run(source, options, {
        signal: controller.signal,
        onStart: (importId) => {
          job = { controller, fraction: 0, done };
          this.#jobs.set(importId, job);
          resolve(importId);
        },
        onProgress: (p) => {
          if (job) job.fraction = p.fraction;
          if (p.status !== 'running') this.#jobs.delete(p.importId);
          onProgress(p);
        },
      });
      done.catch(reject);
    });
  }

  /** How far a running import has read (0..1), or null when it is not running here. */
  fraction(importId: number): number | null {
    return this.#jobs.get(importId)?.fraction ?? null;
  }

  /** Asks a running import to stop after its batch; resolves when it has. False when it was not running. */
  async cancel(importId: number): Promise<boolean> {
    const job = this.#jobs.get(importId);
    if (!job) return false;
    job.controller.abort();
    await job.done.catch(() => undefined);
    return true;
  }

  /** Waits for every running import to end (shutdown, tests). */
  async settle(): Promise<void> {
    await Promise.all([...this.#jobs.values()].map((j) => j.done.catch(() => undefined)));
  }
}
