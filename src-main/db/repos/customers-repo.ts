import type { Db } from '../open-database.ts';
import { nameIndexText, prefixUpperBound, searchTerms, searchTokens, type SearchTerm } from './customer-search-tokens.ts';

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

/** A single-term search counts its matches up to this many; beyond, the list says "N+". */
export const COUNT_CAP = 2_000;
/** Rows counted per term to choose the rarest term of a multi-term search. */
const FREQUENCY_CAP = 2_000;
/** Driver rows a multi-term search reads at least when its rarest term is common. */
const SCAN_BUDGET = 4_000;

interface TermRange {
  from: string;
  to: string;
}

function range(t: SearchTerm): TermRange {
  return { from: t.text, to: prefixUpperBound(t.text) };
}

interface MatchedIds {
  matches: number[];
  total: number;
  totalIsEstimate: boolean;
}

/** One page of a lead search. `total` is exact unless `totalIsEstimate` (then it is a lower bound). */
export interface LeadSearch {
  rows: CustomerRow[];
  total: number;
  totalIsEstimate: boolean;
}

/** Customers, their phone history, the accounts holding them (leads), and lead search. */
export class CustomersRepo {
  private readonly insertStmt;
  private readonly byIdStmt;
  private readonly byMobileStmt;
  private readonly byPastMobileStmt;
  private readonly byEmailTokenStmt;
  private readonly setMobileStmt;
  private readonly setDetailsStmt;
  private readonly insertPhoneStmt;
  private readonly closePhoneStmt;
  private readonly phonesStmt;
  private readonly insertTokenStmt;
  private readonly vehiclesStmt;
  private readonly deleteTokensStmt;
  private readonly insertLeadStmt;
  private readonly leadHeldStmt;
  private readonly leadAccountsStmt;
  private readonly listByNameStmt;
  private readonly countAllStmt;
  private readonly termRowsStmt;
  private readonly termFrequencyStmt;
  private readonly termProbeStmt;
  private readonly nameIndexInsertStmt;
  private readonly nameIndexDeleteStmt;
  private readonly nameMatchStmt;
  private readonly nameMatchCountStmt;
  private customerCount: number | null = null;

  constructor(db: Db) {
    this.insertStmt = db.prepare<[string, string, string | null, string | null, number, number]>(
      'INSERT INTO customers (first_name, last_name, mobile, email, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.byIdStmt = db.prepare<[number], CustomerRow>('SELECT * FROM customers WHERE id = ?');
    this.byMobileStmt = db.prepare<[string], CustomerRow>('SELECT * FROM customers WHERE mobile = ? ORDER BY id');
    this.byPastMobileStmt = db.prepare<[string], CustomerRow>(
      `SELECT c.* FROM customer_phones p JOIN customers c ON c.id = p.customer_id
       WHERE p.number = ? GROUP BY c.id ORDER BY MAX(p.valid_from) DESC`,
    );
    // The lower-cased email is one of the search tokens: its index finds an email without a scan.
    this.byEmailTokenStmt = db.prepare<[string], CustomerRow>(
      'SELECT c.* FROM customer_search s JOIN customers c ON c.id = s.customer_id WHERE s.token = ? ORDER BY c.id',
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
    this.termRowsStmt = db
      .prepare<[string, string, number]>(
        'SELECT customer_id FROM customer_search WHERE token >= ? AND token < ? ORDER BY token, customer_id LIMIT ?',
      )
      .pluck();
    this.termFrequencyStmt = db
      .prepare<[string, string, number]>(
        'SELECT count(*) FROM (SELECT 1 FROM customer_search WHERE token >= ? AND token < ? LIMIT ?)',
      )
      .pluck();
    this.termProbeStmt = db
      .prepare<[number, string, string]>(
        'SELECT 1 FROM customer_search INDEXED BY customer_search_by_customer WHERE customer_id = ? AND token >= ? AND token < ? LIMIT 1',
      )
      .pluck();
    this.vehiclesStmt = db.prepare<[number], { make: string; model: string; registration: string | null }>(
      'SELECT make, model, registration FROM appraisals WHERE customer_id = ?',
    );
    this.nameIndexInsertStmt = db.prepare<[number, string]>('INSERT INTO customer_names (rowid, name) VALUES (?, ?)');
    this.nameIndexDeleteStmt = db.prepare<[number]>('DELETE FROM customer_names WHERE rowid = ?');
    this.nameMatchStmt = db
      .prepare<[string, number]>('SELECT rowid FROM customer_names WHERE customer_names MATCH ? LIMIT ?')
      .pluck();
    this.nameMatchCountStmt = db
      .prepare<[string, number]>('SELECT count(*) FROM (SELECT rowid FROM customer_names WHERE customer_names MATCH ? LIMIT ?)')
      .pluck();
  }

  insert(c: NewCustomer, now: number, actor: string | null = null): number {
    const id = Number(this.insertStmt.run(c.firstName, c.lastName, c.mobile, c.email, now, now).lastInsertRowid);
    if (this.customerCount !== null) this.customerCount += 1;
    if (c.mobile) this.insertPhoneStmt.run(id, c.mobile, now, actor);
    for (const token of searchTokens(c)) this.insertTokenStmt.run(token, id);
    this.nameIndexInsertStmt.run(id, nameIndexText(c.firstName, c.lastName));
    return id;
  }

  get(id: number): CustomerRow | undefined {
    return this.byIdStmt.get(id);
  }

  /** Customers whose current mobile is `e164`. */
  byMobile(e164: string): CustomerRow[] {
    return this.byMobileStmt.all(e164);
  }

  /** Customers whose email is `email`, ignoring case and surrounding space. */
  byEmail(email: string): CustomerRow[] {
    const key = email.trim().toLowerCase();
    if (!key) return [];
    return this.byEmailTokenStmt.all(key).filter((c) => c.email?.trim().toLowerCase() === key);
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
    const vehicles = this.vehiclesStmt.all(id);
    const tokens = searchTokens({ firstName: c.first_name, lastName: c.last_name, mobile: c.mobile, email: c.email, vehicles });
    for (const token of tokens) this.insertTokenStmt.run(token, id);
    this.nameIndexDeleteStmt.run(id);
    this.nameIndexInsertStmt.run(id, nameIndexText(c.first_name, c.last_name));
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
   * Leads matching what the user typed: every term is a prefix of a name, the email or the mobile
   * (either form). An empty query lists everyone by name. Built for a keystroke-by-keystroke list
   * over a million customers: the work per call is bounded (see LeadSearch).
   */
  find(query: string, limit: number, offset = 0): LeadSearch {
    const terms = searchTerms(query);
    if (terms.length === 0) {
      this.customerCount ??= this.countAllStmt.get()!.n;
      return { rows: this.listByNameStmt.all(limit, offset), total: this.customerCount, totalIsEstimate: false };
    }
    const wanted = offset + limit;
    const ids =
      terms.length === 1
        ? this.findOneTerm(range(terms[0]!), wanted)
        : terms.every((t) => t.kind === 'name')
          ? this.findNames(terms, wanted)
          : this.findManyTerms(terms.map(range), wanted);
    const rows = ids.matches
      .slice(offset, wanted)
      .map((id) => this.byIdStmt.get(id))
      .filter((c): c is CustomerRow => c !== undefined);
    return { rows, total: ids.total, totalIsEstimate: ids.totalIsEstimate };
  }

  /** Several name words: the full-text index intersects them ("ol smi" → Olivia Smith). */
  private findNames(terms: SearchTerm[], wanted: number): MatchedIds {
    const match = terms.map((t) => `"${t.text.replace(/"/g, '""')}"*`).join(' AND ');
    const matches = this.nameMatchStmt.all(match, wanted) as number[];
    const counted = this.nameMatchCountStmt.get(match, COUNT_CAP + 1) as number;
    return { matches, total: Math.min(counted, COUNT_CAP), totalIsEstimate: counted > COUNT_CAP };
  }

  /** One term: the index range in token order; the total is counted up to COUNT_CAP. */
  private findOneTerm(r: TermRange, wanted: number): MatchedIds {
    const fetch = Math.max(wanted, COUNT_CAP);
    const raw = this.termRowsStmt.all(r.from, r.to, fetch) as number[];
    const matches = [...new Set(raw)];
    const exhausted = raw.length < fetch;
    return { matches, total: exhausted ? matches.length : Math.max(matches.length, COUNT_CAP), totalIsEstimate: !exhausted };
  }

  /**
   * Names mixed with part of an email or number: the rarest term drives (its index range, in token order) and each candidate is
   * probed for the other terms. A rare driver is read to the end (exact); a common one is read up
   * to a budget that grows with the page asked for, and the total is then a lower bound.
   */
  private findManyTerms(ranges: TermRange[], wanted: number): MatchedIds {
    const ordered = ranges
      .map((r) => ({ r, freq: this.termFrequencyStmt.get(r.from, r.to, FREQUENCY_CAP) as number }))
      .sort((a, b) => a.freq - b.freq);
    const driver = ordered[0]!;
    if (driver.freq === 0) return { matches: [], total: 0, totalIsEstimate: false };
    const others = ordered.slice(1).map((o) => o.r);
    const budget = driver.freq < FREQUENCY_CAP ? driver.freq : Math.max(SCAN_BUDGET, wanted * 20);
    const seen = new Set<number>();
    const matches: number[] = [];
    let scanned = 0;
    for (const id of this.termRowsStmt.iterate(driver.r.from, driver.r.to, budget) as Iterable<number>) {
      scanned += 1;
      if (seen.has(id)) continue;
      seen.add(id);
      if (others.every((o) => this.termProbeStmt.get(id, o.from, o.to) !== undefined)) matches.push(id);
    }
    const exhausted = scanned < budget || driver.freq < FREQUENCY_CAP;
    return { matches, total: matches.length, totalIsEstimate: !exhausted };
  }

  /** How many leads match (a lower bound when find() says the total is an estimate). */
  count(query: string): number {
    return this.find(query, 0).total;
  }
}
