// `smsdesk import leads FILE --account CODE [--mapping JSON] [--opt-in-default yes|no] [--db PATH]`:
// a bulk lead import from the command line, the same import as the app's (R10), streamed from the
// file. Prints progress to stderr and one JSON summary line on stdout; exit 0 when it completed
// (invalid rows are listed, not fatal), 1 when it failed.
import { createReadStream, statSync, openSync, readSync, closeSync } from 'node:fs';
import { basename } from 'node:path';
import { forEachFlag } from './flags.ts';
import { UsageError, type CliCommand } from './command.ts';
import { accountByCode, openOfflineCore } from './offline-core.ts';
import { IMPORT_FIELDS, parseOptIn, type ImportField, type ImportMapping } from '../../shared/domain/lead-import.ts';
import type { ImportSource } from '../imports/lead-import-service.ts';

const HELP = `Usage: smsdesk import leads FILE --account CODE [--mapping JSON] [--opt-in-default yes|no] [--db PATH]

Imports leads from a CSV file into one dealer account, as the app's Import leads screen does:
existing customers (same mobile or email) become leads of the account, never duplicates;
"Opt in to future marketing communication" off records an opt-out of SMS and email (source
import); invalid rows are listed with the reason; a re-run of the same file imports nothing
twice (with a lead id column). Common headers are matched to fields automatically.

Options:
  --account CODE        the dealer account's code (required)
  --mapping JSON        columns for fields, by header or 0-based index, e.g.
                        '{"mobile":"Cell","firstName":"Given","optIn":"Marketing OK"}'
                        fields: ${IMPORT_FIELDS.join(', ')}
  --opt-in-default V    yes|no: the opt-in of rows without a value (default: such rows are refused;
                        without an opt-in column this is required)
  --db PATH             the desk database (default: the app's)
  -h, --help            this text
`;

interface ImportArgs {
  file: string | null;
  account: string | null;
  mapping: Record<string, string | number> | null;
  optInDefault: boolean | null;
  db: string | null;
  help: boolean;
}

export function parseImportArgs(args: string[]): ImportArgs {
  const out: ImportArgs = { file: null, account: null, mapping: null, optInDefault: null, db: null, help: false };
  const [what, ...rest] = args;
  if (what === '--help' || what === '-h' || what === undefined) return { ...out, help: true };
  if (what !== 'leads') throw new UsageError(`unknown import '${what}' (smsdesk import leads FILE ...)`);
  const positional: string[] = [];
  const flags: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i] as string;
    if (a.startsWith('-')) {
      flags.push(a);
      if (!a.includes('=') && !['--help', '-h'].includes(a) && rest[i + 1] !== undefined) flags.push(rest[++i] as string);
    } else positional.push(a);
  }
  forEachFlag(flags, (flag, value) => {
    switch (flag) {
      case '--account':
        out.account = value();
        break;
      case '--mapping': {
        let parsed: unknown;
        try {
          parsed = JSON.parse(value());
        } catch {
          throw new UsageError('--mapping must be JSON, e.g. \'{"mobile":"Cell"}\'');
        }
        if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new UsageError('--mapping must be a JSON object of field: column');
        for (const [k, v] of Object.entries(parsed)) {
          if (!(IMPORT_FIELDS as readonly string[]).includes(k)) throw new UsageError(`--mapping: unknown field '${k}' (fields: ${IMPORT_FIELDS.join(', ')})`);
          if (typeof v !== 'string' && typeof v !== 'number') throw new UsageError(`--mapping: the column of ${k} must be a header or an index`);
        }
        out.mapping = parsed as Record<string, string | number>;
        break;
      }
      case '--opt-in-default': {
        const v = parseOptIn(value());
        if (typeof v !== 'boolean') throw new UsageError('--opt-in-default must be yes or no');
        out.optInDefault = v;
        break;
      }
      case '--db':
        out.db = value();
        break;
      case '--help':
      case '-h':
        out.help = true;
        break;
      default:
        throw new UsageError(`unknown option '${flag}' (try --help)`);
    }
  });
  if (out.help) return out;
  if (positional.length !== 1) throw new UsageError('give one CSV file: smsdesk import leads FILE --account CODE');
  out.file = positional[0] as string;
  if (!out.account) throw new UsageError('--account CODE is required');
  return out;
}

/** Header names or indexes -> column indexes. */
function resolveMapping(given: Record<string, string | number>, headers: readonly string[]): ImportMapping {
  const mapping: ImportMapping = {};
  for (const [field, col] of Object.entries(given)) {
    const i = typeof col === 'number' ? col : headers.findIndex((h) => h.trim().toLowerCase() === col.trim().toLowerCase());
    if (i < 0 || i >= headers.length) throw new UsageError(`--mapping: no column '${col}' in the file (headers: ${headers.join(', ')})`);
    mapping[field as ImportField] = i;
  }
  return mapping;
}

function head(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(64 * 1024);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return buf.subarray(0, n).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

export const importCommand: CliCommand = {
  summary: 'Import leads from a CSV file into a dealer account (R10 opt-in flag)',
  async run(args, io) {
    const opts = parseImportArgs(args);
    if (opts.help || !opts.file || !opts.account) {
      io.stdout.write(HELP);
      return 0;
    }
    let size: number;
    try {
      size = statSync(opts.file).size;
    } catch {
      throw new UsageError(`cannot read ${opts.file}`);
    }
    const desk = openOfflineCore(opts.db);
    try {
      const account = accountByCode(desk.core, opts.account);
      const start = head(opts.file);
      const preview = await desk.core.imports.preview(start, 0);
      const mapping = opts.mapping ? { ...preview.mapping, ...resolveMapping(opts.mapping, preview.headers) } : preview.mapping;
      const source: ImportSource = { stream: createReadStream(opts.file), totalBytes: size, head: start, fileName: basename(opts.file) };
      let shown = -1;
      const run = await desk.core.imports.run(
        source,
        { dealerAccountId: account.id, mapping, optInDefault: opts.optInDefault, actor: `cli (${process.env.USER ?? 'unknown'})` },
        {
          onProgress: (p) => {
            const pct = Math.floor(p.fraction * 100);
            if (pct !== shown) {
              shown = pct;
              io.stderr.write(`smsdesk import: ${pct}% · ${p.counts.rowsRead} rows\n`);
            }
          },
        },
      );
      const problems = desk.core.store.leadImports.problems(run.id, 20);
      for (const p of problems) io.stderr.write(`  line ${p.row_number}: ${p.detail}\n`);
      if (run.invalid > problems.length) io.stderr.write(`  … and ${run.invalid - problems.length} more invalid rows\n`);
      io.stdout.write(
        `${JSON.stringify({
          importId: run.id,
          account: account.code,
          status: run.status,
          rows: run.rows_read,
          created: run.created,
          attached: run.attached,
          unchanged: run.unchanged,
          invalid: run.invalid,
          optedOut: run.opted_out,
          ...(run.error ? { error: run.error } : {}),
        })}\n`,
      );
      return run.status === 'done' ? 0 : 1;
    } finally {
      desk.close();
    }
  },
};
