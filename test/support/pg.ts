// A real PostgreSQL for the group-server tests (never a mock). `npm test` starts one throw-away
// cluster for the run and hands its URL over in SMSDESK_TEST_PG_URL; a test file run alone starts
// its own. Each test gets a fresh database. Without the server binaries the tests skip with a
// clear message, except where SMSDESK_REQUIRE_PG=1 (CI): there a missing server fails.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
// A plain .mjs module shared with scripts/run-tests.mjs and the bench.
import { pgAvailable, startPgCluster, type PgClusterHandle } from '../../scripts/pg-cluster.mjs';

export type PgCluster = PgClusterHandle;

type TestContext = { skip(message: string): void; after(fn: () => unknown): void };

let own: Promise<PgCluster> | null = null;

/** Why the tests cannot run here, or null. Throws where a missing server must fail (CI). */
export function pgMissing(): string | null {
  if (process.env.SMSDESK_TEST_PG_URL) return null;
  const a = pgAvailable();
  if (a.ok) return null;
  const reason = `${a.reason}; skipping the group-server tests`;
  if (process.env.SMSDESK_REQUIRE_PG === '1') throw new Error(`${reason} — SMSDESK_REQUIRE_PG=1 forbids skipping them`);
  return reason;
}

/** The shared cluster's superuser URL (the run's, or this file's own, stopped when the process exits). */
export async function sharedPgUrl(): Promise<string> {
  if (process.env.SMSDESK_TEST_PG_URL) return process.env.SMSDESK_TEST_PG_URL;
  own ??= startPgCluster().then((c) => {
    process.once('exit', () => c.destroy());
    return c;
  });
  return (await own).url;
}

/** A cluster of the test's own (to stop and restart it), destroyed after the test. */
export async function ownPgCluster(t: TestContext): Promise<PgCluster> {
  const c = await startPgCluster();
  t.after(() => c.destroy());
  return c;
}

/** Creates a fresh database on the cluster at `url` and returns its URL. */
export async function freshDatabase(url: string): Promise<string> {
  const name = `g_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Runs SQL on a database (test set-up and assertions: plain pg, as an operator would). */
export async function sql<R extends pg.QueryResultRow = pg.QueryResultRow>(url: string, text: string, params: unknown[] = []): Promise<R[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<R>(text, params)).rows;
  } finally {
    await c.end();
  }
}

/** A fresh database on the shared cluster, or null after skipping the test with the reason. */
export async function groupDatabase(t: TestContext): Promise<string | null> {
  const missing = pgMissing();
  if (missing) {
    t.skip(missing);
    return null;
  }
  return freshDatabase(await sharedPgUrl());
}
