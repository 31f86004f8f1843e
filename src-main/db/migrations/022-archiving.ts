import type { Migration } from './migration.ts';

/**
 * Issue 9: a dealer account, a Twilio (gateway) account or a sender can be archived — kept with
 * its history, no longer offered or sent from — and restored. Additive: a NULL archived_at is
 * "in use", which is what every row already is. The group-sync triggers of migration 20 fire on
 * any update of these tables, so an archive travels to the other desks like a rename; the change
 * log's sender trigger learns the new column.
 */
export const migration022: Migration = {
  version: 22,
  name: 'archived dealer accounts, gateway accounts and senders',
  up: `
    ALTER TABLE dealer_accounts ADD COLUMN archived_at INTEGER;
    ALTER TABLE gateway_accounts ADD COLUMN archived_at INTEGER;
    ALTER TABLE senders ADD COLUMN archived_at INTEGER;

    -- A sender archived or restored is news for Settings (the change feed's settings:changed).
    DROP TRIGGER change_log_senders_update;
    CREATE TRIGGER change_log_senders_update AFTER UPDATE ON senders
      WHEN OLD.label IS NOT NEW.label OR OLD.address IS NOT NEW.address OR OLD.gateway_opt_out IS NOT NEW.gateway_opt_out
        OR OLD.archived_at IS NOT NEW.archived_at
    BEGIN
      INSERT INTO change_log (tbl, op, row_id) VALUES ('senders', 'update', NEW.id);
    END;
  `,
};
