// A gateway simulator process for crash tests that, like Twilio, never forgets a message it created:
// every stored message is appended to a journal file before the request is answered, and replayed
// when the process starts again (after kill -9 too). Built from the simulator's own parts (SimCore,
// FaultInjector, createSimHttpServer), as GatewaySimulator wires them.
// Usage: node --import tsx test/support/sim-child.ts <journal> <accountSid> <authToken> <faultSpec|none> <number,...> [port] [controlPort]
// (a restarted gateway takes the ports of the one killed, so the desk finds it where it was)
// Prints one JSON line {"url","control"}; the control port takes POST /inject {from,to,body} (a
// customer's reply; answered with its SID once journaled).
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SimCore } from '../../src-main/gateway/simulator/core.ts';
import { FaultInjector, resolveFaultConfig } from '../../src-main/gateway/simulator/faults.ts';
import { createSimHttpServer } from '../../src-main/gateway/simulator/server.ts';
import type { StoredMessage } from '../../src-main/gateway/simulator/message-store.ts';

const [journal, accountSid, authToken, faultSpec, numbers, portArg, controlPortArg] = process.argv.slice(2);
if (!journal || !accountSid || !authToken || !faultSpec || !numbers) {
  process.stderr.write('usage: sim-child <journal> <accountSid> <authToken> <faultSpec|none> <number,...>\n');
  process.exit(2);
}

const core = new SimCore({
  accountSid,
  clock: Date.now,
  random: Math.random,
  ownedNumbers: numbers.split(','),
  messagingServices: [],
  enforceOptOut: false,
  keywordAutoReply: false,
  undeliveredRate: 0,
  queueMs: 20,
  deliverMs: 40,
  defaultCountry: 'AU',
});
if (existsSync(journal)) {
  for (const line of readFileSync(journal, 'utf8').split('\n')) {
    // A line cut short by a kill was never answered: that message does not exist.
    if (!line.endsWith('}')) continue;
    try {
      core.store.add(JSON.parse(line) as StoredMessage);
    } catch {
      // ditto
    }
  }
}
const add = core.store.add.bind(core.store);
core.store.add = (m: StoredMessage): void => {
  add(m);
  appendFileSync(journal, `${JSON.stringify(m)}\n`);
};

const timers = new Set<NodeJS.Timeout>();
const faults = new FaultInjector(resolveFaultConfig(faultSpec === 'none' ? undefined : faultSpec));
const api = createSimHttpServer({ core, authToken, faults, beforeRequest: () => undefined, isOnline: () => true, timers });

async function readJson(req: IncomingMessage): Promise<Record<string, string>> {
  let text = '';
  for await (const chunk of req) text += String(chunk);
  return JSON.parse(text) as Record<string, string>;
}
const control = createServer((req, res) => {
  void (async () => {
    try {
      const { from, to, body } = await readJson(req);
      const m = core.injectInbound({ from: from ?? '', to: to ?? '', body: body ?? '' });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ sid: m.sid }));
    } catch (err) {
      res.writeHead(400).end(String(err));
    }
  })();
});

const listen = (s: ReturnType<typeof createServer>, at: number): Promise<number> =>
  new Promise((resolve, reject) => {
    s.once('error', reject);
    s.listen(at, '127.0.0.1', () => resolve((s.address() as AddressInfo).port));
  });
const port = await listen(api, Number(portArg ?? 0));
const controlPort = await listen(control, Number(controlPortArg ?? 0));
process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${port}`, control: `http://127.0.0.1:${controlPort}` })}\n`);
