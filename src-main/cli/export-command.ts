// `smsdesk export consent|blocked|unsubscribes|sms|evidence [--from DAY] [--to DAY] [--account CODE]
// [--customer ID] [--out FILE] [--db PATH] [--tz ZONE]`: the compliance exports as CSV, streamed to
// a file or stdout in bounded memory.
import { createWriteStream } from 'node:fs';
import { hostname } from 'node:os';
import { forEachFlag } from './flags.ts';
import { UsageError, type CliCommand } from './command.ts';
import { accountByCode, openOfflineCore } from './offline-core.ts';
import { EXPORT_KINDS, exportFileName, writeExport, type ExportKind, type ExportRequest } from '../reports/csv-export.ts';
import { zonedDayStart } from '../reports/iso-time.ts';
import { MESSAGE_STATUS_GROUPS, MESSAGE_STATUS_GROUP_NAMES, type MessageStatusGroup } from '../../shared/domain/message-status.ts';
import type { MessageStatus } from '../../shared/domain/types.ts';

const HELP = `Usage: smsdesk export KIND [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--account CODE] [--out FILE] [--db PATH] [--tz ZONE]

Writes a compliance export as CSV (UTF-8 with a byte-order mark, for spreadsheets), streamed:
  consent        the consent register: one row per consent event (account, customer, channel,
                 change, source and keyword, who, desk, when, the reply that caused it and its
                 attribution rule and reason)
  blocked        blocked attempts (opted out, refused by the gateway, held for review)
  unsubscribes   each opt-out: received, effective, time taken, first blocked attempt after it
  sms            the SMS list (--status GROUP repeatable: queued sent delivered failed blocked inbound;
                 --text WORDS)
  evidence       one customer's consent evidence pack (--customer ID): every consent event with the
                 reply that caused it, and every review decision

Options:
  --from DAY, --to DAY   a date range, both days included, in the desk's time zone
  --account CODE         one dealer account
  --customer ID          the customer (evidence)
  --out FILE             the file to write (default: stdout)
  --db PATH              the desk database (default: the app's)
  --tz ZONE              the time zone for days and times (default: this computer's)
  -h, --help             this text
`;


export const exportCommand: CliCommand = {
  summary: 'Export the consent register, blocked attempts, unsubscribes, the SMS list or an evidence pack as CSV',
  async run(args, io) {
    const [kind, ...rest] = args;
    if (!kind || kind === '--help' || kind === '-h') {
      io.stdout.write(HELP);
      return kind ? 0 : 2;
    }
    if (!(EXPORT_KINDS as readonly string[]).includes(kind)) throw new UsageError(`unknown export '${kind}' (${EXPORT_KINDS.join(', ')})`);
    let from: string | null = null;
    let to: string | null = null;
    let account: string | null = null;
    let customer: number | null = null;
    let out: string | null = null;
    let db: string | null = null;
    let tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const statuses: MessageStatus[] = [];
    let text = '';
    forEachFlag(rest, (flag, value) => {
      switch (flag) {
        case '--from': from = value(); break;
        case '--to': to = value(); break;
        case '--account': account = value(); break;
        case '--customer': {
          const v = Number(value());
          if (!Number.isInteger(v) || v <= 0) throw new UsageError('--customer must be a customer id');
          customer = v;
          break;
        }
        case '--out': out = value(); break;
        case '--db': db = value(); break;
        case '--tz': tz = value(); break;
        case '--status': {
          const g = value();
          if (!(MESSAGE_STATUS_GROUP_NAMES as string[]).includes(g)) throw new UsageError(`--status must be one of ${MESSAGE_STATUS_GROUP_NAMES.join(', ')}`);
          statuses.push(...MESSAGE_STATUS_GROUPS[g as MessageStatusGroup]);
          break;
        }
        case '--text': text = value(); break;
        default: throw new UsageError(`unknown option '${flag}' (try --help)`);
      }
    });
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
    } catch {
      throw new UsageError(`--tz: unknown time zone '${tz}'`);
    }
    const day = (v: string | null, flag: string, plus: number): number | undefined => {
      if (v === null) return undefined;
      const ms = zonedDayStart(v, tz, plus);
      if (ms === null) throw new UsageError(`${flag} must be a day, YYYY-MM-DD`);
      return ms;
    };
    const req: ExportRequest = { kind: kind as ExportKind };
    const fromMs = day(from, '--from', 0);
    const toMs = day(to, '--to', 1);
    if (fromMs !== undefined) req.from = fromMs;
    if (toMs !== undefined) req.to = toMs;
    if (kind === 'evidence') {
      if (customer === null) throw new UsageError('evidence needs --customer ID');
      req.customerId = customer;
    }
    if (statuses.length) req.statuses = statuses;
    if (text) req.text = text;
    const desk = openOfflineCore(db);
    try {
      if (account !== null) req.dealerAccountId = accountByCode(desk.core, account).id;
      const stream = out ? createWriteStream(out) : io.stdout;
      const { rows } = await writeExport(req, { store: desk.core.store, timeZone: tz, desk: hostname() }, stream, { end: out !== null });
      io.stderr.write(`smsdesk export: ${rows} rows${out ? ` written to ${out}` : ''} (${exportFileName(req, tz)})\n`);
      return 0;
    } finally {
      desk.close();
    }
  },
};
