import type { Migration } from './migration.ts';

/**
 * Review decisions are consent decisions (issue 12): who confirmed, dismissed or narrowed a reply
 * put up for review, when and why, kept append-only beside the consent audit trail and shown on
 * the lead. Narrowing an unattributed STOP (applied to every sharing account, R4) to the dealer(s)
 * it was meant for records, per account and customer, whether the opt-out was kept, withdrawn
 * (with the consent event that withdrew it) or left because a newer change had superseded it.
 *
 * Indexes: the resolved reviews page newest-resolved first; a reply's consent events (which
 * accounts an unattributed STOP was applied to) are found by message.
 */
export const migration016: Migration = {
  version: 16,
  name: 'review decisions',
  up: `
    CREATE TABLE review_decisions (
      id                 INTEGER PRIMARY KEY,
      review_id          INTEGER NOT NULL REFERENCES review_items(id),
      decision           TEXT NOT NULL CHECK (decision IN ('confirmed', 'dismissed', 'narrowed')),
      customer_id        INTEGER REFERENCES customers(id),
      dealer_account_id  INTEGER REFERENCES dealer_accounts(id),
      message_id         INTEGER NOT NULL REFERENCES messages(id),
      actor              TEXT NOT NULL,
      reason             TEXT,
      consent_event_id   INTEGER REFERENCES consent_events(id),
      decided_at         INTEGER NOT NULL
    );
    CREATE INDEX review_decisions_by_customer ON review_decisions (customer_id, decided_at DESC, id DESC);
    CREATE INDEX review_decisions_by_review ON review_decisions (review_id);
    CREATE INDEX review_decisions_by_consent_event ON review_decisions (consent_event_id) WHERE consent_event_id IS NOT NULL;

    CREATE TABLE review_decision_accounts (
      decision_id        INTEGER NOT NULL REFERENCES review_decisions(id),
      dealer_account_id  INTEGER NOT NULL REFERENCES dealer_accounts(id),
      customer_id        INTEGER NOT NULL REFERENCES customers(id),
      effect             TEXT NOT NULL CHECK (effect IN ('kept', 'withdrawn', 'superseded')),
      consent_event_id   INTEGER REFERENCES consent_events(id),
      PRIMARY KEY (decision_id, dealer_account_id, customer_id)
    ) WITHOUT ROWID;
    CREATE INDEX review_decision_accounts_by_consent_event ON review_decision_accounts (consent_event_id) WHERE consent_event_id IS NOT NULL;

    CREATE TRIGGER review_decisions_no_update BEFORE UPDATE ON review_decisions
      BEGIN SELECT RAISE(ABORT, 'review_decisions is append-only'); END;
    CREATE TRIGGER review_decisions_no_delete BEFORE DELETE ON review_decisions
      BEGIN SELECT RAISE(ABORT, 'review_decisions is append-only'); END;
    CREATE TRIGGER review_decision_accounts_no_update BEFORE UPDATE ON review_decision_accounts
      BEGIN SELECT RAISE(ABORT, 'review_decision_accounts is append-only'); END;
    CREATE TRIGGER review_decision_accounts_no_delete BEFORE DELETE ON review_decision_accounts
      BEGIN SELECT RAISE(ABORT, 'review_decision_accounts is append-only'); END;

    CREATE INDEX review_items_resolved_page ON review_items (resolved_at, id) WHERE status != 'open';
    CREATE INDEX consent_events_by_message ON consent_events (message_id) WHERE message_id IS NOT NULL;
  `,
};
