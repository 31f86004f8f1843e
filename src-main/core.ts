import type { Clock } from './clock.ts';
import type { Db } from './db/open-database.ts';
import { createStore, type Store } from './db/store.ts';
import { ConsentService } from './consent/consent-service.ts';
import { LeadService } from './customers/lead-service.ts';
import { SendService, type Dispatcher } from './messaging/send-service.ts';
import { SendPolicy } from './messaging/send-policy.ts';
import { MessageService } from './messaging/message-service.ts';
import { SettingsService } from './settings/settings-service.ts';
import { ReviewService } from './reviews/review-service.ts';
import { NotificationService } from './notifications/notification-service.ts';
import { AppraisalService } from './appraisals/appraisal-service.ts';
import { TemplateService } from './templates/template-service.ts';
import { AutomationService } from './automation/automation-service.ts';
import { GroupSync, type GroupSyncOptions } from './group/group-sync.ts';
import { DraftService } from './conversations/draft-service.ts';
import { InboxService } from './conversations/inbox-service.ts';
import { AutomationRunner, type RunnerOptions } from './automation/runner.ts';
import type { StepClaim } from './automation/step-claim.ts';
import { CalendarService } from './calendar/calendar-service.ts';
import { LeadImportService } from './imports/lead-import-service.ts';
import { ImportJobs } from './imports/import-jobs.ts';
import { ExportSessions } from './reports/export-sessions.ts';
import { ReportService } from './reports/report-service.ts';
import { uuidV7Generator } from './uuid-v7.ts';

export interface CoreOptions {
  db: Db;
  clock: Clock;
  timeZone?: string;
  /** Globally unique ids for what a group of desks shares (R11). Default: UUID version 7 (time-ordered). */
  newId?: () => string;
  /**
   * What hands queued messages to the gateway: the durable outbox (createConnectedCore). Without
   * one, sends are recorded and stay queued for a process that has a gateway.
   */
  dispatcher?: (parts: { store: Store; consent: ConsentService; policy: SendPolicy; group: GroupSync }) => Dispatcher;
  /** The group-server exchange's timing (R11); the server itself is attached by the app. */
  group?: GroupSyncOptions;
  /** The group-wide claim of an automation step (a lone desk: none needed). */
  stepClaim?: StepClaim;
  runner?: RunnerOptions;
}

/** The Electron-free core: every service over one store. */
export interface Core {
  store: Store;
  clock: Clock;
  consent: ConsentService;
  /** The one send policy (R5, review holds, R7): asked at enqueue, at dequeue and by the composer's preflight. */
  policy: SendPolicy;
  leads: LeadService;
  sends: SendService;
  messages: MessageService;
  settings: SettingsService;
  /** Staff review of possible opt-outs and unattributed replies (R3, R4). */
  reviews: ReviewService;
  notifications: NotificationService;
  appraisals: AppraisalService;
  templates: TemplateService;
  automation: AutomationService;
  /** Sharing with the other desks of a dealer group through its server (R11); idle outside a group. */
  group: GroupSync;
  /** The composer's drafts per lead and dealer account. */
  drafts: DraftService;
  /** The conversations inbox and its read state. */
  inbox: InboxService;
  /** Each dealer account's time zone, state, send hours and public holidays (R12); working days. */
  calendar: CalendarService;
  /** Enrols leads into rules and releases due steps (R12); the app ticks it. */
  runner: AutomationRunner;
  /** Bulk lead import (R10). */
  imports: LeadImportService;
  /** Imports running in this process (cancel, progress). */
  importJobs: ImportJobs;
  /** CSV exports taken a chunk at a time. */
  exports: ExportSessions;
  reports: ReportService;
}

export function createCore(o: CoreOptions): Core {
  const store = createStore(o.db);
  // Group-wide ids in time order (src-main/uuid-v7.ts): the indexes they key are written at their end.
  const newId = o.newId ?? uuidV7Generator(o.clock);
  const consent = new ConsentService(store, o.clock, newId);
  const leads = new LeadService(store, consent, o.clock);
  const group = new GroupSync(store, consent, o.clock, newId, o.group);
  const policy = new SendPolicy(store, consent, o.timeZone, () => group.freshness());
  const dispatcher = o.dispatcher ? o.dispatcher({ store, consent, policy, group }) : leaveQueued(store);
  const sends = new SendService(store, policy, dispatcher, o.clock);
  const messages = new MessageService(store);
  const settings = new SettingsService(store, o.clock);
  const reviews = new ReviewService(store, consent, o.clock);
  const notifications = new NotificationService(store, o.clock);
  const appraisals = new AppraisalService(store);
  const drafts = new DraftService(store, o.clock);
  const inbox = new InboxService(store, o.clock);
  const templates = new TemplateService(store, o.clock);
  const calendar = new CalendarService(store);
  const automation = new AutomationService(store, o.clock, calendar);
  const runner = new AutomationRunner({ store, sends, templates, calendar, clock: o.clock, claim: o.stepClaim ?? group.stepClaim }, o.runner);
  const imports = new LeadImportService(store, consent, o.clock);
  return { store, clock: o.clock, consent, policy, leads, sends, messages, settings, reviews, notifications, appraisals, templates, automation, calendar, runner, drafts, inbox, imports, importJobs: new ImportJobs(imports), exports: new ExportSessions(o.clock), reports: new ReportService(store), group };
}

/** A dispatcher for a core without a gateway (seeding, tools): the message stays queued. */
function leaveQueued(store: Store): Dispatcher {
  return {
    dispatch: async (messageId) => {
      const row = store.messages.get(messageId);
      if (!row) throw new Error(`message ${messageId} not found`);
      return { row, refusal: null };
    },
  };
}
