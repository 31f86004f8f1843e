import type Database from 'better-sqlite3';
import type { Migration } from './migrations/migration.ts';
import { migrations as allMigrations } from './migrations/index.ts';

export class DatabaseNewerThanAppError extends Error {
  constructor(
    readonly databaseVersion: number,
    readonly appVersion: number,
  ) {
    super(
      `This database is at schema version ${databaseVersion}, newer than this app understands (${appVersion}). ` +
        'Update Dealer SMS Desk before opening it; the database was left untouched.',
    );
    this.name = 'DatabaseNewerThanAppError';
  }
}

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Brings the schema up to the newest version (or `target`) in one transaction, recording progress
 * in PRAGMA user_version. Refuses a database newer than the app and leaves it untouched.
 */
export function migrate(
  db: Database.Database,
  options: { migrations?: readonly Migration[]; target?: number } = {},
): { from: number; to: number } {
  const list = options.migrations ?? allMigrations;
  list.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`Migration list out of order at ${m.name}: expected version ${i + 1}`);
  });
  const latest = list.length;
  const target = options.target ?? latest;
  const from = schemaVersion(db);
  if (from > latest) throw new DatabaseNewerThanAppError(from, latest);
  if (from >= target) return { from, to: from };
  db.transaction(() => {
    for (const m of list.slice(from, target)) db.exec(m.up);
    db.pragma(`user_version = ${target}`);
  }).immediate();
  return { from, to: target };
}
