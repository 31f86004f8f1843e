// The group server on PostgreSQL through `pg` (node-postgres): the only file that imports it.
//
// Schema (its own numbered migrations, additive only: desks on different app versions share it):
// one append-only table of events (and one of automation step claims, first claim stands). `uid` is the desk-made globally unique id (a push repeated
// after a crash stores nothing new); `seq` a server sequence; `xid` the inserting transaction's
// 64-bit id. Pulls read in (xid, seq) order and only below the oldest transaction still running
// (pg_snapshot_xmin of the current snapshot): every transaction below it has ended, so no row can
// later appear before the cursor — a sequence alone can commit out of order and be skipped.
// UPDATE, DELETE and TRUNCATE are refused by trigger (and the app's role needs only SELECT and
// INSERT, README "Several desks"). A statement trigger NOTIFYs listeners: a wake-up hint only.
import { readFileSync } from 'node:fs';
import pg from 'pg';
import type { GroupEvent, GroupServer, GroupServerConfig, GroupServerStatus, PullPage, PulledEvent, TlsMode } from './group-server.ts';
import { SERVER_SCHEMA_VERSION } from './group-server.ts';

export const NOTIFY_CHANNEL = 'smsdesk_group';

/** The server's migrations, in order (version = index + 1). Only ever add; never change one that shipped. */
export const SERVER_MIGRATIONS: readonly { name: string; up: string }[] = [
  {
    name: 'append-only group events',
    up: `
      CREATE TABLE group_events (
        seq          bigserial NOT NULL,
        xid          xid8 NOT NULL DEFAULT pg_current_xact_id(),
        uid          uuid PRIMARY KEY,
        kind         text NOT NULL,
        subject      text,
        desk         text NOT NULL,
        desk_name    text NOT NULL,
        actor        text,
        occurred_at  bigint NOT NULL,
        received_at  timestamptz NOT NULL DEFAULT now(),
        payload      jsonb NOT NULL
      );
      CREATE UNIQUE INDEX group_events_order ON group_events (xid, seq);
      CREATE INDEX group_events_by_subject ON group_events (subject, xid, seq) WHERE subject IS NOT NULL;
      CREATE FUNCTION smsdesk_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'group_events is append-only (% refused)', TG_OP; END $$;
      CREATE TRIGGER group_events_append_only BEFORE UPDATE OR DELETE ON group_events
        FOR EACH ROW EXECUTE FUNCTION smsdesk_refuse_change();
      CREATE TRIGGER group_events_no_truncate BEFORE TRUNCATE ON group_events
        FOR EACH STATEMENT EXECUTE FUNCTION smsdesk_refuse_change();
      CREATE FUNCTION smsdesk_notify() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN PERFORM pg_notify('${NOTIFY_CHANNEL}', ''); RETURN NULL; END $$;
      CREATE TRIGGER group_events_notify AFTER INSERT ON group_events
        FOR EACH STATEMENT EXECUTE FUNCTION smsdesk_notify();
    `,
  },
  {
    // R11/R12: a step of a shared automation rule is released by one desk. The first claim stands.
    name: 'automation step claims',
    up: `
      CREATE TABLE group_step_claims (
        claim_key   text PRIMARY KEY,
        desk        text NOT NULL,
        desk_name   text NOT NULL,
        claimed_at  timestamptz NOT NULL DEFAULT now()
      );
      CREATE FUNCTION smsdesk_refuse_claim_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'group_step_claims is append-only (% refused)', TG_OP; END $$;
      CREATE TRIGGER group_step_claims_append_only BEFORE UPDATE OR DELETE ON group_step_claims
        FOR EACH ROW EXECUTE FUNCTION smsdesk_refuse_claim_change();
      CREATE TRIGGER group_step_claims_no_truncate BEFORE TRUNCATE ON group_step_claims
        FOR EACH STATEMENT EXECUTE FUNCTION smsdesk_refuse_claim_change();
    `,
  },
];
if (SERVER_MIGRATIONS.length !== SERVER_SCHEMA_VERSION) throw new Error('SERVER_SCHEMA_VERSION must equal the number of server migrations');

// Any desk (or `smsdesk group init`) may create the schema; one at a time.
const MIGRATION_LOCK = 0x736d7364; // 'smsd'

/** Cursor text: "<xid>:<seq>". */
function parseCursor(c: string | null): [string, string] {
  if (!c) return ['0', '0'];
  const m = /^(\d+):(\d+)$/.exec(c);
  if (!m) throw new Error(`Not a group cursor: ${c}`);
  return [m[1] as string, m[2] as string];
}

/** node-postgres settings from our config: TLS spelled out (not left to the URL's sslmode), timeouts bounded. */
export function clientConfig(c: GroupServerConfig): pg.ClientConfig {
  const url = new URL(c.url);
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') throw new Error('The group server URL must start with postgres://');
  const mode = c.tls?.mode ?? ((url.searchParams.get('sslmode') ?? 'disable') as TlsMode);
  url.searchParams.delete('sslmode');
  url.searchParams.delete('sslrootcert');
  let ssl: pg.ClientConfig['ssl'] = false;
  if (mode === 'require') ssl = { rejectUnauthorized: false };
  else if (mode === 'verify-full') ssl = { rejectUnauthorized: true, ...(c.tls?.ca ? { ca: c.tls.ca.includes('BEGIN CERTIFICATE') ? c.tls.ca : readFileSync(c.tls.ca, 'utf8') } : {}) };
  else if (mode !== 'disable') throw new Error(`Unknown sslmode ${String(mode)} (use disable, require or verify-full)`);
  return {
    host: url.hostname,
    port: url.port ? Number(url.port) : 5432,
    database: decodeURIComponent(url.pathname.replace(/^\//, '')) || 'postgres',
    user: c.user ?? (url.username ? decodeURIComponent(url.username) : undefined),
    password: c.password ?? (url.password ? decodeURIComponent(url.password) : undefined),
    ssl,
    connectionTimeoutMillis: c.connectTimeoutMs ?? 3_000,
    query_timeout: c.queryTimeoutMs ?? 10_000,
    statement_timeout: c.queryTimeoutMs ?? 10_000,
    application_name: 'smsdesk',
    keepAlive: true,
  };
}

interface EventRow {
  position: string;
  uid: string;
  kind: GroupEvent['kind'];
  subject: string | null;
  desk: string;
  desk_name: string;
  actor: string | null;
  occurred_at: string;
  payload: Record<string, unknown>;
}

export class PgGroupServer implements GroupServer {
  readonly #config: pg.ClientConfig;
  readonly #pool: pg.Pool;
  #closed = false;

  constructor(config: GroupServerConfig) {
    this.#config = clientConfig(config);
    this.#pool = new pg.Pool({ ...this.#config, max: 3, idleTimeoutMillis: 30_000 });
    // An idle connection cut by the server (a restart) must not crash the process; the next query reconnects.
    this.#pool.on('error', () => undefined);
  }

  async schemaVersion(): Promise<number> {
    const present = await this.#pool.query<{ present: boolean }>("SELECT to_regclass('smsdesk_migrations') IS NOT NULL AS present");
    if (!present.rows[0]?.present) return 0;
    const r = await this.#pool.query<{ v: number | null }>('SELECT coalesce(max(version), 0) AS v FROM smsdesk_migrations');
    return Number(r.rows[0]?.v ?? 0);
  }

  async migrate(): Promise<{ from: number; to: number }> {
    const client = await this.#pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      await client.query(
        'CREATE TABLE IF NOT EXISTS smsdesk_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
      );
      const r = await client.query<{ v: number }>('SELECT coalesce(max(version), 0) AS v FROM smsdesk_migrations');
      const from = Number(r.rows[0]?.v ?? 0);
      // A newer server schema is fine: steps are additive, so this app's tables are all there.
      for (let v = from + 1; v <= SERVER_MIGRATIONS.length; v++) {
        const m = SERVER_MIGRATIONS[v - 1] as { name: string; up: string };
        await client.query(m.up);
        await client.query('INSERT INTO smsdesk_migrations (version, name) VALUES ($1, $2)', [v, m.name]);
      }
      await client.query('COMMIT');
      return { from, to: Math.max(from, SERVER_MIGRATIONS.length) };
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  async push(events: readonly GroupEvent[]): Promise<number> {
    if (events.length === 0) return 0;
    const cols = {
      uid: [] as string[],
      kind: [] as string[],
      subject: [] as (string | null)[],
      desk: [] as string[],
      deskName: [] as string[],
      actor: [] as (string | null)[],
      occurredAt: [] as string[],
      payload: [] as string[],
    };
    for (const e of events) {
      cols.uid.push(e.uid);
      cols.kind.push(e.kind);
      cols.subject.push(e.subject);
      cols.desk.push(e.desk);
      cols.deskName.push(e.deskName);
      cols.actor.push(e.actor);
      cols.occurredAt.push(String(Math.trunc(e.occurredAt)));
      cols.payload.push(JSON.stringify(e.payload));
    }
    // One statement, one transaction; rows keep the pushed order (WITH ORDINALITY), so one desk's
    // changes reach the others in the order it made them.
    const r = await this.#pool.query(
      `INSERT INTO group_events (uid, kind, subject, desk, desk_name, actor, occurred_at, payload)
       SELECT u, k, s, d, dn, a, o, p::jsonb
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::text[])
            WITH ORDINALITY AS t(u, k, s, d, dn, a, o, p, n)
       ORDER BY n
       ON CONFLICT (uid) DO NOTHING`,
      [cols.uid, cols.kind, cols.subject, cols.desk, cols.deskName, cols.actor, cols.occurredAt, cols.payload],
    );
    return r.rowCount ?? 0;
  }

  async pull(cursor: string | null, limit: number): Promise<PullPage> {
    const [xid, seq] = parseCursor(cursor);
    const r = await this.#pool.query<EventRow>(
      `SELECT xid::text || ':' || seq AS position, uid::text AS uid, kind, subject, desk, desk_name, actor, occurred_at::text AS occurred_at, payload
       FROM group_events
       WHERE (xid, seq) > ($1::xid8, $2::bigint) AND xid < pg_snapshot_xmin(pg_current_snapshot())
       ORDER BY xid, seq
       LIMIT $3`,
      [xid, seq, limit],
    );
    const events: PulledEvent[] = r.rows.map((row) => ({
      position: row.position,
      uid: row.uid,
      kind: row.kind,
      subject: row.subject,
      desk: row.desk,
      deskName: row.desk_name,
      actor: row.actor,
      occurredAt: Number(row.occurred_at),
      payload: row.payload,
    }));
    const last = events[events.length - 1];
    return { events, cursor: last ? last.position : cursor, more: events.length === limit };
  }

  async listen(onWake: () => void, onLost: (err: Error) => void): Promise<() => Promise<void>> {
    const client = new pg.Client(this.#config);
    let ended = false;
    const lost = (err: Error): void => {
      if (ended) return;
      ended = true;
      client.end().catch(() => undefined);
      onLost(err);
    };
    client.on('error', lost);
    client.on('end', () => lost(new Error('the group server closed the notification connection')));
    client.on('notification', () => onWake());
    await client.connect();
    await client.query(`LISTEN ${NOTIFY_CHANNEL}`);
    return async () => {
      if (ended) return;
      ended = true;
      await client.end().catch(() => undefined);
    };
  }

  async claimStep(key: string, desk: string, deskName: string): Promise<{ claimed: boolean; deskName: string }> {
    // ON CONFLICT DO NOTHING then read: two desks racing both see the one row that won.
    await this.#pool.query('INSERT INTO group_step_claims (claim_key, desk, desk_name) VALUES ($1, $2, $3) ON CONFLICT (claim_key) DO NOTHING', [key, desk, deskName]);
    const r = await this.#pool.query<{ desk: string; desk_name: string }>('SELECT desk, desk_name FROM group_step_claims WHERE claim_key = $1', [key]);
    const row = r.rows[0];
    if (!row) throw new Error('The group server lost an automation step claim it had just stored.');
    return { claimed: row.desk === desk, deskName: row.desk_name };
  }

  async status(): Promise<GroupServerStatus> {
    const schemaVersion = await this.schemaVersion();
    if (schemaVersion === 0) return { schemaVersion, appSchemaVersion: SERVER_SCHEMA_VERSION, events: 0, desks: [] };
    const r = await this.#pool.query<{ desk: string; desk_name: string; n: string; last_at: Date }>(
      `SELECT desk, max(desk_name) AS desk_name, count(*) AS n, max(received_at) AS last_at FROM group_events GROUP BY desk ORDER BY desk`,
    );
    return {
      schemaVersion,
      appSchemaVersion: SERVER_SCHEMA_VERSION,
      events: r.rows.reduce((n, d) => n + Number(d.n), 0),
      desks: r.rows.map((d) => ({ desk: d.desk, deskName: d.desk_name, events: Number(d.n), lastAt: d.last_at.toISOString() })),
    };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#pool.end().catch(() => undefined);
  }
}
