import { closeSync, existsSync, linkSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { migrate, schemaVersion, DatabaseNewerThanAppError } from './migrate.ts';
import { migrations } from './migrations/index.ts';
import { DatabaseDamagedError, isCorruptionError } from './database-errors.ts';

export interface OpenDatabaseOptions {
  /** Where the better-sqlite3 native binding lives (the Electron build keeps its own). */
  nativeBinding?: string;
  readonly?: boolean;
}

export type Db = Database.Database;

export interface OpenedDatabase {
  db: Db;
  /** True when this call created the file (a new, empty store): only then may the demo be seeded. */
  created: boolean;
}

function driverOptions(options: OpenDatabaseOptions): Database.Options {
  return {
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    ...(options.readonly ? { readonly: true } : {}),
  };
}

function tune(db: Db, file: boolean): void {
  if (file) {
    db.pragma('journal_mode = WAL');
    // SQLite's default: a checkpoint every ~4 MB of WAL. The commit that crosses the mark pays for
    // the checkpoint; at ~40 MB (10,000 pages) that commit took 60–75 ms and was the automation
    // tick's p99 (issue 11), while ingest ran no faster (npm run bench -- --only ingest --small,
    // alternated: 4,384 and 4,561 msgs/s at 10,000 pages, 4,699 and 4,504 at 1,000).
    db.pragma('wal_autocheckpoint = 1000');
  }
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  // Every service nests its writes in store.transaction() (a SAVEPOINT inside the caller's), and a
  // savepoint copies each page it first touches to a sub-journal: in a temporary file by default.
  // In memory, a customer written inside a savepoint (~20 pages of tokens, names and indexes)
  // took 59 µs instead of 168 µs (side by side, pages of 500, as a group pull applies them; the
  // issue 10 closing note has the runs), and ingest and imports gain alike. Sorts that spill (no index) stay in memory too: the
  // hot queries all read indexes (the migration tests check their plans).
  db.pragma('temp_store = MEMORY');
}

/**
 * A new store is built under a temporary name (mode 0600, migrated) and renamed into place, so a
 * file at `path` is never one this app left half-made: a 0-byte or unreadable file there is damage
 * (or not ours), never "a new database".
 */
function createStoreFile(path: string, options: OpenDatabaseOptions): boolean {
  const tmp = `${path}.creating-${process.pid}`;
  rmSync(tmp, { force: true });
  closeSync(openSync(tmp, 'wx', 0o600));
  try {
    const db = new Database(tmp, driverOptions({ ...options, readonly: false }));
    try {
      db.pragma('journal_mode = DELETE');
      migrate(db);
    } finally {
      db.close();
    }
    // Linked, not renamed: if another process created the store meanwhile, its file is kept.
    try {
      linkSync(tmp, path);
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
      if (existsSync(path)) throw err;
      renameSync(tmp, path); // a file system without hard links
      return true;
    }
  } finally {
    rmSync(tmp, { force: true });
    rmSync(`${tmp}-journal`, { force: true });
  }
}

/**
 * The checks before anything is written: a schema newer than the app is refused before the journal
 * mode is touched (the file really is left untouched), and a damaged file is refused with what to
 * do about it (PRAGMA quick_check).
 */
function checkBeforeUse(db: Db, path: string): void {
  const version = schemaVersion(db);
  if (version > migrations.length) throw new DatabaseNewerThanAppError(version, migrations.length);
  const rows = db.pragma('quick_check(20)') as { quick_check: string }[];
  const problems = rows.map((r) => r.quick_check).filter((r) => r !== 'ok');
  if (problems.length > 0) throw new DatabaseDamagedError(path, `quick_check found ${problems.length === 20 ? '20 or more problems' : `${problems.length} problem(s)`}, first: ${problems[0]}`);
}

/**
 * Opens (or creates) the local store with WAL and foreign keys on, migrated to the newest schema.
 * An existing file is checked first (schema version, then PRAGMA quick_check) and refused when it
 * is damaged (DatabaseDamagedError, naming the file and what to do) or newer than the app
 * (DatabaseNewerThanAppError); nothing is written to a refused file.
 */
export function openDatabaseFile(path: string, options: OpenDatabaseOptions = {}): OpenedDatabase {
  const file = path !== ':memory:';
  let created = false;
  if (file) {
    if (!existsSync(path)) {
      if (options.readonly) throw new Error(`${path} does not exist`);
      if (!existsSync(dirname(path))) throw new Error(`the folder of ${path} does not exist`);
      created = createStoreFile(path, options);
    } else if (statSync(path).isFile() && statSync(path).size === 0) {
      throw new DatabaseDamagedError(path, 'the file is empty (0 bytes): it was truncated, or it is not a Dealer SMS Desk database');
    }
  }
  let db: Db;
  try {
    db = new Database(path, driverOptions(options));
  } catch (err) {
    if (isCorruptionError(err)) throw new DatabaseDamagedError(path, (err as Error).message);
    throw err;
  }
  try {
    if (file) checkBeforeUse(db, path);
    tune(db, file);
    if (!options.readonly) migrate(db);
    return { db, created: created || !file };
  } catch (err) {
    db.close();
    if (isCorruptionError(err)) throw new DatabaseDamagedError(path, (err as Error).message);
    throw err;
  }
}

/** openDatabaseFile without the "created" flag. */
export function openDatabase(path: string, options: OpenDatabaseOptions = {}): Db {
  return openDatabaseFile(path, options).db;
}
