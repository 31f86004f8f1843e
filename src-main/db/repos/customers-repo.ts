import type { Statement } from 'better-sqlite3';
import type { Db } from '../open-database.ts';
import { prefixUpperBound, searchTerms, searchTokens } from '../../customers/search-tokens.ts';

export interface CustomerRow {
  id: number;
  first_name: string;
  last_name: string;
  mobile: string | null;
  email: string | null;
  created_at: number;
  updated_at: number;
}

export interface PhoneHistoryRow {
  id: number;
  number: string;
  valid_from: number;
  valid_to: number | null;
  changed_by: string | null;
}

export interface LeadAccountRow {
  customer_id: number;
  dealer_account_id: number;
  account_name: string;
  sms_status: 'opted_in' | 'opted_out' | null;
  email_status: 'opted_in' | 'opted_out' | null;
}

export interface NewCustomer {
  firstName: string;
  lastName: string;
  mobile: string | null;
  email: string | null;
}

const MAX_TERMS = 4;

/** Customers, their phone history, the accounts holding them (leads), and lead search. */
export class CustomersRepo {
  private readonly insertStmt;
  private readonly byIdStmt;
  private readonly byMobileStmt;
  private readonly byPastMobileStmt;
  private readonly setMobileStmt;
  private readonly setDetailsStmt;
  private readonly insertPhoneStmt;
  private readonly closePhoneStmt;
  private readonly phonesStmt;
  private readonly insertTokenStmt;
  private readonly deleteTokensStmt;
  private readonly insertLeadStmt;
  private readonly leadHeldStmt;
  private readonly leadAccountsStmt;
  private readonly listByNameStmt;
  private readonly countAllStmt;
  private readonly searchStmts: Statement<unknown[], { id: number }>[];
  private readonly countSearchStmts: Statement<unknown[], { n: number }>[];

  constructor(private readonly db: Db) {
    this.insertStmt = db.prepare<[string, string, string | null, string | null, number, number]>(
      'INSERT INTO customers (first_name, last_name, mobile, email, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.byIdStmt = db.prepare<[number], CustomerRow>('SELECT * FROM customers WHERE id = ?');
    this.byMobileStmt = db.prepare<[string], CustomerRow>('SELECT * FROM customers WHERE mobile = ? ORDER BY id');
    this.byPastMobileStmt = db.prepare<[string], CustomerRow>(
      `SELECT c.* FROM customer_phones p JOIN customers c ON c.id = p.customer_id
       WHERE p.number = ? GROUP BY c.id ORDER BY MAX(p.valid_from) DESC`,
    );
    this.setMobileStmt = db.prepare<[string | null, number, number]>(
      'UPDATE customers SET mobile = ?, updated_at = ? WHERE id = ?',
    );
    this.setDetailsStmt = db.prepare<[string, string, string | null, number, number]>(
      'UPDATE customers SET first_name = ?, last_name = ?, email = ?, updated_at = ? WHERE id = ?',
    );
    this.insertPhoneStmt = db.prepare<[number, string, number, string | null]>(
      'INSERT INTO customer_phones (customer_id, number, valid_from, changed_by) VALUES (?, ?, ?, ?)',
    );
    this.closePhoneStmt = db.prepare<[number, number]>(
      'UPDATE customer_phones SET valid_to = ? WHERE customer_id = ? AND valid_to IS NULL',
    );
    this.phonesStmt = db.prepare<[number], PhoneHistoryRow>(
      `SELECT id, number, valid_from, valid_to, changed_by FROM customer_phones
       WHERE customer_id = ? ORDER BY valid_from DESC, id DESC`,
    );
    this.insertTokenStmt = db.prepare<[string, number]>(
      'INSERT OR IGNORE INTO customer_search (token, customer_id) VALUES (?, ?)',
    );
    this.deleteTokensStmt = db.prepare<[number]>('DELETE FROM customer_search WHERE customer_id = ?');
    this.insertLeadStmt = db.prepare<[number, number, string, number]>(
      'INSERT OR IGNORE INTO leads (customer_id, dealer_account_id, source, created_at) VALUES (?, ?, ?, ?)',
    );
    this.leadHeldStmt = db.prepare<[number, number], { one: number }>(
      'SELECT 1 AS one FROM leads WHERE customer_id = ? AND dealer_account_id = ?',
    );
    this.leadAccountsStmt = db.prepare<[string], LeadAccountRow>(
      `SELECT l.customer_id, l.dealer_account_id, a.name AS account_name,
              s.status AS sms_status, e.status AS email_status
       FROM leads l
       JOIN dealer_accounts a ON a.id = l.dealer_account_id
       LEFT JOIN consent s ON s.dealer_account_id = l.dealer_account_id AND s.customer_id = l.customer_id AND s.channel = 'sms'
       LEFT JOIN consent e ON e.dealer_account_id = l.dealer_account_id AND e.customer_id = l.customer_id AND e.channel = 'email'
       WHERE l.customer_id IN (SELECT value FROM json_each(?))
       ORDER BY l.customer_id, a.name`,
    );
    this.listByNameStmt = db.prepare<[number, number], CustomerRow>(
      `SELECT * FROM customers ORDER BY last_name COLLATE NOCASE, first_name COLLATE NOCASE, id LIMIT ? OFFSET ?`,
    );
    this.countAllStmt = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM customers');
    // One statement per number of terms: the first term drives an index range scan in token
    // order, every further term must match some token of the same customer.
    this.searchStmts = [];
    this.countSearchStmts = [];
    for (let n = 1; n <= MAX_TERMS; n++) {
      const extra = Array.from(
        { length: n - 1 },
        () => 'AND EXISTS (SELECT 1 FROM customer_search t WHERE t.customer_id = s.customer_id AND t.token >= ? AND t.token < ?)',
      ).join(' ');
      this.searchStmts.push(
        db.prepare<unknown[], { id: number }>(
          `SELECT s.customer_id AS id FROM customer_search s
           WHERE s.token >= ? AND s.token < ? ${extra}
           ORDER BY s.token, s.customer_id LIMIT ?`,
        ),
      );
      this.countSearchStmts.push(
        db.prepare<unknown[], { n: number }>(
          `SELECT count(DISTINCT customer_id) AS n FROM (SELECT s.customer_id FROM customer_search s
           WHERE s.token >= ? AND s.token < ? ${extra} LIMIT ?)`,
        ),
      );
    }
  }

  insert(c: NewCustomer, now: number, actor: string | null = null): number {
    const id = Number(this.insertStmt.run(c.firstName, c.lastName, c.mobile, c.email, now, now).lastInsertRowid);
    if (c.mobile) this.insertPhoneStmt.run(id, c.mobile, now, actor);
    for (const token of searchTokens(c)) this.insertTokenStmt.run(token, id);
    return id;
  }

  get(id: number): CustomerRow | undefined {
    return this.byIdStmt.get(id);
  }

  /** Customers whose current mobile is `e164`. */
  byMobile(e164: string): CustomerRow[] {
    return this.byMobileStmt.all(e164);
  }

  /** Customers who have had `e164` at any time, most recent holder first. */
  byAnyMobile(e164: string): CustomerRow[] {
    return this.byPastMobileStmt.all(e164);
  }

  /** R2: the number changes, the customer (and so their consent) stays; the old number is kept. */
  changeMobile(id: number, mobile: string | null, now: number, actor: string | null): void {
    const c = this.get(id);
    if (!c) throw new Error(`customer ${id} not found`);
    this.closePhoneStmt.run(now, id);
    if (mobile) this.insertPhoneStmt.run(id, mobile, now, actor);
    this.setMobileStmt.run(mobile, now, id);
    this.reindex(id);
  }

  updateDetails(id: number, firstName: string, lastName: string, email: string | null, now: number): void {
    this.setDetailsStmt.run(firstName, lastName, email, now, id);
    this.reindex(id);
  }

  private reindex(id: number): void {
    const c = this.get(id);
    if (!c) return;
    this.deleteTokensStmt.run(id);
    const tokens = searchTokens({ firstName: c.first_name, lastName: c.last_name, mobile: c.mobile, email: c.email });
    for (const token of tokens) this.insertTokenStmt.run(token, id);
  }

  phoneHistory(id: number): PhoneHistoryRow[] {
    return this.phonesStmt.all(id);
  }

  addLead(customerId: number, dealerAccountId: number, source: string, now: number): void {
    this.insertLeadStmt.run(customerId, dealerAccountId, source, now);
  }

  isLeadOf(customerId: number, dealerAccountId: number): boolean {
    return this.leadHeldStmt.get(customerId, dealerAccountId) !== undefined;
  }

  /** The accounts holding each customer, with SMS and email consent per account. */
  leadAccounts(customerIds: number[]): LeadAccountRow[] {
    if (customerIds.length === 0) return [];
    return this.leadAccountsStmt.all(JSON.stringify(customerIds));
  }

  /**
   * Leads matching `query` (prefix of a name, email or mobile), in the order of the matched
   * token; an empty query lists everyone by name. Returns at most `limit` customers after `offset`.
   */
  search(query: string, limit: number, offset = 0): CustomerRow[] {
    const terms = searchTerms(query);
    if (terms.length === 0) return this.listByNameStmt.all(limit, offset);
    const params = terms.flatMap((t) => [t, prefixUpperBound(t)]);
    const stmt = this.searchStmts[terms.length - 1]!;
    // A customer can match the first term through two tokens (first and last name): over-fetch and
    // keep the first occurrence so the order stays that of the index.
    const wanted = offset + limit;
    const seen = new Set<number>();
    const ids: number[] = [];
    let fetch = wanted * 2 + 8;
    for (;;) {
      const rows = stmt.all(...params, fetch);
      seen.clear();
      ids.length = 0;
      for (const r of rows) {
        if (seen.has(r.id)) continue;
        seen.add(r.id);
        ids.push(r.id);
      }
      if (ids.length >= wanted || rows.length < fetch) break;
      fetch *= 2;
    }
    const page = ids.slice(offset, offset + limit);
    return page.map((id) => this.byIdStmt.get(id)).filter((c): c is CustomerRow => c !== undefined);
  }

  /** How many leads match, counted up to `cap` (the list shows "cap+" beyond that). */
  count(query: string, cap: number): number {
    const terms = searchTerms(query);
    if (terms.length === 0) return this.countAllStmt.get()!.n;
    const params = terms.flatMap((t) => [t, prefixUpperBound(t)]);
    const row = this.countSearchStmts[terms.length - 1]!.get(...params, cap * 2)!;
    return Math.min(row.n, cap);
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }
}
