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

/** Message templates: an account's own, and shared ones (dealer_account_id null). */
export class TemplatesRepo {
  private readonly insertStmt;
  private readonly allStmt;
  private readonly forAccountStmt;
  private readonly byIdStmt;

  constructor(db: Db) {
    this.insertStmt = db.prepare<[number | null, string, string]>('INSERT INTO templates (dealer_account_id, name, body) VALUES (?, ?, ?)');
    this.byIdStmt = db.prepare<[number], TemplateRow>('SELECT * FROM templates WHERE id = ?');
    this.allStmt = db.prepare<[], TemplateRow>('SELECT * FROM templates ORDER BY name, id');
    this.forAccountStmt = db.prepare<[number], TemplateRow>(
      'SELECT * FROM templates WHERE dealer_account_id IS NULL OR dealer_account_id = ? ORDER BY name, id',
    );
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
