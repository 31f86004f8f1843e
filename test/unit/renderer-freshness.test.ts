// `npm start` rebuilds the app screens when they are missing or older than their sources (after a
// pull or an edit), and not otherwise.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rendererBuildNeeded } from '../../src-main/cli/renderer-freshness.ts';

function project(t: { after: (fn: () => void) => void }) {
  const root = mkdtempSync(join(tmpdir(), 'smsdesk-freshness-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const write = (rel: string, atSeconds: number) => {
    const path = join(root, rel);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, rel);
    utimesSync(path, atSeconds, atSeconds);
  };
  write('src-renderer/views/LeadsView.tsx', 1_000);
  write('shared/phone.ts', 1_000);
  write('vite.config.ts', 1_000);
  return { root, write };
}

test('no build yet: build', (t) => {
  const { root } = project(t);
  assert.equal(rendererBuildNeeded(root), 'the app screens are not built yet');
});

test('a build newer than every source: nothing to do', (t) => {
  const { root, write } = project(t);
  write('dist/renderer/index.html', 2_000);
  assert.equal(rendererBuildNeeded(root), null);
});

test('a screen or shared code edited after the build: build again', (t) => {
  for (const edited of ['src-renderer/views/LeadsView.tsx', 'shared/ipc/contract.ts', 'vite.config.ts']) {
    const { root, write } = project(t);
    write('dist/renderer/index.html', 2_000);
    write(edited, 3_000);
    assert.equal(rendererBuildNeeded(root), 'the app screens are older than their sources', edited);
  }
});

test('main-process code does not make the screens stale', (t) => {
  const { root, write } = project(t);
  write('dist/renderer/index.html', 2_000);
  write('src-main/app/app.ts', 3_000);
  assert.equal(rendererBuildNeeded(root), null);
});

test('a build stamped at the epoch is still a build (older than everything), not a missing one', (t) => {
  const { root, write } = project(t);
  write('dist/renderer/index.html', 0);
  assert.equal(rendererBuildNeeded(root), 'the app screens are older than their sources');
});

test("a React development bundle left by an older build is built again, even when newer than its sources", (t) => {
  const { root, write } = project(t);
  write('dist/renderer/index.html', 2_000);
  write('dist/renderer/assets/index-abc.js', 2_000);
  assert.equal(rendererBuildNeeded(root), null, 'a production bundle is kept');
  writeFileSync(join(root, 'dist/renderer/assets/index-abc.js'), 'console.info("%cDownload the React DevTools for a better development experience")');
  utimesSync(join(root, 'dist/renderer/assets/index-abc.js'), 2_000, 2_000);
  assert.equal(rendererBuildNeeded(root), "the app screens are React's development build");
});
