import type { Db } from '../open-database.ts';
import { MESSAGE_STATUSES } from '../../../shared/domain/types.ts';

/** Every status an outbound attempt can have. */
const OUTBOUND_STATUSES = MESSAGE_STATUSES.filter((s) => s !== 'received');

export interface ReportRange {
  from: number;
  to: number;
  dealerAccountId: number | null;
}

/** Opt-outs counted per half-hour slot (epoch ms / 1,800,000), by how and by account. */
export interface OptOutSlotRow {
  slot: number;
  dealer_account_id: number;
  source: string;
  keyword: string | null;
  n: number;
}

export interface AttemptRow {
  dealer_account_id: number | null;
  status: string;
  n: number;
}

/** The SQL behind the Reports screen: each a range read over an index, aggregated in SQL. */
export class ReportsRepo {
  private readonly optOutSlotsStmt;
  private readonly gatewaySlotsStmt;
  private readonly gatewayBlocksStmt;
  private readonly attemptsStmt;
  private readonly accountIdsStmt;
  private readonly crossDealerStmt;
  private readonly openReviewsStmt;
  private readonly resolvedReviewsStmt;
  private readonly unsubscribeDelaysStmt;

  constructor(db: Db) {
    const account = '(@account IS NULL OR dealer_account_id = @account)';
    this.optOutSlotsStmt = db.prepare<[{ from: number; to: number; account: number | null }], OptOutSlotRow>(
      `SELECT occurred_at / 1800000 AS slot, dealer_account_id, source, keyword, count(*) AS n
       FROM consent_events INDEXED BY consent_events_by_time
       WHERE occurred_at >= @from AND occurred_at < @to AND status = 'opted_out' AND channel = 'sms' AND ${account}
       GROUP BY slot, dealer_account_id, source, keyword`,
    );
    // R7/R13: the gateway's own block on a sender, for the accounts that use it.
    this.gatewaySlotsStmt = db.prepare<[{ from: number; to: number; account: number | null }], { slot: number; dealer_account_id: number; n: number }>(
      `SELECT g.blocked_at / 1800000 AS slot, sa.dealer_account_id, count(*) AS n
       FROM gateway_blocks g JOIN sender_accounts sa ON sa.sender_id = g.sender_id
       WHERE g.blocked_at >= @from AND g.blocked_at < @to AND (@account IS NULL OR sa.dealer_account_id = @account)
       GROUP BY slot, sa.dealer_account_id`,
    );
    // The same blocks counted once each (a block on a shared sender is one event, though it stops several accounts).
    this.gatewayBlocksStmt = db.prepare<[{ from: number; to: number; account: number | null }], { slot: number; n: number }>(
      `SELECT g.blocked_at / 1800000 AS slot, count(*) AS n FROM gateway_blocks g
       WHERE g.blocked_at >= @from AND g.blocked_at < @to
         AND (@account IS NULL OR EXISTS (SELECT 1 FROM sender_accounts sa WHERE sa.sender_id = g.sender_id AND sa.dealer_account_id = @account))
       GROUP BY slot`,
    );
    // The attempt counters (migration 12): per account and status, the half hours of the range.
    this.attemptsStmt = db
      .prepare<[{ from: number; to: number; account: number; status: string }], number>(
        `SELECT coalesce(sum(n), 0) FROM message_attempt_counts
         WHERE dealer_account_id = @account AND status = @status AND slot >= @from / 1800000 AND slot < (@to + 1799999) / 1800000`,
      )
      .pluck();
    this.accountIdsStmt = db.prepare<[], number>('SELECT id FROM dealer_accounts ORDER BY id').pluck();
    // Attempts refused because an opt-out keyword that could not be attributed was applied to every
    // sharing account (R4 all_sharing_accounts): driven by those few opt-outs, each counting the
    // refusals for its account and customer until the next consent change there.
    this.crossDealerStmt = db.prepare<[{ from: number; to: number; account: number | null }], { dealer_account_id: number; n: number }>(
      `SELECT e.dealer_account_id, count(*) AS n
       FROM consent_events e INDEXED BY consent_events_by_message
       JOIN attributions t ON t.message_id = e.message_id AND t.dealer_account_id = e.dealer_account_id AND t.rule = 'all_sharing_accounts'
       JOIN messages b INDEXED BY messages_timeline ON b.customer_id = e.customer_id
         AND b.created_at >= max(e.occurred_at, @from) AND b.created_at < @to
         AND b.created_at < coalesce((
           SELECT min(n.occurred_at) FROM consent_events n INDEXED BY consent_events_timeline
           WHERE n.customer_id = e.customer_id AND n.dealer_account_id = e.dealer_account_id AND n.channel = 'sms'
             AND (n.occurred_at > e.occurred_at OR (n.occurred_at = e.occurred_at AND n.id > e.id))), 9000000000000000)
         AND b.dealer_account_id = e.dealer_account_id AND b.direction = 'outbound' AND b.status = 'blocked_opted_out'
       WHERE e.message_id IS NOT NULL AND e.source = 'inbound_keyword' AND e.status = 'opted_out' AND e.channel = 'sms'
         AND (@account IS NULL OR e.dealer_account_id = @account)
       GROUP BY e.dealer_account_id`,
    );
    this.openReviewsStmt = db.prepare<[{ account: number | null }], { kind: string; created_at: number; received_at: number }>(
      `SELECT r.kind, r.created_at, m.created_at AS received_at FROM review_items r INDEXED BY review_items_open_page
       JOIN messages m ON m.id = r.message_id
       WHERE r.status = 'open' AND (@account IS NULL OR r.dealer_account_id = @account OR r.dealer_account_id IS NULL)`,
    );
    this.resolvedReviewsStmt = db.prepare<[{ from: number; to: number; account: number | null }], { kind: string; waited: number }>(
      `SELECT r.kind, r.resolved_at - m.created_at AS waited FROM review_items r INDEXED BY review_items_resolved_page
       JOIN messages m ON m.id = r.message_id
       WHERE r.status != 'open' AND r.resolved_at >= @from AND r.resolved_at < @to
         AND (@account IS NULL OR r.dealer_account_id = @account OR r.dealer_account_id IS NULL)`,
    );
    this.unsubscribeDelaysStmt = db.prepare<[{ from: number; to: number; account: number | null }], { effective: number; received: number; dealer_account_id: number }>(
      `SELECT e.occurred_at AS effective, coalesce(m.created_at, e.occurred_at) AS received, e.dealer_account_id
       FROM consent_events e INDEXED BY consent_events_by_time LEFT JOIN messages m ON m.id = e.message_id
       WHERE e.occurred_at >= @from AND e.occurred_at < @to AND e.status = 'opted_out' AND e.channel = 'sms'
         AND (@account IS NULL OR e.dealer_account_id = @account)`,
    );
  }

  private p(r: ReportRange) {
    return { from: r.from, to: r.to, account: r.dealerAccountId };
  }
  optOutSlots(r: ReportRange): OptOutSlotRow[] {
    return this.optOutSlotsStmt.all(this.p(r));
  }
  gatewayBlockSlots(r: ReportRange): { slot: number; dealer_account_id: number; n: number }[] {
    return this.gatewaySlotsStmt.all(this.p(r));
  }
  gatewayBlocks(r: ReportRange): { slot: number; n: number }[] {
    return this.gatewayBlocksStmt.all(this.p(r));
  }
  attempts(r: ReportRange): AttemptRow[] {
    const out: AttemptRow[] = [];
    const accounts = r.dealerAccountId === null ? this.accountIdsStmt.all() : [r.dealerAccountId];
    for (const account of accounts) {
      for (const status of OUTBOUND_STATUSES) {
        const n = this.attemptsStmt.get({ from: r.from, to: r.to, account, status }) ?? 0;
        if (n > 0) out.push({ dealer_account_id: account, status, n });
      }
    }
    return out;
  }
  crossDealerBlocked(r: ReportRange): { dealer_account_id: number; n: number }[] {
    return this.crossDealerStmt.all(this.p(r));
  }
  openReviews(r: ReportRange): { kind: string; created_at: number; received_at: number }[] {
    return this.openReviewsStmt.all({ account: r.dealerAccountId });
  }
  resolvedReviews(r: ReportRange): { kind: string; waited: number }[] {
    return this.resolvedReviewsStmt.all(this.p(r));
  }
  unsubscribeDelays(r: ReportRange): { effective: number; received: number; dealer_account_id: number }[] {
    return this.unsubscribeDelaysStmt.all(this.p(r));
  }
}
