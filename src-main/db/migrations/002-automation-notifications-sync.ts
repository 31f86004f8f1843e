import type { Migration } from './migration.ts';

/** Automation rules and runs, notifications, review items, gateway blocks, sync cursors, templates. */
export const migration002: Migration = {
  version: 2,
  name: 'automation, notifications, reviews, gateway blocks, sync cursors',
  up: `
    CREATE TABLE templates (
      id                 INTEGER PRIMARY KEY,
      dealer_account_id  INTEGER REFERENCES dealer_accounts(id),  -- null: available to every account
      name               TEXT NOT NULL,
      body               TEXT NOT NULL
    );

    CREATE TABLE automation_rules (
      id                 INTEGER PRIMARY KEY,
      dealer_account_id  INTEGER NOT NULL REFERENCES dealer_accounts(id),
      name               TEXT NOT NULL,
      trigger            TEXT NOT NULL,
      body               TEXT NOT NULL,
      enabled            INTEGER NOT NULL DEFAULT 1,
      created_at         INTEGER NOT NULL
    );

    CREATE TABLE automation_runs (
      id           INTEGER PRIMARY KEY,
      rule_id      INTEGER NOT NULL REFERENCES automation_rules(id),
      customer_id  INTEGER NOT NULL REFERENCES customers(id),
      message_id   INTEGER REFERENCES messages(id),
      outcome      TEXT NOT NULL,  -- the message status, or 'skipped'
      detail       TEXT,
      ran_at       INTEGER NOT NULL
    );
    CREATE INDEX automation_runs_history ON automation_runs (rule_id, ran_at DESC, id DESC);
    CREATE INDEX automation_runs_by_time ON automation_runs (ran_at DESC, id DESC);
    CREATE INDEX automation_runs_by_customer ON automation_runs (customer_id, ran_at DESC);

    CREATE TABLE notifications (
      id           INTEGER PRIMARY KEY,
      kind         TEXT NOT NULL CHECK (kind IN ('reply', 'possible_opt_out', 'opt_out', 'opt_in', 'unattributed', 'send_failed')),
      customer_id  INTEGER REFERENCES customers(id),
      message_id   INTEGER REFERENCES messages(id),
      title        TEXT NOT NULL,
      body         TEXT NOT NULL,
      created_at   INTEGER NOT NULL,
      read_at      INTEGER
    );
    CREATE INDEX notifications_recent ON notifications (created_at DESC, id DESC);
    CREATE INDEX notifications_unread ON notifications (read_at, created_at DESC);

    -- Staff review: possible opt-outs in words, and replies that could not be attributed (R3, R4).
    CREATE TABLE review_items (
      id                 INTEGER PRIMARY KEY,
      kind               TEXT NOT NULL CHECK (kind IN ('possible_opt_out', 'unattributed')),
      message_id         INTEGER NOT NULL REFERENCES messages(id),
      customer_id        INTEGER REFERENCES customers(id),
      dealer_account_id  INTEGER REFERENCES dealer_accounts(id),
      status             TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'confirmed', 'dismissed')),
      created_at         INTEGER NOT NULL,
      resolved_at        INTEGER,
      resolved_by        TEXT,
      UNIQUE (kind, message_id, dealer_account_id)
    );
    CREATE INDEX review_items_open ON review_items (status, created_at DESC);
    CREATE INDEX review_items_hold ON review_items (customer_id, dealer_account_id, status);

    -- R4: every attribution decision with its reason.
    CREATE TABLE attributions (
      message_id         INTEGER NOT NULL REFERENCES messages(id),
      dealer_account_id  INTEGER REFERENCES dealer_accounts(id),
      rule               TEXT NOT NULL CHECK (rule IN ('sole_owner', 'latest_outbound', 'all_sharing_accounts', 'no_customer', 'unknown_sender')),
      reason             TEXT NOT NULL,
      decided_at         INTEGER NOT NULL
    );
    CREATE INDEX attributions_by_message ON attributions (message_id);

    -- R7: the gateway refused a recipient as unsubscribed from a sender (Twilio 21610).
    CREATE TABLE gateway_blocks (
      sender_id    INTEGER NOT NULL REFERENCES senders(id),
      recipient    TEXT NOT NULL,
      error_code   INTEGER NOT NULL,
      message_id   INTEGER REFERENCES messages(id),
      blocked_at   INTEGER NOT NULL,
      cleared_at   INTEGER,
      PRIMARY KEY (sender_id, recipient)
    ) WITHOUT ROWID;

    CREATE TABLE sync_cursors (
      name        TEXT PRIMARY KEY,
      value       TEXT NOT NULL,
      updated_at  INTEGER NOT NULL
    );

    CREATE TABLE settings (
      key    TEXT PRIMARY KEY,
      value  TEXT NOT NULL
    );
  `,
};
