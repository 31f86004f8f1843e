// `smsdesk serve`: the app in a browser, on 127.0.0.1 with a per-run secret token. Prints one JSON
// line {"url","port","token"} on stdout, then serves until SIGINT/SIGTERM.
import { dirname, join, resolve } from 'node:path';
import { forEachFlag, GATEWAY_URL_ENV, parseGatewayUrl, parsePort } from './flags.ts';
import { UsageError, type CliCommand, type CliIo } from './command.ts';
import { startWebHost, type RunningWebHost } from '../app/start-web-host.ts';
import { defaultDbPath } from '../app/paths.ts';
import { EncryptedFileSecretStore, KeyFileCipher, MemorySecretStore, type SecretStore } from '../app/secret-store.ts';

const HELP = `Usage: smsdesk serve [--db PATH] [--port N] [--no-demo] [--memory-secrets] [--gateway-url URL]

Serves Dealer SMS Desk to your browser on 127.0.0.1 only, and prints one JSON line:
  {"url":"http://127.0.0.1:PORT/#token=...","port":PORT,"token":"..."}
Open the URL: the token (new on every run) is required for every request.

With no Twilio credentials stored, a new database starts in demo mode: a built-in gateway
simulator with demo dealers, customers and replies.

One desk at a time may have a database open: a second one (this command, smsdesk start or the
desktop app) on the same file is refused and told which process has it.

Options:
  --db PATH          the database file (default ${defaultDbPath()}; ':memory:' for a throwaway)
  --port N           port to listen on (default 0: a free port)
  --no-demo          never start the demo gateway or seed demo data
  --memory-secrets   keep gateway credentials in memory only (default: encrypted file beside the database)
  --gateway-url URL  send live Twilio accounts' requests to this Twilio-compatible server instead of
                     https://api.twilio.com (staging, tests; e.g. smsdesk sim). Default: $${GATEWAY_URL_ENV}
                     when set. Credentials stay in the credential store, never in the URL.
  -h, --help         this text
`;

export interface ServeArgs {
  db: string;
  port: number;
  demo: boolean;
  memorySecrets: boolean;
  /** A Twilio-compatible server for live accounts (null: Twilio itself). */
  gatewayUrl: string | null;
  help: boolean;
}

export function parseServeArgs(args: string[], env: NodeJS.ProcessEnv = process.env): ServeArgs {
  const fromEnv = env[GATEWAY_URL_ENV]?.trim();
  const out: ServeArgs = {
    db: defaultDbPath(),
    port: 0,
    demo: true,
    memorySecrets: false,
    gatewayUrl: fromEnv ? parseGatewayUrl(fromEnv, GATEWAY_URL_ENV) : null,
    help: false,
  };
  forEachFlag(args, (flag, value) => {
    switch (flag) {
      case '--db': {
        const v = value();
        if (!v) throw new UsageError('--db must not be empty');
        out.db = v === ':memory:' ? v : resolve(v);
        break;
      }
      case '--port':
        out.port = parsePort(value());
        break;
      case '--no-demo':
        out.demo = false;
        break;
      case '--memory-secrets':
        out.memorySecrets = true;
        break;
      case '--gateway-url':
        out.gatewayUrl = parseGatewayUrl(value());
        break;
      case '--help':
      case '-h':
        out.help = true;
        break;
      default:
        throw new UsageError(`unknown option '${flag}' (try --help)`);
    }
  });
  return out;
}

export function secretStoreFor(dbPath: string, memoryOnly: boolean): SecretStore {
  if (memoryOnly || dbPath === ':memory:') return new MemorySecretStore();
  const dir = dirname(dbPath);
  return new EncryptedFileSecretStore(join(dir, 'secrets.json'), new KeyFileCipher(join(dir, 'secret.key')));
}

/** Resolves when the process is asked to stop. */
export function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolveSignal) => {
    const onSignal = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolveSignal(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

/** Starts the web host, prints the JSON line, serves until a signal. */
export async function serveUntilSignal(opts: ServeArgs, io: CliIo, before?: (host: RunningWebHost) => void): Promise<number> {
  const stopped = untilSignal();
  const host = await startWebHost({
    dbPath: opts.db,
    port: opts.port,
    demo: opts.demo ? 'auto' : false,
    secrets: secretStoreFor(opts.db, opts.memorySecrets),
    ...(opts.gatewayUrl ? { gatewayBaseUrl: opts.gatewayUrl } : {}),
  });
  before?.(host);
  io.stdout.write(`${JSON.stringify({ url: host.url, port: host.port, token: host.token })}\n`);
  const signal = await stopped;
  await host.close();
  io.stderr.write(`smsdesk: stopped (${signal})\n`);
  return 0;
}

export const serveCommand: CliCommand = {
  summary: 'Serve the app to your browser on 127.0.0.1 (per-run token)',
  async run(args, io) {
    const opts = parseServeArgs(args);
    if (opts.help) {
      io.stdout.write(HELP);
      return 0;
    }
    return serveUntilSignal(opts, io);
  },
};
