// Hosts the simulator for the ingest benchmark on its own thread, the way Twilio is a server of
// its own: its CPU is not the desk's. Generates the inbound replies deterministically from the
// spec, starts serving on 127.0.0.1, and posts back where. Stops when told.
import { parentPort, workerData } from 'node:worker_threads';
import { GatewaySimulator, seededRandom as simRandom } from '../src-main/gateway/simulator/index.ts';
import { generateInbound, type IngestSimSpec } from './ingest-data.ts';

const spec = workerData as IngestSimSpec;
const sim = new GatewaySimulator({ random: simRandom(11), ownedNumbers: spec.senders, enforceOptOut: false });
for (const m of generateInbound(spec)) sim.injectInbound(m);
const { url } = await sim.start({ port: 0, host: '127.0.0.1' });
parentPort?.postMessage({ url, accountSid: sim.accountSid, authToken: sim.authToken });
parentPort?.on('message', (msg: unknown) => {
  if (msg === 'stop') void sim.stop().then(() => parentPort?.close());
});
