import type { Migration } from './migration.ts';

/**
 * The durable outbox's attempt log (R8), the outbox's and status refresh's partial indexes, and
 * whether the gateway applies its own opt-out keywords to a sender (Twilio Advanced Opt-Out, R7).
 */
export const migration004: Migration = {
  version: 4,
  name: 'outbox attempts, sync indexes, sender gateway opt-out',
  up: `
    -- 1 when the gateway itself unsubscribes a recipient from this sender on STOP (Twilio's
    -- default); the app then records a gateway block as soon as such a reply is polled.
    ALTER TABLE senders ADD COLUMN gateway_opt_out INTEGER NOT NULL DEFAULT 0;

    -- Every request the outbox made for a message, and what became of it. An attempt with no
    -- outcome (the process died) or outcome 'unknown' is reconciled before any retry (R8).
    CREATE TABLE outbox_attempts (
      id             INTEGER PRIMARY KEY,
      message_id     INTEGER NOT NULL REFERENCES messages(id),
      started_at     INTEGER NOT NULL,
      finished_at    INTEGER,
      outcome        TEXT,
      gateway_sid    TEXT,
      error_code     INTEGER,
      error_message  TEXT
    );
    CREATE INDEX outbox_attempts_by_message ON outbox_attempts (message_id, started_at);

    -- Outbox rows still to send or to reconcile: a small partial index, whatever the history size.
    CREATE INDEX messages_outbox ON messages (created_at, id)
      WHERE direction = 'outbound' AND gateway_sid IS NULL AND status IN ('queued', 'sending', 'unknown');

    -- Outbound messages the gateway accepted that have not reached a final status yet.
    CREATE INDEX messages_unsettled ON messages (updated_at, id)
      WHERE direction = 'outbound' AND gateway_sid IS NOT NULL AND status IN ('accepted', 'sent');
  `,
};
