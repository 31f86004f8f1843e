#!/usr/bin/env node
// Runs the test suites with Node's own test runner (TypeScript through tsx).
// Usage: node scripts/run-tests.mjs [unit|renderer|integration|e2e|electron ...]
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pgAvailable, startPgCluster } from './pg-cluster.mjs';

const suites = ['unit', 'renderer', 'integration', 'e2e', 'electron'];
const wanted = process.argv.slice(2).length ? process.argv.slice(2) : suites;

function findTests(dir) {
  const out = [];
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of entries.sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...findTests(path));
    else if (/\.test\.tsx?$/.test(name)) out.push(path);
  }
  return out;
}

const files = wanted.flatMap((suite) => {
  if (!suites.includes(suite)) {
    console.error(`run-tests: unknown suite '${suite}' (expected one of ${suites.join(', ')})`);
    process.exit(2);
  }
  return findTests(join('test', suite));
});
if (files.length === 0) {
  console.error('run-tests: no test files found');
  process.exit(1);
}
// One throw-away PostgreSQL cluster for every group-server test file of this run (each file makes
// its own databases in it); a file run alone starts its own (test/support/pg.ts).
let cluster = null;
const env = { ...process.env, NODE_ENV: 'test' };
if (!env.SMSDESK_TEST_PG_URL && files.some((f) => /group/.test(f)) && pgAvailable().ok) {
  cluster = await startPgCluster();
  env.SMSDESK_TEST_PG_URL = cluster.url;
}
let result;
try {
  result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], { stdio: 'inherit', env });
} finally {
  cluster?.destroy();
}
process.exit(result.status ?? 1);
