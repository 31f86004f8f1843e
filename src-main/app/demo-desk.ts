// The demo, one click from a real desk's first run (issue 9): a second desk on its own database
// in a folder beside the real one (demo/desk.db, with its own logs; a throwaway store for ':memory:'), in demo mode — the built-in
// gateway simulator with sample dealers, leads and replies — served on its own loopback port and
// opened in a browser tab. The real desk's database is never touched. Started once, on first
// use; a second click opens the same demo again. Closed with the app.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { DemoLauncher, DemoOpened } from '../ipc/context.ts';

export interface DemoDeskOptions {
  /** The real desk's database: the demo's lives beside it. */
  dbPath: string;
  /** Starts a desk in demo mode on `dbPath` and answers its address (with its token). */
  start(dbPath: string): Promise<{ url: string; close(): Promise<void> }>;
  /** Opens the address itself (Electron: the system browser); absent: the renderer opens it. */
  open?(url: string): Promise<void>;
}

/** Where the demo desk's database is, for a real desk's `dbPath`. */
export function demoDbPath(dbPath: string): string {
  return dbPath === ':memory:' ? ':memory:' : join(dirname(dbPath), 'demo', 'desk.db');
}

export function demoDesk(o: DemoDeskOptions): DemoLauncher & { close(): Promise<void> } {
  let started: Promise<{ url: string; close(): Promise<void> }> | null = null;
  return {
    async open(): Promise<DemoOpened> {
      const path = demoDbPath(o.dbPath);
      if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      started ??= o.start(path).catch((err: unknown) => {
        started = null; // a failed start can be tried again
        throw err;
      });
      const { url } = await started;
      if (o.open) {
        await o.open(url);
        return { url, openedBy: 'app' };
      }
      return { url, openedBy: 'renderer' };
    },
    async close(): Promise<void> {
      const s = started;
      started = null;
      if (s) await (await s.catch(() => null))?.close();
    },
  };
}
