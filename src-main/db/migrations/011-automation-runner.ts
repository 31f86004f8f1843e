import type { Migration } from './migration.ts';

/**
 * Automation that runs (R12): rules with a trigger, filters, steps, brakes and an end date;
 * enrolments (one customer's run through one rule, once per trigger occurrence) and their step
 * runs, each released at most once (UNIQUE (enrolment_id, position), reserved in the same
 * transaction that queues the message in the outbox). The lead fields automation reads and obeys;
 * the queue of lead/appraisal events the event triggers consume; a message's send deadline
 * (Twilio ValidityPeriod); a sender's automated pace; and responses (templates with an email
 * subject and body besides the SMS text, archivable).
 *
 * A rule's trigger (`automation_rules.trigger`) is one of shared/domain/automation.ts TRIGGER_KINDS.
 * Rules from before this migration (the demo's 'test_drive+2d') become a switched-off
 * test-drive-date rule whose body is its one step's template.
 */
export const migration011: Migration = {
  version: 11,
  name: 'automation rules, steps, enrolments, step runs; lead automation fields; responses',
  up: `
    -- Leads: what triggers read, and the switches brakes obey.
    ALTER TABLE leads ADD COLUMN updated_at INTEGER;
    UPDATE leads SET updated_at = created_at;
    ALTER TABLE leads ADD COLUMN closed_at INTEGER;
    ALTER TABLE leads ADD COLUMN automation_excluded INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE leads ADD COLUMN test_drive_at INTEGER;
    ALTER TABLE leads ADD COLUMN follow_up_at INTEGER;
    ALTER TABLE leads ADD COLUMN vehicle TEXT;
    ALTER TABLE leads ADD COLUMN salesperson TEXT;
    CREATE TRIGGER leads_updated_at_default AFTER INSERT ON leads WHEN NEW.updated_at IS NULL BEGIN
      UPDATE leads SET updated_at = NEW.created_at WHERE id = NEW.id;
    END;
    CREATE INDEX leads_by_updated ON leads (dealer_account_id, updated_at, id);
    CREATE INDEX leads_by_test_drive ON leads (dealer_account_id, test_drive_at, id) WHERE test_drive_at IS NOT NULL;
    CREATE INDEX leads_by_follow_up ON leads (dealer_account_id, follow_up_at, id) WHERE follow_up_at IS NOT NULL;
    CREATE TRIGGER change_log_leads_update AFTER UPDATE ON leads
      WHEN OLD.closed_at IS NOT NEW.closed_at OR OLD.automation_excluded IS NOT NEW.automation_excluded
        OR OLD.test_drive_at IS NOT NEW.test_drive_at OR OLD.follow_up_at IS NOT NEW.follow_up_at
        OR OLD.vehicle IS NOT NEW.vehicle OR OLD.salesperson IS NOT NEW.salesperson
    BEGIN
      INSERT INTO change_log (tbl, op, row_id, customer_id, dealer_account_id) VALUES ('leads', 'update', NEW.id, NEW.customer_id, NEW.dealer_account_id);
    END;

    -- Lead and appraisal events for the event triggers, consumed in id order by the runner.
    CREATE TABLE automation_events (
      id                 INTEGER PRIMARY KEY,
      kind               TEXT NOT NULL CHECK (kind IN ('lead_created', 'appraisal_created', 'appraisal_status')),
      customer_id        INTEGER NOT NULL,
      dealer_account_id  INTEGER NOT NULL,
      ref_id             INTEGER NOT NULL,
      status             TEXT,
      at                 INTEGER NOT NULL
    );
    CREATE TRIGGER automation_events_lead AFTER INSERT ON leads BEGIN
      INSERT INTO automation_events (kind, customer_id, dealer_account_id, ref_id, at)
        VALUES ('lead_created', NEW.customer_id, NEW.dealer_account_id, NEW.id, NEW.created_at);
    END;
    CREATE TRIGGER automation_events_appraisal AFTER INSERT ON appraisals BEGIN
      INSERT INTO automation_events (kind, customer_id, dealer_account_id, ref_id, status, at)
        VALUES ('appraisal_created', NEW.customer_id, NEW.dealer_account_id, NEW.id, NEW.status, NEW.created_at);
    END;
    CREATE TRIGGER automation_events_appraisal_status AFTER UPDATE OF status ON appraisals WHEN OLD.status IS NOT NEW.status BEGIN
      INSERT INTO automation_events (kind, customer_id, dealer_account_id, ref_id, status, at)
        VALUES ('appraisal_status', NEW.customer_id, NEW.dealer_account_id, NEW.id, NEW.status, NEW.updated_at);
    END;

    -- Rules: the trigger's parameters, filters, end date, when it was switched on, the time
    -- triggers' scan position, archive.
    ALTER TABLE automation_rules ADD COLUMN trigger_days INTEGER;
    ALTER TABLE automation_rules ADD COLUMN trigger_status TEXT;
    ALTER TABLE automation_rules ADD COLUMN trigger_date_field TEXT;
    ALTER TABLE automation_rules ADD COLUMN trigger_offset_ms INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE automation_rules ADD COLUMN end_at INTEGER;
    ALTER TABLE automation_rules ADD COLUMN enabled_at INTEGER;
    ALTER TABLE automation_rules ADD COLUMN scan_at INTEGER;
    ALTER TABLE automation_rules ADD COLUMN scan_id INTEGER;
    ALTER TABLE automation_rules ADD COLUMN updated_at INTEGER;
    ALTER TABLE automation_rules ADD COLUMN archived_at INTEGER;
    UPDATE automation_rules SET updated_at = created_at;
    UPDATE automation_rules SET trigger = 'lead_date', trigger_date_field = 'test_drive_at', trigger_offset_ms = 172800000, enabled = 0
      WHERE trigger NOT IN ('lead_created', 'appraisal_created', 'appraisal_status', 'no_reply', 'not_updated', 'lead_date');

    -- Filter: only leads from these sources (no rows: any source).
    CREATE TABLE automation_rule_sources (
      rule_id  INTEGER NOT NULL REFERENCES automation_rules(id),
      source   TEXT NOT NULL,
      PRIMARY KEY (rule_id, source)
    ) WITHOUT ROWID;

    -- Responses: an SMS text (body), and optionally an email subject and (simple HTML) body.
    ALTER TABLE templates ADD COLUMN email_subject TEXT;
    ALTER TABLE templates ADD COLUMN email_body TEXT;
    ALTER TABLE templates ADD COLUMN archived_at INTEGER;
    ALTER TABLE templates ADD COLUMN updated_at INTEGER;

    -- Steps: a template sent a delay after the previous step (the first: after the trigger).
    -- Editing a rule retires its steps and adds new ones; step runs keep the step they were made for.
    CREATE TABLE automation_steps (
      id           INTEGER PRIMARY KEY,
      rule_id      INTEGER NOT NULL REFERENCES automation_rules(id),
      position     INTEGER NOT NULL CHECK (position >= 1),
      template_id  INTEGER NOT NULL REFERENCES templates(id),
      delay_ms     INTEGER NOT NULL CHECK (delay_ms >= 0),
      retired_at   INTEGER
    );
    CREATE UNIQUE INDEX automation_steps_current ON automation_steps (rule_id, position) WHERE retired_at IS NULL;
    INSERT INTO templates (dealer_account_id, name, body) SELECT dealer_account_id, name, body FROM automation_rules ORDER BY id;
    INSERT INTO automation_steps (rule_id, position, template_id, delay_ms)
      SELECT r.id, 1, (SELECT max(t.id) FROM templates t WHERE t.dealer_account_id = r.dealer_account_id AND t.name = r.name AND t.body = r.body), 0
      FROM automation_rules r;

    -- One customer's run through one rule, once per trigger occurrence (trigger_key).
    CREATE TABLE automation_enrolments (
      id           INTEGER PRIMARY KEY,
      rule_id      INTEGER NOT NULL REFERENCES automation_rules(id),
      customer_id  INTEGER NOT NULL REFERENCES customers(id),
      trigger_key  TEXT NOT NULL,
      -- what the trigger saw (the date, the last-updated time, the chased message's time), re-checked at release
      anchor_at    INTEGER,
      enrolled_at  INTEGER NOT NULL,
      status       TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'completed', 'stopped')),
      stop_reason  TEXT,
      ended_at     INTEGER,
      UNIQUE (rule_id, customer_id, trigger_key)
    );
    CREATE INDEX automation_enrolments_by_customer ON automation_enrolments (customer_id, enrolled_at DESC);

    -- A step of an enrolment: released at most once (R12).
    CREATE TABLE automation_step_runs (
      id             INTEGER PRIMARY KEY,
      enrolment_id   INTEGER NOT NULL REFERENCES automation_enrolments(id),
      step_id        INTEGER NOT NULL REFERENCES automation_steps(id),
      position       INTEGER NOT NULL,
      due_at         INTEGER NOT NULL,
      status         TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'held', 'released', 'blocked', 'skipped')),
      message_id     INTEGER REFERENCES messages(id),
      reason         TEXT,
      released_at    INTEGER,
      UNIQUE (enrolment_id, position)
    );
    -- The tick reads only what is due: its cost grows with the steps due, not with the leads.
    CREATE INDEX automation_step_runs_due ON automation_step_runs (due_at, id) WHERE status IN ('pending', 'held');

    -- The history links to the enrolment and step it records.
    ALTER TABLE automation_runs ADD COLUMN enrolment_id INTEGER REFERENCES automation_enrolments(id);
    ALTER TABLE automation_runs ADD COLUMN step_run_id INTEGER REFERENCES automation_step_runs(id);
    ALTER TABLE automation_runs ADD COLUMN position INTEGER;
    CREATE INDEX automation_runs_by_outcome ON automation_runs (outcome, ran_at DESC, id DESC);
    CREATE INDEX automation_runs_by_step ON automation_runs (step_run_id);
    CREATE TRIGGER change_log_automation_runs_insert AFTER INSERT ON automation_runs BEGIN
      INSERT INTO change_log (tbl, op, row_id, customer_id) VALUES ('automation_runs', 'insert', NEW.id, NEW.customer_id);
    END;
    CREATE TRIGGER change_log_automation_rules_insert AFTER INSERT ON automation_rules BEGIN
      INSERT INTO change_log (tbl, op, row_id) VALUES ('automation_rules', 'insert', NEW.id);
    END;
    CREATE TRIGGER change_log_automation_rules_update AFTER UPDATE ON automation_rules
      WHEN OLD.scan_at IS NEW.scan_at AND OLD.scan_id IS NEW.scan_id
    BEGIN
      INSERT INTO change_log (tbl, op, row_id) VALUES ('automation_rules', 'update', NEW.id);
    END;

    -- Automated sends: the latest moment the gateway may still deliver it (ValidityPeriod), and
    -- the per-sender pace.
    ALTER TABLE messages ADD COLUMN valid_until INTEGER;
    CREATE INDEX messages_automated_by_sender ON messages (sender_id, created_at) WHERE origin = 'automation';
    ALTER TABLE senders ADD COLUMN automation_per_minute INTEGER NOT NULL DEFAULT 30 CHECK (automation_per_minute BETWEEN 1 AND 6000);
  `,
};
