import type { Migration } from './migration.ts';

/**
 * The change log the change feed (src-main/app/change-feed.ts) reads to know WHAT changed, whoever
 * wrote it: this process, a second desk process on the same file (`smsdesk serve` beside the
 * desktop app), the CLI. Triggers write one row per changed row of what the renderer shows;
 * PRAGMA data_version tells a reader cheaply that another connection committed.
 *
 * `tbl` names the source table; `row_id` its integer id (null for the WITHOUT ROWID consent
 * table); `customer_id`/`dealer_account_id` where the row has them; `detail` the consent channel
 * or the settings key. Append-only but for pruning by the feed.
 *
 * Messages log only changes a user can see (status, attribution, the error or block text): the
 * outbox rewrites attempts and next_attempt_at on every retry. Notifications log inserts only (a
 * read mark is not news).
 */
export const migration008: Migration = {
  version: 8,
  name: 'change log for the change feed',
  up: `
    CREATE TABLE change_log (
      id                 INTEGER PRIMARY KEY AUTOINCREMENT,
      tbl                TEXT NOT NULL,
      op                 TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete')),
      row_id             INTEGER,
      customer_id        INTEGER,
      dealer_account_id  INTEGER,
      detail             TEXT
    );

    CREATE TRIGGER change_log_messages_insert AFTER INSERT ON messages BEGIN
      INSERT INTO change_log (tbl, op, row_id, customer_id) VALUES ('messages', 'insert', NEW.id, NEW.customer_id);
    END;
    CREATE TRIGGER change_log_messages_update AFTER UPDATE ON messages
      WHEN OLD.status IS NOT NEW.status OR OLD.customer_id IS NOT NEW.customer_id
        OR OLD.error_message IS NOT NEW.error_message OR OLD.block_reason IS NOT NEW.block_reason
    BEGIN
      INSERT INTO change_log (tbl, op, row_id, customer_id) VALUES ('messages', 'update', NEW.id, NEW.customer_id);
    END;

    CREATE TRIGGER change_log_notifications_insert AFTER INSERT ON notifications BEGIN
      INSERT INTO change_log (tbl, op, row_id, customer_id) VALUES ('notifications', 'insert', NEW.id, NEW.customer_id);
    END;

    CREATE TRIGGER change_log_review_items_insert AFTER INSERT ON review_items BEGIN
      INSERT INTO change_log (tbl, op, row_id, customer_id) VALUES ('review_items', 'insert', NEW.id, NEW.customer_id);
    END;
    CREATE TRIGGER change_log_review_items_update AFTER UPDATE ON review_items BEGIN
      INSERT INTO change_log (tbl, op, row_id, customer_id) VALUES ('review_items', 'update', NEW.id, NEW.customer_id);
    END;

    CREATE TRIGGER change_log_consent_insert AFTER INSERT ON consent BEGIN
      INSERT INTO change_log (tbl, op, customer_id, dealer_account_id, detail)
        VALUES ('consent', 'insert', NEW.customer_id, NEW.dealer_account_id, NEW.channel);
    END;
    CREATE TRIGGER change_log_consent_update AFTER UPDATE ON consent BEGIN
      INSERT INTO change_log (tbl, op, customer_id, dealer_account_id, detail)
        VALUES ('consent', 'update', NEW.customer_id, NEW.dealer_account_id, NEW.channel);
    END;

    CREATE TRIGGER change_log_customers_insert AFTER INSERT ON customers BEGIN
      INSERT INTO change_log (tbl, op, row_id, customer_id) VALUES ('customers', 'insert', NEW.id, NEW.id);
    END;
    CREATE TRIGGER change_log_customers_update AFTER UPDATE ON customers BEGIN
      INSERT INTO change_log (tbl, op, row_id, customer_id) VALUES ('customers', 'update', NEW.id, NEW.id);
    END;
    CREATE TRIGGER change_log_customer_phones_insert AFTER INSERT ON customer_phones BEGIN
      INSERT INTO change_log (tbl, op, row_id, customer_id) VALUES ('customer_phones', 'insert', NEW.id, NEW.customer_id);
    END;
    CREATE TRIGGER change_log_customer_phones_update AFTER UPDATE ON customer_phones BEGIN
      INSERT INTO change_log (tbl, op, row_id, customer_id) VALUES ('customer_phones', 'update', NEW.id, NEW.customer_id);
    END;
    CREATE TRIGGER change_log_leads_insert AFTER INSERT ON leads BEGIN
      INSERT INTO change_log (tbl, op, row_id, customer_id, dealer_account_id) VALUES ('leads', 'insert', NEW.id, NEW.customer_id, NEW.dealer_account_id);
    END;

    CREATE TRIGGER change_log_settings_insert AFTER INSERT ON settings BEGIN
      INSERT INTO change_log (tbl, op, detail) VALUES ('settings', 'insert', NEW.key);
    END;
    CREATE TRIGGER change_log_settings_update AFTER UPDATE ON settings WHEN OLD.value IS NOT NEW.value BEGIN
      INSERT INTO change_log (tbl, op, detail) VALUES ('settings', 'update', NEW.key);
    END;
    CREATE TRIGGER change_log_settings_delete AFTER DELETE ON settings BEGIN
      INSERT INTO change_log (tbl, op, detail) VALUES ('settings', 'delete', OLD.key);
    END;
    CREATE TRIGGER change_log_dealer_accounts_insert AFTER INSERT ON dealer_accounts BEGIN
      INSERT INTO change_log (tbl, op, row_id) VALUES ('dealer_accounts', 'insert', NEW.id);
    END;
    CREATE TRIGGER change_log_dealer_accounts_update AFTER UPDATE ON dealer_accounts BEGIN
      INSERT INTO change_log (tbl, op, row_id) VALUES ('dealer_accounts', 'update', NEW.id);
    END;
    CREATE TRIGGER change_log_gateway_accounts_insert AFTER INSERT ON gateway_accounts BEGIN
      INSERT INTO change_log (tbl, op, row_id) VALUES ('gateway_accounts', 'insert', NEW.id);
    END;
    CREATE TRIGGER change_log_gateway_accounts_update AFTER UPDATE ON gateway_accounts BEGIN
      INSERT INTO change_log (tbl, op, row_id) VALUES ('gateway_accounts', 'update', NEW.id);
    END;
    CREATE TRIGGER change_log_senders_insert AFTER INSERT ON senders BEGIN
      INSERT INTO change_log (tbl, op, row_id) VALUES ('senders', 'insert', NEW.id);
    END;
    CREATE TRIGGER change_log_senders_update AFTER UPDATE ON senders
      WHEN OLD.label IS NOT NEW.label OR OLD.address IS NOT NEW.address OR OLD.gateway_opt_out IS NOT NEW.gateway_opt_out
    BEGIN
      INSERT INTO change_log (tbl, op, row_id) VALUES ('senders', 'update', NEW.id);
    END;
    CREATE TRIGGER change_log_sender_accounts_insert AFTER INSERT ON sender_accounts BEGIN
      INSERT INTO change_log (tbl, op, row_id, dealer_account_id) VALUES ('sender_accounts', 'insert', NEW.sender_id, NEW.dealer_account_id);
    END;
    CREATE TRIGGER change_log_sender_accounts_delete AFTER DELETE ON sender_accounts BEGIN
      INSERT INTO change_log (tbl, op, row_id, dealer_account_id) VALUES ('sender_accounts', 'delete', OLD.sender_id, OLD.dealer_account_id);
    END;
  `,
};
