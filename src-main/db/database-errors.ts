// Errors about the database file itself, worded for the person who has to act on them.
import { backupDir, listBackups, type BackupInfo } from './backups.ts';

const CORRUPTION_CODES = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB', 'SQLITE_CORRUPT_VTAB', 'SQLITE_CORRUPT_SEQUENCE', 'SQLITE_CORRUPT_INDEX']);

/** True for SQLite's "database disk image is malformed" / "file is not a database" family. */
export function isCorruptionError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && CORRUPTION_CODES.has(code);
}

/**
 * The database file is damaged (or empty, or not a database): the app refuses to start on it and
 * says which file, why, and the two ways on: restore the newest automatic backup, or start a new
 * store with the damaged file kept aside. Nothing was written to the file.
 */
export class DatabaseDamagedError extends Error {
  readonly newestBackup: BackupInfo | null;
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    const newest = safeNewest(path);
    const restore = newest
      ? `restore the newest automatic backup (${newest.path}, taken ${newest.day}): npx smsdesk db restore --db "${path}"`
      : `restore a backup: there is no automatic one in ${backupDir(path)}; npx smsdesk db restore --db "${path}" --from FILE takes another copy`;
    super(
      `The database ${path} is damaged: ${reason}. Dealer SMS Desk did not start on it and did not change it. ` +
        `To go on, either ${restore}; or start a new, empty store and keep the damaged file aside: npx smsdesk db set-aside --db "${path}".`,
    );
    this.name = 'DatabaseDamagedError';
    this.newestBackup = newest;
  }
}

function safeNewest(path: string): BackupInfo | null {
  try {
    return listBackups(path)[0] ?? null;
  } catch {
    return null;
  }
}
