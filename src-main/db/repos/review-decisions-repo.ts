import type { Db } from '../open-database.ts';

export type ReviewDecision = 'confirmed' | 'dismissed' | 'narrowed';
/** What narrowing an unattributed reply did to one account's opt-out for one customer. */
export type NarrowEffect = 'kept' | 'withdrawn' | 'superseded';

export interface NewReviewDecision {
  reviewId: number;
  decision: ReviewDecision;
  customerId: number | null;
  dealerAccountId: number | null;
  messageId: number;
  actor: string;
  reason: string | null;
  consentEventId: number | null;
  decidedAt: number;
}

export interface ReviewDecisionRow {
  id: number;
  review_id: number;
  kind: 'possible_opt_out' | 'unattributed';
  decision: ReviewDecision;
  customer_id: number | null;
  dealer_account_id: number | null;
  account_name: string | null;
  message_id: number;
  body: string;
  actor: string;
  reason: string | null;
  consent_event_id: number | null;
  decided_at: number;
}

export interface DecisionAccountRow {
  decision_id: number;
  dealer_account_id: number;
  account_name: string;
  customer_id: number;
  effect: NarrowEffect;
  consent_event_id: number | null;
}

/** Accounts whose SMS opt-out a reply recorded (an unattributed STOP applied to several). */
export interface AppliedAccountRow {
  dealer_account_id: number;
  account_name: string;
  customer_id: number;
}

/** Review decisions (append-only): who resolved a review, how, when and why. */
export class ReviewDecisionsRepo {
  private readonly insertStmt;
  private readonly insertAccountStmt;
  private readonly forCustomerStmt;
  private readonly forReviewStmt;
  private readonly accountsStmt;
  private readonly appliedStmt;

  constructor(db: Db) {
    this.insertStmt = db.prepare<[number, string, number | null, number | null, number, string, string | null, number | null, number]>(
      `INSERT INTO review_decisions (review_id, decision, customer_id, dealer_account_id, message_id, actor, reason, consent_event_id, decided_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insertAccountStmt = db.prepare<[number, number, number, string, number | null]>(
      `INSERT INTO review_decision_accounts (decision_id, dealer_account_id, customer_id, effect, consent_event_id) VALUES (?, ?, ?, ?, ?)`,
    );
    const cols = `d.*, r.kind, m.body, a.name AS account_name`;
    const joins = `JOIN review_items r ON r.id = d.review_id JOIN messages m ON m.id = d.message_id
      LEFT JOIN dealer_accounts a ON a.id = d.dealer_account_id`;
    // A decision about a reply concerns every customer it changed consent for (narrowing), not
    // only the review's own customer.
    this.forCustomerStmt = db.prepare<[number, number], ReviewDecisionRow>(
      `SELECT ${cols} FROM review_decisions d ${joins}
       WHERE d.customer_id = ?
          OR d.id IN (SELECT decision_id FROM review_decision_accounts WHERE customer_id = ?)
       ORDER BY d.decided_at DESC, d.id DESC`,
    );
    this.forReviewStmt = db.prepare<[number], ReviewDecisionRow>(
      `SELECT ${cols} FROM review_decisions d ${joins} WHERE d.review_id = ? ORDER BY d.id DESC LIMIT 1`,
    );
    this.accountsStmt = db.prepare<[number], DecisionAccountRow>(
      `SELECT x.*, a.name AS account_name FROM review_decision_accounts x JOIN dealer_accounts a ON a.id = x.dealer_account_id
       WHERE x.decision_id = ? ORDER BY a.name, x.customer_id`,
    );
    this.appliedStmt = db.prepare<[number], AppliedAccountRow>(
      `SELECT DISTINCT e.dealer_account_id, a.name AS account_name, e.customer_id
       FROM consent_events e INDEXED BY consent_events_by_message JOIN dealer_accounts a ON a.id = e.dealer_account_id
       WHERE e.message_id = ? AND e.channel = 'sms' AND e.status = 'opted_out' AND e.source = 'inbound_keyword'
       ORDER BY a.name, e.customer_id`,
    );
  }

  add(d: NewReviewDecision): number {
    return Number(
      this.insertStmt.run(d.reviewId, d.decision, d.customerId, d.dealerAccountId, d.messageId, d.actor, d.reason, d.consentEventId, d.decidedAt)
        .lastInsertRowid,
    );
  }
  addAccount(decisionId: number, dealerAccountId: number, customerId: number, effect: NarrowEffect, consentEventId: number | null): void {
    this.insertAccountStmt.run(decisionId, dealerAccountId, customerId, effect, consentEventId);
  }
  forCustomer(customerId: number): ReviewDecisionRow[] {
    return this.forCustomerStmt.all(customerId, customerId);
  }
  forReview(reviewId: number): ReviewDecisionRow | undefined {
    return this.forReviewStmt.get(reviewId);
  }
  accounts(decisionId: number): DecisionAccountRow[] {
    return this.accountsStmt.all(decisionId);
  }
  /** The accounts (and customers) whose SMS opt-out this keyword reply recorded. */
  appliedOptOuts(messageId: number): AppliedAccountRow[] {
    return this.appliedStmt.all(messageId);
  }
}
