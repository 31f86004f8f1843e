// `smsdesk start` (npm start): builds the renderer if needed, then runs the Electron app. Where the
// Electron binary cannot be had (no internet access to download it), says so plainly and serves
// the same app to the browser through the loopback web host instead.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CliCommand, CliIo } from './command.ts';
import { parseServeArgs, serveUntilSignal } from './serve-command.ts';
import { rendererBuildNeeded } from './renderer-freshness.ts';
import { electronBinary } from './electron-binary.ts';

const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const require = createRequire(import.meta.url);

const HELP = `Usage: smsdesk start [--db PATH] [--port N] [--no-demo] [--gateway-url URL] [--web]

Starts Dealer SMS Desk: the desktop (Electron) app, or, where the Electron binary is not
available, the same app in your browser (see smsdesk serve). Builds the screens first if needed.

Options:
  --web              skip Electron: serve to the browser straight away
  --db, --port, --no-demo, --memory-secrets, --gateway-url   as for smsdesk serve
  -h, --help         this text

Environment:
  SMSDESK_SKIP_ELECTRON_DOWNLOAD=1   do not try to download the Electron binary when it is missing
  SMSDESK_GATEWAY_URL=URL            as --gateway-url
`;

function run(cmd: string, args: string[], io: CliIo, env: NodeJS.ProcessEnv = process.env): { ok: boolean; detail: string } {
  const r = spawnSync(cmd, args, { cwd: PROJECT_ROOT, encoding: 'utf8', env });
  if (r.stderr) io.stderr.write(r.stderr);
  const detail = r.error ? r.error.message : (r.stderr || r.stdout || '').trim().split('\n').slice(-1)[0] ?? '';
  return { ok: r.status === 0, detail };
}

/** Builds dist/renderer with vite when it is missing or older than its sources. */
function ensureRenderer(io: CliIo): void {
  const why = rendererBuildNeeded(PROJECT_ROOT);
  if (!why) return;
  io.stderr.write(`smsdesk: building the app screens (vite build): ${why}...\n`);
  // vite's package exports do not list its bin file: find it through its package.json.
  const manifest = require.resolve('vite/package.json');
  const vite = join(dirname(manifest), (require(manifest) as { bin: { vite: string } }).bin.vite);
  // The screens npm start and packaging serve are React's production build, whatever NODE_ENV says.
  const r = run(process.execPath, [vite, 'build', '--logLevel', 'warn'], io, { ...process.env, NODE_ENV: 'production' });
  if (!r.ok) throw new Error(`building the renderer failed: ${r.detail}`);
}

/** The first `npm start` downloads Electron (npm install does not, so installs work offline). */
function tryDownloadElectron(io: CliIo): void {
  if (process.env.SMSDESK_SKIP_ELECTRON_DOWNLOAD === '1') return;
  let install: string;
  try {
    install = require.resolve('electron/install.js');
  } catch {
    return;
  }
  io.stderr.write('smsdesk: downloading the Electron binary (first start)...\n');
  const env = { ...process.env };
  delete env.ELECTRON_SKIP_BINARY_DOWNLOAD;
  const r = spawnSync(process.execPath, [install], { cwd: PROJECT_ROOT, encoding: 'utf8', env, timeout: 120_000 });
  if (r.status !== 0) io.stderr.write('smsdesk: the Electron download did not succeed.\n');
}

async function runElectron(binary: string, args: string[], io: CliIo): Promise<number> {
  for (const [script, what] of [
    ['scripts/build-electron.mjs', 'the Electron main and preload bundles'],
    ['scripts/build-electron-native.mjs', 'the SQLite driver for Electron'],
  ] as const) {
    const r = run(process.execPath, [join(PROJECT_ROOT, script)], io);
    if (!r.ok) throw new Error(`building ${what} failed: ${r.detail}`);
  }
  const child = spawn(binary, ['.', ...args], { cwd: PROJECT_ROOT, stdio: 'inherit', env: process.env });
  const stop = (signal: NodeJS.Signals): void => {
    child.kill(signal);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  const code = await new Promise<number>((resolve) => child.on('exit', (c) => resolve(c ?? 1)));
  process.off('SIGINT', stop);
  process.off('SIGTERM', stop);
  io.stderr.write(`smsdesk: the desktop app exited (${code})\n`);
  return code;
}

export const startCommand: CliCommand = {
  summary: 'Start the app (Electron; the browser where Electron is not available)',
  async run(args, io) {
    const web = args.includes('--web');
    const opts = parseServeArgs(args.filter((a) => a !== '--web'));
    if (opts.help) {
      io.stdout.write(HELP);
      return 0;
    }
    ensureRenderer(io);
    if (!web) {
      let electron = electronBinary();
      if ('missing' in electron) {
        tryDownloadElectron(io);
        electron = electronBinary();
      }
      if ('path' in electron) {
        // Paths resolved here: Electron runs from the project folder.
        const passOn = [
          ...(args.some((a) => a === '--db' || a.startsWith('--db=')) ? ['--db', opts.db] : []),
          ...(opts.demo ? [] : ['--no-demo']),
          ...(opts.gatewayUrl ? ['--gateway-url', opts.gatewayUrl] : []),
        ];
        return runElectron(electron.path, passOn, io);
      }
      io.stdout.write('Electron binary not available (no internet access to download it); serving the same app in your browser instead:\n');
    }
    return serveUntilSignal(opts, io, (host) => {
      io.stderr.write(`\n  Open ${host.url}\n  (Ctrl+C stops it.)\n\n`);
    });
  },
};
