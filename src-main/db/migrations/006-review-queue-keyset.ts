import type { Migration } from './migration.ts';

/**
 * The review queue pages newest first by (created_at, id) and counts what is open. A first sync of
 * a busy shared number opens thousands of items in one poll, all with the same created_at, so the
 * id must be in the index too (review_items_open stopped at created_at and sorted the ties in a
 * temporary B-tree on every page). Partial: resolved items, which only accumulate, stay out of it,
 * so the count reads the open ones only.
 */
export const migration006: Migration = {
  version: 6,
  name: 'review queue keyset index',
  up: `
    CREATE INDEX review_items_open_page ON review_items (created_at, id) WHERE status = 'open';
    DROP INDEX review_items_open;
  `,
};
