import type { Migration } from './migration.ts';

/**
 * Full-text index of customer names for multi-word lead search ("ol smi" → Olivia Smith): FTS5
 * intersects the words' document lists instead of probing candidates one by one. Emails and
 * mobiles stay in customer_search, whose ordered unique tokens suit prefix ranges better.
 */
export const migration005: Migration = {
  version: 5,
  name: 'customer name full-text search',
  up: `
    CREATE VIRTUAL TABLE customer_names USING fts5(
      name,
      content = '',
      contentless_delete = 1,
      detail = none,
      prefix = '1 2 3',
      tokenize = "unicode61 remove_diacritics 2 tokenchars '''-'"
    );
    INSERT INTO customer_names (rowid, name) SELECT id, first_name || ' ' || last_name FROM customers;
  `,
};
