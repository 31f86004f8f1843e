// A throw-away PostgreSQL cluster for tests and benches: initdb + pg_ctl from Debian's
// postgresql package, in a temp dir, on 127.0.0.1 and a free port. As root, the server tools run
// as the `postgres` user (initdb refuses root). Used by scripts/run-tests.mjs (one cluster for the
// whole run, handed to the test files through SMSDESK_TEST_PG_URL), by test/support/pg.ts when a
// test file runs alone, and by the bench.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The superuser every throw-away cluster is created with (trust auth on loopback only). */
export const PG_SUPERUSER = 'smsdesk';

/** Where the server binaries are: $SMSDESK_PG_BIN, or the newest /usr/lib/postgresql/N/bin. */
export function findPgBin() {
  const fromEnv = process.env.SMSDESK_PG_BIN;
  if (fromEnv) return existsSync(join(fromEnv, 'pg_ctl')) ? fromEnv : null;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
  for (const v of versions) {
    const bin = join(root, v, 'bin');
    if (existsSync(join(bin, 'pg_ctl')) && existsSync(join(bin, 'initdb'))) return bin;
  }
  return null;
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

function asServerUser(bin, tool, args, opts = {}) {
  const cmd = join(bin, tool);
  const [file, argv] = isRoot() ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
  return execFileSync(file, argv, { stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000, ...opts });
}

/**
 * Starts a cluster and resolves to { url, port, dir, bin, stop(), restart(), kill() }.
 * `settings` are extra `-c name=value` server settings.
 */
export async function startPgCluster(options = {}) {
  const bin = options.bin ?? findPgBin();
  if (!bin) throw new Error('PostgreSQL server binaries not found (install Debian\'s postgresql, or set SMSDESK_PG_BIN)');
  const dir = mkdtempSync(join(tmpdir(), 'smsdesk-pg-'));
  chmodSync(dir, 0o777);
  if (isRoot()) execFileSync('chown', ['postgres', dir]);
  const data = join(dir, 'data');
  asServerUser(bin, 'initdb', ['-D', data, '-A', 'trust', '-U', PG_SUPERUSER, '--no-sync', '-E', 'UTF8', '--locale=C']);
  const port = options.port ?? (await freePort());
  const settings = {
    listen_addresses: '127.0.0.1',
    port: String(port),
    unix_socket_directories: dir,
    max_connections: '100',
    ...(options.durable ? {} : { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' }),
    ...options.settings,
  };
  const serverOpts = Object.entries(settings).map(([k, v]) => `-c ${k}=${v}`).join(' ');
  const log = join(dir, 'server.log');
  const start = () => asServerUser(bin, 'pg_ctl', ['-D', data, '-l', log, '-o', serverOpts, '-w', '-t', '30', 'start']);
  start();
  const url = `postgres://${PG_SUPERUSER}@127.0.0.1:${port}/postgres`;
  let running = true;
  const cluster = {
    url,
    port,
    dir,
    bin,
    /** Stops the server (fast shutdown: sessions are cut). */
    stop(mode = 'fast') {
      if (!running) return;
      asServerUser(bin, 'pg_ctl', ['-D', data, '-m', mode, '-w', '-t', '30', 'stop']);
      running = false;
    },
    start() {
      if (running) return;
      start();
      running = true;
    },
    /** Stops and starts again on the same port. */
    restart() {
      cluster.stop('fast');
      cluster.start();
    },
    /** Stops the server and removes its files. */
    destroy() {
      try {
        if (running) asServerUser(bin, 'pg_ctl', ['-D', data, '-m', 'immediate', '-w', '-t', '30', 'stop']);
      } catch {
        // already gone
      }
      running = false;
      rmSync(dir, { recursive: true, force: true });
    },
    get running() {
      return running;
    },
  };
  return cluster;
}

/** Whether the server binaries can run here (as root, the postgres user must exist). */
export function pgAvailable() {
  const bin = findPgBin();
  if (!bin) return { ok: false, reason: 'PostgreSQL server binaries not found in /usr/lib/postgresql/*/bin (install Debian\'s postgresql)' };
  if (isRoot() && spawnSync('id', ['postgres']).status !== 0) return { ok: false, reason: 'running as root but there is no postgres user to run the server as' };
  return { ok: true, bin };
}
