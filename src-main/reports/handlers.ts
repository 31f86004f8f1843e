// Compliance exports over IPC: the renderer takes an export a chunk at a time and saves it as a
// file (a download in the browser; Electron's save dialog in the desktop app).
import { hostname } from 'node:os';
import { defineHandlers } from '../ipc/handler.ts';
import { SMS_STATUS_FILTERS } from '../../shared/ipc/contract.ts';
import type { ExportRequest } from './csv-export.ts';
import type { ConsentSource } from '../../shared/domain/types.ts';
import { customerDisplayName } from '../../shared/domain/people.ts';

export const exportHandlers = defineHandlers({
  'reports.consent': ({ input, ctx }) => {
    const timeZone = ctx.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
    const r = ctx.core.reports.consent({ from: input.from, to: input.to, dealerAccountId: input.dealerAccountId ?? null }, timeZone, ctx.core.clock());
    return {
      ...r,
      unsubscribes: {
        ...r.unsubscribes,
        latest: r.unsubscribes.latest.map((u) => ({
          eventId: u.id,
          accountName: u.account_name,
          customerId: u.customer_id,
          customerName: customerDisplayName({ first_name: u.first_name, last_name: u.last_name }),
          source: u.source as ConsentSource,
          keyword: u.keyword,
          receivedAt: u.received_at,
          effectiveAt: u.effective_at,
          firstBlockedAt: u.first_blocked_at,
        })),
      },
    };
  },
  'exports.open': ({ input, ctx }) => {
    const req: ExportRequest = { kind: input.kind };
    if (input.from !== undefined) req.from = input.from;
    if (input.to !== undefined) req.to = input.to;
    if (input.dealerAccountId !== undefined) req.dealerAccountId = input.dealerAccountId;
    if (input.statuses?.length) req.statuses = [...new Set(input.statuses.flatMap((f) => SMS_STATUS_FILTERS[f]))];
    if (input.text?.trim()) req.text = input.text;
    if (input.customerId !== undefined) req.customerId = input.customerId;
    const timeZone = ctx.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
    return ctx.core.exports.open(req, { store: ctx.core.store, timeZone, desk: hostname() });
  },
  'exports.next': ({ input, ctx }) => ctx.core.exports.next(input.exportId, input.maxRows),
  'exports.close': ({ input, ctx }) => {
    ctx.core.exports.close(input.exportId);
    return {};
  },
});
