// Automation rules and the history of their runs (blocked sends included, R6).
import type { Store } from '../db/store.ts';
import type { AutomationRuleRow, AutomationRunRow } from '../db/repos/automation-repo.ts';

/** Position in the run history: runs strictly older than (ranAt, id) come next. */
export interface AutomationRunCursor {
  ranAt: number;
  id: number;
}

export class AutomationService {
  constructor(private readonly store: Store) {}

  rules(): AutomationRuleRow[] {
    return this.store.automation.rules();
  }

  /**
   * A page of runs, newest first, of one rule or all, older than `before`; `next` is the cursor of
   * the following page, null on the last one.
   */
  history(limit: number, options: { ruleId?: number; before?: AutomationRunCursor } = {}): { runs: AutomationRunRow[]; next: AutomationRunCursor | null } {
    // One row more than the page says whether another page follows.
    const rows = this.store.automation.history(limit + 1, options);
    const runs = rows.slice(0, limit);
    const last = runs[runs.length - 1];
    return { runs, next: rows.length > limit && last ? { ranAt: last.ran_at, id: last.id } : null };
  }
}
