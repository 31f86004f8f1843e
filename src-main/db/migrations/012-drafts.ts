import type { Migration } from './migration.ts';

/**
 * The composer's drafts: one per lead (customer) and dealer account, kept in the store until the
 * message is sent, so a typed message survives leaving the lead, a reload and a restart.
 */
export const migration012: Migration = {
  version: 12,
  name: 'composer drafts',
  up: `
    CREATE TABLE drafts (
      customer_id        INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
      dealer_account_id  INTEGER NOT NULL REFERENCES dealer_accounts(id),
      body               TEXT NOT NULL,
      updated_at         INTEGER NOT NULL,
      updated_by         TEXT,
      PRIMARY KEY (customer_id, dealer_account_id)
    ) WITHOUT ROWID;
  `,
};
