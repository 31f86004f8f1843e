// Issue 14 finding 8: packaging. electron-builder cannot download Electron here, so its
// configuration is checked without packaging: electron-builder.yml loads and passes electron-builder's
// own schema, the Electron fuses are set as Electron's security checklist asks, the app is packed
// in an asar (what the asar fuses need), and `npm run dist` builds everything it packages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { DebugLogger, log } from 'builder-util';

// electron-builder logs to stdout, which the test runner reads for its own messages: to stderr.
(log as unknown as { stream: NodeJS.WritableStream }).stream = process.stderr;

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  scripts: Record<string, string>;
  devDependencies: Record<string, string>;
  dependencies: Record<string, string>;
};

test('issue 14 finding 8: electron-builder.yml passes electron-builder\'s schema', async () => {
  const config = await getConfig(ROOT, 'electron-builder.yml', null);
  await validateConfiguration(config, new DebugLogger(false));
});

test('issue 14 finding 8: the Electron fuses are set at packaging (RunAsNode, NODE_OPTIONS and inspect off; cookie encryption, asar integrity and only-load-from-asar on)', async () => {
  const config = await getConfig(ROOT, 'electron-builder.yml', null);
  assert.deepEqual(config.electronFuses, {
    runAsNode: false,
    enableCookieEncryption: true,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    grantFileProtocolExtraPrivileges: false,
  });
  assert.notEqual(config.asar, false, 'only-load-from-asar and asar integrity need the app in an asar');
  assert.deepEqual(config.asarUnpack, ['**/*.node'], 'the SQLite driver is loaded from outside the asar');
});

test('issue 14 finding 8: npm run dist builds what is packaged, then packages; targets for Linux, Windows and macOS', async () => {
  const config = await getConfig(ROOT, 'electron-builder.yml', null);
  assert.equal(pkg.scripts.dist, 'npm run build && npm run build:electron && npm run build:electron-native && electron-builder --config electron-builder.yml');
  assert.ok(pkg.devDependencies['electron-builder'], 'electron-builder is a devDependency');
  assert.deepEqual([config.linux?.target, config.win?.target, config.mac?.target], ['AppImage', 'nsis', 'dmg']);
  // getConfig normalises `files` to [{ filter: [...] }].
  const files = (config.files as { filter: string[] }[]).flatMap((f) => f.filter);
  for (const f of ['dist/renderer/**', 'dist-electron/main.cjs', 'dist-electron/preload.cjs', 'dist-electron/native/**/better_sqlite3.node']) {
    assert.ok(files.includes(f), `${f} is packaged`);
  }
});

test('issue 14 finding 8: a supported Electron (45, the newest major), with electron-log a runtime dependency of the main process', () => {
  assert.match(pkg.devDependencies.electron ?? '', /^\^45\./);
  assert.ok(pkg.dependencies['electron-log']);
});
