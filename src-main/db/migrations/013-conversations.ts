import type { Migration } from './migration.ts';

/**
 * The conversations inbox: one row per customer with messages, kept by a trigger on messages (so
 * every writer — the send path, the poller, another desk process, the CLI — keeps it right): the
 * latest message (by created_at, then id: history arrives out of order during a first sync), its
 * direction (inbound last = the lead needs a reply), and how many replies are unread since the
 * conversation was last opened. Partial indexes serve each filter in activity order.
 */
export const migration013: Migration = {
  version: 13,
  name: 'conversations inbox',
  up: `
    CREATE TABLE conversations (
      customer_id      INTEGER PRIMARY KEY REFERENCES customers(id) ON DELETE CASCADE,
      last_message_id  INTEGER NOT NULL,
      last_at          INTEGER NOT NULL,
      last_direction   TEXT NOT NULL CHECK (last_direction IN ('outbound', 'inbound')),
      unread           INTEGER NOT NULL DEFAULT 0 CHECK (unread >= 0),
      replies          INTEGER NOT NULL DEFAULT 0,
      read_at          INTEGER
    );
    CREATE INDEX conversations_recent ON conversations (last_at DESC, customer_id DESC);
    CREATE INDEX conversations_needs_reply ON conversations (last_at DESC, customer_id DESC) WHERE last_direction = 'inbound';
    CREATE INDEX conversations_unread ON conversations (last_at DESC, customer_id DESC) WHERE unread > 0;

    CREATE TRIGGER conversations_on_message AFTER INSERT ON messages WHEN NEW.customer_id IS NOT NULL BEGIN
      INSERT INTO conversations (customer_id, last_message_id, last_at, last_direction, unread, replies)
        VALUES (NEW.customer_id, NEW.id, NEW.created_at, NEW.direction, NEW.direction = 'inbound', NEW.direction = 'inbound')
      ON CONFLICT (customer_id) DO UPDATE SET
        last_direction = CASE WHEN excluded.last_at > last_at OR (excluded.last_at = last_at AND excluded.last_message_id > last_message_id)
          THEN excluded.last_direction ELSE last_direction END,
        last_message_id = CASE WHEN excluded.last_at > last_at OR (excluded.last_at = last_at AND excluded.last_message_id > last_message_id)
          THEN excluded.last_message_id ELSE last_message_id END,
        last_at = max(last_at, excluded.last_at),
        unread = unread + excluded.unread,
        replies = replies + excluded.replies;
    END;

    -- The replies of a customer, to mark their notifications read when the conversation is opened.
    CREATE INDEX notifications_unread_by_customer ON notifications (customer_id) WHERE read_at IS NULL;
    -- "Mine": the conversations a user has sent in.
    CREATE INDEX messages_by_author ON messages (created_by, customer_id) WHERE created_by IS NOT NULL;

    -- What is there already: each customer's latest message; a reply is unread while its
    -- notification is.
    INSERT INTO conversations (customer_id, last_message_id, last_at, last_direction, replies)
      SELECT customer_id, id, created_at, direction, replies FROM (
        SELECT customer_id, id, created_at, direction,
               row_number() OVER (PARTITION BY customer_id ORDER BY created_at DESC, id DESC) AS rn,
               count(*) FILTER (WHERE direction = 'inbound') OVER (PARTITION BY customer_id) AS replies
        FROM messages WHERE customer_id IS NOT NULL)
      WHERE rn = 1;
    UPDATE conversations SET unread = u.n
      FROM (SELECT m.customer_id, count(*) AS n FROM notifications n JOIN messages m ON m.id = n.message_id
            WHERE n.read_at IS NULL AND m.direction = 'inbound' AND m.customer_id IS NOT NULL
            GROUP BY m.customer_id) AS u
      WHERE u.customer_id = conversations.customer_id;
  `,
};
