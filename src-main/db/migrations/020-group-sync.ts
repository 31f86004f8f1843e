import type { Migration } from './migration.ts';

// A random UUID in SQLite (lower-case, hyphenated: the form PostgreSQL returns).
const UUID = `lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(6)))`;

// Triggers enqueue a local change for the group server only while this desk is a member of a group
// and the change is not one being applied from the group (no echo).
const WHEN = 'EXISTS (SELECT 1 FROM group_member) AND NOT EXISTS (SELECT 1 FROM group_applying)';
const enqueue = (name: string, on: string, entity: string, id: string, extraWhen = ''): string => `
    CREATE TRIGGER group_outbox_${name} AFTER ${on} WHEN ${WHEN}${extraWhen ? ` AND ${extraWhen}` : ''} BEGIN
      INSERT INTO group_outbox (uid, entity, local_id) VALUES (${UUID}, '${entity}', ${id});
    END;`;

/**
 * Several desks sharing one record through a group server (R11):
 * - consent events get a globally unique id (existing ones a random one), the desk that made them,
 *   what an opt-in supersedes (the latest opt-out its desk knew of) and, for a keyword reply, the
 *   reply's gateway SID and the basis of its attribution (R4): the outbound message it was taken to
 *   answer (its SID and time; none when applied to every sharing account). Of the events one reply
 *   made, only those on the latest basis count, on every desk: a desk that learns of a later
 *   message (another desk's record) supersedes its earlier, provisional decision;
 * - which desk sent an outbound message;
 * - the local ids of group entities (several group ids may name one local customer: two desks
 *   created the same person before they met), the durable push queue (one row per local change,
 *   with the event's globally unique id, so a push repeated after a crash is idempotent on the
 *   server), pulled events waiting for what they name, and this desk's membership.
 * Automation rules (with their steps and sources) are shared too; a rule's scan position is this
 * desk's own and queues nothing. The consent_events trigger is lifted for the backfill of the new uid column only and put back.
 */
export const migration020: Migration = {
  version: 20,
  name: 'group server sync',
  up: `
    ALTER TABLE consent_events ADD COLUMN uid TEXT;
    ALTER TABLE consent_events ADD COLUMN desk TEXT;
    ALTER TABLE consent_events ADD COLUMN supersedes TEXT;
    ALTER TABLE consent_events ADD COLUMN reply_sid TEXT;
    ALTER TABLE consent_events ADD COLUMN basis_sid TEXT;
    ALTER TABLE consent_events ADD COLUMN basis_at INTEGER;
    DROP TRIGGER consent_events_no_update;
    UPDATE consent_events SET uid = ${UUID};
    CREATE TRIGGER consent_events_no_update BEFORE UPDATE ON consent_events
      BEGIN SELECT RAISE(ABORT, 'consent_events is append-only'); END;
    CREATE UNIQUE INDEX consent_events_uid ON consent_events (uid);
    CREATE INDEX consent_events_fold ON consent_events (dealer_account_id, customer_id, channel);
    CREATE INDEX consent_events_by_reply ON consent_events (reply_sid, channel) WHERE reply_sid IS NOT NULL;

    -- A superseded attribution can leave no consent event standing: the current state row goes.
    CREATE TRIGGER change_log_consent_delete AFTER DELETE ON consent BEGIN
      INSERT INTO change_log (tbl, op, customer_id, dealer_account_id, detail)
        VALUES ('consent', 'delete', OLD.customer_id, OLD.dealer_account_id, OLD.channel);
    END;

    ALTER TABLE messages ADD COLUMN desk TEXT;
    -- The replies an arriving outbound record may re-attribute (R4): from that number to that sender, since then.
    CREATE INDEX messages_replies_by_number ON messages (from_number, sender_id, created_at) WHERE direction = 'inbound';

    CREATE TABLE group_member (
      one        INTEGER PRIMARY KEY CHECK (one = 1),
      desk_id    TEXT NOT NULL,
      desk_name  TEXT NOT NULL,
      joined_at  INTEGER NOT NULL
    );
    CREATE TABLE group_applying (one INTEGER PRIMARY KEY CHECK (one = 1));
    CREATE TABLE group_ids (
      entity    TEXT NOT NULL,
      uid       TEXT NOT NULL,
      local_id  INTEGER NOT NULL,
      PRIMARY KEY (entity, uid)
    ) WITHOUT ROWID;
    CREATE INDEX group_ids_by_local ON group_ids (entity, local_id);
    CREATE TABLE group_outbox (
      id        INTEGER PRIMARY KEY AUTOINCREMENT,
      uid       TEXT NOT NULL UNIQUE,
      entity    TEXT NOT NULL,
      local_id  INTEGER NOT NULL
    );
    CREATE TABLE group_parked (
      uid        TEXT PRIMARY KEY,
      event      TEXT NOT NULL,
      missing    TEXT NOT NULL,
      parked_at  INTEGER NOT NULL
    );
    ${enqueue('dealer_accounts_insert', 'INSERT ON dealer_accounts', 'dealer_account', 'NEW.id')}
    ${enqueue('dealer_accounts_update', 'UPDATE ON dealer_accounts', 'dealer_account', 'NEW.id')}
    ${enqueue('gateway_accounts_insert', 'INSERT ON gateway_accounts', 'gateway_account', 'NEW.id')}
    ${enqueue('gateway_accounts_update', 'UPDATE ON gateway_accounts', 'gateway_account', 'NEW.id')}
    ${enqueue('senders_insert', 'INSERT ON senders', 'sender', 'NEW.id')}
    ${enqueue('senders_update', 'UPDATE ON senders', 'sender', 'NEW.id')}
    ${enqueue('sender_accounts_insert', 'INSERT ON sender_accounts', 'sender', 'NEW.sender_id')}
    ${enqueue('sender_accounts_delete', 'DELETE ON sender_accounts', 'sender', 'OLD.sender_id')}
    ${enqueue('customers_insert', 'INSERT ON customers', 'customer', 'NEW.id')}
    ${enqueue('customers_update', 'UPDATE ON customers', 'customer', 'NEW.id')}
    ${enqueue('leads_insert', 'INSERT ON leads', 'lead', 'NEW.id')}
    ${enqueue('consent_events_insert', 'INSERT ON consent_events', 'consent_event', 'NEW.id')}
    ${enqueue('messages_insert', 'INSERT ON messages', 'outbound', 'NEW.id', "NEW.direction = 'outbound' AND NEW.origin IN ('manual', 'automation') AND NEW.gateway_sid IS NOT NULL")}
    ${enqueue('messages_sid', 'UPDATE OF gateway_sid ON messages', 'outbound', 'NEW.id', "NEW.direction = 'outbound' AND NEW.origin IN ('manual', 'automation') AND NEW.gateway_sid IS NOT NULL AND OLD.gateway_sid IS NULL")}
    ${enqueue('review_items_update', 'UPDATE OF status ON review_items', 'review', 'NEW.id', "NEW.status <> 'open' AND OLD.status = 'open'")}
    ${enqueue('templates_insert', 'INSERT ON templates', 'template', 'NEW.id')}
    ${enqueue('templates_update', 'UPDATE ON templates', 'template', 'NEW.id')}
    ${enqueue('appraisals_insert', 'INSERT ON appraisals', 'appraisal', 'NEW.id')}
    ${enqueue('appraisals_update', 'UPDATE ON appraisals', 'appraisal', 'NEW.id')}
    ${enqueue('automation_rules_insert', 'INSERT ON automation_rules', 'automation_rule', 'NEW.id')}
    ${enqueue('automation_rules_update', 'UPDATE OF name, trigger, body, enabled, trigger_days, trigger_status, trigger_date_field, trigger_offset_ms, end_at, enabled_at, archived_at ON automation_rules', 'automation_rule', 'NEW.id')}
    ${enqueue('automation_steps_insert', 'INSERT ON automation_steps', 'automation_rule', 'NEW.rule_id')}
    ${enqueue('automation_rule_sources_insert', 'INSERT ON automation_rule_sources', 'automation_rule', 'NEW.rule_id')}
    ${enqueue('automation_rule_sources_delete', 'DELETE ON automation_rule_sources', 'automation_rule', 'OLD.rule_id')}
  `,
};
