// One writer per database file (issue 14, finding 1): every entry point that writes a desk database
// (the desktop app, `smsdesk serve`, `smsdesk start`, CLI commands that write) holds this lock for
// as long as it has the file open. Two desks on one file would each run an outbox and poller.
//
// The lock is an operating-system file lock, so it cannot go stale: SQLite itself holds it on a
// small companion file (`desk.db.lock`, opened with locking_mode=EXCLUSIVE and a write), and the OS
// drops it the moment the holder dies, kill -9 included. Who holds it (pid, command, since when,
// host) is written beside it (`desk.db.lock.json`) for the message a second process shows; that
// note is information only, never the lock, so a note left behind by a killed process is simply
// overwritten by the next holder.
import Database from 'better-sqlite3';
import { hostname } from 'node:os';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';

export interface InstanceHolder {
  pid: number;
  /** What the holder was started as, e.g. `smsdesk serve --db /x/desk.db`. */
  command: string;
  /** When it took the lock, epoch ms. */
  since: number;
  host: string;
}

/** Another process has the database open: the message names it. */
export class DatabaseInUseError extends Error {
  override readonly name = 'DatabaseInUseError';
  constructor(
    readonly dbPath: string,
    readonly holder: InstanceHolder | null,
  ) {
    super(inUseMessage(dbPath, holder));
  }
}

export interface InstanceLock {
  /** The lock file beside the database. */
  readonly path: string;
  readonly holder: InstanceHolder;
  /** Gives the database up (idempotent). */
  release(): void;
}

export interface InstanceLockOptions {
  /** Names this process in the message another one shows. Default: the process's own command line. */
  command?: string;
  /** better-sqlite3 native binding (the Electron build keeps its own). */
  nativeBinding?: string;
  /** For the `since` of the note. Default Date.now. */
  clock?: () => number;
}

export const lockFileOf = (dbPath: string): string => `${dbPath}.lock`;
export const holderFileOf = (dbPath: string): string => `${dbPath}.lock.json`;

/** The command line of this process, short enough for a message. */
export function processCommand(): string {
  const [exe = 'node', ...args] = process.argv;
  const text = [basename(exe), ...args.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : JSON.stringify(a)))].join(' ');
  return text.length > 300 ? `${text.slice(0, 299)}…` : text;
}

function inUseMessage(dbPath: string, h: InstanceHolder | null): string {
  const who = h
    ? `process ${h.pid} (${h.command}) has had it open since ${new Date(h.since).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}${h.host !== hostname() ? ` on ${h.host}` : ''}`
    : 'another process has it open (it has not said which yet)';
  return `The database ${dbPath} is already in use: ${who}. Two desks on one file would both send its queued messages. Close the other one first, or open another file with --db.`;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function parseHolder(text: string): InstanceHolder | null {
  try {
    const v = JSON.parse(text) as Partial<InstanceHolder>;
    if (typeof v.pid !== 'number' || typeof v.command !== 'string' || typeof v.since !== 'number' || typeof v.host !== 'string') return null;
    return { pid: v.pid, command: v.command, since: v.since, host: v.host };
  } catch {
    return null;
  }
}

/** The holder's note, if it names a live process (a note from a killed holder is stale). */
export function readHolder(dbPath: string): InstanceHolder | null {
  let text: string;
  try {
    text = readFileSync(holderFileOf(dbPath), 'utf8');
  } catch {
    return null;
  }
  const h = parseHolder(text);
  if (!h) return null;
  if (h.host === hostname() && !isAlive(h.pid)) return null;
  return h;
}

const pause = (ms: number): void => {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
};

/**
 * Takes the database for this process, or throws DatabaseInUseError naming the process that has it.
 * ':memory:' needs no lock. The lock is held until release() or the process ends (however it ends).
 */
export function acquireInstanceLock(dbPath: string, options: InstanceLockOptions = {}): InstanceLock {
  const path = lockFileOf(dbPath);
  const holder: InstanceHolder = {
    pid: process.pid,
    command: options.command ?? processCommand(),
    since: (options.clock ?? Date.now)(),
    host: hostname(),
  };
  if (dbPath === ':memory:') return { path, holder, release: () => undefined };

  const db = new Database(path, { timeout: 0, ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}) });
  try {
    // EXCLUSIVE locking mode keeps the write lock after the first write until the connection closes.
    db.pragma('locking_mode = EXCLUSIVE');
    db.pragma('journal_mode = DELETE');
    db.exec('BEGIN EXCLUSIVE');
    db.exec('CREATE TABLE IF NOT EXISTS instance (pid INTEGER, since INTEGER)');
    db.prepare('DELETE FROM instance').run();
    db.prepare('INSERT INTO instance (pid, since) VALUES (?, ?)').run(holder.pid, holder.since);
    db.exec('COMMIT');
  } catch (err) {
    db.close();
    if ((err as { code?: string }).code !== 'SQLITE_BUSY' && (err as { code?: string }).code !== 'SQLITE_LOCKED') throw err;
    // The holder writes its note just after taking the lock: give it a moment.
    let other = readHolder(dbPath);
    for (let i = 0; i < 10 && !other; i++) {
      pause(50);
      other = readHolder(dbPath);
    }
    throw new DatabaseInUseError(dbPath, other);
  }

  const note = holderFileOf(dbPath);
  const temp = `${note}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, `${JSON.stringify(holder)}\n`, { mode: 0o600 });
    renameSync(temp, note);
  } catch {
    // The note is information only: the lock holds without it.
    rmSync(temp, { force: true });
  }

  let released = false;
  return {
    path,
    holder,
    release() {
      if (released) return;
      released = true;
      try {
        const current = parseHolder(readFileSync(note, 'utf8'));
        if (current && current.pid === holder.pid && current.since === holder.since) rmSync(note, { force: true });
      } catch {
        // already gone
      }
      db.close();
    },
  };
}
