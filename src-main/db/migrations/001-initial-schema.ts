import type { Migration } from './migration.ts';

/** Accounts, senders, customers and leads, consent with its append-only log, messages. */
export const migration001: Migration = {
  version: 1,
  name: 'initial schema',
  up: `
    CREATE TABLE dealer_accounts (
      id          INTEGER PRIMARY KEY,
      code        TEXT NOT NULL UNIQUE,
      name        TEXT NOT NULL,
      created_at  INTEGER NOT NULL
    );

    -- A gateway (Twilio) account; its credentials never live here in plain text.
    CREATE TABLE gateway_accounts (
      id           INTEGER PRIMARY KEY,
      account_sid  TEXT NOT NULL UNIQUE,
      label        TEXT NOT NULL,
      created_at   INTEGER NOT NULL
    );

    -- A sender is a phone number or a messaging service on a gateway account.
    CREATE TABLE senders (
      id                  INTEGER PRIMARY KEY,
      gateway_account_id  INTEGER NOT NULL REFERENCES gateway_accounts(id),
      kind                TEXT NOT NULL CHECK (kind IN ('number', 'messaging_service')),
      address             TEXT NOT NULL UNIQUE,  -- E.164 number or MG... service SID
      label               TEXT NOT NULL,
      created_at          INTEGER NOT NULL
    );

    -- Which dealer accounts use each sender: one sender may be shared by several accounts.
    CREATE TABLE sender_accounts (
      sender_id          INTEGER NOT NULL REFERENCES senders(id) ON DELETE CASCADE,
      dealer_account_id  INTEGER NOT NULL REFERENCES dealer_accounts(id),
      PRIMARY KEY (sender_id, dealer_account_id)
    ) WITHOUT ROWID;
    CREATE INDEX sender_accounts_by_account ON sender_accounts (dealer_account_id, sender_id);

    CREATE TABLE customers (
      id          INTEGER PRIMARY KEY,
      first_name  TEXT NOT NULL,
      last_name   TEXT NOT NULL,
      mobile      TEXT,            -- E.164, current number
      email       TEXT,
      created_at  INTEGER NOT NULL,
      updated_at  INTEGER NOT NULL
    );
    CREATE INDEX customers_by_mobile ON customers (mobile);
    CREATE INDEX customers_by_name ON customers (last_name COLLATE NOCASE, first_name COLLATE NOCASE, id);

    -- Search tokens (lower-case names, email, mobile digits) for prefix search of leads.
    CREATE TABLE customer_search (
      token        TEXT NOT NULL,
      customer_id  INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
      PRIMARY KEY (token, customer_id)
    ) WITHOUT ROWID;
    CREATE INDEX customer_search_by_customer ON customer_search (customer_id);

    -- Every number a customer has had (R2): consent stays with the customer, not the number.
    CREATE TABLE customer_phones (
      id           INTEGER PRIMARY KEY,
      customer_id  INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
      number       TEXT NOT NULL,
      valid_from   INTEGER NOT NULL,
      valid_to     INTEGER,         -- null while current
      changed_by   TEXT
    );
    CREATE INDEX customer_phones_by_customer ON customer_phones (customer_id, valid_from);
    CREATE INDEX customer_phones_by_number ON customer_phones (number);

    -- A lead: a customer held by a dealer account.
    CREATE TABLE leads (
      id                 INTEGER PRIMARY KEY,
      customer_id        INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
      dealer_account_id  INTEGER NOT NULL REFERENCES dealer_accounts(id),
      source             TEXT NOT NULL,
      created_at         INTEGER NOT NULL,
      UNIQUE (customer_id, dealer_account_id)
    );
    CREATE INDEX leads_by_account ON leads (dealer_account_id, customer_id);

    CREATE TABLE messages (
      id                 INTEGER PRIMARY KEY,
      direction          TEXT NOT NULL CHECK (direction IN ('outbound', 'inbound')),
      origin             TEXT NOT NULL CHECK (origin IN ('manual', 'automation', 'remote', 'inbound')),
      status             TEXT NOT NULL CHECK (status IN ('queued', 'sending', 'unknown', 'accepted', 'sent', 'delivered',
                           'undelivered', 'failed', 'blocked_opted_out', 'blocked_gateway', 'held_review', 'received')),
      customer_id        INTEGER REFERENCES customers(id),
      dealer_account_id  INTEGER REFERENCES dealer_accounts(id),  -- null for an unattributed reply
      sender_id          INTEGER REFERENCES senders(id),
      to_number          TEXT NOT NULL,
      from_number        TEXT,
      body               TEXT NOT NULL,
      segments           INTEGER NOT NULL DEFAULT 1,
      gateway_sid        TEXT UNIQUE,
      block_reason       TEXT,
      error_code         INTEGER,
      error_message      TEXT,
      created_by         TEXT,
      automation_run_id  INTEGER,
      attempts           INTEGER NOT NULL DEFAULT 0,
      next_attempt_at    INTEGER,
      created_at         INTEGER NOT NULL,  -- when the attempt was made or the reply arrived
      sent_at            INTEGER,
      updated_at         INTEGER NOT NULL
    );
    CREATE INDEX messages_timeline ON messages (customer_id, created_at DESC, id DESC);
    CREATE INDEX messages_list ON messages (created_at DESC, id DESC);
    CREATE INDEX messages_by_status ON messages (status, created_at DESC, id DESC);
    CREATE INDEX messages_by_account ON messages (dealer_account_id, created_at DESC, id DESC);
    -- R4: the latest outbound message to a number through a sender.
    CREATE INDEX messages_attribution ON messages (to_number, sender_id, direction, created_at DESC);

    -- Current consent per (dealer account, customer, channel) (R1). No row means no opt-out recorded.
    CREATE TABLE consent (
      dealer_account_id  INTEGER NOT NULL REFERENCES dealer_accounts(id),
      customer_id        INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
      channel            TEXT NOT NULL CHECK (channel IN ('sms', 'email')),
      status             TEXT NOT NULL CHECK (status IN ('opted_in', 'opted_out')),
      source             TEXT NOT NULL,
      changed_at         INTEGER NOT NULL,
      actor              TEXT,
      reason             TEXT,
      message_id         INTEGER REFERENCES messages(id),
      event_id           INTEGER NOT NULL,
      PRIMARY KEY (dealer_account_id, customer_id, channel)
    ) WITHOUT ROWID;
    CREATE INDEX consent_by_customer ON consent (customer_id, dealer_account_id, channel);

    -- The consent audit trail: append-only.
    CREATE TABLE consent_events (
      id                 INTEGER PRIMARY KEY,
      dealer_account_id  INTEGER NOT NULL REFERENCES dealer_accounts(id),
      customer_id        INTEGER NOT NULL REFERENCES customers(id),
      channel            TEXT NOT NULL CHECK (channel IN ('sms', 'email')),
      status             TEXT NOT NULL CHECK (status IN ('opted_in', 'opted_out')),
      source             TEXT NOT NULL CHECK (source IN ('inbound_keyword', 'manual', 'import', 'review_confirmed')),
      actor              TEXT,
      reason             TEXT,
      message_id         INTEGER REFERENCES messages(id),
      occurred_at        INTEGER NOT NULL
    );
    CREATE INDEX consent_events_timeline ON consent_events (customer_id, occurred_at DESC, id DESC);
    CREATE TRIGGER consent_events_no_update BEFORE UPDATE ON consent_events
      BEGIN SELECT RAISE(ABORT, 'consent_events is append-only'); END;
    CREATE TRIGGER consent_events_no_delete BEFORE DELETE ON consent_events
      BEGIN SELECT RAISE(ABORT, 'consent_events is append-only'); END;
  `,
};
