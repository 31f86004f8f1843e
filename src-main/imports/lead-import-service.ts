// Bulk lead import (issue 12, R10): a CSV of leads for one dealer account, parsed as a stream in
// the main process. Columns are mapped to fields (common headers matched automatically); each row
// is checked (a name; a mobile that is a valid Australian mobile, not a landline; a well-formed
// email; a way to reach them; an opt-in value we understand) and either refused with its reason
// or imported: an existing customer (found by mobile, then email) is made a lead of the account,
// never duplicated (R2); a new one is created. "Opt in to future marketing communication" off
// records the opt-out of SMS and email with source `import`, naming the import and the row (R10).
// Rows commit in batches, with the import's counters in the same transaction: nothing is
// half-imported, a cancel stops between batches, and a re-run of the same file (its lead id
// column) imports nothing twice.
import { Readable } from 'node:stream';
import type { Clock } from '../clock.ts';
import type { Store } from '../db/store.ts';
import type { ImportCounts, LeadImportRow } from '../db/repos/lead-imports-repo.ts';
import type { ConsentService } from '../consent/consent-service.ts';
import { invalidInput, notFound } from '../app-error.ts';
import { normaliseAuMobile, PhoneNumberError } from '../../shared/phone.ts';
import {
  IMPORT_FIELD_LABELS,
  parseOptIn,
  splitFullName,
  suggestMapping,
  type ImportField,
  type ImportMapping,
  type ImportProblem,
  type ImportStatus,
} from '../../shared/domain/lead-import.ts';
import { csvRecords, sniffDelimiter, type CsvRecord } from './csv-rows.ts';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DEFAULT_BATCH = 500;

export interface ImportPreview {
  headers: string[];
  /** The first rows after the header, as read. */
  rows: string[][];
  mapping: ImportMapping;
  delimiter: string;
}

export interface ImportSource {
  /** The file's bytes (or pasted text), streamed. */
  stream: Readable;
  /** Its size in bytes, for the progress fraction. */
  totalBytes: number;
  /** The first bytes, to sniff the delimiter. */
  head: string;
  fileName: string | null;
}

export interface ImportOptions {
  dealerAccountId: number;
  /** field -> column index; fields not given are not read. Default: suggested from the headers. */
  mapping?: ImportMapping;
  /** The opt-in of a row without a value (or of every row when no column is mapped); null: such a row is refused. */
  optInDefault: boolean | null;
  actor: string;
  batchSize?: number;
}

export interface ImportProgress {
  importId: number;
  status: ImportStatus;
  /** 0..1 of the source read. */
  fraction: number;
  counts: ImportCounts;
}

export interface ImportHooks {
  /** Called with the import's id once its run is recorded (before any row). */
  onStart?(importId: number): void;
  /** After each committed batch, and at the end. */
  onProgress?(p: ImportProgress): void;
  /** Aborted: the import stops after the batch it is in and is recorded as cancelled. */
  signal?: AbortSignal;
}

/** Why a row cannot be imported. */
interface RowProblem {
  problem: ImportProblem;
  field: ImportField | null;
  detail: string;
}

/** A row ready to import. */
interface GoodRow {
  line: number;
  externalId: string | null;
  firstName: string;
  lastName: string;
  mobile: string | null;
  email: string | null;
  optIn: boolean;
}

/** Text (a paste, or a file read by the renderer) as an import source. */
export function textSource(text: string, fileName: string | null = null): ImportSource {
  const bytes = Buffer.from(text, 'utf8');
  return { stream: Readable.from([bytes]), totalBytes: bytes.length, head: text.slice(0, 4096), fileName };
}

export class LeadImportService {
  constructor(
    private readonly store: Store,
    private readonly consent: ConsentService,
    private readonly clock: Clock,
  ) {}

  /** The header row, the first rows and the suggested mapping of the start of a file. */
  async preview(text: string, rows = 10): Promise<ImportPreview> {
    const delimiter = sniffDelimiter(text);
    const records: string[][] = [];
    try {
      for await (const r of csvRecords(Readable.from([Buffer.from(text, 'utf8')]), delimiter)) {
        records.push(r.cells);
        if (records.length > rows) break;
      }
    } catch (err) {
      // The start of a longer file may end inside a quoted field: what was read is the preview.
      if (records.length === 0) throw invalidInput(`This does not read as a CSV file: ${err instanceof Error ? err.message : String(err)}`);
    }
    const [headers = [], ...rest] = records;
    if (headers.length === 0) throw invalidInput('The file is empty: it needs a header row and at least one lead.');
    return { headers, rows: rest, mapping: suggestMapping(headers), delimiter };
  }

  get(importId: number): LeadImportRow {
    const row = this.store.leadImports.get(importId);
    if (!row) throw notFound(`Import ${importId}`);
    return row;
  }

  /** Runs an import to its end (done, cancelled or failed) and answers its record. */
  async run(source: ImportSource, options: ImportOptions, hooks: ImportHooks = {}): Promise<LeadImportRow> {
    const { store } = this;
    const account = store.accounts.account(options.dealerAccountId);
    if (!account) throw notFound(`Dealer account ${options.dealerAccountId}`);
    if (account.archived_at !== null) throw invalidInput(`${account.name} is archived: restore it in Settings to add leads to it.`, { field: 'dealerAccountId' });
    const actor = options.actor.trim();
    if (!actor) throw invalidInput('The person importing must be named.', { field: 'actor' });
    const batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH);
    const records = csvRecords(source.stream, sniffDelimiter(source.head))[Symbol.asyncIterator]();

    const first = await records.next();
    if (first.done) throw invalidInput('The file is empty: it needs a header row and at least one lead.');
    const headers = first.value.cells;
    const mapping = options.mapping ?? suggestMapping(headers);
    checkMapping(mapping, headers, options.optInDefault);

    const importId = store.leadImports.start(
      { dealerAccountId: account.id, fileName: source.fileName, actor, headers, mapping, optInDefault: options.optInDefault },
      this.clock(),
    );
    hooks.onStart?.(importId);
    const counts: ImportCounts = { rowsRead: 0, created: 0, attached: 0, unchanged: 0, invalid: 0, optedOut: 0 };
    let bytes = first.value.bytes;
    const progress = (status: ImportStatus) =>
      hooks.onProgress?.({ importId, status, fraction: source.totalBytes > 0 ? Math.min(1, bytes / source.totalBytes) : 1, counts: { ...counts } });

    let batch: CsvRecord[] = [];
    const commit = () => {
      const rows = batch;
      batch = [];
      store.transaction(() => {
        for (const r of rows) this.#importRow(importId, account.id, r, mapping, options.optInDefault, actor, counts);
        store.leadImports.setCounts(importId, counts);
      });
      bytes = rows.at(-1)?.bytes ?? bytes;
      progress('running');
    };
    try {
      for (;;) {
        if (hooks.signal?.aborted) break;
        const next = await records.next();
        if (next.done) break;
        batch.push(next.value);
        if (batch.length >= batchSize) {
          commit();
          // Let other work (IPC calls, the poller) run between batches.
          await new Promise((resolve) => setImmediate(resolve));
        }
      }
      if (!hooks.signal?.aborted && batch.length > 0) commit();
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      store.leadImports.finish(importId, 'failed', this.clock(), message);
      await records.return?.(undefined);
      progress('failed');
      return this.get(importId);
    }
    const status = hooks.signal?.aborted ? 'cancelled' : 'done';
    if (status === 'done') bytes = source.totalBytes;
    await records.return?.(undefined);
    store.leadImports.finish(importId, status, this.clock());
    progress(status);
    return this.get(importId);
  }

  /** One row: refused with its reason, or imported (created, attached or unchanged), inside the batch's transaction. */
  #importRow(
    importId: number,
    accountId: number,
    r: CsvRecord,
    mapping: ImportMapping,
    optInDefault: boolean | null,
    actor: string,
    counts: ImportCounts,
  ): void {
    const { store } = this;
    counts.rowsRead++;
    const checked = readRow(r, mapping, optInDefault);
    if ('problem' in checked) {
      store.leadImports.addProblem(importId, r.line, checked.problem, checked.field, checked.detail, r.cells);
      counts.invalid++;
      return;
    }
    if (checked.externalId !== null && store.leadImports.key(accountId, checked.externalId)) {
      counts.unchanged++;
      return;
    }
    const now = this.clock();
    const existing =
      (checked.mobile ? store.customers.byMobile(checked.mobile)[0] : undefined) ??
      (checked.email ? store.customers.byEmail(checked.email)[0] : undefined);
    let customerId: number;
    if (existing) {
      customerId = existing.id;
      if (store.customers.isLeadOf(customerId, accountId)) {
        // Already this dealer's lead: its consent is left as it is (an import never overwrites it).
        counts.unchanged++;
      } else {
        store.customers.addLead(customerId, accountId, 'import', now);
        this.consent.applyImportFlag(accountId, customerId, checked.optIn, actor, { importId, row: r.line });
        counts.attached++;
        if (!checked.optIn) counts.optedOut++;
      }
    } else {
      customerId = store.customers.insert(
        { firstName: checked.firstName, lastName: checked.lastName, mobile: checked.mobile, email: checked.email },
        now,
        actor,
      );
      store.customers.addLead(customerId, accountId, 'import', now);
      this.consent.applyImportFlag(accountId, customerId, checked.optIn, actor, { importId, row: r.line });
      counts.created++;
      if (!checked.optIn) counts.optedOut++;
    }
    if (checked.externalId !== null) store.leadImports.addKey(accountId, checked.externalId, customerId, importId, r.line);
  }
}

/** The mapping must name who (a name column), how to reach them (mobile or email) and the opt-in (a column or a default). */
export function checkMapping(mapping: ImportMapping, headers: readonly string[], optInDefault: boolean | null): void {
  for (const [field, col] of Object.entries(mapping)) {
    if (col === undefined) continue;
    if (!Number.isInteger(col) || col < 0 || col >= headers.length) {
      throw invalidInput(`The column for ${IMPORT_FIELD_LABELS[field as ImportField]} is not in the file (it has ${headers.length} columns).`, { field: 'mapping' });
    }
  }
  if (mapping.firstName === undefined && mapping.lastName === undefined && mapping.fullName === undefined) {
    throw invalidInput('Choose the column with the first name, last name or full name.', { field: 'mapping' });
  }
  if (mapping.mobile === undefined && mapping.email === undefined) throw invalidInput('Choose the column with the mobile or the email.', { field: 'mapping' });
  if (mapping.optIn === undefined && optInDefault === null) {
    throw invalidInput('Choose the "Opt in to future marketing communication" column, or say what it is for every row.', { field: 'optIn' });
  }
}

function readRow(r: CsvRecord, mapping: ImportMapping, optInDefault: boolean | null): GoodRow | RowProblem {
  const cell = (f: ImportField): string => {
    const i = mapping[f];
    return i === undefined ? '' : (r.cells[i] ?? '').trim();
  };
  let firstName = cell('firstName');
  let lastName = cell('lastName');
  if (!firstName && !lastName && cell('fullName')) ({ firstName, lastName } = splitFullName(cell('fullName')));
  if (!firstName && !lastName) return { problem: 'missing_name', field: 'firstName', detail: 'No name: a lead needs a first or last name.' };
  if (firstName.length > 100 || lastName.length > 100) return { problem: 'missing_name', field: 'firstName', detail: 'The name is longer than 100 characters.' };

  const mobileText = cell('mobile');
  let mobile: string | null = null;
  if (mobileText) {
    try {
      mobile = normaliseAuMobile(mobileText);
    } catch (err) {
      if (!(err instanceof PhoneNumberError)) throw err;
      return { problem: err.code === 'not_mobile' ? 'not_mobile' : 'invalid_mobile', field: 'mobile', detail: `${err.message}.` };
    }
  }
  const email = cell('email') || null;
  if (email && (!EMAIL.test(email) || email.length > 320)) return { problem: 'invalid_email', field: 'email', detail: `"${email}" is not an email address.` };
  if (!mobile && !email) return { problem: 'no_contact', field: 'mobile', detail: 'No mobile and no email: there is no way to contact this lead.' };

  let optIn: boolean | null = null;
  if (mapping.optIn !== undefined) {
    const value = parseOptIn(cell('optIn'));
    if (value === undefined) {
      return { problem: 'invalid_opt_in', field: 'optIn', detail: `"${cell('optIn')}" is not a yes or no for "Opt in to future marketing communication".` };
    }
    optIn = value;
  }
  optIn ??= optInDefault;
  if (optIn === null) return { problem: 'missing_opt_in', field: 'optIn', detail: '"Opt in to future marketing communication" is empty and the import has no default for it.' };
  const externalId = cell('externalId') || null;
  return { line: r.line, externalId, firstName, lastName, mobile, email, optIn };
}
