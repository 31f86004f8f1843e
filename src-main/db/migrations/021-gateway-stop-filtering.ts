import type { Migration } from './migration.ts';

/**
 * R13: Twilio's own STOP filtering is a setting of the gateway account (on by default, as Twilio
 * ships it; off only where Twilio disabled it on request). A gateway block remembers the keyword
 * that caused it (null for a 21610 refusal at send time), so it can be told in words; blocks are
 * found by recipient for a lead's screens; and recording or lifting one is news for the leads
 * holding that number (the change feed's lead:changed).
 */
export const migration021: Migration = {
  version: 21,
  name: 'gateway stop filtering, gateway block keyword',
  up: `
    ALTER TABLE gateway_accounts ADD COLUMN stop_filtering INTEGER NOT NULL DEFAULT 1 CHECK (stop_filtering IN (0, 1));
    ALTER TABLE gateway_blocks ADD COLUMN keyword TEXT;

    CREATE INDEX gateway_blocks_active_by_recipient ON gateway_blocks (recipient, sender_id) WHERE cleared_at IS NULL;

    CREATE TRIGGER change_log_gateway_blocks_insert AFTER INSERT ON gateway_blocks BEGIN
      INSERT INTO change_log (tbl, op, customer_id, detail)
        SELECT 'gateway_blocks', 'insert', c.id, NEW.recipient FROM customers c WHERE c.mobile = NEW.recipient;
    END;
    CREATE TRIGGER change_log_gateway_blocks_update AFTER UPDATE ON gateway_blocks
      WHEN OLD.cleared_at IS NOT NEW.cleared_at OR OLD.blocked_at IS NOT NEW.blocked_at
    BEGIN
      INSERT INTO change_log (tbl, op, customer_id, detail)
        SELECT 'gateway_blocks', 'update', c.id, NEW.recipient FROM customers c WHERE c.mobile = NEW.recipient;
    END;
  `,
};
