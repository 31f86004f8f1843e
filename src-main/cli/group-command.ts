// `smsdesk group init|status`: creates (or brings up to date) a dealer group's server schema, and
// shows what the server holds (R11). Desks join from Settings → Group server.
import { UsageError, type CliCommand } from './command.ts';
import { forEachFlag } from './flags.ts';
import { PgGroupServer } from '../group/pg-group-server.ts';
import { SERVER_SCHEMA_VERSION, type GroupServerConfig, type TlsMode } from '../group/group-server.ts';

const USAGE = `Usage: smsdesk group <init|status> --url URL [options]

Several desks of one dealer group share consent, leads and who sent what through one
PostgreSQL server (rule R11). See README "Several desks".

  init     creates the group's schema on the server, or brings it up to this version
           (additive steps only: desks on older versions keep working)
  status   shows the server's schema version and the events each desk has pushed

Options:
  --url URL          postgres://[user[:password]@]host[:port]/database
  --user NAME        the role to log in as (instead of the URL's)
  --password-env V   read the password from environment variable V (keeps it out of
                     the shell history and the process list)
  --sslmode MODE     disable | require | verify-full (default: the URL's sslmode, else disable)
  --ca FILE          CA certificate (PEM) for verify-full
  -h, --help         show this help
`;

function parse(args: string[], env: NodeJS.ProcessEnv): { sub: string | null; help: boolean; config: GroupServerConfig | null } {
  const [sub, ...rest] = args;
  let help = sub === '--help' || sub === '-h' || sub === undefined;
  let url: string | null = null;
  let user: string | null = null;
  let password: string | null = null;
  let mode: TlsMode | null = null;
  let ca: string | null = null;
  forEachFlag(rest, (flag, value) => {
    if (flag === '--help' || flag === '-h') help = true;
    else if (flag === '--url') url = value();
    else if (flag === '--user') user = value();
    else if (flag === '--password-env') {
      const name = value();
      password = env[name] ?? null;
      if (password === null) throw new UsageError(`environment variable ${name} is not set`);
    } else if (flag === '--sslmode') {
      const m = value();
      if (m !== 'disable' && m !== 'require' && m !== 'verify-full') throw new UsageError(`--sslmode must be disable, require or verify-full, got '${m}'`);
      mode = m;
    } else if (flag === '--ca') ca = value();
    else throw new UsageError(`unknown option '${flag}' (see 'smsdesk group --help')`);
  });
  if (help) return { sub: null, help, config: null };
  if (sub !== 'init' && sub !== 'status') throw new UsageError(`unknown sub-command '${String(sub)}': init or status`);
  if (!url) throw new UsageError('--url is required');
  const u = url as string;
  const sslFromUrl = (() => {
    try {
      return new URL(u).searchParams.get('sslmode') as TlsMode | null;
    } catch {
      throw new UsageError(`--url is not a URL: ${u}`);
    }
  })();
  const tlsMode: TlsMode = mode ?? sslFromUrl ?? 'disable';
  return {
    sub,
    help,
    config: { url: u, ...(user ? { user } : {}), ...(password ? { password } : {}), tls: { mode: tlsMode, ca }, connectTimeoutMs: 5_000 },
  };
}

export const groupCommand: CliCommand = {
  summary: 'create or inspect a dealer group\'s PostgreSQL server (R11)',
  async run(args, io) {
    const { sub, help, config } = parse(args, io.env);
    if (help || !config) {
      io.stdout.write(USAGE);
      return 0;
    }
    const server = new PgGroupServer(config);
    try {
      if (sub === 'init') {
        const { from, to } = await server.migrate();
        io.stdout.write(
          from === to
            ? `The group server schema is already at version ${to}.\n`
            : `Created the group server schema: version ${from} → ${to}.\n`,
        );
        return 0;
      }
      const s = await server.status();
      if (s.schemaVersion === 0) {
        io.stdout.write('No Dealer SMS Desk schema on this server yet: run `smsdesk group init --url URL`.\n');
        return 1;
      }
      io.stdout.write(`Schema version ${s.schemaVersion} (this app: ${SERVER_SCHEMA_VERSION}); ${s.events} events\n`);
      for (const d of s.desks) io.stdout.write(`  ${d.deskName} (${d.desk}): ${d.events} events, last ${d.lastAt}\n`);
      return 0;
    } finally {
      await server.close();
    }
  },
};
