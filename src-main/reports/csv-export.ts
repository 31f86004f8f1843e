// The compliance exports (issue 12): the consent register, blocked attempts, unsubscribe handling,
// the SMS list with its filters, and one customer's consent evidence pack, written as CSV with a
// maintained writer (csv-stringify) to any stream. Rows are read a page at a time in keyset order
// and written with backpressure, so a million rows take bounded memory and the store stays free
// for the app's other calls between pages. Times are ISO 8601 with the desk's UTC offset.
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type { Writable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import type { Store } from '../db/store.ts';
import type { ComplianceFilter, TimeKey } from '../db/repos/compliance-repo.ts';
import type { MessageStatus } from '../../shared/domain/types.ts';
import { customerDisplayName } from '../../shared/domain/people.ts';
import { isoInZone } from './iso-time.ts';
import { notFound } from '../app-error.ts';

import { EXPORT_KINDS, type ExportKind } from '../../shared/domain/compliance.ts';

export { EXPORT_KINDS, type ExportKind };

export interface ExportRequest {
  kind: ExportKind;
  /** Inclusive, epoch ms (default: the beginning). */
  from?: number;
  /** Exclusive, epoch ms (default: now and beyond). */
  to?: number;
  dealerAccountId?: number | null;
  /** The SMS list's filters. */
  statuses?: MessageStatus[];
  text?: string;
  /** The evidence pack's customer. */
  customerId?: number;
}

export interface ExportContext {
  store: Store;
  /** The desk's time zone, for the times written. */
  timeZone: string;
  /** Which desk recorded the events (this one). */
  desk: string;
  /**
   * Working days between two instants under a dealer account's state holidays (the account's
   * calendar); absent where no calendar is known, and the column stays empty.
   */
  workingDays?: (dealerAccountId: number, from: number, to: number) => number | null;
  /** Rows per page read from the store. */
  pageSize?: number;
}

const PAGE = 2000;
/** Rows turned into CSV text at once. */
const BATCH_ROWS = 1000;
const MAX_TIME = 8_640_000_000_000_000;

export type Cell = string | number | null;

/** Where `kind`'s rows come from, and their header. */
export interface Source {
  columns: string[];
  rows(): Generator<Cell[]>;
}

/** Pages of `fetch` in keyset order until one comes back short. */
function* paged<R>(fetch: (after: TimeKey | null, limit: number) => R[], key: (r: R) => TimeKey, limit: number): Generator<R> {
  let after: TimeKey | null = null;
  for (;;) {
    const rows = fetch(after, limit);
    yield* rows;
    if (rows.length < limit) return;
    after = key(rows[rows.length - 1] as R);
  }
}

const name = (first: string | null, last: string | null): string => customerDisplayName({ first_name: first ?? '', last_name: last ?? '' });

/** The header and the rows (generated a page at a time) of an export. */
export function exportSource(req: ExportRequest, x: ExportContext): Source {
  const { store } = x;
  const t = (ms: number | null | undefined): string => (ms === null || ms === undefined ? '' : isoInZone(ms, x.timeZone));
  const page = x.pageSize ?? PAGE;
  const filter: ComplianceFilter = { from: req.from ?? 0, to: req.to ?? MAX_TIME, dealerAccountId: req.dealerAccountId ?? null };

  switch (req.kind) {
    case 'consent':
      return {
        columns: [
          'event_id', 'occurred_at', 'account_code', 'account', 'customer_id', 'customer', 'mobile', 'channel', 'change', 'source', 'keyword',
          'who', 'desk', 'reason', 'import_id', 'import_line', 'message_id', 'message_received_at', 'message_from', 'message_text',
          'attribution_rule', 'attribution_reason', 'review_decision_id',
        ],
        *rows() {
          for (const r of paged((a, n) => store.compliance.register(filter, a, n), (r) => ({ at: r.occurred_at, id: r.id }), page)) {
            yield [
              r.id, t(r.occurred_at), r.account_code, r.account_name, r.customer_id, name(r.first_name, r.last_name), r.mobile, r.channel, r.status,
              r.source, r.keyword, r.actor, x.desk, r.reason, r.import_id, r.import_row, r.message_id, t(r.message_at), r.message_from, r.message_body,
              r.attribution_rule, r.attribution_reason, r.review_decision_id,
            ];
          }
        },
      };
    case 'blocked':
      return {
        columns: ['message_id', 'attempted_at', 'account_code', 'account', 'customer_id', 'customer', 'to', 'sender', 'origin', 'status', 'reason', 'gateway_error', 'who', 'automation_run_id', 'message_text'],
        *rows() {
          for (const r of paged((a, n) => store.compliance.blocked(filter, a, n), (r) => ({ at: r.created_at, id: r.id }), page)) {
            yield [
              r.id, t(r.created_at), r.account_code, r.account_name, r.customer_id, r.customer_id === null ? '' : name(r.first_name, r.last_name), r.to_number,
              r.sender_address, r.origin, r.status, r.block_reason, r.error_code, r.created_by, r.automation_run_id, r.body,
            ];
          }
        },
      };
    case 'unsubscribes':
      return {
        columns: [
          'event_id', 'account_code', 'account', 'customer_id', 'customer', 'channel', 'source', 'keyword', 'who', 'message_id', 'received_at',
          'effective_at', 'hours_taken', 'working_days_taken', 'first_blocked_attempt_at', 'first_blocked_message_id',
        ],
        *rows() {
          for (const r of paged((a, n) => store.compliance.unsubscribes(filter, a, n), (r) => ({ at: r.effective_at, id: r.id }), page)) {
            const hours = Math.max(0, r.effective_at - r.received_at) / 3_600_000;
            const days = x.workingDays ? x.workingDays(r.dealer_account_id, r.received_at, r.effective_at) : null;
            yield [
              r.id, r.account_code, r.account_name, r.customer_id, name(r.first_name, r.last_name), r.channel, r.source, r.keyword, r.actor, r.message_id,
              t(r.received_at), t(r.effective_at), hours.toFixed(2), days, t(r.first_blocked_at), r.first_blocked_id,
            ];
          }
        },
      };
    case 'sms':
      return {
        columns: ['message_id', 'at', 'direction', 'status', 'account', 'customer_id', 'customer', 'to', 'from', 'sender', 'origin', 'segments', 'message_text', 'reason', 'gateway_error', 'gateway_message', 'who'],
        *rows() {
          // The list's own query and filters, newest first, as the screen shows it.
          let after: { createdAt: number; id: number } | undefined;
          for (;;) {
            const rows = store.messages.list({
              ...(req.statuses?.length ? { statuses: req.statuses } : {}),
              ...(req.dealerAccountId ? { dealerAccountId: req.dealerAccountId } : {}),
              ...(req.from !== undefined ? { from: req.from } : {}),
              ...(req.to !== undefined ? { to: req.to } : {}),
              ...(req.text?.trim() ? { text: req.text } : {}),
              ...(after ? { after } : {}),
              limit: page,
            });
            for (const m of rows) {
              yield [
                m.id, t(m.created_at), m.direction, m.status, m.account_name, m.customer_id, m.customer_name?.trim() ?? '', m.to_number, m.from_number,
                m.sender_address, m.origin, m.segments, m.body, m.block_reason, m.error_code, m.error_message, m.created_by,
              ];
            }
            const last = rows[rows.length - 1];
            if (rows.length < page || !last) return;
            after = { createdAt: last.created_at, id: last.id };
          }
        },
      };
    case 'evidence': {
      const customerId = req.customerId;
      const customer = customerId === undefined ? undefined : store.customers.get(customerId);
      if (!customer || customerId === undefined) throw notFound(`Customer ${String(customerId)}`);
      return {
        columns: [
          'record', 'id', 'at', 'account', 'customer', 'channel', 'change', 'source', 'keyword', 'who', 'desk', 'reason', 'import_id', 'import_line',
          'message_id', 'message_received_at', 'message_from', 'message_text', 'attribution_rule', 'attribution_reason', 'decision', 'decision_effects',
        ],
        *rows() {
          const who = name(customer.first_name, customer.last_name);
          const events = store.compliance.registerOfCustomer(customerId).map((r) => ({ at: r.occurred_at, row: [
            'consent_event', r.id, t(r.occurred_at), r.account_name, who, r.channel, r.status, r.source, r.keyword, r.actor, x.desk, r.reason, r.import_id,
            r.import_row, r.message_id, t(r.message_at), r.message_from, r.message_body, r.attribution_rule, r.attribution_reason, '', '',
          ] as Cell[] }));
          const decisions = store.reviewDecisions.forCustomer(customerId).map((d) => {
            const effects = store.reviewDecisions.accounts(d.id).map((a) => `${a.account_name}: ${a.effect}`).join('; ');
            const message = store.messages.get(d.message_id);
            return { at: d.decided_at, row: [
              'review_decision', d.id, t(d.decided_at), d.account_name ?? '', who, 'sms', '', d.kind, '', d.actor, x.desk, d.reason, '', '',
              d.message_id, t(message?.created_at), message?.from_number ?? '', d.body, '', '', d.decision, effects,
            ] as Cell[] };
          });
          for (const e of [...events, ...decisions].sort((a, b) => a.at - b.at)) yield e.row;
        },
      };
    }
  }
}

/**
 * Writes the export to `out` and resolves with how many rows it wrote, once `out` has them. `out`
 * is ended unless `end: false` (the process's stdout). Rows are turned into CSV a page at a time
 * (csv-stringify) and written with backpressure.
 */
export async function writeExport(req: ExportRequest, x: ExportContext, out: Writable, options: { end?: boolean } = {}): Promise<{ rows: number }> {
  const src = exportSource(req, x);
  const end = options.end ?? true;
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  await write(`\uFEFF${stringify([src.columns], { record_delimiter: 'windows' })}`);
  let rows = 0;
  let batch: Cell[][] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const text = stringify(batch, { record_delimiter: 'windows', cast: { number: (n) => String(n) } });
    batch = [];
    await write(text);
  };
  for (const row of src.rows()) {
    rows++;
    batch.push(row.map((c) => (c === null ? '' : c)));
    if (batch.length >= BATCH_ROWS) await flush();
  }
  await flush();
  if (end) {
    out.end();
    await finished(out);
  }
  return { rows };
}

/** A file name for an export: 'consent-register-2026-12-01-to-2026-12-31.csv'. */
export function exportFileName(req: ExportRequest, timeZone: string): string {
  const base = { consent: 'consent-register', blocked: 'blocked-attempts', unsubscribes: 'unsubscribe-handling', sms: 'sms-list', evidence: 'consent-evidence' }[req.kind];
  const day = (ms: number) => isoInZone(ms, timeZone).slice(0, 10);
  const range = req.from !== undefined && req.to !== undefined ? `-${day(req.from)}-to-${day(req.to - 1)}` : req.from !== undefined ? `-from-${day(req.from)}` : '';
  const who = req.kind === 'evidence' ? `-customer-${req.customerId}` : '';
  return `${base}${who}${range}.csv`;
}
