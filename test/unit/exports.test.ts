// Compliance exports (issue 12) parsed back: the consent register (one row per consent event with
// who, desk, the reply that caused it and its attribution rule and reason), blocked attempts,
// unsubscribe handling, the SMS list with its filters and text search, and a customer's evidence
// pack. Paging by (time, id) neither skips nor repeats rows that share a time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { seedWorld, T0 } from '../support/seed-world.ts';
import { gatewayMessage } from '../support/inbound.ts';
import { writeExport, exportFileName, type ExportRequest } from '../../src-main/reports/csv-export.ts';
import { isoInZone, zonedDayStart } from '../../src-main/reports/iso-time.ts';

const SHARED = '+61480000001';
const JANE = '+61412345678';
const TZ = 'Australia/Sydney';

async function exportRows(w: ReturnType<typeof seedWorld>, req: ExportRequest, pageSize?: number): Promise<Record<string, string>[]> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const { rows } = await writeExport(req, { store: w.core.store, timeZone: TZ, desk: 'front-desk-1', ...(pageSize ? { pageSize } : {}) }, out);
  const text = Buffer.concat(chunks).toString('utf8');
  assert.ok(text.startsWith('\uFEFF'), 'a byte-order mark, for spreadsheets');
  const parsed = parse(text, { bom: true, columns: true }) as Record<string, string>[];
  assert.equal(parsed.length, rows);
  return parsed;
}

/** Jane replies STOP on the shared number with no outbound before it (R4: both dealers, for review), then more. */
async function world() {
  const w = seedWorld();
  w.clock.advance(60_000);
  w.core.ingestor.ingestPage([gatewayMessage({ sid: 'SMstop1', from: JANE, to: SHARED, body: 'STOP', at: w.clock() })]);
  w.clock.advance(60_000);
  w.core.consent.optOutManually({ dealerAccountId: w.dealerA, customerId: w.customerId, channel: 'email', actor: 'Sam', reason: 'Said "no emails, ever",\nat the counter' });
  w.clock.advance(60_000);
  await w.core.sends.send({ dealerAccountId: w.dealerA, customerId: w.customerId, body: 'Service special, 20% off', actor: 'Sam', origin: 'manual' });
  return w;
}

test('R4, R6: the consent register has one row per consent event, with who, desk, the reply and its attribution rule and reason', async () => {
  const w = await world();
  const rows = await exportRows(w, { kind: 'consent' });
  assert.deepEqual(
    rows.map((r) => [r.account, r.channel, r.change, r.source, r.keyword, r.who, r.desk]),
    [
      ['Harbour City Toyota', 'sms', 'opted_out', 'inbound_keyword', 'STOP', '', 'front-desk-1'],
      ['Parramatta Mazda', 'sms', 'opted_out', 'inbound_keyword', 'STOP', '', 'front-desk-1'],
      ['Harbour City Toyota', 'email', 'opted_out', 'manual', '', 'Sam', 'front-desk-1'],
    ],
  );
  const stop = rows[0]!;
  assert.equal(stop.message_text, 'STOP');
  assert.equal(stop.message_from, JANE);
  assert.equal(stop.attribution_rule, 'all_sharing_accounts');
  assert.match(stop.attribution_reason ?? '', /shared by Harbour City Toyota, Parramatta Mazda; no message to \+61412345678 went through it/);
  assert.equal(stop.occurred_at, isoInZone(T0 + 60_000, TZ));
  assert.equal(stop.occurred_at, '2026-11-20T12:01:00.000+11:00');
  assert.equal(rows[2]!.reason, 'Said "no emails, ever",\nat the counter', 'quotes, commas and a line break survive');
  assert.equal(stop.customer, 'Jane Citizen');

  const mazdaOnly = await exportRows(w, { kind: 'consent', dealerAccountId: w.dealerB });
  assert.deepEqual(mazdaOnly.map((r) => r.account), ['Parramatta Mazda']);
  const later = await exportRows(w, { kind: 'consent', from: T0 + 90_000 });
  assert.deepEqual(later.map((r) => r.channel), ['email']);
});

test('R6: blocked attempts and unsubscribe handling: received, effective, time taken and the first blocked attempt after it', async () => {
  const w = await world();
  const blocked = await exportRows(w, { kind: 'blocked' });
  assert.equal(blocked.length, 1);
  assert.deepEqual([blocked[0]!.account, blocked[0]!.status, blocked[0]!.who, blocked[0]!.message_text], ['Harbour City Toyota', 'blocked_opted_out', 'Sam', 'Service special, 20% off']);
  assert.match(blocked[0]!.reason ?? '', /previously opted out of SMS from Harbour City Toyota/);

  const unsub = await exportRows(w, { kind: 'unsubscribes' });
  assert.deepEqual(
    unsub.map((r) => [r.account, r.channel, r.source, r.received_at, r.effective_at, r.hours_taken, r.first_blocked_message_id === '' ? null : 'blocked']),
    [
      ['Harbour City Toyota', 'sms', 'inbound_keyword', isoInZone(T0 + 60_000, TZ), isoInZone(T0 + 60_000, TZ), '0.00', 'blocked'],
      ['Parramatta Mazda', 'sms', 'inbound_keyword', isoInZone(T0 + 60_000, TZ), isoInZone(T0 + 60_000, TZ), '0.00', null],
      ['Harbour City Toyota', 'email', 'manual', isoInZone(T0 + 120_000, TZ), isoInZone(T0 + 120_000, TZ), '0.00', null],
    ],
  );
  assert.equal(unsub[0]!.first_blocked_attempt_at, blocked[0]!.attempted_at);
  assert.equal(unsub[0]!.working_days_taken, '', 'no account calendar here: left empty, never guessed');
});

test('the SMS list export keeps the screen\'s filters and text search; the evidence pack has the events, the replies and the decisions', async () => {
  const w = await world();
  const all = await exportRows(w, { kind: 'sms' });
  assert.equal(all.length, 2);
  assert.deepEqual((await exportRows(w, { kind: 'sms', text: '20% off' })).map((r) => r.status), ['blocked_opted_out']);
  assert.deepEqual((await exportRows(w, { kind: 'sms', text: '345 678' })).length, 2, 'digits of the number in any format');
  assert.deepEqual((await exportRows(w, { kind: 'sms', statuses: ['received'] })).map((r) => r.message_text), ['STOP']);

  const item = w.core.reviews.open().find((r) => r.kind === 'unattributed')!;
  w.clock.advance(60_000);
  w.core.reviews.narrow(item.id, [w.dealerA], { actor: 'Pat', reason: 'She rang: Toyota only' });
  const pack = await exportRows(w, { kind: 'evidence', customerId: w.customerId });
  assert.deepEqual(
    pack.map((r) => [r.record, r.account, r.change, r.who, r.decision]),
    [
      ['consent_event', 'Harbour City Toyota', 'opted_out', '', ''],
      ['consent_event', 'Parramatta Mazda', 'opted_out', '', ''],
      ['consent_event', 'Harbour City Toyota', 'opted_out', 'Sam', ''],
      ['consent_event', 'Parramatta Mazda', 'opted_in', 'Pat', ''],
      ['review_decision', '', '', 'Pat', 'narrowed'],
    ],
  );
  assert.equal(pack[4]!.decision_effects, 'Harbour City Toyota: kept; Parramatta Mazda: withdrawn');
  assert.equal(pack[3]!.message_text, 'STOP', 'the withdrawal names the reply it undid');
  assert.equal(exportFileName({ kind: 'evidence', customerId: 7 }, TZ), 'consent-evidence-customer-7.csv');
});

test('paging by (time, id) neither skips nor repeats events that share a time', async () => {
  const w = seedWorld();
  const ids: number[] = [];
  for (let i = 0; i < 23; i++) {
    ids.push(w.core.consent.optOutManually({ dealerAccountId: i % 2 ? w.dealerA : w.dealerB, customerId: w.customerId, channel: 'sms', actor: 'Sam' }));
    if (i % 5 === 4) w.clock.advance(1);
  }
  const rows = await exportRows(w, { kind: 'consent' }, 4);
  assert.deepEqual(rows.map((r) => Number(r.event_id)), ids);
});

test('days are read in the desk\'s time zone, across a daylight-saving change', () => {
  assert.equal(zonedDayStart('2026-11-20', TZ), Date.UTC(2026, 10, 19, 13));
  assert.equal(zonedDayStart('2026-06-20', TZ), Date.UTC(2026, 5, 19, 14));
  assert.equal(zonedDayStart('2026-10-04', TZ, 1), Date.UTC(2026, 9, 4, 13), 'the day after the change starts at +11');
  assert.equal(zonedDayStart('20-11-2026', TZ), null);
});
