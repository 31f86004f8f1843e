// Templates: one set of placeholders, one renderTemplate for the composer and main, and main's
// refusal of a message that still holds a placeholder (R5's "main decides" applies to the text too).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openDatabase } from '../../src-main/db/open-database.ts';
import { createCore } from '../../src-main/core.ts';
import { manualClock } from '../../src-main/clock.ts';
import { seedDemo } from '../../src-main/app/demo-seed.ts';
import { demoScenario, DEMO_ACCOUNT_SID } from '../../src-main/gateway/simulator/demo-scenario.ts';
import { invokeHandler } from '../../src-main/ipc/registry.ts';
import {
  renderTemplate,
  TEMPLATE_FIELDS,
  templateFieldOf,
  unfilledPlaceholderError,
  unfilledPlaceholders,
  validateTemplate,
} from '../../shared/domain/templates.ts';
import { seedWorld } from '../support/seed-world.ts';
import { contextFor } from '../support/handler-context.ts';
import { randomUUID } from 'node:crypto';

test('renderTemplate fills every spelling real templates use', () => {
  const values = { firstName: 'Jane', dealerName: 'Harbour City Toyota' };
  for (const body of ['Hi {first name},', 'Hi {firstName},', 'Hi {first_name},', 'Hi {{firstName}},', 'Hi {{ first name }},', 'Hi {First Name},', 'Hi {name},']) {
    assert.equal(renderTemplate(body, values), 'Hi Jane,', body);
  }
  assert.equal(renderTemplate('{first name}, {dealer name} here. {firstName} again', values), 'Jane, Harbour City Toyota here. Jane again');
});

test('renderTemplate greets a lead without a first name "there", and leaves what it cannot fill as written', () => {
  assert.equal(renderTemplate('Hi {first name}, thanks', { firstName: '' }), 'Hi there, thanks');
  assert.equal(renderTemplate('Hi {first name}, thanks', { firstName: '  ' }), 'Hi there, thanks');
  assert.equal(renderTemplate('From {dealer name}', {}), 'From {dealer name}', 'no value and no fallback');
  assert.equal(renderTemplate('Your {odometer} is ready', { firstName: 'Jane' }), 'Your {odometer} is ready', 'unknown placeholder');
  assert.equal(renderTemplate('Your {vehicle} is ready', { firstName: 'Jane' }), 'Your {vehicle} is ready', 'known, but no value and no fallback');
  assert.equal(renderTemplate('No placeholders here.', { firstName: 'Jane' }), 'No placeholders here.');
});

test('every field has a canonical token that is one of its own spellings, and a label', () => {
  for (const f of TEMPLATE_FIELDS) {
    assert.equal(templateFieldOf(f.token.slice(1, -1))?.key, f.key);
    assert.ok(f.label.length > 0);
  }
  assert.equal(templateFieldOf('odometer'), null);
  assert.equal(templateFieldOf('car')?.key, 'vehicle');
});

test('unfilledPlaceholders lists what is left, as written, each once', () => {
  assert.deepEqual(unfilledPlaceholders('Hi {first name}, {first name}! Your {{vehicle}} from {dealer}'), ['{first name}', '{{vehicle}}', '{dealer}']);
  assert.deepEqual(unfilledPlaceholders('Hi Jane, see you at 10 {sharp} :) {}'), ['{sharp}']);
  assert.deepEqual(unfilledPlaceholders('Hi Jane, price is $35,990 (drive-away).'), []);
});

test('validateTemplate accepts known placeholders and names an unknown one', () => {
  assert.deepEqual(validateTemplate('Hi {first name}, {dealer name} here.'), { ok: true });
  const bad = validateTemplate('Hi {first name}, your {odometer} is ready.');
  assert.equal(bad.ok, false);
  if (bad.ok) return;
  assert.equal(bad.placeholder, '{odometer}');
  assert.match(bad.error, /\{odometer\}/);
  assert.match(bad.error, /\{firstName\}/, 'the error says what the app can fill');
});

test('every demo template and the demo automation rule render for a real demo customer with no placeholder left', async () => {
  const clock = manualClock(Date.UTC(2026, 10, 20, 1, 0, 0));
  const db = openDatabase(':memory:');
  try {
    const core = createCore({ db, clock });
    await seedDemo(core, { scenario: demoScenario, scenarioStartMs: clock(), accountSid: DEMO_ACCOUNT_SID, accountLabel: 'Demo gateway', historySids: new Map(), extraLeads: 20 });
    const { store } = core;
    const templates = store.templates.list();
    const rules = store.automation.rules();
    assert.ok(templates.length >= 4, 'the demo seeds shared and per-account templates');
    assert.ok(rules.length >= 1, 'the demo seeds an automation rule');
    const customers = store.customers.find('', 500).rows.filter((c) => c.first_name && c.mobile);
    const accountIds = store.accounts.accounts().map((a) => a.id);
    // A rule's steps send responses: each is one of the templates checked below.
    const ids = new Set(templates.map((t) => t.id));
    for (const r of rules) for (const st of store.automation.steps(r.id)) assert.ok(ids.has(st.template_id), `rule "${r.name}" step ${st.position}`);
    const bodies = templates.map((t) => ({ what: `template "${t.name}"`, account: t.dealer_account_id, body: t.body }));
    for (const { what, account, body } of bodies) {
      assert.deepEqual(validateTemplate(body), { ok: true }, what);
      const accountId = account ?? accountIds[0]!;
      const customer = customers.find((c) => store.customers.isLeadOf(c.id, accountId));
      assert.ok(customer, `a demo lead of the account of ${what}`);
      // The values the composer fills a chosen template with.
      const text = renderTemplate(body, { firstName: customer.first_name, dealerName: store.accounts.account(accountId)?.name });
      assert.deepEqual(unfilledPlaceholders(text), [], `${what} rendered: ${text}`);
      assert.ok(text.includes(customer.first_name), `${what} greets ${customer.first_name}: ${text}`);
    }
    // The rule's history the demo shows was sent (or refused) with the rule filled in.
    const history = store.automation.history(100);
    assert.ok(history.length > 0);
    for (const run of history) {
      const message = run.message_id === null ? undefined : store.messages.get(run.message_id);
      if (message) assert.deepEqual(unfilledPlaceholders(message.body), [], `run ${run.id}: ${message.body}`);
    }
  } finally {
    db.close();
  }
});

test('main refuses an SMS that still holds a placeholder, naming it, and records nothing (sms.send)', async () => {
  const w = seedWorld();
  const ctx = contextFor(w);
  const timeline = async () => {
    const page = await invokeHandler('timeline.page', { customerId: w.customerId }, ctx);
    assert.ok(page.ok);
    return (page.value as { items: unknown[] }).items.length;
  };
  const before = await timeline();
  const r = await invokeHandler('sms.send', { dealerAccountId: w.dealerA, customerId: w.customerId, body: 'Hi {first name}, thanks for taking the car for a drive today.', requestId: randomUUID() }, ctx);
  assert.equal(r.ok, false);
  if (r.ok) return;
  assert.equal(r.error.code, 'INVALID_INPUT');
  assert.match(r.error.message, /still holds the placeholder \{first name\}/);
  assert.deepEqual(r.error.details, { field: 'body', placeholder: '{first name}' });
  assert.equal(w.gateway.sent.length, 0, 'nothing reached the gateway');
  assert.equal(await timeline(), before, 'an invalid text is not an attempt: no row (unlike a consent refusal, R6)');

  // The same text, filled, is sent.
  const filled = renderTemplate('Hi {first name}, thanks for taking the car for a drive today.', { firstName: 'Jane' });
  const ok = await invokeHandler('sms.send', { dealerAccountId: w.dealerA, customerId: w.customerId, body: filled, requestId: randomUUID() }, ctx);
  assert.ok(ok.ok, JSON.stringify(ok));
  assert.equal(w.gateway.sent.length, 1);
  assert.equal(unfilledPlaceholderError(filled), null);
});
