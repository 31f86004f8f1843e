// Several desks, one record (R11). Every change is written to the local store first (a desk
// works offline); triggers queue it (group_outbox, migration 9) and the exchange pushes the queue
// in order with globally unique ids (idempotent on the server), then pulls what the other desks
// pushed, by a cursor that cannot skip rows committing out of order (pg-group-server.ts), and
// applies each page in one local transaction together with the cursor: a desk killed mid-pull
// resumes where its store says, a desk killed mid-push pushes the same ids again.
//
// What is shared: dealer accounts (by code), gateway accounts (by SID; never a token), senders
// and which accounts share them (by address), customers (matched across desks by mobile, then
// email: two desks that created the same person merge on it) with their phone history, leads,
// consent events (the fold, consent/consent-fold.ts, makes the state identical on every desk),
// outbound records (gateway SID ↔ dealer account, customer, who and which desk;
// a reply answering another desk's message is attributed by it, and a provisional decision is
// revised, sync/attribution-revision.ts), review decisions, appraisals, templates and automation rules (with
// their steps and sources; the newer edit wins). A step of a shared rule is released by one desk:
// each desk claims it on the server before reserving it (claimStep, R12), by what names it on
// every desk: the rule, the customer, the trigger's kind and moment, the step's position.
// Extension point: add an entity to GroupEntity, a trigger in a migration, a snapshot in #eventOf
// and a case in #apply.
import type { Clock } from '../clock.ts';
import type { Store } from '../db/store.ts';
import type { ConsentEventSnapshot, GroupEntity, GroupOutboxRow, PhoneSnapshot } from '../db/repos/group-repo.ts';
import type { ConsentService } from '../consent/consent-service.ts';
import type { Channel, ConsentSource, ConsentStatus, MessageStatus } from '../../shared/domain/types.ts';
import { reviseAttribution } from '../sync/attribution-revision.ts';
import type { GroupEvent, GroupServer, PulledEvent } from './group-server.ts';
import type { ClaimResult, StepClaim, StepClaimKey } from '../automation/step-claim.ts';
import { TRIGGER_KINDS, type LeadDateField, type TriggerKind } from '../../shared/domain/automation.ts';

export interface GroupSyncOptions {
  /** Events per push and per pulled page. Default 500. */
  batchSize?: number;
  /** A pull at least this often, whatever the notifications say. Default 5 s. */
  pullIntervalMs?: number;
  /** Automated sends need the group's state pulled within this long, or they wait (R11). Default 60 s. */
  freshnessMs?: number;
  /** The pre-send exchange gives up after this long (the send then decides on what it has). Default 2 s. */
  preSendTimeoutMs?: number;
}

export type GroupState = 'off' | 'connecting' | 'connected' | 'unreachable';

export interface GroupStatus {
  state: GroupState;
  deskName: string | null;
  /** The last exchange that reached the server (epoch ms), or null. */
  lastExchangeAt: number | null;
  /** The last successful pull: what the freshness of consent rests on. */
  lastPullAt: number | null;
  /** Local changes waiting to be pushed. */
  waiting: number;
  /** Pulled events waiting for what they name (a lead whose customer has not arrived). */
  parked: number;
  lastError: string | null;
}

/** What the send policy is told (decideSend's freshness fact). */
export interface GroupFreshness {
  /** Whether the group's state was pulled within the bound. */
  fresh: boolean;
  /** When this desk last heard from the group (null: never). */
  lastPullAt: number | null;
  boundMs: number;
}

export interface ExchangeStats {
  pushed: number;
  pulled: number;
  applied: number;
}

const CURSOR = 'group.cursor';

type Payload = Record<string, unknown>;
const str = (p: Payload, k: string): string => String(p[k] ?? '');
const optStr = (p: Payload, k: string): string | null => (p[k] === null || p[k] === undefined ? null : String(p[k]));
const num = (p: Payload, k: string): number => Number(p[k] ?? 0);
const optNum = (p: Payload, k: string): number | null => (p[k] === null || p[k] === undefined ? null : Number(p[k]));
/** Archived since when (null: in use); undefined from a desk too old to say (left as it is). */
const archivedAtOf = (p: Payload): number | null | undefined => (Object.hasOwn(p, 'archivedAt') ? optNum(p, 'archivedAt') : undefined);

/** What applying a page leads this desk to conclude, done once the page is in. */
interface Consequences {
  /** Replies to re-attribute (an outbound record they may answer arrived). */
  revise: Set<number>;
}

/** Thrown by an apply step when the event names something not here yet: the event is parked. */
class Missing extends Error {}

export class GroupSync {
  readonly #o: Required<GroupSyncOptions>;
  #server: GroupServer | null = null;
  #state: GroupState = 'off';
  #lastExchangeAt: number | null = null;
  #lastPullAt: number | null = null;
  #lastError: string | null = null;
  #running: Promise<ExchangeStats> | null = null;
  #again = false;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #unlisten: (() => Promise<void>) | null = null;
  #listening = false;
  #started = false;
  #watcher: ReturnType<typeof setInterval> | null = null;
  /** What #eventsOf read ahead for the batch being pushed. */
  #batch: { consent: Map<number, ConsentEventSnapshot>; uids: Map<number, string> } = { consent: new Map(), uids: new Map() };
  readonly #listeners = new Set<(s: GroupStatus) => void>();

  constructor(
    private readonly store: Store,
    private readonly consent: ConsentService,
    private readonly clock: Clock,
    private readonly newId: () => string,
    options: GroupSyncOptions = {},
  ) {
    this.#o = {
      batchSize: options.batchSize ?? 500,
      pullIntervalMs: options.pullIntervalMs ?? 5_000,
      freshnessMs: options.freshnessMs ?? 60_000,
      preSendTimeoutMs: options.preSendTimeoutMs ?? 2_000,
    };
  }

  /** Whether this desk is a member of a group (its store says so, server reachable or not). */
  get member(): boolean {
    return this.store.group.member() !== undefined;
  }

  /** Uses this server from now on (null: none). Does not change membership. */
  attach(server: GroupServer | null): void {
    if (server === this.#server) return;
    this.#server = server;
    this.#state = server && this.member ? 'connecting' : 'off';
    this.#emit();
  }

  /**
   * Joins the group on the attached server: creates or upgrades the server's schema when
   * `createSchema` (the first desk, or `smsdesk group init`), queues everything this desk already
   * holds, then exchanges once.
   */
  async join(deskName: string, o: { createSchema?: boolean } = {}): Promise<ExchangeStats> {
    const server = this.#requireServer();
    if (o.createSchema ?? true) await server.migrate();
    else if ((await server.schemaVersion()) === 0) throw new Error('The group server has no Dealer SMS Desk schema yet: run `smsdesk group init --url URL` first.');
    const existing = this.store.group.member();
    this.store.group.join(existing?.desk_id ?? this.newId(), deskName.trim() || 'Desk', this.clock(), true);
    return this.exchange();
  }

  /** Leaves the group: nothing more is shared; what this desk holds stays. Its place in the server's order is forgotten. */
  leave(): void {
    this.store.group.leave();
    this.store.sync.setCursor(CURSOR, '', this.clock());
    this.#state = 'off';
    this.#emit();
  }

  status(): GroupStatus {
    return {
      state: this.member ? this.#state : 'off',
      deskName: this.store.group.deskName(),
      lastExchangeAt: this.#lastExchangeAt,
      lastPullAt: this.#lastPullAt,
      waiting: this.store.group.waiting(),
      parked: this.store.group.parkedCount(),
      lastError: this.#lastError,
    };
  }

  onStatus(listener: (s: GroupStatus) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The send policy's fact (null outside a group: one desk, nothing to be fresh about). */
  freshness(): GroupFreshness | null {
    if (!this.member) return null;
    const last = this.#lastPullAt;
    return { fresh: last !== null && this.clock() - last <= this.#o.freshnessMs, lastPullAt: last, boundMs: this.#o.freshnessMs };
  }

  /**
   * R11/R12: claims an automation step for this desk, group-wide. Outside a group every step is
   * this desk's. In a group with the server unreachable it throws: the step stays due and the
   * runner tries again on a later tick (never sent by two desks, never lost).
   */
  async claimStep(key: StepClaimKey): Promise<ClaimResult> {
    const member = this.store.group.member();
    if (!member) return { claimed: true };
    const server = this.#server;
    if (!server) throw new Error('This desk is in a group but has no group server to claim the step on.');
    const ruleUid = this.store.transaction(() => this.#uidFor('automation_rule', key.ruleId));
    const customerUid = this.store.transaction(() => this.#customerUid(key.customerId));
    const kind = key.triggerKey.split(':')[0] ?? key.triggerKey;
    const claimKey = `${ruleUid}|${customerUid}|${kind}|${key.anchorAt ?? ''}|${key.position}`;
    const r = await server.claimStep(claimKey, member.desk_id, member.desk_name);
    return r.claimed ? { claimed: true } : { claimed: false, reason: `the desk "${r.deskName}" of the group sends this step` };
  }

  /** The runner's claim hook backed by this group (a lone desk claims everything). */
  readonly stepClaim: StepClaim = { claim: (key) => this.claimStep(key) };

  /**
   * Before a send leaves: exchange with the group so another desk's opt-out made a moment ago is
   * here (R11). Bounded in time; unreachable, the send decides on what the desk has (and the
   * freshness fact says since when).
   */
  async beforeSend(): Promise<void> {
    if (!this.member || !this.#server) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.#o.preSendTimeoutMs);
    });
    try {
      await Promise.race([this.exchange().then(() => undefined, () => undefined), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Push what waits, then pull until caught up. One at a time; a call during a run runs once more after it. */
  exchange(): Promise<ExchangeStats> {
    if (this.#running) {
      this.#again = true;
      return this.#running.then(() => this.exchange());
    }
    const run = this.#exchange().finally(() => {
      this.#running = null;
    });
    this.#running = run;
    return run;
  }

  /** Pushes what waits, without pulling (the bench measures the two directions apart). */
  async pushOnly(): Promise<number> {
    const server = this.#requireServer();
    return this.#push(server);
  }

  /** Background: listen for wake-ups and pull periodically. */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    this.#schedule(0);
    // A change made here is pushed within a tenth of a second (the queue is a small table).
    this.#watcher = setInterval(() => {
      if (!this.#running && this.member && this.store.group.waiting() > 0) this.#schedule(0);
    }, 100);
    this.#watcher.unref?.();
  }

  async stop(): Promise<void> {
    this.#started = false;
    if (this.#watcher) clearInterval(this.#watcher);
    this.#watcher = null;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    await this.#unlisten?.();
    this.#unlisten = null;
    this.#listening = false;
    await this.#running?.catch(() => undefined);
  }

  /** Local changes made by this desk are queued by triggers; this asks for a push soon. */
  kick(): void {
    if (this.#started && this.member) this.#schedule(50);
  }

  #schedule(ms: number): void {
    if (!this.#started) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.#tick();
    }, ms);
    this.#timer.unref?.();
  }

  async #tick(): Promise<void> {
    if (this.member && this.#server) {
      await this.exchange().catch(() => undefined);
      if (!this.#listening && this.#state === 'connected') await this.#listen();
    }
    this.#schedule(this.#o.pullIntervalMs);
  }

  async #listen(): Promise<void> {
    const server = this.#server;
    if (!server) return;
    this.#listening = true;
    try {
      this.#unlisten = await server.listen(
        () => this.#schedule(0),
        () => {
          this.#listening = false;
          this.#unlisten = null;
        },
      );
    } catch {
      this.#listening = false;
    }
  }

  #requireServer(): GroupServer {
    if (!this.#server) throw new Error('No group server is configured.');
    return this.#server;
  }

  #emit(): void {
    const s = this.status();
    for (const l of this.#listeners) l(s);
  }

  async #exchange(): Promise<ExchangeStats> {
    const stats: ExchangeStats = { pushed: 0, pulled: 0, applied: 0 };
    const server = this.#server;
    if (!server || !this.member) return stats;
    try {
      do {
        this.#again = false;
        stats.pushed += await this.#push(server);
        const pulled = await this.#pull(server);
        stats.pulled += pulled.pulled;
        stats.applied += pulled.applied;
      } while (this.#again);
      this.#state = 'connected';
      this.#lastError = null;
      this.#lastExchangeAt = this.clock();
      return stats;
    } catch (err) {
      this.#state = 'unreachable';
      this.#lastError = err instanceof Error ? err.message : String(err);
      throw err;
    } finally {
      this.#emit();
    }
  }

  async #push(server: GroupServer): Promise<number> {
    const member = this.store.group.member();
    if (!member) return 0;
    let pushed = 0;
    // The queue in batches, in order; the next batch is read and built while the server inserts this
    // one (the two take about as long: done in turn, each would wait for the other). A batch is
    // dropped from the queue only once the server has it, so a failed push leaves it queued.
    const batchAfter = (afterId: number): { lastId: number; events: GroupEvent[] } | null => {
      const rows = this.store.group.outbox(this.#o.batchSize, afterId);
      if (rows.length === 0) return null;
      return { lastId: (rows[rows.length - 1] as GroupOutboxRow).id, events: this.store.transaction(() => this.#eventsOf(rows, member)) };
    };
    let batch = batchAfter(0);
    while (batch) {
      const sending = server.push(batch.events);
      sending.catch(() => undefined);
      // Let the insert go out on the wire before building the next batch on this thread.
      await new Promise<void>((resolve) => setImmediate(resolve));
      const next = batchAfter(batch.lastId);
      await sending;
      this.store.group.dropPushed(batch.lastId);
      pushed += batch.events.length;
      batch = next;
    }
    return pushed;
  }

  /** The queued rows as events: each entity once per batch, at its first place (what names it comes first). */
  #eventsOf(rows: GroupOutboxRow[], member: { desk_id: string; desk_name: string }): GroupEvent[] {
    const seen = new Set<string>();
    const events: GroupEvent[] = [];
    // Consent events are most of a busy queue: read them, and their customers' group ids, at once.
    const consentIds = rows.filter((r) => r.entity === 'consent_event').map((r) => r.local_id);
    this.#batch = { consent: consentIds.length > 1 ? this.store.group.consentEventSnapshots(consentIds) : new Map(), uids: new Map() };
    if (this.#batch.consent.size > 0) {
      this.#batch.uids = this.store.group.uidsOf('customer', [...new Set([...this.#batch.consent.values()].map((e) => e.customer_id))]);
    }
    for (const row of rows) {
      const key = `${row.entity}:${row.local_id}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const e = this.#eventOf(row);
      if (e) events.push({ ...e, uid: e.uid ?? row.uid, desk: member.desk_id, deskName: member.desk_name });
    }
    return events;
  }

  /** This entity's group id, given one now if it has none yet (the push of it will carry the same). */
  #uidFor(entity: 'template' | 'automation_rule' | 'appraisal', localId: number): string {
    const g = this.store.group;
    let uid = g.uidOf(entity, localId);
    if (!uid) {
      uid = this.newId();
      g.map(entity, uid, localId);
    }
    return uid;
  }

  #customerUid(customerId: number): string {
    const g = this.store.group;
    let uid = this.#batch.uids.get(customerId) ?? g.uidOf('customer', customerId);
    if (!uid) {
      uid = this.newId();
      g.map('customer', uid, customerId);
    }
    return uid;
  }

  #eventOf(row: GroupOutboxRow): (Omit<GroupEvent, 'uid' | 'desk' | 'deskName'> & { uid?: string }) | null {
    const { store } = this;
    const g = store.group;
    const now = this.clock();
    const plain = (kind: GroupEntity, payload: Payload, subject: string | null = null, actor: string | null = null, at = now) => ({
      kind,
      subject,
      actor,
      occurredAt: at,
      payload,
    });
    switch (row.entity) {
      case 'dealer_account': {
        const a = store.accounts.account(row.local_id);
        return a ? plain('dealer_account', { code: a.code, name: a.name, archivedAt: a.archived_at }) : null;
      }
      case 'gateway_account': {
        const a = store.accounts.gatewayAccounts().find((x) => x.id === row.local_id);
        return a ? plain('gateway_account', { sid: a.account_sid, label: a.label, stopFiltering: a.stop_filtering === 1, archivedAt: a.archived_at }) : null;
      }
      case 'sender': {
        const s = g.senderSnapshot(row.local_id);
        if (!s) return null;
        return plain('sender', {
          address: s.address, kind: s.kind, label: s.label, gatewayOptOut: s.gateway_opt_out === 1, gatewaySid: s.gateway_sid,
          accounts: JSON.parse(s.accounts) as string[], archivedAt: s.archived_at,
        });
      }
      case 'customer': {
        const c = store.customers.get(row.local_id);
        if (!c) return null;
        const uid = this.#customerUid(c.id);
        return plain('customer', {
          customer: uid, firstName: c.first_name, lastName: c.last_name, mobile: c.mobile, email: c.email, createdAt: c.created_at,
          updatedAt: c.updated_at, phones: g.phones(c.id),
        }, uid, null, c.updated_at);
      }
      case 'lead': {
        const l = g.leadSnapshot(row.local_id);
        if (!l) return null;
        const uid = this.#customerUid(l.customer_id);
        return plain('lead', { customer: uid, account: l.account_code, source: l.source, createdAt: l.created_at }, uid, null, l.created_at);
      }
      case 'consent_event': {
        const e = this.#batch.consent.get(row.local_id) ?? g.consentEventSnapshot(row.local_id);
        if (!e) return null;
        const uid = this.#customerUid(e.customer_id);
        return {
          uid: e.uid,
          ...plain('consent_event', {
            customer: uid, account: e.account_code, channel: e.channel, status: e.status, source: e.source, reason: e.reason,
            keyword: e.keyword, supersedes: e.supersedes, replySid: e.reply_sid, basisSid: e.basis_sid, basisAt: e.basis_at, desk: e.desk,
          }, uid, e.actor, e.occurred_at),
        };
      }
      case 'outbound': {
        const m = g.outboundSnapshot(row.local_id);
        if (!m) return null;
        const uid = m.customer_id !== null ? this.#customerUid(m.customer_id) : null;
        return plain('outbound', {
          sid: m.gateway_sid, account: m.account_code, customer: uid, sender: m.sender_address, to: m.to_number, from: m.from_number,
          body: m.body, segments: m.segments, status: m.status, origin: m.origin, createdAt: m.created_at, sentAt: m.sent_at,
        }, uid, m.created_by, m.created_at);
      }
      case 'review': {
        const r = g.reviewSnapshot(row.local_id);
        if (!r || !r.reply_sid) return null;
        return plain('review', { reply: r.reply_sid, kind: r.kind, account: r.account_code, status: r.status }, null, r.resolved_by, r.resolved_at ?? now);
      }
      case 'template': {
        const t = g.templateSnapshot(row.local_id);
        if (!t) return null;
        return plain('template', { template: this.#uidFor('template', row.local_id), account: t.account_code, name: t.name, body: t.body });
      }
      case 'automation_rule': {
        const r = store.automation.rule(row.local_id);
        const account = r ? store.accounts.account(r.dealer_account_id) : undefined;
        if (!r || !account) return null;
        return plain('automation_rule', {
          rule: this.#uidFor('automation_rule', r.id), account: account.code, name: r.name, trigger: r.trigger, body: r.body,
          triggerDays: r.trigger_days, triggerStatus: r.trigger_status, triggerDateField: r.trigger_date_field, triggerOffsetMs: r.trigger_offset_ms,
          endAt: r.end_at, enabled: r.enabled === 1, enabledAt: r.enabled_at, archivedAt: r.archived_at, createdAt: r.created_at,
          updatedAt: r.updated_at ?? r.created_at,
          steps: store.automation.steps(r.id).map((st) => ({ template: this.#uidFor('template', st.template_id), delayMs: st.delay_ms })),
          sources: store.automation.sources(r.id),
        }, null, null, r.updated_at ?? r.created_at);
      }
      case 'appraisal': {
        // Appraisals are written once (no desk edits one): the first record stands everywhere.
        const a = store.appraisals.get(row.local_id);
        const account = a ? store.accounts.account(a.dealer_account_id) : undefined;
        if (!a || !account) return null;
        const uid = this.#customerUid(a.customer_id);
        return plain('appraisal', {
          appraisal: this.#uidFor('appraisal', a.id), customer: uid, account: account.code, year: a.year, make: a.make, model: a.model,
          variant: a.variant, registration: a.registration, odometerKm: a.odometer_km, status: a.status, offerAud: a.offer_aud, notes: a.notes,
          createdAt: a.created_at,
        }, uid, null, a.created_at);
      }
    }
  }

  async #pull(server: GroupServer): Promise<{ pulled: number; applied: number }> {
    const member = this.store.group.member();
    if (!member) return { pulled: 0, applied: 0 };
    let pulled = 0;
    let applied = 0;
    const ask = (cursor: string | null) => {
      const asked = server.pull(cursor, this.#o.batchSize);
      asked.catch(() => undefined); // awaited below; not an unhandled rejection if applying throws first
      return asked;
    };
    let next = ask(this.store.sync.cursor(CURSOR) || null);
    for (;;) {
      const page = await next;
      pulled += page.events.length;
      // The following page is asked for before this one is applied: the server's answer travels
      // while SQLite writes (the cursor it starts from is this page's end, stored with it).
      if (page.more) next = ask(page.cursor);
      applied += this.applyPage(page.events, page.cursor, member.desk_id);
      this.#lastPullAt = this.clock();
      if (!page.more) return { pulled, applied };
    }
  }

  /**
   * Applies one pulled page and moves the cursor, in one transaction: all of it or none. Events
   * this desk pushed itself are skipped (they are here). Exposed for the crash tests.
   */
  applyPage(events: readonly PulledEvent[], cursor: string | null, ownDesk: string): number {
    const { store } = this;
    const now = this.clock();
    return store.transaction(() => {
      const after: Consequences = { revise: new Set() };
      let applied = 0;
      store.group.setApplying(true);
      try {
        // Consent is folded once per key for the whole page (the events of a key arrive together).
        this.consent.batch(() => {
          for (const e of events) {
            if (e.desk === ownDesk) continue;
            if (this.#tryApply(e, after, now)) applied++;
          }
          // What just arrived may be what parked events were waiting for.
          if (applied > 0 && store.group.parkedCount() > 0) {
            for (const p of store.group.parked(1_000)) {
              if (this.#tryApply(JSON.parse(p.event) as PulledEvent, after, now, true)) store.group.unpark(p.uid);
            }
          }
        });
      } finally {
        store.group.setApplying(false);
      }
      // This desk's own conclusions (a revised attribution) are shared like any change.
      for (const replyId of after.revise) reviseAttribution(store, this.consent, replyId, now);
      if (cursor) store.sync.setCursor(CURSOR, cursor, now);
      return applied;
    });
  }

  #tryApply(e: PulledEvent, after: Consequences, now: number, fromPark = false): boolean {
    try {
      this.store.transaction(() => this.#apply(e, after, now));
      return true;
    } catch (err) {
      if (!(err instanceof Missing)) throw err;
      if (!fromPark) this.store.group.park(e.uid, JSON.stringify(e), err.message, now);
      return false;
    }
  }

  #accountId(code: unknown): number {
    const id = this.store.group.accountByCode(String(code));
    if (id === undefined) throw new Missing(`dealer account ${String(code)}`);
    return id;
  }

  #customerId(uid: unknown): number {
    const id = this.store.group.localOf('customer', String(uid));
    if (id === undefined) throw new Missing(`customer ${String(uid)}`);
    return id;
  }

  #apply(e: PulledEvent, after: Consequences, now: number): void {
    const { store } = this;
    const g = store.group;
    const p = e.payload;
    switch (e.kind) {
      case 'dealer_account': {
        const known = g.accountByCode(str(p, 'code'));
        const id = known ?? store.accounts.createAccount(str(p, 'code'), str(p, 'name'), now);
        // A rename made on another desk (the server's order is the order they were made in).
        if (known !== undefined && store.accounts.account(known)?.name !== str(p, 'name')) store.accounts.renameAccount(known, str(p, 'name'));
        const archived = archivedAtOf(p);
        if (archived !== undefined && store.accounts.account(id)?.archived_at !== archived) store.accounts.setAccountArchived(id, archived);
        return;
      }
      case 'gateway_account': {
        const known = store.accounts.gatewayAccountBySid(str(p, 'sid'));
        const id = known?.id ?? store.accounts.createGatewayAccount(str(p, 'sid'), str(p, 'label'), now);
        if (known && known.label !== str(p, 'label')) store.accounts.relabelGatewayAccount(known.id, str(p, 'label'));
        // R13: whether Twilio's own STOP filtering is on for the account (older desks do not say: left as it is).
        if (typeof p.stopFiltering === 'boolean' && (known?.stop_filtering === 1) !== p.stopFiltering) store.accounts.setStopFiltering(id, p.stopFiltering);
        const archived = archivedAtOf(p);
        if (archived !== undefined && (known?.archived_at ?? null) !== archived) store.accounts.setGatewayAccountArchived(id, archived);
        return;
      }
      case 'sender': {
        let sender = store.accounts.senderByAddress(str(p, 'address'));
        if (!sender) {
          const gw = store.accounts.gatewayAccountBySid(str(p, 'gatewaySid'));
          const gwId = gw?.id ?? store.accounts.createGatewayAccount(str(p, 'gatewaySid'), str(p, 'gatewaySid'), now);
          const kind = str(p, 'kind') === 'messaging_service' ? 'messaging_service' : 'number';
          const id = store.accounts.createSender(gwId, kind, str(p, 'address'), str(p, 'label'), now);
          sender = store.accounts.sender(id);
        }
        if (!sender) return;
        if (sender.label !== str(p, 'label')) store.accounts.relabelSender(sender.id, str(p, 'label'));
        const archived = archivedAtOf(p);
        if (archived !== undefined && sender.archived_at !== archived) store.accounts.setSenderArchived(sender.id, archived);
        const want = new Set((p.accounts as string[]).map((code) => this.#accountId(code)));
        const have = new Set(store.accounts.accountsOfSender(sender.id).map((a) => a.id));
        for (const id of want) if (!have.has(id)) store.accounts.shareSender(sender.id, id);
        for (const id of have) if (!want.has(id)) store.accounts.unshareSender(sender.id, id);
        return;
      }
      case 'customer':
        return this.#applyCustomer(e, now);
      case 'lead': {
        store.customers.addLead(this.#customerId(p.customer), this.#accountId(p.account), str(p, 'source'), num(p, 'createdAt'));
        return;
      }
      case 'consent_event': {
        const customerId = this.#customerId(p.customer);
        const accountId = this.#accountId(p.account);
        const replySid = optStr(p, 'replySid');
        const reply = replySid ? store.messages.bySid(replySid) : undefined;
        this.consent.append({
          uid: e.uid,
          dealerAccountId: accountId,
          customerId,
          channel: str(p, 'channel') as Channel,
          status: str(p, 'status') as ConsentStatus,
          source: str(p, 'source') as ConsentSource,
          actor: e.actor,
          reason: optStr(p, 'reason'),
          keyword: optStr(p, 'keyword'),
          messageId: reply?.id ?? null,
          occurredAt: e.occurredAt,
          desk: optStr(p, 'desk') ?? e.deskName,
          supersedes: optStr(p, 'supersedes'),
          reply: replySid ? { sid: replySid, basisSid: optStr(p, 'basisSid'), basisAt: optNum(p, 'basisAt') } : null,
        });
        return;
      }
      case 'outbound':
        return this.#applyOutbound(e, after.revise);
      case 'review': {
        const reply = store.messages.bySid(str(p, 'reply'));
        if (!reply) return;
        const accountId = p.account === null || p.account === undefined ? null : this.#accountId(p.account);
        const item = g.reviewOfReply(reply.id, str(p, 'kind'), accountId);
        const status = str(p, 'status');
        if (item?.status === 'open' && (status === 'confirmed' || status === 'dismissed')) {
          store.reviews.resolve(item.id, status, now, `${e.actor ?? 'staff'} (${e.deskName})`);
        }
        return;
      }
      case 'template': {
        const local = g.localOf('template', str(p, 'template'));
        if (local !== undefined) {
          g.updateTemplate(local, str(p, 'name'), str(p, 'body'));
          return;
        }
        const accountId = p.account === null || p.account === undefined ? null : this.#accountId(p.account);
        g.map('template', str(p, 'template'), store.templates.create(accountId, str(p, 'name'), str(p, 'body')));
        return;
      }
      case 'automation_rule':
        return this.#applyRule(e, now);
      case 'appraisal': {
        const uid = str(p, 'appraisal');
        if (g.localOf('appraisal', uid) !== undefined) return;
        const customerId = this.#customerId(p.customer);
        const accountId = this.#accountId(p.account);
        if (!store.customers.isLeadOf(customerId, accountId)) throw new Missing(`the lead of ${str(p, 'account')} the appraisal belongs to`);
        const status = str(p, 'status');
        const id = store.appraisals.insert({
          customerId, dealerAccountId: accountId, year: optNum(p, 'year'), make: str(p, 'make'), model: str(p, 'model'), variant: optStr(p, 'variant'),
          registration: optStr(p, 'registration'), odometerKm: optNum(p, 'odometerKm'),
          status: (['open', 'offered', 'accepted', 'declined'] as const).find((x) => x === status) ?? 'open',
          offerAud: optNum(p, 'offerAud'), notes: optStr(p, 'notes'),
        }, num(p, 'createdAt') || now);
        g.map('appraisal', uid, id);
        return;
      }
    }
  }

  /** Another desk's automation rule: created here, or updated when its edit is the newer one (R12 runs it here too; claims keep one send). */
  #applyRule(e: PulledEvent, now: number): void {
    const { store } = this;
    const g = store.group;
    const p = e.payload;
    const uid = str(p, 'rule');
    const accountId = this.#accountId(p.account);
    const steps = ((p.steps as { template: string; delayMs: number }[] | undefined) ?? []).map((st) => {
      const templateId = g.localOf('template', st.template);
      if (templateId === undefined) throw new Missing(`template ${st.template}`);
      return { templateId, delayMs: Number(st.delayMs) };
    });
    const updatedAt = num(p, 'updatedAt');
    const trigger = str(p, 'trigger');
    let id = g.localOf('automation_rule', uid);
    if (id !== undefined) {
      const local = store.automation.rule(id);
      if (local && (local.updated_at ?? local.created_at) > updatedAt) return; // this desk's edit is newer
    }
    if (!(TRIGGER_KINDS as readonly string[]).includes(trigger)) {
      // A rule from before the runner (a name, a trigger word and a text): kept as it was.
      if (id === undefined) g.map('automation_rule', uid, store.automation.createRule(accountId, str(p, 'name'), trigger, str(p, 'body'), num(p, 'createdAt') || now));
      return;
    }
    const rule = {
      name: str(p, 'name'),
      trigger: trigger as TriggerKind,
      triggerDays: optNum(p, 'triggerDays'),
      triggerStatus: optStr(p, 'triggerStatus'),
      triggerDateField: optStr(p, 'triggerDateField') as LeadDateField | null,
      triggerOffsetMs: num(p, 'triggerOffsetMs'),
      endAt: optNum(p, 'endAt'),
    };
    if (id === undefined) {
      id = store.automation.insertRule({ dealerAccountId: accountId, ...rule }, updatedAt);
      g.map('automation_rule', uid, id);
    } else {
      store.automation.updateRule(id, rule, updatedAt);
    }
    const have = store.automation.steps(id).map((st) => `${st.template_id}:${st.delay_ms}`).join(',');
    if (have !== steps.map((st) => `${st.templateId}:${st.delayMs}`).join(',')) store.automation.replaceSteps(id, steps, now);
    const sources = ((p.sources as string[] | undefined) ?? []).map(String);
    if (store.automation.sources(id).join('\n') !== sources.join('\n')) store.automation.setSources(id, sources);
    g.setRuleState(id, { enabled: p.enabled === true, enabledAt: optNum(p, 'enabledAt'), archivedAt: optNum(p, 'archivedAt'), updatedAt });
  }

  /** A customer from another desk: the one with this group id, else the one with that mobile, then email; else a new one. */
  #applyCustomer(e: PulledEvent, now: number): void {
    const { store } = this;
    const g = store.group;
    const p = e.payload;
    const uid = str(p, 'customer');
    const mobile = optStr(p, 'mobile');
    const email = optStr(p, 'email');
    let id = g.localOf('customer', uid);
    if (id === undefined) {
      id = (mobile ? store.customers.byMobile(mobile)[0]?.id : undefined) ?? (email ? store.customers.byEmail(email)[0]?.id : undefined);
      if (id === undefined) {
        id = store.customers.insert({ firstName: str(p, 'firstName'), lastName: str(p, 'lastName'), mobile, email }, num(p, 'createdAt') || now, e.actor);
        g.map('customer', uid, id);
        for (const ph of (p.phones as PhoneSnapshot[] | undefined) ?? []) if (ph.valid_to !== null) g.addPastPhone(id, ph);
        return;
      }
      g.map('customer', uid, id);
    }
    const local = store.customers.get(id);
    if (!local) return;
    for (const ph of (p.phones as PhoneSnapshot[] | undefined) ?? []) if (ph.valid_to !== null) g.addPastPhone(id, ph);
    // The newer snapshot wins (names, email, the current mobile; R2 keeps the old number).
    if (num(p, 'updatedAt') < local.updated_at) return;
    if (local.first_name !== str(p, 'firstName') || local.last_name !== str(p, 'lastName') || local.email !== email) {
      store.customers.updateDetails(id, str(p, 'firstName'), str(p, 'lastName'), email, num(p, 'updatedAt'));
    }
    if (local.mobile !== mobile && (!mobile || store.customers.byMobile(mobile).every((c) => c.id === id))) {
      store.customers.changeMobile(id, mobile, num(p, 'updatedAt'), e.actor ? `${e.actor} (${e.deskName})` : e.deskName);
    }
  }

  /** Another desk's outbound message: who sent it, for which account; replies it answers are re-attributed. */
  #applyOutbound(e: PulledEvent, revise: Set<number>): void {
    const { store } = this;
    const g = store.group;
    const p = e.payload;
    const sid = str(p, 'sid');
    const accountId = p.account === null || p.account === undefined ? null : this.#accountId(p.account);
    const customerId = p.customer ? (g.localOf('customer', str(p, 'customer')) ?? null) : null;
    const sender = p.sender ? store.accounts.senderByAddress(str(p, 'sender')) : undefined;
    const known = store.messages.bySid(sid);
    let messageId: number;
    if (known) {
      if (known.direction !== 'outbound') return;
      g.completeOutbound(known.id, accountId, e.actor, e.deskName);
      messageId = known.id;
    } else {
      messageId = store.messages.insert({
        direction: 'outbound',
        origin: 'remote',
        status: str(p, 'status') as MessageStatus,
        customerId,
        dealerAccountId: accountId,
        senderId: sender?.id ?? null,
        toNumber: str(p, 'to'),
        fromNumber: optStr(p, 'from'),
        body: str(p, 'body'),
        segments: num(p, 'segments') || 1,
        gatewaySid: sid,
        createdBy: e.actor,
        createdAt: num(p, 'createdAt'),
        sentAt: optNum(p, 'sentAt'),
      });
      g.setMessageDesk(messageId, e.deskName);
    }
    if (sender) for (const id of g.repliesAfter(str(p, 'to'), sender.id, num(p, 'createdAt'))) revise.add(id);
  }
}
