// `npm run bench`: every benchmark, one JSON object per line on stdout; progress on stderr.
// Options: --only core|ingest|renderer (repeatable), --small (a reduced data set for a quick look).
import { runCoreBench } from './core-bench.ts';
import { FULL_SPEC } from './generate-core-data.ts';
import { emitJsonLine } from './stats.ts';

const args = process.argv.slice(2);
const only = args.flatMap((a, i) => (a === '--only' ? [args[i + 1]] : []));
const small = args.includes('--small');
// --keep-db PATH: keep the generated core store there and reuse it on later runs.
const keepDb = args.flatMap((a, i) => (a === '--keep-db' ? [args[i + 1]!] : []))[0];
const wants = (name: string) => only.length === 0 || only.includes(name);
const log = (s: string) => process.stderr.write(`bench: ${s}\n`);

if (wants('core')) {
  const spec = small ? { ...FULL_SPEC, customers: 100_000, messages: 500_000 } : FULL_SPEC;
  await runCoreBench(emitJsonLine, spec, log, keepDb);
}
