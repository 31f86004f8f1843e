// The app's log: the console (stderr) as before, plus rotating files in the user-data folder
// (`logs/` beside the database): main.log up to 1 MB, then main.1.log ... main.4.log, oldest
// dropped. The same files whichever way the app runs: electron-log's main-process logger in
// Electron, its Node logger in the browser mode (`smsdesk serve`). What is written goes through
// redactSecrets first: a credential never reaches a log file (nor, so, an exported diagnostics file).
import { existsSync, renameSync, rmSync } from 'node:fs';
import { join, parse } from 'node:path';
import { inspect } from 'node:util';
import nodeLog from 'electron-log/node';
import { consoleLogger, type Logger } from '../ipc/context.ts';
import { redactSecrets } from '../diagnostics/redact.ts';

export const LOG_FILE = 'main.log';
export const LOG_MAX_BYTES = 1024 * 1024;
/** main.log plus this many archives. */
export const LOG_ARCHIVES = 4;

/** `<folder of the database>/logs`. */
export function logDirFor(dbPath: string): string | null {
  return dbPath === ':memory:' ? null : join(parse(dbPath).dir, 'logs');
}

/** The parts of electron-log's logger this module uses (the main-process and the Node logger alike). */
export interface ElectronLogLike {
  transports: {
    file: {
      level: string | false;
      maxSize: number;
      format: unknown;
      resolvePathFn: (...args: never[]) => string;
      archiveLogFn: (file: { toString(): string }) => void;
      writeOptions?: { flag?: string; mode?: number; encoding?: BufferEncoding };
    };
    console: { level: string | false };
  };
  info(...args: unknown[]): void;
  error(...args: unknown[]): void;
}

function shiftArchives(current: string): void {
  const { dir, name, ext } = parse(current);
  const archive = (n: number): string => join(dir, `${name}.${n}${ext}`);
  rmSync(archive(LOG_ARCHIVES), { force: true });
  for (let n = LOG_ARCHIVES - 1; n >= 1; n--) if (existsSync(archive(n))) renameSync(archive(n), archive(n + 1));
  renameSync(current, archive(1));
}

/** Points an electron-log logger at `dir`/main.log with rotation, 0600 files and no console output of its own. */
export function configureLogFiles(log: ElectronLogLike, dir: string): void {
  const file = log.transports.file;
  file.level = 'info';
  file.maxSize = LOG_MAX_BYTES;
  file.resolvePathFn = () => join(dir, LOG_FILE);
  file.archiveLogFn = (f) => {
    try {
      shiftArchives(f.toString());
    } catch (err) {
      console.error('[smsdesk] could not rotate the log', err);
    }
  };
  file.writeOptions = { flag: 'a', mode: 0o600, encoding: 'utf8' };
  log.transports.console.level = false; // the console gets consoleLogger's lines (stderr), not these
}

function line(message: string, extra: unknown): string {
  const rest = extra === undefined ? '' : ` ${extra instanceof Error ? (extra.stack ?? extra.message) : typeof extra === 'string' ? extra : inspect(extra, { depth: 4, breakLength: Infinity })}`;
  return redactSecrets(`${message}${rest}`);
}

/** A Logger writing to the console and, redacted, to the log files of `log` (configured for `dir`). */
export function fileLogger(dir: string, log: ElectronLogLike = nodeLog.create({ logId: `smsdesk:${dir}` }) as unknown as ElectronLogLike, console: Logger = consoleLogger): Logger {
  configureLogFiles(log, dir);
  return {
    info(message, extra) {
      console.info(message, extra);
      log.info(line(message, extra));
    },
    error(message, extra) {
      console.error(message, extra);
      log.error(line(message, extra));
    },
  };
}
