// Generates the core benchmark's data set straight into SQLite: 1,000,000 customers across 10 dealer
// accounts, 5,000,000 messages (one lead with 10,000 of them), consent with 5% opted out.
import type { Db } from '../src-main/db/open-database.ts';
import { searchTokens } from '../src-main/db/repos/customer-search-tokens.ts';
import { seededRandom, pick } from './prng.ts';

export interface CoreDataSpec {
  customers: number;
  accounts: number;
  messages: number;
  heavyLeadMessages: number;
  optedOutShare: number;
}

export const FULL_SPEC: CoreDataSpec = {
  customers: 1_000_000,
  accounts: 10,
  messages: 5_000_000,
  heavyLeadMessages: 10_000,
  optedOutShare: 0.05,
};

const FIRST = ['Olivia', 'Jack', 'Charlotte', 'Noah', 'Amelia', 'William', 'Isla', 'Oliver', 'Mia', 'Leo', 'Ava', 'Henry', 'Grace', 'Lucas', 'Chloe', 'Thomas', 'Zoe', 'James', 'Ella', 'Ethan', 'Ruby', 'Lachlan', 'Sienna', 'Cooper', 'Matilda', 'Harrison', 'Priya', 'Wei', 'Mohammed', 'Aroha', 'Nguyen', 'Sofia', 'Hamish', 'Kirra', 'Jarrah', 'Bindi', 'Connor', 'Hannah', 'Riley', 'Lily'];
const LAST = ['Smith', 'Jones', 'Williams', 'Brown', 'Wilson', 'Taylor', 'Johnson', 'White', 'Martin', 'Anderson', 'Thompson', 'Nguyen', 'Thomas', 'Walker', 'Harris', 'Lee', 'Ryan', 'Robinson', 'Kelly', 'King', 'Davis', 'Wright', 'Evans', 'Roberts', 'Green', 'Hall', 'Wood', 'Jackson', 'Clarke', 'Patel', 'Khan', 'Chen', 'Singh', 'Murphy', "O'Brien", 'Campbell', 'Mitchell', 'Young', 'Scott', 'Stewart'];
const BODIES = ['Hi {n}, thanks for your enquiry on the {v}. When suits for a test drive?', 'Your {v} service is booked for Tuesday 9am.', 'Hi {n}, just checking in — any questions on the finance quote?', 'Great, see you Saturday!', 'Can you do a better price on the {v}?', 'Thanks, I will think about it.'];
const VEHICLES = ['Corolla', 'RAV4', 'CX-5', 'Ranger', 'Hilux', 'i30', 'Model 3', 'Outlander', 'Sportage', 'Tiguan'];

export const T_START = Date.UTC(2025, 0, 1);

/** Fills an empty, migrated database. Returns ids the benchmark needs. */
export function generateCoreData(db: Db, spec: CoreDataSpec, seed = 42) {
  const random = seededRandom(seed);
  db.pragma('synchronous = OFF');
  const now = T_START;
  const insAccount = db.prepare('INSERT INTO dealer_accounts (code, name, created_at) VALUES (?, ?, ?)');
  const insGateway = db.prepare('INSERT INTO gateway_accounts (account_sid, label, created_at) VALUES (?, ?, ?)');
  const insSender = db.prepare('INSERT INTO senders (gateway_account_id, kind, address, label, created_at) VALUES (?, ?, ?, ?, ?)');
  const insShare = db.prepare('INSERT INTO sender_accounts (sender_id, dealer_account_id) VALUES (?, ?)');
  const insCustomer = db.prepare('INSERT INTO customers (id, first_name, last_name, mobile, email, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const insPhone = db.prepare('INSERT INTO customer_phones (customer_id, number, valid_from) VALUES (?, ?, ?)');
  const insToken = db.prepare('INSERT OR IGNORE INTO customer_search (token, customer_id) VALUES (?, ?)');
  const insLead = db.prepare("INSERT INTO leads (customer_id, dealer_account_id, source, created_at) VALUES (?, ?, 'import', ?)");
  const insEvent = db.prepare(
    "INSERT INTO consent_events (dealer_account_id, customer_id, channel, status, source, actor, reason, occurred_at) VALUES (?, ?, 'sms', 'opted_out', ?, ?, ?, ?)",
  );
  const insConsent = db.prepare(
    "INSERT INTO consent (dealer_account_id, customer_id, channel, status, source, changed_at, actor, reason, event_id) VALUES (?, ?, 'sms', 'opted_out', ?, ?, ?, ?, ?)",
  );
  const insMessage = db.prepare(
    `INSERT INTO messages (direction, origin, status, customer_id, dealer_account_id, sender_id, to_number, from_number, body, segments,
       gateway_sid, created_at, sent_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?)`,
  );

  const accountIds: number[] = [];
  const senderOf: number[] = [];
  const senderAddress: string[] = [];
  db.transaction(() => {
    const gw = Number(insGateway.run('AC' + '0'.repeat(32), 'Group gateway', now).lastInsertRowid);
    for (let a = 0; a < spec.accounts; a++) {
      accountIds.push(Number(insAccount.run(`D${a + 1}`, `Dealer ${a + 1}`, now).lastInsertRowid));
    }
    // Pairs of accounts share a sender, as on a group gateway.
    for (let a = 0; a < spec.accounts; a += 2) {
      const address = `+6148000${String(a).padStart(4, '0')}`;
      const s = Number(insSender.run(gw, 'number', address, `Shared ${a / 2 + 1}`, now).lastInsertRowid);
      for (const acc of accountIds.slice(a, a + 2)) {
        insShare.run(s, acc);
        senderOf[acc] = s;
        senderAddress[acc] = address;
      }
    }
  })();

  const customerAccount: number[] = new Array(spec.customers + 1);
  const customerMobile: string[] = new Array(spec.customers + 1);
  const optedOut: [number, number][] = [];
  const BATCH = 50_000;
  for (let start = 1; start <= spec.customers; start += BATCH) {
    db.transaction(() => {
      for (let id = start; id < Math.min(start + BATCH, spec.customers + 1); id++) {
        const first = pick(random, FIRST);
        const last = pick(random, LAST);
        const mobile = `+614${String(id * 7 + 10_000_000).slice(-8)}`;
        const email = `${first}.${last}${id}@example.com`.toLowerCase().replace(/'/g, '');
        const created = now + id * 1000;
        insCustomer.run(id, first, last, mobile, email, created, created);
        insPhone.run(id, mobile, created);
        for (const t of searchTokens({ firstName: first, lastName: last, mobile, email })) insToken.run(t, id);
        const account = accountIds[id % spec.accounts]!;
        insLead.run(id, account, created);
        customerAccount[id] = account;
        customerMobile[id] = mobile;
        if (random() < spec.optedOutShare) {
          const source = random() < 0.5 ? 'inbound_keyword' : 'manual';
          const ev = Number(insEvent.run(account, id, source, source === 'manual' ? 'staff' : null, null, created + 5000).lastInsertRowid);
          insConsent.run(account, id, source, created + 5000, source === 'manual' ? 'staff' : null, null, ev);
          optedOut.push([account, id]);
        }
      }
    })();
  }

  db.exec("INSERT INTO customer_names (rowid, name) SELECT id, first_name || ' ' || last_name FROM customers");

  const heavyCustomer = 1;
  let sid = 0;
  const sidOf = () => `SM${(++sid).toString(16).padStart(32, '0')}`;
  const writeMessage = (customer: number, at: number) => {
    const account = customerAccount[customer]!;
    const inbound = random() < 0.3;
    const body = pick(random, BODIES).replace('{n}', 'there').replace('{v}', pick(random, VEHICLES));
    const mobile = customerMobile[customer]!;
    const sender = senderOf[account]!;
    if (inbound) {
      insMessage.run('inbound', 'inbound', 'received', customer, account, sender, senderAddress[account]!, mobile, body, sidOf(), at, at, at);
    } else {
      const status = random() < 0.9 ? 'delivered' : random() < 0.5 ? 'blocked_opted_out' : 'failed';
      insMessage.run('outbound', 'manual', status, customer, account, sender, mobile, senderAddress[account]!, body,
        status === 'blocked_opted_out' ? null : sidOf(), at, at, at);
    }
  };
  const span = 300 * 24 * 3600 * 1000;
  for (let written = 0; written < spec.messages; ) {
    db.transaction(() => {
      const end = Math.min(written + BATCH, spec.messages);
      for (; written < end; written++) {
        const at = T_START + Math.floor((written / spec.messages) * span);
        const customer = written < spec.heavyLeadMessages ? heavyCustomer : 1 + Math.floor(random() * spec.customers);
        writeMessage(customer, at + (written < spec.heavyLeadMessages ? written : 0));
      }
    })();
  }
  db.pragma('synchronous = NORMAL');
  db.exec('ANALYZE');
  return { accountIds, senderOf, optedOut, heavyCustomer, customerAccount };
}

/** The same facts generateCoreData returns, read back from a kept store. */
export function describeCoreData(db: Db) {
  const accountIds = (db.prepare('SELECT id FROM dealer_accounts ORDER BY id').all() as { id: number }[]).map((r) => r.id);
  const customerAccount: number[] = [];
  for (const r of db.prepare('SELECT customer_id, dealer_account_id FROM leads').iterate() as Iterable<{ customer_id: number; dealer_account_id: number }>) {
    customerAccount[r.customer_id] = r.dealer_account_id;
  }
  const optedOut = (
    db.prepare("SELECT dealer_account_id, customer_id FROM consent WHERE channel = 'sms' AND status = 'opted_out' ORDER BY customer_id").all() as {
      dealer_account_id: number;
      customer_id: number;
    }[]
  ).map((r): [number, number] => [r.dealer_account_id, r.customer_id]);
  return { accountIds, optedOut, heavyCustomer: 1, customerAccount };
}
