// Fuzzing every IPC channel through the web host (issue 14): at least 20,000 payloads generated from
// the JSON Schemas the app publishes (GET /api/_contract), about one in eight fitting the schema and
// the rest mutated or junk. Each payload is classified with the contract's own zod schema first:
//  - one the schema refuses must be answered 4xx with {ok:false, error:{code, message}}, and refused
//    input changes nothing (every table's rows hashed before and after; PRAGMA data_version seen by
//    another connection unchanged);
//  - one the schema accepts must get an answer of the contract's shape, never a 5xx; when it is
//    refused by the app (ok:false) it changed nothing either.
// SMSDESK_FUZZ_PAYLOADS raises the count (default 20,000), SMSDESK_FUZZ_SEED changes the seed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { startWebHost, type RunningWebHost } from '../../src-main/app/start-web-host.ts';
import { httpStatusOf } from '../../src-main/ipc/web-host.ts';
import { MemorySecretStore } from '../../src-main/app/secret-store.ts';
import { contract, isChannelName } from '../../shared/ipc/contract.ts';
import { ERROR_CODES } from '../../shared/errors.ts';
import { seededRandom } from '../../src-main/seeded-random.ts';
import { payloadsFor, type JsonSchema, type Payload } from '../support/schema-fuzz.ts';
import { seedDeskDb } from '../support/desk-processes.ts';

const TOTAL = Math.max(1_000, Number(process.env.SMSDESK_FUZZ_PAYLOADS ?? 20_000));
const SEED = Number(process.env.SMSDESK_FUZZ_SEED ?? 7);
const CONCURRENCY = 8;

interface Answer {
  status: number;
  body: unknown;
}

async function post(host: RunningWebHost, channel: string, body: string): Promise<Answer> {
  const r = await fetch(`${host.origin}/api/${encodeURIComponent(channel)}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${host.token}` },
    body,
  });
  const text = await r.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // checked below: every answer is JSON
  }
  return { status: r.status, body: parsed };
}

/** The Electron path: the parsed value handed to the app's invoke (JSON text that does not parse goes over HTTP only). */
async function invokeDirect(host: RunningWebHost, p: Payload): Promise<Answer> {
  let input: unknown;
  try {
    input = p.body.trim() === '' ? undefined : JSON.parse(p.body);
  } catch {
    return post(host, p.channel, p.body);
  }
  const o = await host.app.run(p.channel, input);
  return { status: httpStatusOf(o), body: JSON.parse(JSON.stringify(o.result)) as unknown };
}

/** Whether the contract's own input schema accepts the body as the web host reads it (no body, or null: no input). */
function fits(p: Payload): boolean {
  if (!isChannelName(p.channel)) return false;
  let input: unknown;
  try {
    input = p.body.trim() === '' ? {} : JSON.parse(p.body);
  } catch {
    return false;
  }
  return contract[p.channel].input.safeParse(input ?? {}).success;
}

function isErrorShape(body: unknown): boolean {
  const b = body as { ok?: unknown; error?: { code?: unknown; message?: unknown } } | null;
  return (
    typeof b === 'object' && b !== null && b.ok === false && typeof b.error === 'object' && b.error !== null &&
    (ERROR_CODES as readonly unknown[]).includes(b.error.code) && typeof b.error.message === 'string' && b.error.message.length > 0
  );
}

/** Every table's rows, hashed: what "nothing changed" is checked against. */
function storeHash(db: Database.Database): Record<string, string> {
  const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).pluck().all() as string[];
  const out: Record<string, string> = {};
  for (const t of tables) {
    const h = createHash('sha256');
    for (const row of db.prepare(`SELECT * FROM "${t}"`).raw().iterate()) h.update(JSON.stringify(row));
    out[t] = h.digest('hex');
  }
  return out;
}

test(`issue 14: ${TOTAL} fuzzed payloads over every IPC channel from the published JSON Schemas: no 5xx, the error shape, refused input changes nothing`, { timeout: 600_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'smsdesk-fuzz-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const dbPath = join(dir, 'desk.db');
  await seedDeskDb(dbPath, 40, { own: '+61480000061', shared: '+61480000062' });
  // Live mode, no background work; a gateway address where nothing listens, so nothing leaves.
  const host = await startWebHost({ dbPath, port: 0, demo: false, background: false, staticRoot: null, secrets: new MemorySecretStore(), gatewayBaseUrl: 'http://127.0.0.1:9', log: { info: () => undefined, error: () => undefined } });
  t.after(() => host.close());
  const watcher = new Database(dbPath, { readonly: true });
  t.after(() => watcher.close());
  const dataVersion = (): number => watcher.pragma('data_version', { simple: true }) as number;

  const described = await fetch(`${host.origin}/api/_contract`, { headers: { Authorization: `Bearer ${host.token}` } });
  const { value } = (await described.json()) as { value: { channels: { name: string; input: JsonSchema }[] } };
  assert.deepEqual(value.channels.map((c) => c.name).sort(), Object.keys(contract).sort(), 'every channel is published');

  const r = seededRandom(SEED);
  const perChannel = Math.ceil(TOTAL / value.channels.length);
  const payloads = value.channels.flatMap((c) => payloadsFor(c.name, c.input, r, 60, perChannel));
  // Channel names that are not channels.
  for (const name of ['', 'leads', 'leads.list/../settings.get', '__proto__', 'constructor', 'sms.send\u0000', 'SMS.SEND', 'toString']) payloads.push({ channel: name, body: '{}', how: 'not a channel' });
  const refuse = payloads.filter((p) => !fits(p));
  const accept = payloads.filter((p) => fits(p));
  t.diagnostic(`${payloads.length} payloads over ${value.channels.length} channels: ${refuse.length} the schema refuses, ${accept.length} it accepts`);
  assert.ok(payloads.length >= TOTAL);

  // Phase 1: what the schema refuses, several at a time. Refused, in the error shape; nothing changes.
  const before = storeHash(watcher);
  const versionBefore = dataVersion();
  const statuses = new Map<number, number>();
  const bad: string[] = [];
  let next = 0;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < refuse.length) {
        const i = next++;
        const p = refuse[i] as Payload;
        // Every fourth through HTTP (the web host: JSON text, headers, statuses); the rest through
        // the app's invoke, as the Electron IPC handler calls it with the parsed value.
        const a = i % 4 === 0 ? await post(host, p.channel, p.body) : await invokeDirect(host, p);
        statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
        if (a.status < 400 || a.status >= 500 || !isErrorShape(a.body)) bad.push(`${p.channel} (${p.how} ${JSON.stringify(p.body.slice(0, 20))}): ${a.status} ${JSON.stringify(a.body).slice(0, 200)}`);
      }
    }),
  );
  t.diagnostic(`phase 1 in ${Date.now() - started} ms: ${[...statuses].map(([s, n]) => `${s}×${n}`).join(', ')}`);
  assert.deepEqual(bad.slice(0, 10), [], `${bad.length} refusals not 4xx in the error shape`);
  assert.equal(dataVersion(), versionBefore, 'refused input wrote nothing (data_version)');
  assert.deepEqual(storeHash(watcher), before, 'refused input changed no row');

  // Phase 2: what the schema accepts, one at a time: an answer of the contract's shape, never a 5xx;
  // an answer refusing the call (ok:false) changed nothing.
  const wrong: string[] = [];
  let refusedByApp = 0;
  const started2 = Date.now();
  for (const [i, p] of accept.entries()) {
    const v0 = dataVersion();
    const a = i % 2 === 0 ? await post(host, p.channel, p.body) : await invokeDirect(host, p);
    const body = a.body as { ok?: unknown; value?: unknown };
    if (a.status !== 200) wrong.push(`${p.channel} (${p.how}): ${a.status} ${JSON.stringify(a.body).slice(0, 300)}`);
    else if (body.ok === true) {
      if (isChannelName(p.channel) && !contract[p.channel].output.safeParse(body.value).success) wrong.push(`${p.channel}: output off the contract`);
    } else if (!isErrorShape(a.body)) wrong.push(`${p.channel} (${p.how}): malformed ${JSON.stringify(a.body).slice(0, 300)}`);
    else {
      refusedByApp++;
      if (dataVersion() !== v0) wrong.push(`${p.channel} (${p.how}): refused (${JSON.stringify(a.body).slice(0, 200)}) but wrote to the store`);
    }
  }
  t.diagnostic(`phase 2 in ${Date.now() - started2} ms: ${accept.length} accepted by the schema, ${refusedByApp} refused by the app`);
  assert.deepEqual(wrong.slice(0, 10), [], `${wrong.length} wrong answers`);
});
