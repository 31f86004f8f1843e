import type { Migration } from './migration.ts';

/**
 * Outbound attempts counted per dealer account, status and half hour, kept by triggers as messages
 * are written and change status: the Reports screen's "blocked per 100 attempts" over any range
 * (a year of a busy group: millions of attempts) sums a few thousand counters per account instead
 * of visiting every attempt (migration 11's messages_attempts index, which visited them, goes). Half hours, because the range's days start at local midnights and
 * Australian offsets are whole or half hours. Backfilled from the messages there are.
 */
export const migration019: Migration = {
  version: 19,
  name: 'attempt counts per half hour',
  up: `
    DROP INDEX IF EXISTS messages_attempts;

    CREATE TABLE message_attempt_counts (
      dealer_account_id  INTEGER NOT NULL,
      status             TEXT NOT NULL,
      slot               INTEGER NOT NULL,   -- created_at / 1,800,000 (half hours since the epoch)
      n                  INTEGER NOT NULL,
      PRIMARY KEY (dealer_account_id, status, slot)
    ) WITHOUT ROWID;

    INSERT INTO message_attempt_counts (dealer_account_id, status, slot, n)
      SELECT dealer_account_id, status, created_at / 1800000, count(*) FROM messages
      WHERE direction = 'outbound' AND dealer_account_id IS NOT NULL
      GROUP BY dealer_account_id, status, created_at / 1800000;

    CREATE TRIGGER message_attempt_counts_insert AFTER INSERT ON messages
      WHEN NEW.direction = 'outbound' AND NEW.dealer_account_id IS NOT NULL
    BEGIN
      INSERT INTO message_attempt_counts (dealer_account_id, status, slot, n) VALUES (NEW.dealer_account_id, NEW.status, NEW.created_at / 1800000, 1)
        ON CONFLICT (dealer_account_id, status, slot) DO UPDATE SET n = n + 1;
    END;

    CREATE TRIGGER message_attempt_counts_update AFTER UPDATE OF status, dealer_account_id, created_at, direction ON messages
      WHEN OLD.status IS NOT NEW.status OR OLD.dealer_account_id IS NOT NEW.dealer_account_id
        OR OLD.created_at IS NOT NEW.created_at OR OLD.direction IS NOT NEW.direction
    BEGIN
      UPDATE message_attempt_counts SET n = n - 1
        WHERE OLD.direction = 'outbound' AND dealer_account_id = OLD.dealer_account_id AND status = OLD.status AND slot = OLD.created_at / 1800000;
      INSERT INTO message_attempt_counts (dealer_account_id, status, slot, n)
        SELECT NEW.dealer_account_id, NEW.status, NEW.created_at / 1800000, 1 WHERE NEW.direction = 'outbound' AND NEW.dealer_account_id IS NOT NULL
        ON CONFLICT (dealer_account_id, status, slot) DO UPDATE SET n = n + 1;
    END;

    CREATE TRIGGER message_attempt_counts_delete AFTER DELETE ON messages
      WHEN OLD.direction = 'outbound' AND OLD.dealer_account_id IS NOT NULL
    BEGIN
      UPDATE message_attempt_counts SET n = n - 1
        WHERE dealer_account_id = OLD.dealer_account_id AND status = OLD.status AND slot = OLD.created_at / 1800000;
    END;
  `,
};
