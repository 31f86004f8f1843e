import type { Migration } from './migration.ts';

/**
 * Bulk lead import (issue 12, R10). An import is one run over one file for one dealer account:
 * its mapping, its opt-in default, progress counters committed with each batch (so a cancelled or
 * interrupted import says exactly how far it got), and its invalid rows with the reason (a code
 * and the sentence) and the cells as read, for the error CSV. A lead's external id is remembered
 * per dealer account: a re-run of the same file imports nothing twice. The consent audit trail
 * names the import and the row an opt-out came from.
 */
export const migration017: Migration = {
  version: 17,
  name: 'lead imports',
  up: `
    CREATE TABLE lead_imports (
      id                 INTEGER PRIMARY KEY,
      dealer_account_id  INTEGER NOT NULL REFERENCES dealer_accounts(id),
      file_name          TEXT,
      actor              TEXT,
      headers            TEXT NOT NULL,   -- JSON array of the header cells
      mapping            TEXT NOT NULL,   -- JSON object: field -> column index
      opt_in_default     INTEGER,         -- 1 / 0: a row without a value; null: such a row is invalid
      status             TEXT NOT NULL CHECK (status IN ('running', 'done', 'cancelled', 'failed')),
      started_at         INTEGER NOT NULL,
      finished_at        INTEGER,
      rows_read          INTEGER NOT NULL DEFAULT 0,
      created            INTEGER NOT NULL DEFAULT 0,  -- new customers
      attached           INTEGER NOT NULL DEFAULT 0,  -- existing customers made leads of the account
      unchanged          INTEGER NOT NULL DEFAULT 0,  -- already a lead of the account, or already imported
      invalid            INTEGER NOT NULL DEFAULT 0,
      opted_out          INTEGER NOT NULL DEFAULT 0,  -- rows whose opt-in was off (R10)
      error              TEXT
    );
    CREATE INDEX lead_imports_recent ON lead_imports (started_at DESC, id DESC);

    CREATE TABLE lead_import_keys (
      dealer_account_id  INTEGER NOT NULL REFERENCES dealer_accounts(id),
      external_id        TEXT NOT NULL,
      customer_id        INTEGER NOT NULL REFERENCES customers(id),
      import_id          INTEGER NOT NULL REFERENCES lead_imports(id),
      row_number         INTEGER NOT NULL,
      PRIMARY KEY (dealer_account_id, external_id)
    ) WITHOUT ROWID;

    CREATE TABLE lead_import_problems (
      import_id   INTEGER NOT NULL REFERENCES lead_imports(id),
      row_number  INTEGER NOT NULL,   -- the line of the file the row starts on
      problem     TEXT NOT NULL CHECK (problem IN ('missing_name', 'invalid_mobile', 'not_mobile', 'invalid_email', 'no_contact', 'invalid_opt_in', 'missing_opt_in')),
      field       TEXT,
      detail      TEXT NOT NULL,
      record      TEXT NOT NULL,      -- JSON array of the row's cells as read
      PRIMARY KEY (import_id, row_number)
    ) WITHOUT ROWID;

    ALTER TABLE consent_events ADD COLUMN import_id INTEGER REFERENCES lead_imports(id);
    ALTER TABLE consent_events ADD COLUMN import_row INTEGER;
  `,
};
