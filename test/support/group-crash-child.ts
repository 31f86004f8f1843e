// A desk process for the group crash test: pushes its queue to, or pulls from, the group server
// in small batches until there is nothing left, announcing each batch on stdout ("PUSH n" just
// before a push is sent, "PULL n" as a pulled page is applied). The parent kills it with SIGKILL.
// Usage: node --import tsx test/support/group-crash-child.ts <dbPath> <url>
import { openDatabase } from '../../src-main/db/open-database.ts';
import { createCore } from '../../src-main/core.ts';
import { systemClock } from '../../src-main/clock.ts';
import { PgGroupServer } from '../../src-main/group/pg-group-server.ts';
import type { GroupServer } from '../../src-main/group/group-server.ts';

const [dbPath, url] = process.argv.slice(2);
if (!dbPath || !url) {
  process.stderr.write('usage: group-crash-child <dbPath> <url>\n');
  process.exit(2);
}
const db = openDatabase(dbPath);
const core = createCore({ db, clock: systemClock, group: { batchSize: 10 } });
const server = new PgGroupServer({ url });
let pushes = 0;
let pulls = 0;
const say = (line: string) => process.stdout.write(`${line}\n`);
const announcing: GroupServer = {
  migrate: () => server.migrate(),
  schemaVersion: () => server.schemaVersion(),
  listen: (a, b) => server.listen(a, b),
  status: () => server.status(),
  claimStep: (k, d, n) => server.claimStep(k, d, n),
  close: () => server.close(),
  push: (events) => {
    say(`PUSH ${++pushes}`);
    return server.push(events);
  },
  pull: async (cursor, limit) => {
    const page = await server.pull(cursor, limit);
    if (page.events.length > 0) say(`PULL ${++pulls}`);
    return page;
  },
};
core.group.attach(announcing);
say('READY');
for (;;) {
  const s = await core.group.exchange();
  if (s.pushed === 0 && s.pulled === 0) break;
}
await server.close();
db.close();
say('DONE');
