// `smsdesk db check|backup|restore|set-aside`: the store's health and its backups, for admins
// and for the person the "database is damaged" message sends here. Run them while the app is not
// running on that database (restore and set-aside move files).
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { forEachFlag } from './flags.ts';
import { UsageError, type CliCommand, type CliIo } from './command.ts';
import { defaultDbPath } from '../app/paths.ts';
import { systemClock } from '../clock.ts';
import { openDatabase } from '../db/open-database.ts';
import { acquireInstanceLock, DatabaseInUseError, type InstanceLock } from '../db/instance-lock.ts';
import { backupDir, backupNow, backupTo, checkDatabaseFile, listBackups, restoreBackup, setAside, BACKUPS_KEPT } from '../db/backups.ts';

const HELP = `Usage: smsdesk db <check|backup|restore|set-aside> [--db PATH] [options]

  check       full integrity check of the database (PRAGMA integrity_check); lists its backups.
              Exit 0 when healthy, 1 when damaged.
  backup      takes a backup now with SQLite's online backup API (safe while the app runs):
              today's in the backups folder (the newest ${BACKUPS_KEPT} are kept), or --to FILE.
  restore     puts a backup in place of the database: the newest automatic one, or --from FILE.
              The backup is checked first; the current file (and its -wal/-shm) is moved aside as
              <file>.before-restore-<time>, never deleted. Quit the app first.
  set-aside   moves a damaged database (and its -wal/-shm) aside as <file>.damaged-<time>, so the
              next start makes a new, empty store. Quit the app first.

The app takes a backup by itself once a day (UTC) while it runs, into backups/ beside the database.

Options:
  --db PATH     the database (default ${defaultDbPath()})
  --to FILE     backup: write the backup to FILE instead
  --from FILE   restore: restore FILE instead of the newest automatic backup
  -h, --help    this text
`;

interface DbArgs {
  action: string | null;
  db: string;
  to: string | null;
  from: string | null;
  help: boolean;
}

function parse(args: string[]): DbArgs {
  const out: DbArgs = { action: null, db: defaultDbPath(), to: null, from: null, help: false };
  const rest: string[] = [];
  forEachFlag(args, (flag, value) => {
    switch (flag) {
      case '--db':
        out.db = resolve(nonEmpty(flag, value()));
        break;
      case '--to':
        out.to = resolve(nonEmpty(flag, value()));
        break;
      case '--from':
        out.from = resolve(nonEmpty(flag, value()));
        break;
      case '--help':
      case '-h':
        out.help = true;
        break;
      default:
        if (flag.startsWith('-')) throw new UsageError(`unknown option '${flag}' (try --help)`);
        rest.push(flag);
    }
  });
  if (rest.length > 1) throw new UsageError(`one action at a time, got: ${rest.join(' ')}`);
  out.action = rest[0] ?? null;
  return out;
}

/** Moves files only while no app (or other command) has the database open: the single-instance lock (issue 14). */
function whileNobodyElse(dbPath: string, command: string, io: { stderr: { write(s: string): unknown } }, fn: () => number): number {
  let lock: InstanceLock;
  try {
    lock = acquireInstanceLock(dbPath, { command });
  } catch (err) {
    if (!(err instanceof DatabaseInUseError)) throw err;
    io.stderr.write(`${command}: ${err.message}\n`);
    return 1;
  }
  try {
    return fn();
  } finally {
    lock.release();
  }
}

function nonEmpty(flag: string, v: string): string {
  if (!v) throw new UsageError(`${flag} must not be empty`);
  return v;
}

function describeBackups(dbPath: string): string {
  const list = listBackups(dbPath);
  if (list.length === 0) return `No backups in ${backupDir(dbPath)}.\n`;
  return `Backups in ${backupDir(dbPath)} (newest first):\n${list.map((b) => `  ${b.day}  ${(b.sizeBytes / 1024).toFixed(0)} KB  ${b.path}\n`).join('')}`;
}

async function run(a: DbArgs, io: CliIo): Promise<number> {
  switch (a.action) {
    case 'check': {
      if (!existsSync(a.db)) {
        io.stderr.write(`smsdesk db check: ${a.db} does not exist\n`);
        return 1;
      }
      const problems = checkDatabaseFile(a.db, 'full');
      if (problems.length === 0) io.stdout.write(`${a.db}: ok (integrity_check)\n`);
      else io.stdout.write(`${a.db}: DAMAGED (${problems.length}${problems.length >= 100 ? '+' : ''} problem(s)):\n${problems.slice(0, 10).map((p) => `  ${p}\n`).join('')}`);
      io.stdout.write(describeBackups(a.db));
      if (problems.length > 0) {
        io.stdout.write(`To go on: npx smsdesk db restore --db "${a.db}"  (or: npx smsdesk db set-aside --db "${a.db}" for a new store)\n`);
      }
      return problems.length === 0 ? 0 : 1;
    }
    case 'backup': {
      if (!existsSync(a.db)) {
        io.stderr.write(`smsdesk db backup: ${a.db} does not exist\n`);
        return 1;
      }
      // Opening checks the file first: a damaged database is not backed up over a good backup.
      const db = openDatabase(a.db);
      try {
        if (a.to) {
          await backupTo(db, a.to);
          io.stdout.write(`backup written: ${a.to}\n`);
        } else {
          const b = await backupNow(db, a.db, systemClock);
          io.stdout.write(`backup written: ${b.path}\n`);
        }
      } finally {
        db.close();
      }
      return 0;
    }
    case 'restore': {
      const from = a.from ?? listBackups(a.db)[0]?.path;
      if (!from) {
        io.stderr.write(`smsdesk db restore: no automatic backup in ${backupDir(a.db)}; give one with --from FILE\n`);
        return 1;
      }
      return whileNobodyElse(a.db, 'smsdesk db restore', io, () => {
        const r = restoreBackup(a.db, from, systemClock);
        io.stdout.write(`restored ${a.db} from ${r.restoredFrom}\n`);
        if (r.setAsideAs) io.stdout.write(`the file that was there is kept as ${r.setAsideAs}\n`);
        return 0;
      });
    }
    case 'set-aside': {
      return whileNobodyElse(a.db, 'smsdesk db set-aside', io, () => {
        const moved = setAside(a.db, systemClock, 'damaged');
        if (!moved) {
          io.stderr.write(`smsdesk db set-aside: ${a.db} does not exist\n`);
          return 1;
        }
        io.stdout.write(`${a.db} moved aside as ${moved}; the next start makes a new, empty store\n`);
        return 0;
      });
    }
    case null:
      throw new UsageError('which action? check, backup, restore or set-aside (try --help)');
    default:
      throw new UsageError(`unknown action '${a.action}': check, backup, restore or set-aside`);
  }
}

export const dbCommand: CliCommand = {
  summary: 'Check, back up or restore the database (check|backup|restore|set-aside)',
  async run(args, io) {
    const a = parse(args);
    if (a.help) {
      io.stdout.write(HELP);
      return 0;
    }
    return run(a, io);
  },
};
