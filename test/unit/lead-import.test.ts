// Bulk lead import (issue 12, R10) with a messy real-world file: a byte-order mark, CRLF, a quoted
// field with commas (and one with a line break), blank lines and a row of empty cells, a duplicate
// row, a landline, a bad number, a missing name, existing customers (by mobile and by email), and
// the opt-in column in each spelling. A re-run of the same file imports nothing twice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seedWorld } from '../support/seed-world.ts';
import { textSource } from '../../src-main/imports/lead-import-service.ts';
import { parseOptIn, suggestMapping } from '../../shared/domain/lead-import.ts';

const MESSY =
  '\uFEFFLead ID,First Name,Surname,Mobile Phone,E-mail Address,Opt in to future marketing communication,Notes\r\n' +
  'L1,Olivia,Nguyen,0491 570 006,olivia@example.com,Yes,"Came in Saturday, wants a RAV4, silver"\r\n' +
  '\r\n' +
  'L3,Liam,Wilson,+61 412 111 222,,no,"Trade-in: ""Corolla"", 2015"\r\n' +
  'L3,Liam,Wilson,+61 412 111 222,,no,"Trade-in: ""Corolla"", 2015"\r\n' +
  'L4,Ava,Lee,(02) 9876 5432,ava@example.com,TRUE,landline\r\n' +
  'L5,,,0412 333 444,,1,no name\r\n' +
  'L6,Noah,Brown,0412 000 222,,ticked,already a Mazda lead\r\n' +
  'L7,Mia,Chen,0412 555 666,,0,\r\n' +
  'L8,Zoe,Park,0412 777 888,,Unticked,\r\n' +
  'L9,Leo,King,0412 999 000,,false,\r\n' +
  'L10,Ivy,Ross,0412 123 123,,true,\r\n' +
  'L11,Max,Hill,0412 321 321,,N,\r\n' +
  'L12,Amy,Fox,0412 456 456,,✓,\r\n' +
  'L13,Ben,Ray,abc,,yes,bad number\r\n' +
  'L14,Kim,Lo,0412 654 654,,maybe,\r\n' +
  'L15,Jane,Citizen,0412 345 678,jane@example.com,yes,already a Toyota lead\r\n' +
  'L16,J.,Citizen,,JANE@example.com ,Y,"found by email,\r\nnote on two lines"\r\n' +
  ',,,,,,\r\n';

function world() {
  const w = seedWorld();
  const noah = w.core.leads.createLead(
    { dealerAccountId: w.dealerB, firstName: 'Noah', lastName: 'Brown', mobile: '0412 000 222', optInToMarketing: true },
    'Sam',
  ).customerId;
  return { ...w, noah };
}

test('headers of everyday exports are matched to the fields', () => {
  assert.deepEqual(suggestMapping(['Lead ID', 'First Name', 'Surname', 'Mobile Phone', 'E-mail Address', 'Opt in to future marketing communication', 'Notes']), {
    externalId: 0,
    firstName: 1,
    lastName: 2,
    mobile: 3,
    email: 4,
    optIn: 5,
  });
  assert.deepEqual(suggestMapping(['Customer Name', 'Cell', 'Email', 'Marketing opt-in']), { fullName: 0, mobile: 1, email: 2, optIn: 3 });
});

test('R10: the opt-in column is read in every usual spelling; anything else is not guessed', () => {
  for (const yes of ['Yes', 'y', 'TRUE', '1', 'ticked', 'Checked', '✓', 'x', 'Opted in']) assert.equal(parseOptIn(yes), true, yes);
  for (const no of ['No', 'n', 'false', '0', 'Unticked', 'unchecked', 'Opted out', 'off']) assert.equal(parseOptIn(no), false, no);
  assert.equal(parseOptIn('  '), null);
  assert.equal(parseOptIn('maybe'), undefined);
});

test('R10, R2: a messy file imports what it can, refuses the rest with the reason, and attaches existing customers', async () => {
  const w = world();
  const progress: number[] = [];
  const done = await w.core.imports.run(textSource(MESSY, 'leads.csv'), { dealerAccountId: w.dealerA, optInDefault: null, actor: 'Pat', batchSize: 4 }, {
    onProgress: (p) => progress.push(p.fraction),
  });
  assert.equal(done.status, 'done');
  assert.deepEqual(
    { rows: done.rows_read, created: done.created, attached: done.attached, unchanged: done.unchanged, invalid: done.invalid, optedOut: done.opted_out },
    // Created: Olivia, Liam, Mia, Zoe, Leo, Ivy, Max, Amy. Attached: Noah (Mazda's lead, by mobile).
    // Unchanged: Liam's duplicate row, Jane (by mobile) and Jane again (by email), already Toyota's.
    { rows: 16, created: 8, attached: 1, unchanged: 3, invalid: 4, optedOut: 5 },
  );
  assert.ok(progress.length >= 4, 'progress after each batch');
  assert.deepEqual(progress, [...progress].sort((a, b) => a - b), 'the fraction only rises');
  assert.equal(progress.at(-1), 1);

  const problems = w.core.store.leadImports.problems(done.id, 100).map((p) => [p.row_number, p.problem, p.detail]);
  assert.deepEqual(problems, [
    [6, 'not_mobile', '"(02) 9876 5432" is not a mobile number.'],
    [7, 'missing_name', 'No name: a lead needs a first or last name.'],
    [15, 'invalid_mobile', '"abc" is not a valid Australian phone number.'],
    [16, 'invalid_opt_in', '"maybe" is not a yes or no for "Opt in to future marketing communication".'],
  ]);
  assert.deepEqual(JSON.parse(w.core.store.leadImports.problems(done.id, 1)[0]!.record), ['L4', 'Ava', 'Lee', '(02) 9876 5432', 'ava@example.com', 'TRUE', 'landline']);

  // R2: nobody is duplicated; Noah is now a lead of both; Jane stays one customer.
  const byMobile = (m: string) => w.core.store.customers.byMobile(m);
  assert.equal(byMobile('+61412345678').length, 1);
  assert.equal(byMobile('+61412111222').length, 1, 'the duplicate row made no second Liam');
  assert.deepEqual(byMobile('+61412000222').map((c) => c.id), [w.noah]);
  assert.equal(w.core.store.customers.isLeadOf(w.noah, w.dealerA), true);
  assert.equal(w.core.consent.decide(w.dealerA, w.noah, 'sms').allowed, true, '"ticked": opted in, nothing recorded');

  // R10: opt-in off records the opt-out of both channels for that account only, with the import and row.
  const liam = byMobile('+61412111222')[0]!;
  const events = w.core.store.consent.history(liam.id);
  assert.deepEqual(
    events.map((e) => [e.channel, e.status, e.source, e.dealer_account_id, e.actor, e.import_id, e.import_row]).sort(),
    [
      ['email', 'opted_out', 'import', w.dealerA, 'Pat', done.id, 4],
      ['sms', 'opted_out', 'import', w.dealerA, 'Pat', done.id, 4],
    ],
  );
  for (const m of ['+61412555666', '+61412777888', '+61412999000', '+61412321321']) {
    assert.equal(w.core.consent.decide(w.dealerA, byMobile(m)[0]!.id, 'sms').allowed, false, m);
  }
  for (const m of ['+61491570006', '+61412123123', '+61412456456']) {
    assert.equal(w.core.consent.decide(w.dealerA, byMobile(m)[0]!.id, 'sms').allowed, true, m);
  }
  const olivia = byMobile('+61491570006')[0]!;
  assert.deepEqual([olivia.first_name, olivia.last_name, olivia.email], ['Olivia', 'Nguyen', 'olivia@example.com']);
});

test('a re-run of the same file imports nothing twice', async () => {
  const w = world();
  const first = await w.core.imports.run(textSource(MESSY), { dealerAccountId: w.dealerA, optInDefault: null, actor: 'Pat' });
  const customers = w.db.prepare('SELECT count(*) FROM customers').pluck().get();
  const consentEvents = w.db.prepare('SELECT count(*) FROM consent_events').pluck().get();
  const again = await w.core.imports.run(textSource(MESSY), { dealerAccountId: w.dealerA, optInDefault: null, actor: 'Pat' });
  assert.equal(first.created, 8);
  assert.deepEqual([again.created, again.attached, again.unchanged, again.invalid, again.opted_out], [0, 0, 12, 4, 0]);
  assert.equal(w.db.prepare('SELECT count(*) FROM customers').pluck().get(), customers);
  assert.equal(w.db.prepare('SELECT count(*) FROM consent_events').pluck().get(), consentEvents, 'no consent recorded twice');
});

test('the mapping must name a name, a way to reach the lead and the opt-in; a default opt-in can stand in for the column', async () => {
  const w = world();
  const csv = 'Name,Mobile\nJane Smith,0412 808 808\n"Citizen, John",0412 909 909\n';
  await assert.rejects(w.core.imports.run(textSource(csv), { dealerAccountId: w.dealerA, optInDefault: null, actor: 'Pat' }), /Opt in to future marketing communication/);
  await assert.rejects(
    w.core.imports.run(textSource(csv), { dealerAccountId: w.dealerA, mapping: { fullName: 0 }, optInDefault: false, actor: 'Pat' }),
    /mobile or the email/,
  );
  await assert.rejects(
    w.core.imports.run(textSource(csv), { dealerAccountId: w.dealerA, mapping: { fullName: 0, mobile: 7 }, optInDefault: false, actor: 'Pat' }),
    /not in the file/,
  );
  assert.equal(w.core.store.leadImports.recent(10).length, 0, 'a refused mapping records no import');
  const done = await w.core.imports.run(textSource(csv), { dealerAccountId: w.dealerA, optInDefault: false, actor: 'Pat' });
  assert.deepEqual([done.created, done.opted_out], [2, 2]);
  const john = w.core.store.customers.byMobile('+61412909909')[0]!;
  assert.deepEqual([john.first_name, john.last_name], ['John', 'Citizen']);
});

test('a cancelled import stops between batches: what was committed stays and is counted, nothing half-imported', async () => {
  const w = world();
  const rows = Array.from({ length: 50 }, (_, i) => `L${i},First${i},Last${i},04${String(20_000_000 + i)},yes`).join('\n');
  const csv = `Lead ID,First Name,Last Name,Mobile,Opt in\n${rows}\n`;
  const ac = new AbortController();
  const done = await w.core.imports.run(textSource(csv), { dealerAccountId: w.dealerA, optInDefault: null, actor: 'Pat', batchSize: 10 }, {
    signal: ac.signal,
    onProgress: (p) => {
      if (p.counts.rowsRead >= 20) ac.abort();
    },
  });
  assert.equal(done.status, 'cancelled');
  assert.equal(done.created, 20);
  assert.equal(w.db.prepare("SELECT count(*) FROM customers WHERE first_name LIKE 'First%'").pluck().get(), 20);
  // The rest comes in with a re-run; the first 20 are not imported twice.
  const rest = await w.core.imports.run(textSource(csv), { dealerAccountId: w.dealerA, optInDefault: null, actor: 'Pat' });
  assert.deepEqual([rest.created, rest.unchanged], [30, 20]);
});

test('over IPC the file arrives in chunks (split mid-row); progress events follow; the error CSV lists the invalid rows', async () => {
  const { contextFor } = await import('../support/handler-context.ts');
  const { invokeHandler } = await import('../../src-main/ipc/registry.ts');
  const { createApiClient } = await import('../../shared/ipc/client.ts');
  const { parse } = await import('csv-parse/sync');
  const w = world();
  const ctx = contextFor(w);
  const api = createApiClient({ invoke: (c, i) => invokeHandler(c, i, ctx), on: () => () => undefined }).api;
  const preview = await api['imports.preview']({ text: MESSY.slice(0, 300) });
  assert.deepEqual(preview.headers.slice(0, 3), ['Lead ID', 'First Name', 'Surname']);
  assert.equal(preview.rows[0]?.[6], 'Came in Saturday, wants a RAV4, silver');
  const bytes = Buffer.byteLength(MESSY);
  const cuts = [0, 150, 151, 420, 700, MESSY.length];
  const { importId } = await api['imports.start']({
    text: MESSY.slice(cuts[0], cuts[1]), last: false, totalBytes: bytes, fileName: 'leads.csv', dealerAccountId: w.dealerA, mapping: preview.mapping, optInDefault: null,
  });
  for (let i = 1; i < cuts.length - 1; i++) {
    const { status } = await api['imports.append']({ importId, text: MESSY.slice(cuts[i], cuts[i + 1]), last: i === cuts.length - 2 });
    assert.equal(status, 'running');
  }
  await w.core.importJobs.settle();
  const run = await api['imports.get']({ importId });
  assert.deepEqual([run.status, run.created, run.attached, run.unchanged, run.invalid, run.fraction], ['done', 8, 1, 3, 4, 1]);
  const progress = ctx.events.filter(([e]) => e === 'import:progress').map(([, p]) => p as { status: string; fraction: number });
  assert.equal(progress.at(-1)?.status, 'done');
  const { fileName, csv } = await api['imports.errorsCsv']({ importId });
  assert.equal(fileName, `leads-import-${importId}-errors.csv`);
  const rows = parse(csv, { bom: true, columns: true }) as Record<string, string>[];
  assert.deepEqual(rows.map((r) => [r['Lead ID'], r.Line, r.Problem]), [['L4', '6', 'not_mobile'], ['L5', '7', 'missing_name'], ['L13', '15', 'invalid_mobile'], ['L14', '16', 'invalid_opt_in']]);
  assert.equal(rows[0]!.Reason, '"(02) 9876 5432" is not a mobile number.');
});

test('imports.start with a first part that does not hold the whole header row answers at once (refused, nothing recorded) instead of waiting for parts that cannot come', async () => {
  const { contextFor } = await import('../support/handler-context.ts');
  const { invokeHandler } = await import('../../src-main/ipc/registry.ts');
  const w = world();
  const ctx = contextFor(w);
  const answer = await Promise.race([
    invokeHandler('imports.start', { text: 'Lead ID,First Na', last: false, totalBytes: 5_000, fileName: 'leads.csv', dealerAccountId: w.dealerA, mapping: {}, optInDefault: null }, ctx),
    new Promise<'no answer'>((resolve) => setTimeout(() => resolve('no answer'), 2_000)),
  ]);
  assert.notEqual(answer, 'no answer');
  assert.equal(answer !== 'no answer' && !answer.ok && answer.error.code, 'INVALID_INPUT');
  assert.deepEqual(w.db.prepare('SELECT count(*) AS n FROM lead_imports').get(), { n: 0 });
});
