// `npm run bench`: every benchmark, one JSON object per line on stdout; progress on stderr.
// Options: --only core|ingest|renderer|automation|classify|compliance|group (repeatable), --small (reduced data sets for a quick look),
// --keep-db PATH (keep the generated core store there and reuse it on later runs), --rounds N
// (measured rounds of the side-by-side comparisons, median reported; default 3, 5 with --small).
import { runCoreBench } from './core-bench.ts';
import { runIngestBench, INGEST_SPEC } from './ingest-bench.ts';
import { runRendererBench, RENDERER_SPEC } from './renderer-bench.ts';
import { runAutomationBench, AUTOMATION_SPEC } from './automation-bench.ts';
import { FULL_SPEC } from './generate-core-data.ts';
import { runClassifyBench, CLASSIFY_SPEC } from './classify-bench.ts';
import { emitJsonLine } from './stats.ts';
import { runGroupBench, GROUP_SMALL, GROUP_SPEC } from './group-bench.ts';
import { runComplianceBench } from './compliance-bench.ts';

const args = process.argv.slice(2);
const valuesOf = (flag: string) => args.flatMap((a, i) => (a === flag && args[i + 1] ? [args[i + 1]!] : []));
const only = valuesOf('--only');
const small = args.includes('--small');
const keepDb = valuesOf('--keep-db')[0];
const roundsArg = valuesOf('--rounds')[0];
const rounds = roundsArg === undefined ? (small ? 5 : 3) : Number(roundsArg);
if (!Number.isInteger(rounds) || rounds < 1 || rounds > 50) {
  process.stderr.write(`bench: --rounds must be 1-50, got '${roundsArg}'\n`);
  process.exit(2);
}
const wants = (name: string) => only.length === 0 || only.includes(name);
const log = (s: string) => process.stderr.write(`bench: ${s}\n`);

for (const name of only) {
  if (!['core', 'ingest', 'renderer', 'automation', 'classify', 'compliance', 'group'].includes(name)) {
    log(`unknown benchmark '${name}' (expected core, ingest, renderer, automation, classify, compliance or group)`);
    process.exit(2);
  }
}

if (wants('core')) {
  await runCoreBench(emitJsonLine, small ? { ...FULL_SPEC, customers: 100_000, messages: 500_000 } : FULL_SPEC, log, keepDb);
}
if (wants('classify')) {
  await runClassifyBench(emitJsonLine, small ? { ...CLASSIFY_SPEC, replies: 100_000 } : CLASSIFY_SPEC, log, { rounds });
}
if (wants('ingest')) {
  await runIngestBench(emitJsonLine, small ? { ...INGEST_SPEC, messages: 20_000 } : INGEST_SPEC, log, { rounds });
}
if (wants('renderer')) {
  await runRendererBench(emitJsonLine, small ? { ...RENDERER_SPEC, customers: 20_000, messages: 40_000 } : RENDERER_SPEC, log);
}
if (wants('group')) {
  await runGroupBench(emitJsonLine, small ? GROUP_SMALL : GROUP_SPEC, log);
}
if (wants('automation')) {
  await runAutomationBench(emitJsonLine, small ? { ...AUTOMATION_SPEC, leads: 100_000, rounds: 3 } : AUTOMATION_SPEC, log);
}
if (wants('compliance')) {
  await runComplianceBench(emitJsonLine, small ? { ...FULL_SPEC, customers: 100_000, messages: 500_000 } : FULL_SPEC, log, {
    ...(keepDb ? { keepDbPath: keepDb } : {}),
    ...(small ? { exportRows: 100_000, importRows: 20_000 } : {}),
    rounds,
  });
}
