import type { Migration } from './migration.ts';

/** Vehicles under appraisal, each linked to a lead (a customer held by a dealer account). */
export const migration003: Migration = {
  version: 3,
  name: 'appraisals',
  up: `
    CREATE TABLE appraisals (
      id                 INTEGER PRIMARY KEY,
      customer_id        INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
      dealer_account_id  INTEGER NOT NULL REFERENCES dealer_accounts(id),
      year               INTEGER,
      make               TEXT NOT NULL,
      model              TEXT NOT NULL,
      variant            TEXT,
      registration       TEXT,
      odometer_km        INTEGER,
      status             TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'offered', 'accepted', 'declined')),
      offer_aud          INTEGER,
      notes              TEXT,
      created_at         INTEGER NOT NULL,
      updated_at         INTEGER NOT NULL,
      FOREIGN KEY (customer_id, dealer_account_id) REFERENCES leads (customer_id, dealer_account_id)
    );
    CREATE INDEX appraisals_recent ON appraisals (created_at DESC, id DESC);
    CREATE INDEX appraisals_by_account ON appraisals (dealer_account_id, created_at DESC, id DESC);
    CREATE INDEX appraisals_by_customer ON appraisals (customer_id, created_at DESC, id DESC);
  `,
};
