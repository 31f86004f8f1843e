// Seeds an empty database for the demo, once: the simulator's demo scenario (dealer accounts, the
// shared sender, twelve customers and the outbound history their replies answer), plus a few
// hundred generated leads with history so the lists feel real, appraisals, templates and an
// automation rule with runs (one of them blocked by an opt-out, R6).
import type { Core } from '../core.ts';
import type { Scenario } from '../gateway/simulator/scenario.ts';
import { countSegments } from '../../shared/sms-segments.ts';
import { renderTemplate } from '../../shared/domain/templates.ts';
import { seededRandom } from '../seeded-random.ts';
import { applyGatewayKeyword } from '../sync/reply-processor.ts';

export interface DemoSeedOptions {
  scenario: Scenario;
  /** When the simulator's scenario clock started: history offsets count from here. */
  scenarioStartMs: number;
  accountSid: string;
  accountLabel: string;
  /** SIDs the simulator gave the scenario's outbound history, by `${to}|${body}`. */
  historySids: Map<string, string>;
  /** Generated leads besides the scenario's customers. */
  extraLeads: number;
  seed?: number;
}

export interface DemoSeedResult {
  gatewayAccountId: number;
  customers: number;
}

const FIRST = ['Oliver', 'Grace', 'Leo', 'Chloe', 'Thomas', 'Zoe', 'James', 'Ella', 'Ethan', 'Ruby', 'Lachlan', 'Sienna', 'Cooper', 'Matilda', 'Harrison', 'Priya', 'Wei', 'Mohammed', 'Aroha', 'Sofia', 'Hamish', 'Kirra', 'Jarrah', 'Connor', 'Hannah', 'Riley', 'Lily', 'Archie', 'Evie', 'Hugo', 'Aisha', 'Mateo', 'Freya', 'Jasper', 'Imogen', 'Arjun', 'Mei', 'Declan', 'Tahlia', 'Angus'];
const LAST = ['Jones', 'Wilson', 'Taylor', 'Johnson', 'White', 'Anderson', 'Harris', 'Lee', 'Ryan', 'Robinson', 'Kelly', 'King', 'Davis', 'Wright', 'Evans', 'Roberts', 'Green', 'Hall', 'Wood', 'Jackson', 'Clarke', 'Khan', 'Singh', 'Murphy', "O'Brien", 'Campbell', 'Mitchell', 'Young', 'Scott', 'Stewart', 'Tran', 'Papadopoulos', 'Kowalski', 'Fraser', 'Nakamura', 'Haddad', 'Ferrari', 'McKenzie', 'Lim', 'Ahmed'];
const VEHICLES: [string, string][] = [['Toyota', 'Corolla Cross'], ['Toyota', 'RAV4'], ['Toyota', 'HiLux'], ['Mazda', 'CX-5'], ['Mazda', 'CX-30'], ['Mazda', 'BT-50'], ['Kia', 'Sportage'], ['Kia', 'Seltos'], ['Kia', 'Carnival'], ['Hyundai', 'Tucson'], ['Hyundai', 'i30'], ['Hyundai', 'Kona'], ['Ford', 'Ranger'], ['Mitsubishi', 'Outlander'], ['Volkswagen', 'Golf'], ['Subaru', 'Forester'], ['Nissan', 'X-Trail'], ['Holden', 'Commodore']];
const OUTBOUND = [
  'Hi {n}, thanks for your enquiry on the {v}. When suits for a test drive?',
  'Hi {n}, your {v} service is booked for Tuesday 9am. Reply to change it.',
  'Hi {n}, just checking in on the finance quote for the {v}. Any questions?',
  'Hi {n}, the {v} you looked at has had a price drop this week.',
  'Hi {n}, we have your appraisal figure for the trade-in ready. Call us when it suits.',
];
const REPLIES = ['Thanks, I will think about it.', 'Can you do a better price?', 'Saturday morning works for me', 'Is it still available?', 'Great, see you then!', 'Sorry, bought elsewhere.'];


const DAY = 86_400_000;
const MIN = 60_000;

function splitName(name: string): { firstName: string; lastName: string } {
  const i = name.indexOf(' ');
  return i < 0 ? { firstName: name, lastName: '' } : { firstName: name.slice(0, i), lastName: name.slice(i + 1) };
}

function fakeSid(random: () => number): string {
  let s = 'SM';
  for (let i = 0; i < 32; i++) s += Math.floor(random() * 16).toString(16);
  return s;
}

/** Whether the database has nothing in it yet (the demo is seeded only into an empty database). */
export function isEmptyDatabase(core: Core): boolean {
  return core.store.accounts.accounts().length === 0 && core.store.customers.count('') === 0;
}

export async function seedDemo(core: Core, o: DemoSeedOptions): Promise<DemoSeedResult> {
  const { store, clock } = core;
  const random = seededRandom(o.seed ?? 20261120);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
  const now = clock();
  const s = o.scenario;

  const accountOf = new Map<string, number>();
  const senderOf = new Map<string, number>();
  const customerOf = new Map<string, number>();
  let gatewayAccountId = 0;

  store.transaction(() => {
    for (const d of s.dealers) accountOf.set(d.id, store.accounts.createAccount(d.id, d.name, now - 400 * DAY));
    gatewayAccountId = store.accounts.createGatewayAccount(o.accountSid, o.accountLabel, now - 400 * DAY);
    for (const snd of s.senders) {
      const id = store.accounts.createSender(gatewayAccountId, 'number', snd.number, snd.label ?? snd.number, now - 400 * DAY);
      senderOf.set(snd.number, id);
      for (const d of snd.dealerIds) store.accounts.shareSender(id, accountOf.get(d)!);
    }
    for (const ms of s.messagingServices) {
      const id = store.accounts.createSender(gatewayAccountId, 'messaging_service', ms.sid, ms.friendlyName, now - 400 * DAY);
      senderOf.set(ms.sid, id);
      for (const d of ms.dealerIds) store.accounts.shareSender(id, accountOf.get(d)!);
    }

    // The scenario's customers, a lead of each dealer that holds them.
    for (const c of s.customers) {
      const { firstName, lastName } = splitName(c.name);
      let customerId: number | undefined;
      for (const d of c.dealerIds) {
        const r = core.leads.createLead(
          { dealerAccountId: accountOf.get(d)!, firstName, lastName, mobile: c.mobile, email: c.email ?? null, optInToMarketing: true, source: 'demo', ...(customerId ? { customerId } : {}) },
          'demo',
        );
        customerId = r.customerId;
      }
      if (customerId) customerOf.set(c.mobile, customerId);
    }

    // Their outbound history, with the SIDs the simulator holds, so polling finds it already known
    // and attribution (R4) sees which dealer texted each customer last.
    for (const e of s.events) {
      if (e.direction !== 'outbound') continue;
      const at = o.scenarioStartMs + e.at;
      const sid = o.historySids.get(`${e.to}|${e.body}`) ?? fakeSid(random);
      const sender = senderOf.get(e.from);
      store.messages.insert({
        direction: 'outbound', origin: 'manual', status: 'delivered',
        customerId: customerOf.get(e.to) ?? null,
        dealerAccountId: e.dealerId ? (accountOf.get(e.dealerId) ?? null) : null,
        senderId: sender ?? null,
        toNumber: e.to,
        fromNumber: e.from.startsWith('+') ? e.from : null,
        body: e.body,
        segments: countSegments(e.body).segments,
        gatewaySid: sid,
        createdBy: 'Sam (sales)',
        createdAt: at,
        sentAt: at,
      });
    }
  });

  // Generated leads with a few weeks of history.
  const accountIds = [...accountOf.values()];
  const sendersByAccount = new Map(accountIds.map((a) => [a, store.accounts.sendersOfAccount(a)]));
  const reserved = new Set(s.customers.map((c) => c.mobile));
  const generated: { id: number; accounts: number[]; first: string; vehicle: [string, string] }[] = [];
  store.transaction(() => {
    for (let i = 0; i < o.extraLeads; i++) {
      const first = pick(FIRST);
      const last = pick(LAST);
      let mobile: string | null = null;
      if (random() < 0.93) {
        do mobile = `+6149157${String(Math.floor(random() * 10_000)).padStart(4, '0')}`;
        while (reserved.has(mobile));
        reserved.add(mobile);
      }
      const email = random() < 0.8 ? `${first}.${last}${i}@example.com`.toLowerCase().replace(/'/g, '') : null;
      const primary = pick(accountIds);
      const accounts = [primary];
      if (random() < 0.2) {
        const other = pick(accountIds);
        if (other !== primary) accounts.push(other);
      }
      let customerId: number | undefined;
      for (const a of accounts) {
        const optIn = random() >= 0.06; // R10: some leads arrive with marketing unticked
        const r = core.leads.createLead(
          { dealerAccountId: a, firstName: first, lastName: last, mobile, email, optInToMarketing: optIn, source: 'import', ...(customerId ? { customerId } : {}) },
          'import',
        );
        customerId = r.customerId;
      }
      const vehicle = pick(VEHICLES);
      generated.push({ id: customerId!, accounts, first, vehicle });
      if (!mobile) continue;
      // 0-5 messages over the last 60 days, oldest first.
      const count = Math.floor(random() * 6);
      let t = now - Math.floor(60 * DAY * (0.3 + random() * 0.7));
      for (let m = 0; m < count; m++) {
        t += Math.floor(random() * 5 * DAY) + 10 * MIN;
        if (t > now - 10 * MIN) break;
        const account = pick(accounts);
        const sender = sendersByAccount.get(account)?.[0];
        if (!sender) continue;
        const decision = core.consent.decide(account, customerId!, 'sms');
        if (!decision.allowed) break;
        const inbound = m > 0 && random() < 0.35;
        const body = inbound ? pick(REPLIES) : pick(OUTBOUND).replace('{n}', first).replace('{v}', `${vehicle[0]} ${vehicle[1]}`);
        const from = sender.kind === 'number' ? sender.address : null;
        store.messages.insert({
          direction: inbound ? 'inbound' : 'outbound',
          origin: inbound ? 'inbound' : 'manual',
          status: inbound ? 'received' : random() < 0.05 ? 'undelivered' : 'delivered',
          customerId: customerId!,
          dealerAccountId: account,
          senderId: sender.id,
          toNumber: inbound ? (from ?? sender.address) : mobile,
          fromNumber: inbound ? mobile : from,
          body,
          segments: countSegments(body).segments,
          gatewaySid: fakeSid(random),
          createdBy: inbound ? null : pick(['Sam (sales)', 'Priya (BDC)', 'Tom (service)']),
          createdAt: t,
          sentAt: t,
        });
        // Now and then a customer texted STOP to one dealer (R3: that dealer only).
        if (inbound && random() < 0.08) {
          const stopAt = t + 2 * MIN;
          const id = store.messages.insert({
            direction: 'inbound', origin: 'inbound', status: 'received', customerId: customerId!, dealerAccountId: account,
            senderId: sender.id, toNumber: from ?? sender.address, fromNumber: mobile, body: 'STOP', segments: 1,
            gatewaySid: fakeSid(random), createdAt: stopAt, sentAt: stopAt,
          });
          core.consent.applyReply(account, customerId!, 'opted_out', id, 'STOP', stopAt);
          // R13: the demo gateway filters STOP as Twilio does: the whole line blocks the number.
          applyGatewayKeyword(store, sender, mobile, 'STOP', id, stopAt);
          break;
        }
      }
    }

    // Templates: shared and per account.
    store.templates.create(null, 'Test drive follow-up', 'Hi {first name}, thanks for taking the car for a drive today. Any questions, just reply here.');
    store.templates.create(null, 'Service reminder', 'Hi {first name}, your vehicle is due for its scheduled service. Reply with a day that suits and we will book you in.');
    store.templates.create(null, 'Appraisal ready', 'Hi {first name}, the appraisal on your trade-in is ready. Call us or reply here to talk numbers.');
    for (const [code, id] of accountOf) {
      const name = s.dealers.find((d) => d.id === code)?.name ?? code;
      store.templates.create(id, `${name}: weekend offer`, `Hi {first name}, ${name} has drive-away offers this weekend only. Reply for details.`);
    }

    // Appraisals on some leads, the scenario's customers included.
    const appraised = [...generated.slice(0, 40), ...s.customers.map((c) => ({ id: customerOf.get(c.mobile)!, accounts: c.dealerIds.map((d) => accountOf.get(d)!), first: '', vehicle: pick(VEHICLES) }))];
    for (const g of appraised) {
      if (random() < 0.35 && g.first) continue;
      const [make, model] = pick(VEHICLES);
      const status = pick(['open', 'open', 'offered', 'accepted', 'declined'] as const);
      const created = now - Math.floor(random() * 30 * DAY);
      store.appraisals.insert(
        {
          customerId: g.id, dealerAccountId: g.accounts[0]!, year: 2012 + Math.floor(random() * 12), make, model,
          variant: pick([null, 'GX', 'Sport', 'GT-Line', 'Touring', 'XLT']),
          registration: `${pick(['ABC', 'DFK', 'ZQT', 'MLP', 'CVB'])}${Math.floor(random() * 90 + 10)}${pick(['A', 'X', 'Q'])}`,
          odometerKm: Math.floor(20_000 + random() * 180_000),
          status, offerAud: status === 'open' ? null : Math.round((8_000 + random() * 40_000) / 500) * 500,
          notes: pick([null, 'Minor scratches rear bumper', 'Full service history', 'Needs tyres', 'One owner']),
        },
        created,
      );
    }
  });

  // Automation (R12): a running test-drive follow-up with history — runs that sent, and one
  // blocked by an opt-out (R6), made through the real send pipeline so the refusal reads exactly as
  // the app words it — and a chase left switched off for a dry run.
  const mazda = accountOf.get('harbour-mazda') ?? accountIds[0]!;
  const ruleBody = 'Hi {first name}, how did you find the test drive? Happy to answer any questions.';
  const followUp = store.templates.create(mazda, 'Test drive follow-up (2 days)', ruleBody);
  const chaseText = store.templates.create(mazda, 'Still keen?', 'Hi {first name}, just checking in from {dealer}. Still keen on a test drive? Reply with a day that suits.');
  const rule = core.automation.createRule({
    dealerAccountId: mazda,
    name: 'Test drive follow-up (2 days)',
    trigger: 'lead_date',
    triggerDateField: 'test_drive_at',
    triggerOffsetMs: 2 * DAY,
    steps: [{ templateId: followUp, delayMs: 0 }],
  }).rule.id;
  core.automation.setEnabled(rule, true);
  core.automation.createRule({
    dealerAccountId: mazda,
    name: 'No reply in 3 days: chase',
    trigger: 'no_reply',
    triggerDays: 3,
    steps: [{ templateId: chaseText, delayMs: 0 }, { templateId: chaseText, delayMs: 4 * DAY }],
  });
  const mazdaName = store.accounts.account(mazda)?.name ?? null;
  // The rule's body filled as the runner fills it: the same renderTemplate the composer uses.
  const ruleText = (firstName: string): string => renderTemplate(ruleBody, { firstName, dealerName: mazdaName });
  const mazdaLeads = generated.filter((g) => g.accounts.includes(mazda));
  let blocked = false;
  for (const g of mazdaLeads.slice(0, 25)) {
    const customer = store.customers.get(g.id);
    if (!customer?.mobile) continue;
    const at = now - Math.floor(random() * 20 * DAY) - DAY;
    const run = store.automation.startRun(rule, g.id, at);
    const decision = core.consent.decide(mazda, g.id, 'sms');
    if (!decision.allowed) {
      const r = await core.sends.send({ dealerAccountId: mazda, customerId: g.id, body: ruleText(g.first), actor: 'automation', origin: 'automation', automationRunId: run });
      core.automation.recordSend(run, r);
      blocked ||= r.outcome === 'refused';
      continue;
    }
    const sender = sendersByAccount.get(mazda)?.[0];
    const body = ruleText(g.first);
    const id = store.messages.insert({
      direction: 'outbound', origin: 'automation', status: 'delivered', customerId: g.id, dealerAccountId: mazda,
      senderId: sender?.id ?? null, toNumber: customer.mobile, fromNumber: sender?.kind === 'number' ? sender.address : null,
      body, segments: countSegments(body).segments, gatewaySid: fakeSid(random), createdBy: 'automation', automationRunId: run,
      createdAt: at, sentAt: at,
    });
    store.automation.finishRun(run, id, 'delivered', null);
  }
  if (!blocked) {
    // Make sure the history shows a refusal: opt one lead out by hand, then let the rule try.
    const g = mazdaLeads.find((x) => store.customers.get(x.id)?.mobile);
    if (g) {
      core.consent.optOutManually({ dealerAccountId: mazda, customerId: g.id, channel: 'sms', actor: 'Priya (BDC)', reason: 'Asked on the phone not to be texted' });
      const run = store.automation.startRun(rule, g.id, clock());
      const r = await core.sends.send({ dealerAccountId: mazda, customerId: g.id, body: ruleText(g.first), actor: 'automation', origin: 'automation', automationRunId: run });
      core.automation.recordSend(run, r);
    }
  }

  return { gatewayAccountId, customers: s.customers.length + generated.length };
}
