// Rolling local backups of the store, taken with SQLite's online backup API (better-sqlite3's
// db.backup): a consistent copy while the app keeps running. One a day, the newest seven kept, in
// `backups/` beside the database as `<name>-YYYY-MM-DD.db` (UTC day). A backup is written under a
// temporary name, checked (PRAGMA quick_check), made 0600 and only then renamed into place, so a
// file with a backup's name is always a whole, healthy copy. Restoring moves the current file (and
// its -wal/-shm) aside, never deletes it.
import { chmodSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import Database from 'better-sqlite3';
import { copyFileAtomic, moveAside } from '../atomic-file.ts';
import type { Clock } from '../clock.ts';

export const BACKUPS_KEPT = 7;

export interface BackupInfo {
  path: string;
  /** The UTC day it was taken, YYYY-MM-DD. */
  day: string;
  sizeBytes: number;
  takenAtMs: number;
}

/** `<folder of the database>/backups`. */
export function backupDir(dbPath: string): string {
  return join(dirname(dbPath), 'backups');
}

function stem(dbPath: string): string {
  const name = basename(dbPath);
  const ext = extname(name);
  return ext ? name.slice(0, -ext.length) : name;
}

export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The backups of this database, newest first. */
export function listBackups(dbPath: string): BackupInfo[] {
  const dir = backupDir(dbPath);
  if (!existsSync(dir)) return [];
  const pattern = new RegExp(`^${stem(dbPath).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-(\\d{4}-\\d{2}-\\d{2})\\.db$`);
  const out: BackupInfo[] = [];
  for (const name of readdirSync(dir)) {
    const m = pattern.exec(name);
    if (!m) continue;
    const path = join(dir, name);
    const st = statSync(path);
    if (st.isFile()) out.push({ path, day: m[1] as string, sizeBytes: st.size, takenAtMs: st.mtimeMs });
  }
  return out.sort((a, b) => (a.day < b.day ? 1 : a.day > b.day ? -1 : 0));
}

/** Problems PRAGMA integrity_check (full) or quick_check finds in a file, [] when healthy. */
export function checkDatabaseFile(path: string, how: 'quick' | 'full' = 'full', nativeBinding?: string): string[] {
  if (!existsSync(path)) return [`${path} does not exist`];
  if (statSync(path).size === 0) return ['the file is empty (0 bytes)'];
  let db: Database.Database | null = null;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
    const rows = db.pragma(how === 'full' ? 'integrity_check(100)' : 'quick_check(100)') as Record<string, string>[];
    return rows.map((r) => Object.values(r)[0] as string).filter((v) => v !== 'ok');
  } catch (err) {
    return [err instanceof Error ? err.message : String(err)];
  } finally {
    db?.close();
  }
}

/**
 * Copies the open database into `target` (replacing it) with the online backup API; the copy is
 * checked before it takes the name. Resolves to the backup.
 */
export async function backupTo(db: Database.Database, target: string): Promise<void> {
  mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
  const tmp = `${target}.partial-${process.pid}`;
  rmSync(tmp, { force: true });
  try {
    await db.backup(tmp);
    chmodSync(tmp, 0o600);
    // A backup is one self-contained file: out of WAL mode (no -wal/-shm beside it), then checked.
    const copy = new Database(tmp, { fileMustExist: true });
    try {
      copy.pragma('journal_mode = DELETE');
      const problems = (copy.pragma('quick_check(1)') as { quick_check: string }[]).map((r) => r.quick_check).filter((v) => v !== 'ok');
      if (problems.length > 0) throw new Error(`the backup copy failed its check: ${problems[0]}`);
    } finally {
      copy.close();
    }
    renameSync(tmp, target);
  } finally {
    for (const f of [tmp, `${tmp}-wal`, `${tmp}-shm`, `${tmp}-journal`]) rmSync(f, { force: true });
  }
}

/** Deletes all but the newest `keep` backups; returns what it deleted. */
export function pruneBackups(dbPath: string, keep = BACKUPS_KEPT): string[] {
  const old = listBackups(dbPath).slice(keep);
  for (const b of old) rmSync(b.path, { force: true });
  return old.map((b) => b.path);
}

/** Takes today's backup (replacing an earlier one of the same day) and keeps the newest seven. */
export async function backupNow(db: Database.Database, dbPath: string, clock: Clock, keep = BACKUPS_KEPT): Promise<BackupInfo> {
  const day = utcDay(clock());
  const path = join(backupDir(dbPath), `${stem(dbPath)}-${day}.db`);
  await backupTo(db, path);
  pruneBackups(dbPath, keep);
  const st = statSync(path);
  return { path, day, sizeBytes: st.size, takenAtMs: st.mtimeMs };
}

/** The daily backup: taken when today's (UTC) is missing; null when there already is one. */
export async function dailyBackup(db: Database.Database, dbPath: string, clock: Clock, keep = BACKUPS_KEPT): Promise<BackupInfo | null> {
  if (listBackups(dbPath)[0]?.day === utcDay(clock())) return null;
  return backupNow(db, dbPath, clock, keep);
}

const COMPANIONS = ['-wal', '-shm', '-journal'];

/**
 * Moves the database file and its companions (-wal, -shm) aside as `<file>.<label>-<stamp>`, so
 * the next start makes a new store; returns where the database file went (null when there was none).
 */
export function setAside(dbPath: string, clock: Clock, label = 'damaged'): string | null {
  let moved: string | null = null;
  if (existsSync(dbPath)) moved = moveAside(dbPath, label, clock());
  for (const suffix of COMPANIONS) {
    const companion = `${dbPath}${suffix}`;
    if (existsSync(companion)) {
      const target = moved ? `${moved}${suffix}` : null;
      if (target) renameSync(companion, target);
      else moveAside(companion, label, clock());
    }
  }
  return moved;
}

export interface RestoreResult {
  restoredFrom: string;
  /** Where the file that was there went (null when there was none). */
  setAsideAs: string | null;
}

/**
 * Puts a backup in place of the database: the backup is checked in full first (a damaged backup is
 * refused and nothing moves), the current file and its -wal/-shm are moved aside, then the backup
 * is copied in (0600). The app must not be running on this database.
 */
export function restoreBackup(dbPath: string, from: string, clock: Clock): RestoreResult {
  const problems = checkDatabaseFile(from, 'full');
  if (problems.length > 0) throw new Error(`${from} cannot be restored: ${problems[0]}`);
  const setAsideAs = setAside(dbPath, clock, 'before-restore');
  copyFileAtomic(from, dbPath, 0o600);
  return { restoredFrom: from, setAsideAs };
}
