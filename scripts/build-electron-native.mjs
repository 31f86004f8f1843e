#!/usr/bin/env node
// Builds better-sqlite3 for Electron's ABI into its own folder,
//   dist-electron/native/electron-v<version>-<platform>-<arch>/better_sqlite3.node
// which the Electron main process passes as `nativeBinding`. node_modules/better-sqlite3 (the Node
// build the tests use) is never touched: rebuilding it back and forth between Node and Electron is
// a known trap. Run by `npm start` before launching Electron (needs the network the first time:
// a prebuilt binary, or Electron's headers to compile one). Idempotent.
import { cpSync, existsSync, mkdirSync, rmSync, copyFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(join(root, 'package.json'));
const electronVersion = require('electron/package.json').version;
const arch = process.env.npm_config_arch || process.arch;
const outDir = join(root, 'dist-electron', 'native', `electron-v${electronVersion}-${process.platform}-${arch}`);
const out = join(outDir, 'better_sqlite3.node');

if (existsSync(out)) {
  console.error(`build-electron-native: ${out} is up to date`);
  process.exit(0);
}

const pkgDir = join(require.resolve('better-sqlite3/package.json'), '..');
const work = join(root, 'dist-electron', 'native', '.work');
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
cpSync(pkgDir, work, { recursive: true, filter: (src) => !src.includes(`${pkgDir}/build`) && !src.includes(`${pkgDir}/node_modules`) });

function attempt(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: work, stdio: 'inherit', env: process.env });
  return r.status === 0 && existsSync(join(work, 'build', 'Release', 'better_sqlite3.node'));
}

const prebuild = join(require.resolve('prebuild-install/package.json'), '..', 'bin.js');
let ok = attempt(process.execPath, [prebuild, '--runtime', 'electron', '--target', electronVersion, '--arch', arch]);
if (!ok && process.env.npm_config_node_gyp) {
  ok = attempt(process.execPath, [process.env.npm_config_node_gyp, 'rebuild', '--release', `--target=${electronVersion}`, `--arch=${arch}`, '--dist-url=https://electronjs.org/headers', '--runtime=electron']);
}
if (!ok) {
  console.error('build-electron-native: could not get better-sqlite3 for Electron (no prebuilt binary and no compiler toolchain or headers).');
  process.exit(1);
}
mkdirSync(outDir, { recursive: true });
copyFileSync(join(work, 'build', 'Release', 'better_sqlite3.node'), out);
rmSync(work, { recursive: true, force: true });
console.error(`build-electron-native: wrote ${out}`);
