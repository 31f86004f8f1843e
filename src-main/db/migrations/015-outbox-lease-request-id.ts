import type { Migration } from './migration.ts';

/**
 * Issue 14, findings 1 and 3.
 *
 * The outbox claims a message in the store, not in memory: `lease_owner` (the claiming outbox's
 * id) and `lease_until` (epoch ms). While a lease runs no other writer takes the row; the
 * queued → sending step is conditional on the row still being queued and leased to the claimer,
 * so two processes on one file can never both send it. A lease left by a process that died
 * expires, and the row (then `sending`) is reconciled against the gateway before any retry (R8).
 *
 * `request_id` is the id the composer makes for each message it sends: a repeat of `sms.send`
 * with the same id answers with the first message and sends nothing. Unique when present.
 */
export const migration015: Migration = {
  version: 15,
  name: 'outbox lease, send request id',
  up: `
    ALTER TABLE messages ADD COLUMN lease_owner TEXT;
    ALTER TABLE messages ADD COLUMN lease_until INTEGER;
    ALTER TABLE messages ADD COLUMN request_id TEXT;
    CREATE UNIQUE INDEX messages_request_id ON messages (request_id) WHERE request_id IS NOT NULL;
  `,
};
