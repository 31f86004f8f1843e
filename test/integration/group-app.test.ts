// R11 in the app: `smsdesk group init|status` against a real PostgreSQL, the least-privilege role
// of the README (SELECT and INSERT only: the server refuses UPDATE and DELETE of events even to
// its owner), and Settings → Group server over the IPC contract: test, join (credentials kept
// in the secret store, never in the database or an answer), status, poll now, leave.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { main } from '../../src-main/cli/main.ts';
import { bootApp } from '../../src-main/app/app.ts';
import { MemorySecretStore } from '../../src-main/app/secret-store.ts';
import { GROUP_SECRET_KEY } from '../../src-main/group/group-connection.ts';
import { groupDatabase, sql } from '../support/pg.ts';
import { quietLog } from '../support/handler-context.ts';

async function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += String(d)));
  stderr.on('data', (d) => (err += String(d)));
  const code = await main(args, { stdin: new PassThrough(), stdout, stderr, env });
  return { code, out, err };
}

const PASSWORD = 'desk-secret-8f3a1c';

test('R11 smsdesk group init creates the schema once; the README role (SELECT, INSERT) pushes and pulls but cannot change or delete events', async (t) => {
  const url = await groupDatabase(t);
  if (!url) return;
  const status0 = await cli(['group', 'status', '--url', url]);
  assert.equal(status0.code, 1);
  assert.match(status0.out, /No Dealer SMS Desk schema on this server yet/);
  const init = await cli(['group', 'init', '--url', url]);
  assert.equal(init.code, 0, init.err);
  assert.match(init.out, /Created the group server schema: version 0 → 2/);
  assert.match((await cli(['group', 'init', '--url', url])).out, /already at version 2/);
  assert.equal((await cli(['group', 'frobnicate', '--url', url])).code, 2);
  assert.match((await cli(['group', '--help'])).out, /Usage: smsdesk group <init\|status>/);

  // The least-privilege role, exactly as README "Several desks" creates it.
  const db = new URL(url).pathname.slice(1);
  await sql(url, `CREATE ROLE smsdesk_desk LOGIN PASSWORD '${PASSWORD}'`).catch(() => undefined);
  await sql(url, `GRANT CONNECT ON DATABASE ${db} TO smsdesk_desk`);
  await sql(url, 'GRANT USAGE ON SCHEMA public TO smsdesk_desk');
  await sql(url, 'GRANT SELECT, INSERT ON group_events, group_step_claims TO smsdesk_desk');
  await sql(url, 'GRANT USAGE ON SEQUENCE group_events_seq_seq TO smsdesk_desk');
  await sql(url, 'GRANT SELECT ON smsdesk_migrations TO smsdesk_desk');
  const desk = new URL(url);
  desk.username = 'smsdesk_desk';
  const st = await cli(['group', 'status', '--url', desk.toString(), '--password-env', 'PGPW'], { PGPW: PASSWORD });
  assert.equal(st.code, 0, st.err);
  assert.match(st.out, /Schema version 2 \(this app: 2\); 0 events/);
  desk.password = PASSWORD;
  await sql(desk.toString(), `INSERT INTO group_events (uid, kind, desk, desk_name, occurred_at, payload) VALUES (gen_random_uuid(), 'dealer_account', 'd', 'D', 0, '{}')`);
  await assert.rejects(sql(desk.toString(), "UPDATE group_events SET kind = 'x'"), /permission denied/);
  await assert.rejects(sql(desk.toString(), 'DELETE FROM group_events'), /permission denied/);
  // R12: the role claims automation steps, and a claim once made stays.
  await sql(desk.toString(), "INSERT INTO group_step_claims (claim_key, desk, desk_name) VALUES ('k', 'd', 'D')");
  await assert.rejects(sql(desk.toString(), "UPDATE group_step_claims SET desk = 'e'"), /permission denied/);
  await assert.rejects(sql(url, "UPDATE group_step_claims SET desk = 'e'"), /append-only/);
  await assert.rejects(sql(url, 'DELETE FROM group_step_claims'), /append-only/);
  // Even the owner cannot rewrite history.
  await assert.rejects(sql(url, "UPDATE group_events SET kind = 'x'"), /append-only/);
  await assert.rejects(sql(url, 'DELETE FROM group_events'), /append-only/);
  await assert.rejects(sql(url, 'TRUNCATE group_events'), /append-only/);
});

test('R11 Settings → Group server: test, join as the first desk (schema created), status and poll now; the password stays in the secret store; leave', async (t) => {
  const url = await groupDatabase(t);
  if (!url) return;
  const secrets = new MemorySecretStore();
  const app = await bootApp({ dbPath: ':memory:', demo: false, background: false, secrets, log: quietLog, gatewayBaseUrl: 'http://127.0.0.1:9' });
  t.after(() => app.close());
  await app.invoke('settings.createDealerAccount', { code: 'FORD', name: 'Parramatta Ford' });
  const u = new URL(url);
  const input = { url: `postgres://${u.host}${u.pathname}`, user: u.username, password: PASSWORD, tls: { mode: 'disable' as const }, deskName: 'Ford desk' };

  const off = await app.invoke('group.status', {});
  assert.deepEqual((off as { value: { state: string } }).value.state, 'off', 'no group server: one desk');
  const bad = await app.invoke('settings.setGroupServer', { ...input, url: 'postgres://127.0.0.1:9/none' });
  assert.equal(bad.ok, false);
  assert.match(JSON.stringify(bad), /Could not join the group server/);
  assert.equal((await app.invoke('group.status', {}) as { value: { state: string } }).value.state, 'off', 'a failed join changes nothing');

  const probe = await app.invoke('settings.testGroupServer', input);
  assert.ok(probe.ok);
  assert.match((probe.value as { message: string }).message, /no Dealer SMS Desk schema yet: joining creates it/);
  const joined = await app.invoke('settings.setGroupServer', input);
  assert.ok(joined.ok, JSON.stringify(joined));
  const s = joined.value as { state: string; server: string; deskName: string; waiting: number };
  assert.equal(s.state, 'connected');
  assert.equal(s.deskName, 'Ford desk');
  assert.equal(s.server, `postgres://${u.username}@${u.host}${u.pathname}`);
  assert.equal(s.waiting, 0, 'what the desk held was pushed');
  const [pushed] = await sql<{ n: string }>(url, "SELECT count(*) AS n FROM group_events WHERE kind = 'dealer_account'");
  assert.equal(pushed?.n, '1');

  await app.invoke('settings.createDealerAccount', { code: 'HYUNDAI', name: 'Parramatta Hyundai' });
  assert.ok((await app.invoke('sync.pollNow', {})).ok);
  const [after] = await sql<{ n: string }>(url, "SELECT count(*) AS n FROM group_events WHERE kind = 'dealer_account'");
  assert.equal(after?.n, '2', 'poll now exchanged with the group');

  // The password: in the secret store only.
  assert.match((await secrets.get(GROUP_SECRET_KEY)) ?? '', new RegExp(PASSWORD));
  const seen = [JSON.stringify(joined), JSON.stringify(await app.invoke('group.status', {})), JSON.stringify(await app.invoke('settings.get', {}))];
  for (const text of seen) assert.ok(!text.includes(PASSWORD), `the password leaked: ${text.slice(0, 200)}`);
  assert.ok(!app.db.serialize().toString('latin1').includes(PASSWORD), 'not in the database');

  // Another server: this desk starts over there (its place in the first server's order means nothing there).
  const other = new URL(await groupDatabase(t) as string);
  const moved = await app.invoke('settings.setGroupServer', { ...input, url: `postgres://${other.host}${other.pathname}` });
  assert.ok(moved.ok, JSON.stringify(moved));
  const [there] = await sql<{ n: string }>(other.toString(), "SELECT count(*) AS n FROM group_events WHERE kind = 'dealer_account'");
  assert.equal(there?.n, '2', 'everything this desk holds was shared with the new server');

  const left = await app.invoke('settings.setGroupServer', { url: null });
  assert.equal((left as { value: { state: string } }).value.state, 'off');
  assert.equal(await secrets.get(GROUP_SECRET_KEY), null, 'forgotten');
});
