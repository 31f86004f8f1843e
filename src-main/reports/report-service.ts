// The Reports screen's numbers (issue 12), computed by SQL over indexes (reports-repo.ts) and
// folded into days of the desk's time zone here: opt-outs per day by how (keyword, reply confirmed,
// manual, import, gateway) and by dealer account; blocked attempts per 100 attempts per account,
// split into "opted out for this dealer", "Twilio's block on the sender" and "applied across
// dealers because the reply could not be attributed" (on its own: the seed's 0.15 %); replies
// awaiting review and how long they waited; unsubscribe handling (received → effective → first
// blocked attempt after it).
import type { Store } from '../db/store.ts';
import type { ReportRange } from '../db/repos/reports-repo.ts';
import type { UnsubscribeRow } from '../db/repos/compliance-repo.ts';
import { OPT_OUT_HOW_LABELS, REVIEW_WAIT_BUCKETS, type OptOutHowOther } from '../../shared/domain/compliance.ts';
import { invalidInput } from '../app-error.ts';
import { isoInZone, zonedDayStart } from './iso-time.ts';

const SLOT_MS = 1_800_000;
const MAX_DAYS = 731;

export interface Series {
  key: string;
  label: string;
  counts: number[];
}

export interface BlockedRow {
  dealerAccountId: number;
  accountName: string;
  attempts: number;
  dealer: number;
  gateway: number;
  crossDealer: number;
  heldForReview: number;
}

export interface ConsentReport {
  from: number;
  to: number;
  /** Local dates of the range, 'YYYY-MM-DD', one per day. */
  days: string[];
  optOutsByHow: Series[];
  optOutsByAccount: Series[];
  blocked: BlockedRow[];
  reviews: {
    open: number;
    /** Open items by how long they have waited so far, per kind. */
    waiting: { label: string; possibleOptOut: number; unattributed: number }[];
    oldestWaitingMs: number | null;
    resolved: number;
    medianWaitMs: number | null;
    p90WaitMs: number | null;
  };
  unsubscribes: {
    total: number;
    /** Per day: opt-outs, and the longest time from received to effective (hours). */
    perDay: number[];
    maxHoursPerDay: number[];
    medianHours: number | null;
    /** The latest opt-outs of the range, newest first, with the first blocked attempt after each. */
    latest: UnsubscribeRow[];
  };
}

function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? null;
}

export class ReportService {
  constructor(private readonly store: Store) {}

  consent(range: ReportRange, timeZone: string, now: number): ConsentReport {
    if (!(range.to > range.from)) throw invalidInput('The end of the range must be after its start.', { field: 'to' });
    if (range.to - range.from > MAX_DAYS * 86_400_000) throw invalidInput('Choose a range of at most two years.', { field: 'from' });
    const { reports, accounts } = this.store;

    // Days of the desk's time zone: each day's first half-hour slot (offsets move by 30 minutes at
    // most), found once per day; a slot's day is then a binary search.
    const days: string[] = [];
    const dayStarts: number[] = [];
    const firstSlot = Math.floor(range.from / SLOT_MS);
    for (let ms = range.from; ms < range.to; ) {
      const date = isoInZone(ms, timeZone).slice(0, 10);
      days.push(date);
      dayStarts.push(Math.max(firstSlot, Math.floor(ms / SLOT_MS)));
      const next = zonedDayStart(date, timeZone, 1);
      if (next === null || next <= ms) break;
      ms = next;
    }
    const dayOf = (slot: number): number => {
      let lo = 0;
      let hi = dayStarts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if ((dayStarts[mid] ?? 0) <= slot) lo = mid;
        else hi = mid - 1;
      }
      return lo;
    };
    const zeros = () => new Array<number>(days.length).fill(0);

    const names = new Map(accounts.accounts().map((a) => [a.id, a.name]));
    const byHow = new Map<string, Series>();
    const byAccount = new Map<number, Series>();
    const addHow = (how: string, label: string, slot: number, n: number) => {
      const d = dayOf(slot);
      let s = byHow.get(how);
      if (!s) byHow.set(how, (s = { key: how, label, counts: zeros() }));
      s.counts[d] = (s.counts[d] ?? 0) + n;
    };
    const addAccount = (accountId: number, slot: number, n: number) => {
      const d = dayOf(slot);
      let a = byAccount.get(accountId);
      if (!a) byAccount.set(accountId, (a = { key: String(accountId), label: names.get(accountId) ?? `account ${accountId}`, counts: zeros() }));
      a.counts[d] = (a.counts[d] ?? 0) + n;
    };
    for (const r of reports.optOutSlots(range)) {
      const other: OptOutHowOther | null = r.source === 'inbound_keyword' ? null : r.source === 'review_confirmed' ? 'reply_confirmed' : (r.source as OptOutHowOther);
      const how = other ?? (r.keyword ?? 'keyword');
      addHow(how, other ? OPT_OUT_HOW_LABELS[other] : how, r.slot, r.n);
      addAccount(r.dealer_account_id, r.slot, r.n);
    }
    // A gateway block is one opt-out by how, and one for each account using the sender.
    for (const r of reports.gatewayBlocks(range)) addHow('gateway', OPT_OUT_HOW_LABELS.gateway, r.slot, r.n);
    for (const r of reports.gatewayBlockSlots(range)) addAccount(r.dealer_account_id, r.slot, r.n);
    const otherOrder = Object.keys(OPT_OUT_HOW_LABELS);
    const optOutsByHow = [...byHow.values()].sort((a, b) => {
      const oa = otherOrder.indexOf(a.key);
      const ob = otherOrder.indexOf(b.key);
      return oa - ob || a.key.localeCompare(b.key);
    });

    const blockedBy = new Map<number, BlockedRow>();
    const row = (id: number) => {
      let b = blockedBy.get(id);
      if (!b) blockedBy.set(id, (b = { dealerAccountId: id, accountName: names.get(id) ?? `account ${id}`, attempts: 0, dealer: 0, gateway: 0, crossDealer: 0, heldForReview: 0 }));
      return b;
    };
    for (const r of reports.attempts(range)) {
      if (r.dealer_account_id === null) continue;
      const b = row(r.dealer_account_id);
      b.attempts += r.n;
      if (r.status === 'blocked_opted_out') b.dealer += r.n;
      else if (r.status === 'blocked_gateway') b.gateway += r.n;
      else if (r.status === 'held_review') b.heldForReview += r.n;
    }
    for (const r of reports.crossDealerBlocked(range)) {
      const b = row(r.dealer_account_id);
      const n = Math.min(r.n, b.dealer);
      b.crossDealer += n;
      b.dealer -= n;
    }
    const blocked = [...blockedBy.values()].sort((a, b) => a.accountName.localeCompare(b.accountName));

    const open = reports.openReviews(range);
    const waiting = REVIEW_WAIT_BUCKETS.map((b) => ({ label: b.label, possibleOptOut: 0, unattributed: 0 }));
    let oldest: number | null = null;
    for (const r of open) {
      const waited = Math.max(0, now - r.received_at);
      oldest = oldest === null ? waited : Math.max(oldest, waited);
      const i = REVIEW_WAIT_BUCKETS.findIndex((b) => waited < b.maxMs);
      const bucket = waiting[i < 0 ? waiting.length - 1 : i];
      if (!bucket) continue;
      if (r.kind === 'possible_opt_out') bucket.possibleOptOut++;
      else bucket.unattributed++;
    }
    const waits = reports.resolvedReviews(range).map((r) => Math.max(0, r.waited)).sort((a, b) => a - b);

    const perDay = zeros();
    const maxHoursPerDay = zeros();
    const delays: number[] = [];
    for (const u of reports.unsubscribeDelays(range)) {
      const d = dayOf(Math.floor(u.effective / SLOT_MS));
      const hours = Math.max(0, u.effective - u.received) / 3_600_000;
      perDay[d] = (perDay[d] ?? 0) + 1;
      maxHoursPerDay[d] = Math.max(maxHoursPerDay[d] ?? 0, hours);
      delays.push(hours);
    }
    delays.sort((a, b) => a - b);
    const latest = this.store.compliance.unsubscribesLatest(range, 50);

    return {
      from: range.from,
      to: range.to,
      days,
      optOutsByHow,
      optOutsByAccount: [...byAccount.values()].sort((a, b) => a.label.localeCompare(b.label)),
      blocked,
      reviews: {
        open: open.length,
        waiting,
        oldestWaitingMs: oldest,
        resolved: waits.length,
        medianWaitMs: percentile(waits, 0.5),
        p90WaitMs: percentile(waits, 0.9),
      },
      unsubscribes: { total: delays.length, perDay, maxHoursPerDay, medianHours: percentile(delays, 0.5), latest },
    };
  }
}
