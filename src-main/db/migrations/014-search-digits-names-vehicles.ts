import type { Migration } from './migration.ts';

/**
 * Lead search finds more (src-main/db/repos/customer-search-tokens.ts makes these tokens for every
 * customer written from now on; this brings in the customers already stored):
 *  - any run of a mobile's last digits ("570 006" finds 0491 570 006): every suffix of the
 *    national form (of the digits, for a number outside Australia), at least 3 digits long;
 *  - a name without its punctuation ("oconnor" finds O'Connor), in the tokens and in the full-text
 *    name index (one-word names here; a name of several words with punctuation is fully indexed
 *    the next time it is saved);
 *  - the make, model and registration of the lead's vehicles under appraisal.
 */
export const migration014: Migration = {
  version: 14,
  name: 'lead search: digit runs, names without punctuation, vehicles',
  up: `
    WITH RECURSIVE
      base(id, digits) AS (
        SELECT id, CASE WHEN mobile LIKE '+61%' THEN '0' || substr(mobile, 4) ELSE substr(mobile, 2) END
        FROM customers WHERE mobile IS NOT NULL AND mobile LIKE '+%'),
      runs(id, digits, i) AS (
        SELECT id, digits, 2 FROM base WHERE length(digits) - 2 >= 3
        UNION ALL
        SELECT id, digits, i + 1 FROM runs WHERE length(digits) - i >= 3)
    INSERT OR IGNORE INTO customer_search (token, customer_id) SELECT substr(digits, i), id FROM runs;

    INSERT OR IGNORE INTO customer_search (token, customer_id)
      SELECT lower(replace(replace(replace(first_name, '''', ''), '-', ''), '.', '')), id FROM customers
      WHERE instr(trim(first_name), ' ') = 0 AND (first_name LIKE '%''%' OR first_name LIKE '%-%' OR first_name LIKE '%.%');
    INSERT OR IGNORE INTO customer_search (token, customer_id)
      SELECT lower(replace(replace(replace(last_name, '''', ''), '-', ''), '.', '')), id FROM customers
      WHERE instr(trim(last_name), ' ') = 0 AND (last_name LIKE '%''%' OR last_name LIKE '%-%' OR last_name LIKE '%.%');

    DELETE FROM customer_names WHERE rowid IN (
      SELECT id FROM customers WHERE first_name || last_name LIKE '%''%' OR first_name || last_name LIKE '%-%');
    INSERT INTO customer_names (rowid, name)
      SELECT id, first_name || ' ' || last_name || ' ' || lower(replace(replace(first_name || ' ' || last_name, '''', ''), '-', ''))
      FROM customers WHERE first_name || last_name LIKE '%''%' OR first_name || last_name LIKE '%-%';

    INSERT OR IGNORE INTO customer_search (token, customer_id)
      SELECT lower(make), customer_id FROM appraisals WHERE instr(trim(make), ' ') = 0 AND trim(make) != ''
      UNION ALL SELECT lower(model), customer_id FROM appraisals WHERE instr(trim(model), ' ') = 0 AND trim(model) != ''
      UNION ALL SELECT lower(replace(replace(registration, ' ', ''), '-', '')), customer_id FROM appraisals WHERE registration IS NOT NULL AND trim(registration) != '';
  `,
};
