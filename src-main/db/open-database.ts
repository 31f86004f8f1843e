import Database from 'better-sqlite3';
import { migrate } from './migrate.ts';

export interface OpenDatabaseOptions {
  /** Where the better-sqlite3 native binding lives (the Electron build keeps its own). */
  nativeBinding?: string;
  readonly?: boolean;
}

export type Db = Database.Database;

/** Opens (or creates) the local store with WAL and foreign keys on, migrated to the newest schema. */
export function openDatabase(path: string, options: OpenDatabaseOptions = {}): Db {
  const db = new Database(path, {
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    ...(options.readonly ? { readonly: true } : {}),
  });
  try {
    if (path !== ':memory:') {
      db.pragma('journal_mode = WAL');
      // Bulk writes (a poll commits up to 1,000 replies with their attributions and notifications
      // per page) checkpoint every ~40 MB of WAL rather than SQLite's default ~4 MB.
      db.pragma('wal_autocheckpoint = 10000');
    }
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    if (!options.readonly) migrate(db);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}
