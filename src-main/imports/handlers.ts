// Bulk lead import (R10): the imports domain's public face over IPC. The renderer sends the file's
// text (read from the picked file, or pasted); main parses it as a stream, commits in batches and
// announces progress (import:progress) for the screen's bar and the Electron taskbar.
import { stringify } from 'csv-stringify/sync';
import { defineHandlers } from '../ipc/handler.ts';
import type { HandlerContext } from '../ipc/context.ts';
import type { LeadImportRow } from '../db/repos/lead-imports-repo.ts';
import type { LeadImport } from '../../shared/ipc/contract.ts';
import { invalidInput } from '../app-error.ts';

function leadImport(ctx: HandlerContext, r: LeadImportRow): LeadImport {
  const running = ctx.core.importJobs.fraction(r.id);
  return {
    id: r.id,
    dealerAccountId: r.dealer_account_id,
    accountName: r.account_name,
    fileName: r.file_name,
    actor: r.actor,
    status: r.status,
    headers: JSON.parse(r.headers) as string[],
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    fraction: r.status === 'done' ? 1 : running,
    rowsRead: r.rows_read,
    created: r.created,
    attached: r.attached,
    unchanged: r.unchanged,
    invalid: r.invalid,
    optedOut: r.opted_out,
    error: r.error,
  };
}

export const importHandlers = defineHandlers({
  'imports.preview': ({ input, ctx }) => ctx.core.imports.preview(input.text),

  'imports.start': async ({ input, ctx }) => {
    if (input.text.trim() === '') throw invalidInput('The file is empty: it needs a header row and at least one lead.', { field: 'text' });
    // The import starts once its header row is read: a first chunk of a longer file must hold all of
    // it, or the call would wait for chunks that can only be sent once it has answered.
    if (!input.last && !/[\r\n]/.test(input.text)) {
      throw invalidInput('The first part of the file must hold its whole header row (up to its line break); send a larger first part.', { field: 'text' });
    }
    const importId = await ctx.core.importJobs.start(
      { text: input.text, last: input.last, totalBytes: input.totalBytes || Buffer.byteLength(input.text), fileName: input.fileName },
      { dealerAccountId: input.dealerAccountId, mapping: input.mapping, optInDefault: input.optInDefault, actor: ctx.prefs.userName() },
      (p) => {
        ctx.bus.emit('import:progress', { importId: p.importId, status: p.status, fraction: p.fraction, rowsRead: p.counts.rowsRead });
      },
    );
    return { importId };
  },

  'imports.append': async ({ input, ctx }) => {
    const status = await ctx.core.importJobs.append(input.importId, input.text, input.last);
    return { status: status ?? ctx.core.imports.get(input.importId).status };
  },

  'imports.get': ({ input, ctx }) => leadImport(ctx, ctx.core.imports.get(input.importId)),

  'imports.cancel': async ({ input, ctx }) => {
    await ctx.core.importJobs.cancel(input.importId);
    return leadImport(ctx, ctx.core.imports.get(input.importId));
  },

  'imports.problems': ({ input, ctx }) => {
    ctx.core.imports.get(input.importId);
    const rows = ctx.core.store.leadImports.problems(input.importId, input.limit + 1, input.afterRow);
    const items = rows.slice(0, input.limit).map((p) => ({
      row: p.row_number,
      problem: p.problem,
      field: p.field,
      detail: p.detail,
      record: JSON.parse(p.record) as string[],
    }));
    return { items, nextAfterRow: rows.length > input.limit ? (items.at(-1)?.row ?? null) : null };
  },

  'imports.errorsCsv': ({ input, ctx }) => {
    const run = ctx.core.imports.get(input.importId);
    const headers = JSON.parse(run.headers) as string[];
    const rows: string[][] = [];
    let after: number | undefined;
    for (;;) {
      const page = ctx.core.store.leadImports.problems(run.id, 1000, after);
      for (const p of page) {
        const cells = JSON.parse(p.record) as string[];
        rows.push([...headers.map((_, i) => cells[i] ?? ''), String(p.row_number), p.problem, p.detail]);
      }
      if (page.length < 1000) break;
      after = page.at(-1)?.row_number;
    }
    const csv = stringify([[...headers, 'Line', 'Problem', 'Reason'], ...rows], { bom: true, record_delimiter: 'windows' });
    const base = (run.file_name ?? 'leads').replace(/\.[^.]*$/, '');
    return { fileName: `${base}-import-${run.id}-errors.csv`, csv };
  },
});
