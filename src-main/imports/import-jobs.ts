// Imports running in this process: each can be cancelled, says how far it got and, when its file
// arrives in chunks (the renderer sends a picked file a slice at a time, so neither side holds it
// whole), takes the next chunk once it has room for it. The CLI awaits a run on a file stream.
import { PassThrough } from 'node:stream';
import { once } from 'node:events';
import type { LeadImportRow } from '../db/repos/lead-imports-repo.ts';
import type { ImportOptions, ImportProgress, LeadImportService } from './lead-import-service.ts';
import type { ImportStatus } from '../../shared/domain/lead-import.ts';

interface Job {
  controller: AbortController;
  fraction: number;
  input: PassThrough;
  status: ImportStatus;
  done: Promise<LeadImportRow>;
}

export interface ChunkedFile {
  /** The first chunk (or all of it). */
  text: string;
  last: boolean;
  totalBytes: number;
  fileName: string | null;
}

export class ImportJobs {
  readonly #jobs = new Map<number, Job>();

  constructor(private readonly imports: LeadImportService) {}

  /**
   * Starts an import from a file arriving in chunks; resolves with its id once it is recorded (a
   * refused file or mapping rejects instead). `onProgress` sees every batch and the end.
   */
  start(file: ChunkedFile, options: ImportOptions, onProgress: (p: ImportProgress) => void): Promise<number> {
    const controller = new AbortController();
    const input = new PassThrough({ highWaterMark: 1 << 20 });
    input.write(Buffer.from(file.text, 'utf8'));
    if (file.last) input.end();
    return new Promise<number>((resolve, reject) => {
      let job: Job | undefined;
      const done = this.imports.run(
        { stream: input, totalBytes: file.totalBytes, head: file.text.slice(0, 4096), fileName: file.fileName },
        options,
        {
          signal: controller.signal,
          onStart: (importId) => {
            job = { controller, fraction: 0, input, status: 'running', done };
            this.#jobs.set(importId, job);
            resolve(importId);
          },
          onProgress: (p) => {
            if (job) {
              job.fraction = p.fraction;
              job.status = p.status;
            }
            if (p.status !== 'running') {
              this.#jobs.delete(p.importId);
              input.destroy();
            }
            onProgress(p);
          },
        },
      );
      done.catch((err: unknown) => {
        input.destroy();
        reject(err);
      });
    });
  }

  /** Hands the import its next chunk; resolves once it has room for more. Answers the import's status. */
  async append(importId: number, text: string, last: boolean): Promise<ImportStatus | null> {
    const job = this.#jobs.get(importId);
    if (!job || job.status !== 'running') return null;
    const room = job.input.write(Buffer.from(text, 'utf8'));
    if (last) job.input.end();
    if (!room && job.status === 'running') await Promise.race([once(job.input, 'drain'), job.done.catch(() => undefined)]);
    return job.status;
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
    // A run waiting for the next chunk wakes up to see the cancel.
    job.input.end();
    await job.done.catch(() => undefined);
    return true;
  }

  /** Waits for every running import to end (shutdown, tests). */
  async settle(): Promise<void> {
    await Promise.all([...this.#jobs.values()].map((j) => j.done.catch(() => undefined)));
  }
}
