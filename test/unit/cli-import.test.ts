// `smsdesk import leads FILE --account CODE [--mapping JSON]` (issue 12, R10): the app's import from
// the command line, streamed from the file, one JSON summary on stdout.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { Readable } from 'node:stream';
import { main } from '../../src-main/cli/main.ts';
import { seedWorld } from '../support/seed-world.ts';
import { openDatabase } from '../../src-main/db/open-database.ts';

function sink(): Writable & { text: string } {
  const w = new Writable({
    write(chunk, _enc, cb) {
      w.text += String(chunk);
      cb();
    },
  }) as Writable & { text: string };
  w.text = '';
  return w;
}

async function cli(args: string[]) {
  const stdout = sink();
  const stderr = sink();
  const code = await main(args, { stdin: Readable.from([]), stdout, stderr, env: {} });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

test('R10: smsdesk import leads streams a file into the account by code, with a header mapping; a re-run imports nothing twice', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'smsdesk-import-'));
  try {
    const db = join(dir, 'desk.db');
    seedWorld(db).db.close();
    const file = join(dir, 'leads.csv');
    writeFileSync(file, 'Ref,Given,Family,Cell,Marketing OK\r\nR1,Sam,Lee,0412 100 200,no\r\nR2,Ann,Ho,02 9876 5432,yes\r\nR3,Tom,Ng,0412 300 400,yes\r\n');
    const mapping = JSON.stringify({ externalId: 'Ref', firstName: 'Given', lastName: 'Family', mobile: 'Cell', optIn: 'Marketing OK' });
    const first = await cli(['import', 'leads', file, '--account', 'a', '--mapping', mapping, '--db', db]);
    assert.equal(first.code, 0, first.stderr);
    const summary = JSON.parse(first.stdout) as Record<string, unknown>;
    assert.deepEqual(
      { status: summary.status, rows: summary.rows, created: summary.created, invalid: summary.invalid, optedOut: summary.optedOut, account: summary.account },
      { status: 'done', rows: 3, created: 2, invalid: 1, optedOut: 1, account: 'A' },
    );
    assert.match(first.stderr, /line 3: "02 9876 5432" is not a mobile number/);
    assert.match(first.stderr, /100% · 3 rows/);

    const again = await cli(['import', 'leads', file, '--account', 'A', '--mapping', mapping, '--db', db]);
    assert.equal(JSON.parse(again.stdout).created, 0);
    assert.equal(JSON.parse(again.stdout).unchanged, 2);
    const check = openDatabase(db);
    assert.equal(check.prepare("SELECT count(*) FROM consent_events WHERE source = 'import' AND import_row = 2").pluck().get(), 2, 'Sam: SMS and email, row 2');
    check.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('smsdesk import leads refuses a missing account, an unknown account code and bad mapping JSON with usage errors', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'smsdesk-import-'));
  try {
    const db = join(dir, 'desk.db');
    seedWorld(db).db.close();
    const file = join(dir, 'leads.csv');
    writeFileSync(file, 'Name,Mobile\nSam Lee,0412 100 200\n');
    assert.equal((await cli(['import', 'leads', file, '--db', db])).code, 2);
    const unknown = await cli(['import', 'leads', file, '--account', 'ZZ', '--db', db]);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /no dealer account with the code 'ZZ' \(codes: A, B\)/);
    assert.match((await cli(['import', 'leads', file, '--account', 'A', '--mapping', '{nope', '--db', db])).stderr, /--mapping must be JSON/);
    const noOptIn = await cli(['import', 'leads', file, '--account', 'A', '--db', db]);
    assert.equal(noOptIn.code, 1);
    assert.match(noOptIn.stderr, /Opt in to future marketing communication/);
    assert.equal((await cli(['import', 'leads', file, '--account', 'A', '--opt-in-default', 'no', '--db', db])).code, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('smsdesk export consent --from --to --account --out writes the register for that range and account', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'smsdesk-export-'));
  try {
    const db = join(dir, 'desk.db');
    const w = seedWorld(db);
    w.core.consent.optOutManually({ dealerAccountId: w.dealerA, customerId: w.customerId, channel: 'sms', actor: 'Sam', reason: 'moved, "interstate"' });
    w.core.consent.optOutManually({ dealerAccountId: w.dealerB, customerId: w.customerId, channel: 'sms', actor: 'Sam' });
    w.db.close();
    const out = join(dir, 'register.csv');
    const r = await cli(['export', 'consent', '--from', '2026-11-20', '--to', '2026-11-20', '--account', 'A', '--tz', 'Australia/Sydney', '--out', out, '--db', db]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /1 rows written/);
    const { parse } = await import('csv-parse/sync');
    const rows = parse(readFileSync(out, 'utf8'), { bom: true, columns: true }) as Record<string, string>[];
    assert.deepEqual(rows.map((x) => [x.account_code, x.change, x.who, x.reason, x.occurred_at]), [['A', 'opted_out', 'Sam', 'moved, "interstate"', '2026-11-20T12:00:00.000+11:00']]);
    const none = await cli(['export', 'consent', '--from', '2026-11-21', '--out', out, '--db', db, '--tz', 'Australia/Sydney']);
    assert.match(none.stderr, /0 rows written/);
    assert.equal((await cli(['export', 'nope', '--db', db])).code, 2);
    assert.match((await cli(['export', 'consent', '--from', '20/11/2026', '--db', db])).stderr, /--from must be a day/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
