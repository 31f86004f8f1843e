import type { Db } from '../open-database.ts';

/** App settings as key -> JSON value. Never holds credentials (those go to the SecretStore). */
export class SettingsRepo {
  private readonly getStmt;
  private readonly setStmt;

  constructor(db: Db) {
    this.getStmt = db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?');
    this.setStmt = db.prepare<[string, string]>(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    );
  }

  get<T>(key: string): T | undefined {
    const row = this.getStmt.get(key);
    if (!row) return undefined;
    try {
      return JSON.parse(row.value) as T;
    } catch {
      return undefined;
    }
  }
  set(key: string, value: unknown): void {
    this.setStmt.run(key, JSON.stringify(value));
  }
}
