// The desk's connection to its group server (R11): where it is and how to log in (kept with the
// gateway credentials in the secret store — OS-encrypted in Electron — never in the database and
// never sent to the renderer), testing it, joining (the first desk creates the server's schema),
// leaving, and the background exchange. With no group server configured nothing runs: one desk.
import type { GroupSync, GroupStatus } from './group-sync.ts';
import type { GroupServer, GroupServerConfig, TlsMode } from './group-server.ts';
import { SERVER_SCHEMA_VERSION } from './group-server.ts';
import { PgGroupServer } from './pg-group-server.ts';

/** Where the connection settings live (the app's SecretStore). */
export interface GroupSecrets {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
}

export const GROUP_SECRET_KEY = 'group:server';

export interface GroupServerSettings {
  /** postgres://[user[:password]@]host[:port]/database — user and password may be given apart. */
  url: string;
  user?: string | null;
  password?: string | null;
  tls?: { mode: TlsMode; caFile?: string | null };
  /** This desk's name in the group (shown beside what it records). */
  deskName?: string | null;
}

/** The connection as the renderer may see it: never the password. */
export interface GroupConnectionStatus extends GroupStatus {
  /** The server without credentials (postgres://user@host:port/db), or null outside a group. */
  server: string | null;
  tls: TlsMode | null;
  /** Automated sends wait when the group's state is older than this (ms). */
  freshnessMs: number;
}

/** The URL as shown: user kept, password dropped. */
export function displayUrl(s: GroupServerSettings): string {
  const u = new URL(s.url);
  if (s.user) u.username = encodeURIComponent(s.user);
  u.password = '';
  u.search = '';
  return u.toString();
}

function serverConfig(s: GroupServerSettings): GroupServerConfig {
  const u = new URL(s.url);
  if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') throw new Error('The group server URL must start with postgres:// (for example postgres://desk@db.example.com:5432/smsdesk).');
  if (!u.hostname) throw new Error('The group server URL needs a host.');
  const mode = s.tls?.mode ?? ((u.searchParams.get('sslmode') as TlsMode | null) ?? 'disable');
  return {
    url: s.url,
    ...(s.user ? { user: s.user } : {}),
    ...(s.password ? { password: s.password } : {}),
    tls: { mode, ca: s.tls?.caFile ?? null },
  };
}

export class GroupConnection {
  #settings: GroupServerSettings | null = null;
  #server: GroupServer | null = null;

  constructor(
    private readonly sync: GroupSync,
    private readonly secrets: GroupSecrets,
    private readonly makeServer: (c: GroupServerConfig) => GroupServer = (c) => new PgGroupServer(c),
    /** Run the background exchange (listen + periodic pull). Off in tools and some tests. */
    private readonly background = true,
  ) {}

  /** At start: reconnects a desk that is a member of a group with its stored settings. */
  async restore(): Promise<void> {
    const raw = await this.secrets.get(GROUP_SECRET_KEY);
    if (!raw || !this.sync.member) return;
    this.#settings = JSON.parse(raw) as GroupServerSettings;
    this.#use(this.makeServer(serverConfig(this.#settings)));
  }

  status(): GroupConnectionStatus {
    const s = this.sync.status();
    const f = this.sync.freshness();
    return {
      ...s,
      server: this.#settings && this.sync.member ? displayUrl(this.#settings) : null,
      tls: this.#settings && this.sync.member ? (serverConfig(this.#settings).tls?.mode ?? 'disable') : null,
      freshnessMs: f?.boundMs ?? 60_000,
    };
  }

  /** Tries the settings without keeping them: reachable, logged in, and whether the schema exists. */
  async test(settings: GroupServerSettings): Promise<{ ok: boolean; message: string; schemaVersion: number | null }> {
    let server: GroupServer | null = null;
    try {
      server = this.makeServer(serverConfig(settings));
      const v = await server.schemaVersion();
      const message =
        v === 0
          ? `Connected to ${displayUrl(settings)}. The server has no Dealer SMS Desk schema yet: joining creates it (this desk is the first).`
          : v < SERVER_SCHEMA_VERSION
            ? `Connected to ${displayUrl(settings)} (schema version ${v}; joining brings it to ${SERVER_SCHEMA_VERSION}, additive only).`
            : `Connected to ${displayUrl(settings)} (schema version ${v}).`;
      return { ok: true, message, schemaVersion: v };
    } catch (err) {
      return { ok: false, message: `Cannot use ${safeDisplay(settings)}: ${err instanceof Error ? err.message : String(err)}`, schemaVersion: null };
    } finally {
      await server?.close();
    }
  }

  /**
   * Joins the group at `settings` (creating the server's schema when this is the first desk, or
   * bringing it up to this app's version), stores the settings encrypted, shares everything this
   * desk holds and starts the background exchange. A failure leaves the desk as it was.
   */
  async join(settings: GroupServerSettings): Promise<GroupConnectionStatus> {
    const server = this.makeServer(serverConfig(settings));
    const previous = this.#server;
    // Another server: its order is not the old one's, so this desk pulls it from the start.
    if (this.#settings && this.sync.member && displayUrl(this.#settings) !== displayUrl(settings)) {
      await this.sync.stop();
      this.sync.leave();
    }
    try {
      await server.migrate();
      this.sync.attach(server);
      await this.sync.join(settings.deskName?.trim() || 'Desk', { createSchema: false });
    } catch (err) {
      this.sync.attach(previous);
      await server.close();
      throw err;
    }
    if (previous && previous !== server) await previous.close();
    this.#settings = settings;
    await this.secrets.set(GROUP_SECRET_KEY, JSON.stringify(settings));
    this.#use(server);
    return this.status();
  }

  /** Leaves the group: nothing more is shared, the settings are forgotten; what this desk holds stays. */
  async leave(): Promise<GroupConnectionStatus> {
    await this.sync.stop();
    this.sync.leave();
    this.sync.attach(null);
    await this.#server?.close();
    this.#server = null;
    this.#settings = null;
    await this.secrets.delete(GROUP_SECRET_KEY);
    return this.status();
  }

  /** sync.pollNow: exchange with the group too (an unreachable server is a status, not an error). */
  async exchangeNow(): Promise<void> {
    if (this.#server && this.sync.member) await this.sync.exchange().catch(() => undefined);
  }

  async close(): Promise<void> {
    await this.sync.stop();
    await this.#server?.close();
    this.#server = null;
  }

  #use(server: GroupServer): void {
    this.#server = server;
    this.sync.attach(server);
    if (this.background) this.sync.start();
  }
}

function safeDisplay(s: GroupServerSettings): string {
  try {
    return displayUrl(s);
  } catch {
    return 'the group server';
  }
}
