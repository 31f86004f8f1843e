// Automation benchmark (R12): the runner's tick over a store of 1,000,000 leads and 20 rules
// (event and time triggers on four accounts), with 1,000 steps due — its cost follows the steps
// due, not the leads (query plans printed to stderr) — and the runner's release rate against the
// outbox's own send rate (an instant in-process gateway), measured side by side in one run,
// alternated, after a warm-up round.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../src-main/db/open-database.ts';
import { createConnectedCore } from '../src-main/connected-core.ts';
import { systemClock } from '../src-main/clock.ts';
import { timePlan } from '../src-main/automation/runner.ts';
import { TIME_SCAN_SQL } from '../src-main/db/repos/automation-repo.ts';
import type { GatewayMessage, MessagePage, OutboundSms, SendOutcome, SyncGateway } from '../src-main/gateway/sms-gateway.ts';
import { percentile, sortedSample, type Emit } from './stats.ts';
import { seededRandom } from './prng.ts';

export interface AutomationBenchSpec {
  leads: number;
  due: number;
  rounds: number;
}
export const AUTOMATION_SPEC: AutomationBenchSpec = { leads: 1_000_000, due: 1_000, rounds: 5 };

const DAY = 86_400_000;

/** A gateway that accepts every send at once: what is measured is our side. */
class InstantGateway implements SyncGateway {
  #n = 0;
  async send(_sms: OutboundSms): Promise<SendOutcome> {
    this.#n++;
    return { kind: 'accepted', sid: `SM${this.#n.toString(16).padStart(32, '0')}`, status: 'accepted', at: Date.now() };
  }
  async listMessages(): Promise<MessagePage> {
    return { messages: [], nextPageUrl: null };
  }
  async fetchMessage(): Promise<GatewayMessage | null> {
    return null;
  }
}

function plan(db: Db, sql: string, ...params: number[]): string {
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join(' | ');
}

export async function runAutomationBench(emit: Emit, spec: AutomationBenchSpec = AUTOMATION_SPEC, log: (s: string) => void = () => {}) {
  const dir = mkdtempSync(join(tmpdir(), 'smsdesk-auto-bench-'));
  try {
    const db = openDatabase(join(dir, 'bench.db'));
    const core = createConnectedCore({ db, gateway: new InstantGateway(), clock: systemClock, runner: { releaseBatch: 50, enrolBatch: 500 } });
    const { store } = core;
    const random = seededRandom(11);
    const now = Date.now();
    const t = Date.now();

    // Four accounts, a sender each (paced well above the bench's rate), open around the clock.
    const accounts: number[] = [];
    const gw = store.accounts.createGatewayAccount(`AC${'b'.repeat(32)}`, 'Bench gateway', now);
    const allDay = Object.fromEntries([1, 2, 3, 4, 5, 6, 7].map((d) => [d, { opens: 0, closes: 1440 }])) as never;
    for (let a = 0; a < 4; a++) {
      const id = store.accounts.createAccount(`D${a}`, `Dealer ${a}`, now - 400 * DAY);
      const sender = store.accounts.createSender(gw, 'number', `+6148000010${a}`, `Sender ${a}`, now);
      store.accounts.shareSender(sender, id);
      store.automation.setSenderPace(sender, 6000);
      core.calendar.setForAccount(id, { timeZone: 'Australia/Sydney', state: 'NSW', hours: allDay, closedOnPublicHolidays: false });
      accounts.push(id);
    }

    // The leads: raw inserts (the triggers still run: change log, automation events).
    const insCustomer = db.prepare('INSERT INTO customers (id, first_name, last_name, mobile, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)');
    const insLead = db.prepare("INSERT INTO leads (customer_id, dealer_account_id, source, created_at, updated_at, test_drive_at) VALUES (?, ?, 'import', ?, ?, ?)");
    const BATCH = 50_000;
    for (let from = 1; from <= spec.leads; from += BATCH) {
      db.transaction(() => {
        for (let id = from; id < from + BATCH && id <= spec.leads; id++) {
          const created = now - Math.floor(random() * 400 * DAY);
          const updated = created + Math.floor(random() * (now - created));
          insCustomer.run(id, `First${id}`, `Last${id}`, `+614${String(10_000_000 + id).padStart(8, '0')}`, created, updated);
          insLead.run(id, accounts[id % 4]!, created, updated, random() < 0.1 ? created + Math.floor(random() * 30 * DAY) : null);
        }
      })();
    }
    log(`generated ${spec.leads} leads in ${((Date.now() - t) / 1000).toFixed(1)} s`);

    // Twenty rules: five per account (lead created, appraisal created, appraisal offered, not updated 30 days, 2 days after a test drive).
    const rulesByAccount = new Map<number, number>();
    for (const a of accounts) {
      const tpl = store.templates.create(a, `Hello ${a}`, 'Hi {first name}, thanks for your interest in {dealer}.');
      const steps = [{ templateId: tpl, delayMs: 0 }];
      const ids = [
        core.automation.createRule({ dealerAccountId: a, name: 'Lead created', trigger: 'lead_created', steps }).rule.id,
        core.automation.createRule({ dealerAccountId: a, name: 'Appraisal created', trigger: 'appraisal_created', steps }).rule.id,
        core.automation.createRule({ dealerAccountId: a, name: 'Appraisal offered', trigger: 'appraisal_status', triggerStatus: 'offered', steps }).rule.id,
        core.automation.createRule({ dealerAccountId: a, name: 'Not updated', trigger: 'not_updated', triggerDays: 30, steps }).rule.id,
        core.automation.createRule({ dealerAccountId: a, name: 'Test drive +2d', trigger: 'lead_date', triggerDateField: 'test_drive_at', triggerOffsetMs: 2 * DAY, steps }).rule.id,
      ];
      for (const id of ids) core.automation.setEnabled(id, true);
      rulesByAccount.set(a, ids[0]!);
    }
    // As a running desk would be: the time triggers have scanned up to now, the events are consumed.
    for (const r of store.automation.activeRules()) {
      const p = timePlan(r, Date.now());
      if (p) store.automation.setScan(r.id, p.upTo, Number.MAX_SAFE_INTEGER);
    }
    store.sync.setCursor('automation.events', String(store.automation.maxEventId()), Date.now());

    log(`due steps: ${plan(db, "SELECT s.id FROM automation_step_runs s INDEXED BY automation_step_runs_due JOIN automation_enrolments e ON e.id = s.enrolment_id WHERE s.status IN ('pending', 'held') AND s.due_at <= 1 ORDER BY s.due_at, s.id LIMIT 50")}`);
    log(`not updated: ${plan(db, TIME_SCAN_SQL.notUpdated, 1, 5, 5, 0, 9, 500)}`);
    log(`test drive: ${plan(db, TIME_SCAN_SQL.testDrive, 1, 5, 5, 0, 9, 500)}`);
    log(`events: ${plan(db, 'SELECT * FROM automation_events WHERE id > 5 ORDER BY id LIMIT 500')}`);

    // Idle ticks: 1M leads, 20 rules, nothing due.
    const idle: number[] = [];
    for (let i = 0; i < 120; i++) {
      const t0 = performance.now();
      await core.runner.tick();
      if (i >= 20) idle.push(performance.now() - t0);
    }

    /** Enrols `n` random leads into their account's lead-created rule with a step due now. */
    let round = 0;
    const makeDue = (n: number): void => {
      round++;
      store.transaction(() => {
        for (let i = 0; i < n; i++) {
          const customer = 1 + Math.floor(random() * spec.leads);
          const account = accounts[customer % 4]!;
          const rule = rulesByAccount.get(account)!;
          const enrolment = store.automation.enrol(rule, customer, `bench:${round}:${i}`, null, Date.now() - 1_000);
          if (enrolment === null) continue;
          store.automation.scheduleStep(enrolment, store.automation.steps(rule)[0]!.id, 1, Date.now() - 1_000);
        }
      });
    };

    const busy: number[] = [];
    const releaseRates: number[] = [];
    const sendRates: number[] = [];
    for (let r = 0; r <= spec.rounds; r++) {
      makeDue(spec.due);
      // The runner: ticks until the round's steps are all released (50 a tick).
      let released = 0;
      let runnerMs = 0;
      for (;;) {
        const t0 = performance.now();
        const s = await core.runner.tick();
        const ms = performance.now() - t0;
        if (s.due === 0) break;
        runnerMs += ms;
        released += s.released;
        if (r > 0) busy.push(ms);
      }
      // The outbox, on what the runner queued.
      const t1 = performance.now();
      const sent = await core.outbox.drain();
      const outboxMs = performance.now() - t1;
      if (r > 0) {
        releaseRates.push(released / (runnerMs / 1000));
        sendRates.push(sent / (outboxMs / 1000));
      }
      log(`round ${r}: released ${released} in ${runnerMs.toFixed(0)} ms, outbox sent ${sent} in ${outboxMs.toFixed(0)} ms${r === 0 ? ' (warm-up)' : ''}`);
    }

    const busySorted = sortedSample(busy);
    const idleSorted = sortedSample(idle);
    emit('automation_tick_p99_ms', percentile(busySorted, 99), 'ms');
    emit('automation_tick_p50_ms', percentile(busySorted, 50), 'ms');
    emit('automation_tick_idle_p99_ms', percentile(idleSorted, 99), 'ms');
    const median = (xs: number[]) => percentile(sortedSample(xs), 50);
    emit('automation_release_per_s', median(releaseRates), 'steps/s');
    emit('outbox_send_per_s', median(sendRates), 'messages/s');
    emit('automation_release_vs_outbox_ratio', median(releaseRates) / median(sendRates), 'x');
    db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
