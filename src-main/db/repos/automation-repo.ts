import type { Db } from '../open-database.ts';

export interface AutomationRuleRow {
  id: number;
  dealer_account_id: number;
  name: string;
  trigger: string;
  body: string;
  enabled: number;
  created_at: number;
}

export interface AutomationRunRow {
  id: number;
  rule_id: number;
  rule_name: string;
  dealer_account_id: number;
  account_name: string;
  customer_id: number;
  customer_name: string;
  message_id: number | null;
  message_status: string | null;
  block_reason: string | null;
  outcome: string;
  detail: string | null;
  ran_at: number;
}

/** Automation rules and the history of their runs (R6: blocked automated sends appear here). */
export class AutomationRepo {
  private readonly insertRuleStmt;
  private readonly ruleStmt;
  private readonly rulesStmt;
  private readonly insertRunStmt;
  private readonly finishRunStmt;
  private readonly historyStmt;
  private readonly historyByRuleStmt;

  constructor(db: Db) {
    this.insertRuleStmt = db.prepare<[number, string, string, string, number]>(
      'INSERT INTO automation_rules (dealer_account_id, name, trigger, body, created_at) VALUES (?, ?, ?, ?, ?)',
    );
    this.ruleStmt = db.prepare<[number], AutomationRuleRow>('SELECT * FROM automation_rules WHERE id = ?');
    this.rulesStmt = db.prepare<[], AutomationRuleRow>('SELECT * FROM automation_rules ORDER BY id');
    this.insertRunStmt = db.prepare<[number, number, string, number]>(
      'INSERT INTO automation_runs (rule_id, customer_id, outcome, ran_at) VALUES (?, ?, ?, ?)',
    );
    this.finishRunStmt = db.prepare<[number | null, string, string | null, number]>(
      'UPDATE automation_runs SET message_id = ?, outcome = ?, detail = ? WHERE id = ?',
    );
    const cols = `r.*, ru.name AS rule_name, ru.dealer_account_id, a.name AS account_name,
      c.first_name || ' ' || c.last_name AS customer_name, m.status AS message_status, m.block_reason`;
    const joins = `JOIN automation_rules ru ON ru.id = r.rule_id JOIN dealer_accounts a ON a.id = ru.dealer_account_id
      JOIN customers c ON c.id = r.customer_id LEFT JOIN messages m ON m.id = r.message_id`;
    this.historyStmt = db.prepare<[number, number, number, number], AutomationRunRow>(
      `SELECT ${cols} FROM automation_runs r INDEXED BY automation_runs_by_time ${joins}
       WHERE r.ran_at < ? OR (r.ran_at = ? AND r.id < ?) ORDER BY r.ran_at DESC, r.id DESC LIMIT ?`,
    );
    this.historyByRuleStmt = db.prepare<[number, number, number, number, number], AutomationRunRow>(
      `SELECT ${cols} FROM automation_runs r INDEXED BY automation_runs_history ${joins}
       WHERE r.rule_id = ? AND (r.ran_at < ? OR (r.ran_at = ? AND r.id < ?)) ORDER BY r.ran_at DESC, r.id DESC LIMIT ?`,
    );
  }

  createRule(dealerAccountId: number, name: string, trigger: string, body: string, now: number): number {
    return Number(this.insertRuleStmt.run(dealerAccountId, name, trigger, body, now).lastInsertRowid);
  }
  rule(id: number): AutomationRuleRow | undefined {
    return this.ruleStmt.get(id);
  }
  rules(): AutomationRuleRow[] {
    return this.rulesStmt.all();
  }
  startRun(ruleId: number, customerId: number, now: number): number {
    return Number(this.insertRunStmt.run(ruleId, customerId, 'running', now).lastInsertRowid);
  }
  finishRun(runId: number, messageId: number | null, outcome: string, detail: string | null): void {
    this.finishRunStmt.run(messageId, outcome, detail, runId);
  }
  /** Automation history, newest first, keyset-paged by (ran_at, id). */
  history(limit: number, options: { ruleId?: number; before?: { ranAt: number; id: number } } = {}): AutomationRunRow[] {
    const at = options.before?.ranAt ?? Number.MAX_SAFE_INTEGER;
    const id = options.before?.id ?? Number.MAX_SAFE_INTEGER;
    return options.ruleId !== undefined
      ? this.historyByRuleStmt.all(options.ruleId, at, at, id, limit)
      : this.historyStmt.all(at, at, id, limit);
  }
}
