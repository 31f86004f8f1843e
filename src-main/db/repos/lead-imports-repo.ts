import type { Db } from '../open-database.ts';
import type { ImportProblem, ImportStatus } from '../../../shared/domain/lead-import.ts';

export interface LeadImportRow {
  id: number;
  dealer_account_id: number;
  account_name: string;
  file_name: string | null;
  actor: string | null;
  headers: string;
  mapping: string;
  opt_in_default: 0 | 1 | null;
  status: ImportStatus;
  started_at: number;
  finished_at: number | null;
  rows_read: number;
  created: number;
  attached: number;
  unchanged: number;
  invalid: number;
  opted_out: number;
  error: string | null;
}

export interface ImportCounts {
  rowsRead: number;
  created: number;
  attached: number;
  unchanged: number;
  invalid: number;
  optedOut: number;
}

export interface ImportProblemRow {
  import_id: number;
  row_number: number;
  problem: ImportProblem;
  field: string | null;
  detail: string;
  record: string;
}

/** Lead imports: the run, its counters, its remembered external ids and its invalid rows. */
export class LeadImportsRepo {
  private readonly insertStmt;
  private readonly countsStmt;
  private readonly finishStmt;
  private readonly getStmt;
  private readonly recentStmt;
  private readonly keyStmt;
  private readonly addKeyStmt;
  private readonly addProblemStmt;
  private readonly problemsStmt;
  private readonly problemsAfterStmt;

  constructor(db: Db) {
    this.insertStmt = db.prepare<[number, string | null, string | null, string, string, number | null, number]>(
      `INSERT INTO lead_imports (dealer_account_id, file_name, actor, headers, mapping, opt_in_default, status, started_at)
       VALUES (?, ?, ?, ?, ?, ?, 'running', ?)`,
    );
    this.countsStmt = db.prepare<[number, number, number, number, number, number, number]>(
      `UPDATE lead_imports SET rows_read = ?, created = ?, attached = ?, unchanged = ?, invalid = ?, opted_out = ? WHERE id = ?`,
    );
    this.finishStmt = db.prepare<[string, number, string | null, number]>(
      `UPDATE lead_imports SET status = ?, finished_at = ?, error = ? WHERE id = ? AND status = 'running'`,
    );
    const cols = 'i.*, a.name AS account_name';
    this.getStmt = db.prepare<[number], LeadImportRow>(`SELECT ${cols} FROM lead_imports i JOIN dealer_accounts a ON a.id = i.dealer_account_id WHERE i.id = ?`);
    this.recentStmt = db.prepare<[number], LeadImportRow>(
      `SELECT ${cols} FROM lead_imports i JOIN dealer_accounts a ON a.id = i.dealer_account_id ORDER BY i.started_at DESC, i.id DESC LIMIT ?`,
    );
    this.keyStmt = db.prepare<[number, string], { customer_id: number; import_id: number; row_number: number }>(
      'SELECT customer_id, import_id, row_number FROM lead_import_keys WHERE dealer_account_id = ? AND external_id = ?',
    );
    this.addKeyStmt = db.prepare<[number, string, number, number, number]>(
      'INSERT INTO lead_import_keys (dealer_account_id, external_id, customer_id, import_id, row_number) VALUES (?, ?, ?, ?, ?)',
    );
    this.addProblemStmt = db.prepare<[number, number, string, string | null, string, string]>(
      'INSERT OR REPLACE INTO lead_import_problems (import_id, row_number, problem, field, detail, record) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.problemsStmt = db.prepare<[number, number], ImportProblemRow>(
      'SELECT * FROM lead_import_problems WHERE import_id = ? ORDER BY row_number LIMIT ?',
    );
    this.problemsAfterStmt = db.prepare<[number, number, number], ImportProblemRow>(
      'SELECT * FROM lead_import_problems WHERE import_id = ? AND row_number > ? ORDER BY row_number LIMIT ?',
    );
  }

  start(
    i: { dealerAccountId: number; fileName: string | null; actor: string | null; headers: string[]; mapping: object; optInDefault: boolean | null },
    now: number,
  ): number {
    const optIn = i.optInDefault === null ? null : i.optInDefault ? 1 : 0;
    return Number(this.insertStmt.run(i.dealerAccountId, i.fileName, i.actor, JSON.stringify(i.headers), JSON.stringify(i.mapping), optIn, now).lastInsertRowid);
  }
  setCounts(id: number, c: ImportCounts): void {
    this.countsStmt.run(c.rowsRead, c.created, c.attached, c.unchanged, c.invalid, c.optedOut, id);
  }
  finish(id: number, status: Exclude<ImportStatus, 'running'>, now: number, error: string | null = null): void {
    this.finishStmt.run(status, now, error, id);
  }
  get(id: number): LeadImportRow | undefined {
    return this.getStmt.get(id);
  }
  recent(limit: number): LeadImportRow[] {
    return this.recentStmt.all(limit);
  }
  /** The customer an external lead id was imported as for this account, and where. */
  key(dealerAccountId: number, externalId: string): { customer_id: number; import_id: number; row_number: number } | undefined {
    return this.keyStmt.get(dealerAccountId, externalId);
  }
  addKey(dealerAccountId: number, externalId: string, customerId: number, importId: number, row: number): void {
    this.addKeyStmt.run(dealerAccountId, externalId, customerId, importId, row);
  }
  addProblem(importId: number, row: number, problem: ImportProblem, field: string | null, detail: string, record: readonly string[]): void {
    this.addProblemStmt.run(importId, row, problem, field, detail, JSON.stringify(record));
  }
  /** Invalid rows in file order, a page at a time (`afterRow`: the last row of the previous page). */
  problems(importId: number, limit: number, afterRow?: number): ImportProblemRow[] {
    return afterRow === undefined ? this.problemsStmt.all(importId, limit) : this.problemsAfterStmt.all(importId, afterRow, limit);
  }
}
