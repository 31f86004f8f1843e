import type { Migration } from './migration.ts';

/**
 * Indexes for the compliance reports and exports (issue 12):
 *  - consent events by time, covering what the opt-out charts count (account, status, source,
 *    keyword, channel): the consent register and the charts read a date range in order;
 *  - outbound messages by account, status and time: attempts and blocked attempts per dealer account
 *    over a date range are counted as one index range per account and status (no sort, never the
 *    table); the blocked-attempts export reads the blocked statuses' ranges.
 */
export const migration018: Migration = {
  version: 18,
  name: 'compliance report indexes',
  up: `
    CREATE INDEX consent_events_by_time ON consent_events (occurred_at, dealer_account_id, status, source, keyword, channel);
    CREATE INDEX messages_attempts ON messages (direction, dealer_account_id, status, created_at);
  `,
};
