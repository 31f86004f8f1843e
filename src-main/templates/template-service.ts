// Message templates: shared ones and those of one dealer account.
import type { Store } from '../db/store.ts';
import type { TemplateRow } from '../db/repos/templates-repo.ts';

export class TemplateService {
  constructor(private readonly store: Store) {}

  /** The templates a dealer account may use (all, without one). */
  list(dealerAccountId?: number): TemplateRow[] {
    return this.store.templates.list(dealerAccountId);
  }
}
