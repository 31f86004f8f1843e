import type { Migration } from './migration.ts';

/**
 * Each dealer account's send calendar (R12): its IANA time zone, its Australian state (for public
 * holidays) and, once customised, its weekly send hours. Until an account's hours are customised
 * (`send_hours_custom` 0) it keeps the default: Mon–Fri 09:00–20:00, Sat 09:00–17:00, closed Sunday.
 * Existing accounts start in Sydney / NSW.
 */
export const migration010: Migration = {
  version: 10,
  name: 'dealer account time zone, state and send hours',
  up: `
    ALTER TABLE dealer_accounts ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'Australia/Sydney';
    ALTER TABLE dealer_accounts ADD COLUMN state TEXT NOT NULL DEFAULT 'NSW'
      CHECK (state IN ('ACT', 'NSW', 'NT', 'QLD', 'SA', 'TAS', 'VIC', 'WA'));
    ALTER TABLE dealer_accounts ADD COLUMN closed_on_public_holidays INTEGER NOT NULL DEFAULT 1;
    ALTER TABLE dealer_accounts ADD COLUMN send_hours_custom INTEGER NOT NULL DEFAULT 0;

    -- A customised account's open days (a weekday without a row is closed). ISO weekday 1 = Monday.
    CREATE TABLE dealer_account_send_hours (
      dealer_account_id  INTEGER NOT NULL REFERENCES dealer_accounts(id),
      weekday            INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
      opens_min          INTEGER NOT NULL,
      closes_min         INTEGER NOT NULL,
      CHECK (opens_min >= 0 AND opens_min < closes_min AND closes_min <= 1440),
      PRIMARY KEY (dealer_account_id, weekday)
    ) WITHOUT ROWID;
  `,
};
