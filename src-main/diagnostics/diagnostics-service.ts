// "Export diagnostics": one file a user can send to support, written to the user-data folder
// (`diagnostics/` beside the database, 0600): versions, the store's health (quick_check, schema
// version, size, backups), the sync state, the settings as the Settings screen shows them, and the
// last lines of the log. Never a credential: the settings carry "configured yes/no" only, every
// line passes redactSecrets, and every stored gateway token (and its Basic-auth form) is cut out
// of the whole file before it is written.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../atomic-file.ts';
import { checkDatabaseFile, listBackups } from '../db/backups.ts';
import type { Clock } from '../clock.ts';
import { redactSecrets } from './redact.ts';

export interface DiagnosticsSources {
  dbPath: string;
  /** Where the log files are (null: none, e.g. ':memory:'). */
  logDir: string | null;
  /** Where exports are written. */
  outDir: string;
  clock: Clock;
  versions: Record<string, string | undefined>;
  schemaVersion: () => number;
  /** The stored credentials, only to make sure none of them is in the file. */
  knownSecrets: () => Promise<string[]>;
}

export interface DiagnosticsContext {
  mode: string;
  sync: unknown;
  settings: unknown;
  /** Gateway account SIDs (for the Basic-auth form of a token). */
  accountSids: string[];
}

/** How much of the newest log lines go in: the last 256 KB. */
const LOG_TAIL_BYTES = 256 * 1024;

function logTail(dir: string | null): { file: string; lines: string[] }[] {
  if (!dir || !existsSync(dir)) return [];
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.log'))
    .map((f) => join(dir, f))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  const out: { file: string; lines: string[] }[] = [];
  let budget = LOG_TAIL_BYTES;
  for (const file of files) {
    if (budget <= 0) break;
    const text = readFileSync(file, 'utf8');
    const tail = text.length > budget ? text.slice(text.length - budget) : text;
    budget -= tail.length;
    out.push({ file, lines: tail.split('\n').filter((l) => l !== '').map(redactSecrets) });
  }
  return out;
}

/** Every form a secret could take in text: as is, URL-encoded, JSON-escaped, inside a Basic-auth header. */
function secretForms(secrets: string[], accountSids: string[]): string[] {
  const forms = new Set<string>();
  for (const s of secrets) {
    if (s.length < 6) continue;
    forms.add(s);
    forms.add(encodeURIComponent(s));
    forms.add(JSON.stringify(s).slice(1, -1));
    for (const sid of accountSids) forms.add(Buffer.from(`${sid}:${s}`).toString('base64'));
  }
  return [...forms].sort((a, b) => b.length - a.length);
}

export class DiagnosticsService {
  constructor(private readonly src: DiagnosticsSources) {}

  /** Builds the report (as text) without writing it. */
  async report(ctx: DiagnosticsContext): Promise<string> {
    const { dbPath } = this.src;
    const file = dbPath !== ':memory:' && existsSync(dbPath) ? statSync(dbPath) : null;
    const report = {
      kind: 'Dealer SMS Desk diagnostics',
      generatedAt: new Date(this.src.clock()).toISOString(),
      versions: this.src.versions,
      platform: { os: process.platform, arch: process.arch },
      mode: ctx.mode,
      database: {
        path: dbPath,
        sizeBytes: file?.size ?? null,
        schemaVersion: this.src.schemaVersion(),
        quickCheck: dbPath === ':memory:' ? 'in memory' : checkDatabaseFile(dbPath, 'quick').join('; ') || 'ok',
        backups: dbPath === ':memory:' ? [] : listBackups(dbPath).map((b) => ({ day: b.day, sizeBytes: b.sizeBytes, path: b.path })),
      },
      sync: ctx.sync,
      settings: ctx.settings,
      log: logTail(this.src.logDir),
    };
    let text = redactSecrets(JSON.stringify(report, null, 2));
    for (const form of secretForms(await this.src.knownSecrets(), ctx.accountSids)) text = text.split(form).join('[redacted]');
    return text;
  }

  /** Writes the report to the diagnostics folder; resolves to where it went. */
  async export(ctx: DiagnosticsContext): Promise<{ path: string; bytes: number }> {
    const text = await this.report(ctx);
    const stamp = new Date(this.src.clock()).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
    const path = join(this.src.outDir, `dealer-sms-desk-diagnostics-${stamp}.json`);
    writeFileAtomic(path, text, 0o600);
    return { path, bytes: Buffer.byteLength(text) };
  }
}
