import type { Migration } from './migration.ts';

/**
 * Indexes for the compliance reports and exports (issue 12):
 *  - consent events by time, covering what the opt-out charts count (account, status, source,
 *    keyword, channel): the consent register and the charts read a date range in order;
 *  - outbound messages by time, covering account and status: attempts and blocked attempts per
 *    dealer account over a date range are one index range scan, never the table.
 */
export const migration011: Migration = {
  version: 11,
  name: 'compliance report indexes',
  up: `
    CREATE INDEX consent_events_by_time ON consent_events (occurred_at, dealer_account_id, status, source, keyword, channel);
    CREATE INDEX messages_attempts ON messages (direction, created_at, dealer_account_id, status);
  `,
};
