import type { Db } from '../open-database.ts';

export interface TemplateRow {
  id: number;
  dealer_account_id: number | null;
  name: string;
  body: string;
  email_subject: string | null;
  email_body: string | null;
  archived_at: number | null;
  updated_at: number | null;
}

export interface TemplateFields {
  dealerAccountId: number | null;
  name: string;
  body: string;
  emailSubject: string | null;
  emailBody: string | null;
}

/** Message templates: an account's own, and shared ones (dealer_account_id null). */
export class TemplatesRepo {
  private readonly insertStmt;
  private readonly allStmt;
  private readonly forAccountStmt;
  private readonly byIdStmt;
  private readonly insertFullStmt;
  private readonly updateStmt;
  private readonly archiveStmt;
  private readonly usedStmt;

  constructor(db: Db) {
    this.insertStmt = db.prepare<[number | null, string, string]>('INSERT INTO templates (dealer_account_id, name, body) VALUES (?, ?, ?)');
    this.byIdStmt = db.prepare<[number], TemplateRow>('SELECT * FROM templates WHERE id = ?');
    this.insertFullStmt = db.prepare(
      `INSERT INTO templates (dealer_account_id, name, body, email_subject, email_body, updated_at)
       VALUES (@dealerAccountId, @name, @body, @emailSubject, @emailBody, @now)`,
    );
    this.updateStmt = db.prepare(
      `UPDATE templates SET dealer_account_id = @dealerAccountId, name = @name, body = @body, email_subject = @emailSubject,
         email_body = @emailBody, updated_at = @now WHERE id = @id`,
    );
    this.archiveStmt = db.prepare<[number | null, number]>('UPDATE templates SET archived_at = ? WHERE id = ?');
    this.usedStmt = db.prepare<[number], { one: number }>('SELECT 1 AS one FROM automation_steps WHERE template_id = ? AND retired_at IS NULL LIMIT 1');
    this.allStmt = db.prepare<[], TemplateRow>('SELECT * FROM templates ORDER BY name, id');
    this.forAccountStmt = db.prepare<[number], TemplateRow>(
      'SELECT * FROM templates WHERE dealer_account_id IS NULL OR dealer_account_id = ? ORDER BY name, id',
    );
  }

  insert(t: TemplateFields, now: number): number {
    return Number(this.insertFullStmt.run({ ...t, now }).lastInsertRowid);
  }
  update(id: number, t: TemplateFields, now: number): void {
    this.updateStmt.run({ ...t, id, now });
  }
  setArchived(id: number, at: number | null): void {
    this.archiveStmt.run(at, id);
  }
  /** Whether a current step of an automation rule sends it. */
  usedByRules(id: number): boolean {
    return this.usedStmt.get(id) !== undefined;
  }
  get(id: number): TemplateRow | undefined {
    return this.byIdStmt.get(id);
  }
  create(dealerAccountId: number | null, name: string, body: string): number {
    return Number(this.insertStmt.run(dealerAccountId, name, body).lastInsertRowid);
  }
  list(dealerAccountId?: number): TemplateRow[] {
    return dealerAccountId !== undefined ? this.forAccountStmt.all(dealerAccountId) : this.allStmt.all();
  }
}
