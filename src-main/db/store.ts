import type { Db } from './open-database.ts';
import { AccountsRepo } from './repos/accounts-repo.ts';
import { AppraisalsRepo } from './repos/appraisals-repo.ts';
import { AutomationRepo } from './repos/automation-repo.ts';
import { ConsentRepo } from './repos/consent-repo.ts';
import { CustomersRepo } from './repos/customers-repo.ts';
import { DraftsRepo } from './repos/drafts-repo.ts';
import { ConversationsRepo } from './repos/conversations-repo.ts';
import { GatewayBlocksRepo } from './repos/gateway-blocks-repo.ts';
import { GroupRepo } from './repos/group-repo.ts';
import { LeadFieldsRepo } from './repos/lead-fields-repo.ts';
import { MessagesRepo } from './repos/messages-repo.ts';
import { NotificationsRepo } from './repos/notifications-repo.ts';
import { OutboxRepo } from './repos/outbox-repo.ts';
import { ReviewsRepo } from './repos/reviews-repo.ts';
import { SendCalendarRepo } from './repos/send-calendar-repo.ts';
import { ReviewDecisionsRepo } from './repos/review-decisions-repo.ts';
import { LeadImportsRepo } from './repos/lead-imports-repo.ts';
import { ComplianceRepo } from './repos/compliance-repo.ts';
import { ReportsRepo } from './repos/reports-repo.ts';
import { SettingsRepo } from './repos/settings-repo.ts';
import { SyncRepo } from './repos/sync-repo.ts';
import { TemplatesRepo } from './repos/templates-repo.ts';
import { TimelineRepo } from './repos/timeline-repo.ts';

/** Every repository over one open database: the only place SQL lives. */
export interface Store {
  db: Db;
  accounts: AccountsRepo;
  customers: CustomersRepo;
  consent: ConsentRepo;
  messages: MessagesRepo;
  timeline: TimelineRepo;
  automation: AutomationRepo;
  notifications: NotificationsRepo;
  reviews: ReviewsRepo;
  /** Who resolved a review, how and why (append-only). */
  reviewDecisions: ReviewDecisionsRepo;
  /** Bulk lead imports (R10): runs, remembered external ids, invalid rows. */
  leadImports: LeadImportsRepo;
  /** What the compliance exports and reports read. */
  compliance: ComplianceRepo;
  /** The Reports screen's aggregates. */
  reports: ReportsRepo;
  gatewayBlocks: GatewayBlocksRepo;
  /** Poll cursors and attribution decisions (R4). */
  sync: SyncRepo;
  /** The outbox's attempt log (R8). */
  outbox: OutboxRepo;
  appraisals: AppraisalsRepo;
  templates: TemplatesRepo;
  settings: SettingsRepo;
  /** Membership of a group of desks, the push queue and the group id map (R11). */
  group: GroupRepo;
  /** The composer's drafts per lead and dealer account. */
  drafts: DraftsRepo;
  /** The conversations inbox: latest message and read state per customer. */
  conversations: ConversationsRepo;
  /** A dealer account's time zone, state and send hours (R12). */
  sendCalendars: SendCalendarRepo;
  /** A lead's automation fields: dates, vehicle, salesperson, closed, excluded from automation. */
  leadFields: LeadFieldsRepo;
  /** Runs `fn` in one transaction (nested calls become savepoints). */
  transaction<T>(fn: () => T): T;
}

export function createStore(db: Db): Store {
  // One transaction function for the store's life (better-sqlite3 builds a wrapper per
  // db.transaction() call, which a pull paid for on every event): it runs what it is given, as a
  // transaction, or a savepoint when one is open.
  const inTransaction = db.transaction((fn: () => unknown) => fn());
  return {
    db,
    accounts: new AccountsRepo(db),
    customers: new CustomersRepo(db),
    consent: new ConsentRepo(db),
    messages: new MessagesRepo(db),
    timeline: new TimelineRepo(db),
    automation: new AutomationRepo(db),
    notifications: new NotificationsRepo(db),
    reviews: new ReviewsRepo(db),
    reviewDecisions: new ReviewDecisionsRepo(db),
    leadImports: new LeadImportsRepo(db),
    compliance: new ComplianceRepo(db),
    reports: new ReportsRepo(db),
    gatewayBlocks: new GatewayBlocksRepo(db),
    sync: new SyncRepo(db),
    outbox: new OutboxRepo(db),
    appraisals: new AppraisalsRepo(db),
    templates: new TemplatesRepo(db),
    settings: new SettingsRepo(db),
    group: new GroupRepo(db),
    drafts: new DraftsRepo(db),
    conversations: new ConversationsRepo(db),
    sendCalendars: new SendCalendarRepo(db),
    leadFields: new LeadFieldsRepo(db),
    transaction: <T>(fn: () => T): T => inTransaction(fn) as T,
  };
}
