// The layer rules of eslint.config.js (eslint-rules/layers.js), each shown refusing a planted
// violation and accepting the allowed forms, through ESLint's Node API on in-memory code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';

const cwd = fileURLToPath(new URL('../..', import.meta.url));
const eslint = new ESLint({ cwd });

/** The layers/* rule ids reported for `code` if it lived at `filePath` (repository-relative). */
async function layerRuleIds(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  assert.ok(result, 'ESLint returned a result');
  return result.messages.map((m) => m.ruleId ?? `fatal: ${m.message}`).filter((id) => id.startsWith('layers/') || id.startsWith('fatal'));
}

async function refused(rule: string, filePath: string, code: string): Promise<void> {
  assert.deepEqual(await layerRuleIds(filePath, code), [`layers/${rule}`], `${filePath}: ${code}`);
}

async function accepted(filePath: string, code: string): Promise<void> {
  assert.deepEqual(await layerRuleIds(filePath, code), [], `${filePath}: ${code}`);
}

test('layers/db-imports-down refuses db → customers and db → ipc', async () => {
  await refused('db-imports-down', 'src-main/db/repos/customers-repo.ts', "import { LeadService } from '../../customers/lead-service.ts';\nexport const x = LeadService;\n");
  await refused('db-imports-down', 'src-main/db/repos/customers-repo.ts', "import type { Handler } from '../../ipc/handler.ts';\nexport type H = Handler;\n");
  await refused('db-imports-down', 'src-main/db/store.ts', "export { Outbox } from '../outbox/outbox.ts';\n");
  await refused('db-imports-down', 'src-main/db/migrate.ts', "export async function load() { return import('../app/app.ts'); }\n");
});

test('layers/db-imports-down accepts db → db, shared, the runtime files (clock, seeded-random, scheduler) and packages', async () => {
  await accepted(
    'src-main/db/repos/customers-repo.ts',
    [
      "import type { Database } from 'better-sqlite3';",
      "import type { Lead } from '../../../shared/domain/types.ts';",
      "import type { Clock } from '../../clock.ts';",
      "import type { SeededRandom } from '../../seeded-random.ts';",
      "import type { Scheduler } from '../../outbox/scheduler.ts';",
      "import type { ConsentRepo } from './consent-repo.ts';",
      "import type { Db } from '../open-database.ts';",
      'export type All = [Database, Lead, Clock, SeededRandom, Scheduler, ConsentRepo, Db];',
    ].join('\n') + '\n',
  );
});

test('layers/domain-not-above refuses a domain file importing ipc, app, cli or electron', async () => {
  await refused('domain-not-above', 'src-main/customers/lead-service.ts', "import type { HandlerContext } from '../ipc/context.ts';\nexport type C = HandlerContext;\n");
  await refused('domain-not-above', 'src-main/messaging/send-service.ts', "import { bootApp } from '../app/app.ts';\nexport const b = bootApp;\n");
  await refused('domain-not-above', 'src-main/sync/review-service.ts', "import '../cli/main.ts';\n");
  await refused('domain-not-above', 'src-main/gateway/simulator/server.ts', "export * from '../../electron/main.ts';\n");
  await refused('domain-not-above', 'src-main/settings/preferences.ts', "import type { Paths } from '../app/paths.ts';\nexport type P = Paths;\n");
});

test('layers/domain-not-above accepts a domain file importing another domain, db, shared and the runtime', async () => {
  await accepted(
    'src-main/messaging/send-service.ts',
    [
      "import type { ConsentService } from '../consent/consent-service.ts';",
      "import type { Store } from '../db/store.ts';",
      "import type { Clock } from '../clock.ts';",
      "import type { Lead } from '../../shared/domain/types.ts';",
      'export type All = [ConsentService, Store, Clock, Lead];',
    ].join('\n') + '\n',
  );
});

test("layers/domain-handlers-ipc-api lets a domain's handlers.ts use only the ipc handler API", async () => {
  await refused('domain-handlers-ipc-api', 'src-main/customers/handlers.ts', "import { registerAll } from '../ipc/registry.ts';\nexport const r = registerAll;\n");
  await refused('domain-handlers-ipc-api', 'src-main/messaging/sms-handlers.ts', "import type { EventBus } from '../ipc/event-bus.ts';\nexport type E = EventBus;\n");
  await refused('domain-handlers-ipc-api', 'src-main/consent/handlers.ts', "import type { App } from '../app/app.ts';\nexport type A = App;\n");
  await accepted(
    'src-main/customers/handlers.ts',
    [
      "import type { Handler } from '../ipc/handler.ts';",
      "import type { HandlerContext } from '../ipc/context.ts';",
      "import { toLeadDto } from '../ipc/mappers.ts';",
      "import { leadIdentity } from '../ipc/mappers/leads.ts';",
      "import { keysetPage } from '../ipc/keyset-page.ts';",
      "import type { LeadService } from './lead-service.ts';",
      'export type All = [Handler, HandlerContext, LeadService];',
      'export const used = [toLeadDto, leadIdentity, keysetPage];',
    ].join('\n') + '\n',
  );
  await accepted('src-main/messaging/sms-handlers.ts', "import type { Handler } from '../ipc/handler.ts';\nexport type H = Handler;\n");
});

test('layers/ipc-not-app refuses ipc → app (the old ipc/context.ts → app/preferences.ts arrow)', async () => {
  await refused('ipc-not-app', 'src-main/ipc/context.ts', "import type { Preferences } from '../app/preferences.ts';\nexport type P = Preferences;\n");
  await refused('ipc-not-app', 'src-main/ipc/handlers/settings.ts', "import { MemorySecretStore } from '../../app/secret-store.ts';\nexport const s = MemorySecretStore;\n");
  await accepted('src-main/ipc/context.ts', "import type { Preferences } from '../settings/preferences.ts';\nexport type P = Preferences;\n");
});

test('layers/twilio-only-in-adapter refuses twilio outside src-main/gateway/twilio-gateway.ts', async () => {
  await refused('twilio-only-in-adapter', 'src-main/app/app.ts', "import twilio from 'twilio';\nexport const t = twilio;\n");
  await refused('twilio-only-in-adapter', 'src-main/outbox/outbox.ts', "import type { MessageInstance } from 'twilio/lib/rest/api/v2010/account/message.js';\nexport type M = MessageInstance;\n");
  await refused('twilio-only-in-adapter', 'shared/phone.ts', "import twilio from 'twilio';\nexport const t = twilio;\n");
  await accepted('src-main/gateway/twilio-gateway.ts', "import twilio from 'twilio';\nexport const t = twilio;\n");
  // Integration tests may drive the official client against the simulator.
  await accepted('test/integration/simulator.test.ts', "import twilio from 'twilio';\nexport const t = twilio;\n");
});

test('the two former upward imports are gone: ipc/context.ts and db/repos/customers-repo.ts pass every layer rule', async () => {
  const results = await eslint.lintFiles(['src-main/ipc/context.ts', 'src-main/db/repos/customers-repo.ts']);
  assert.equal(results.length, 2);
  for (const r of results) {
    assert.deepEqual(r.messages.filter((m) => m.ruleId?.startsWith('layers/')), [], r.filePath);
  }
});
