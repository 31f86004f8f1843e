import type { Db } from '../open-database.ts';
import { vehicleTokens } from './customer-search-tokens.ts';

export type AppraisalStatus = 'open' | 'offered' | 'accepted' | 'declined';

export interface AppraisalRow {
  id: number;
  customer_id: number;
  customer_name: string;
  dealer_account_id: number;
  account_name: string;
  year: number | null;
  make: string;
  model: string;
  variant: string | null;
  registration: string | null;
  odometer_km: number | null;
  status: AppraisalStatus;
  offer_aud: number | null;
  notes: string | null;
  created_at: number;
  updated_at: number;
}

export interface NewAppraisal {
  customerId: number;
  dealerAccountId: number;
  year: number | null;
  make: string;
  model: string;
  variant?: string | null;
  registration?: string | null;
  odometerKm?: number | null;
  status?: AppraisalStatus;
  offerAud?: number | null;
  notes?: string | null;
}

const COLS = `p.*, c.first_name || ' ' || c.last_name AS customer_name, a.name AS account_name`;
const JOINS = `JOIN customers c ON c.id = p.customer_id JOIN dealer_accounts a ON a.id = p.dealer_account_id`;

/** Vehicles under appraisal, linked to a lead: the seed's second place to send SMS from. */
export class AppraisalsRepo {
  private readonly insertStmt;
  private readonly byIdStmt;
  private readonly recentStmt;
  private readonly recentByAccountStmt;
  private readonly byCustomerStmt;
  private readonly countStmt;
  private readonly countByAccountStmt;
  private readonly insertTokenStmt;

  constructor(db: Db) {
    this.insertStmt = db.prepare(
      `INSERT INTO appraisals (customer_id, dealer_account_id, year, make, model, variant, registration, odometer_km,
         status, offer_aud, notes, created_at, updated_at)
       VALUES (@customerId, @dealerAccountId, @year, @make, @model, @variant, @registration, @odometerKm,
         @status, @offerAud, @notes, @now, @now)`,
    );
    this.byIdStmt = db.prepare<[number], AppraisalRow>(`SELECT ${COLS} FROM appraisals p ${JOINS} WHERE p.id = ?`);
    this.recentStmt = db.prepare<[number, number], AppraisalRow>(
      `SELECT ${COLS} FROM appraisals p INDEXED BY appraisals_recent ${JOINS}
       ORDER BY p.created_at DESC, p.id DESC LIMIT ? OFFSET ?`,
    );
    this.recentByAccountStmt = db.prepare<[number, number, number], AppraisalRow>(
      `SELECT ${COLS} FROM appraisals p INDEXED BY appraisals_by_account ${JOINS}
       WHERE p.dealer_account_id = ? ORDER BY p.created_at DESC, p.id DESC LIMIT ? OFFSET ?`,
    );
    this.byCustomerStmt = db.prepare<[number], AppraisalRow>(
      `SELECT ${COLS} FROM appraisals p ${JOINS} WHERE p.customer_id = ? ORDER BY p.created_at DESC, p.id DESC`,
    );
    this.countStmt = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM appraisals');
    this.countByAccountStmt = db.prepare<[number], { n: number }>('SELECT count(*) AS n FROM appraisals WHERE dealer_account_id = ?');
    this.insertTokenStmt = db.prepare<[string, number]>('INSERT OR IGNORE INTO customer_search (token, customer_id) VALUES (?, ?)');
  }

  insert(a: NewAppraisal, now: number): number {
    const id = Number(
      this.insertStmt.run({
        variant: null, registration: null, odometerKm: null, status: 'open', offerAud: null, notes: null, ...a, now,
      }).lastInsertRowid,
    );
    // The lead is found by its vehicle's make, model or registration too.
    for (const t of vehicleTokens({ make: a.make, model: a.model, registration: a.registration ?? null })) this.insertTokenStmt.run(t, a.customerId);
    return id;
  }
  get(id: number): AppraisalRow | undefined {
    return this.byIdStmt.get(id);
  }
  /** Newest first. */
  list(limit: number, offset: number, dealerAccountId?: number): AppraisalRow[] {
    return dealerAccountId !== undefined
      ? this.recentByAccountStmt.all(dealerAccountId, limit, offset)
      : this.recentStmt.all(limit, offset);
  }
  count(dealerAccountId?: number): number {
    return dealerAccountId !== undefined ? this.countByAccountStmt.get(dealerAccountId)!.n : this.countStmt.get()!.n;
  }
  byCustomer(customerId: number): AppraisalRow[] {
    return this.byCustomerStmt.all(customerId);
  }
}
