// The sandboxed preload, bundled exactly as for Electron and run here against a stand-in `electron`
// module: it exposes one global with `invoke` and `on` only, forwards contract channels and listed
// events, and refuses everything else. (The Electron smoke test runs the real thing where it can.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runInNewContext } from 'node:vm';
import { build } from 'esbuild';
import { PRELOAD_BUNDLE } from '../../scripts/electron-bundles.mjs';
import { BRIDGE_GLOBAL, IPC_EVENT, IPC_INVOKE } from '../../shared/ipc/bridge.ts';

async function loadPreload() {
  // The preload exactly as scripts/build-electron.mjs builds it, kept in memory.
  const out = await build({ ...PRELOAD_BUNDLE, write: false });
  const code = out.outputFiles.find((f) => f.path.endsWith('preload.cjs'))!.text;
  const exposed = new Map<string, Record<string, unknown>>();
  const invocations: unknown[][] = [];
  const listeners = new Map<string, ((...args: unknown[]) => void)[]>();
  const required: string[] = [];
  const electron = {
    contextBridge: { exposeInMainWorld: (name: string, api: Record<string, unknown>) => exposed.set(name, api) },
    ipcRenderer: {
      invoke: (...args: unknown[]) => {
        invocations.push(args);
        return Promise.resolve({ ok: true, value: 'from main' });
      },
      on: (channel: string, fn: (...args: unknown[]) => void) => listeners.set(channel, [...(listeners.get(channel) ?? []), fn]),
      removeListener: (channel: string, fn: (...args: unknown[]) => void) =>
        listeners.set(channel, (listeners.get(channel) ?? []).filter((f) => f !== fn)),
    },
  };
  const module = { exports: {} };
  runInNewContext(code, {
    module,
    exports: module.exports,
    require: (name: string) => {
      required.push(name);
      if (name !== 'electron') throw new Error(`the preload required '${name}'`);
      return electron;
    },
  });
  const emit = (name: string, payload: unknown) => (listeners.get(IPC_EVENT) ?? []).forEach((fn) => fn({ sender: 'event object' }, name, payload));
  return { exposed, invocations, listeners, required, emit };
}

test('preload: one CommonJS bundle that requires only electron and exposes only invoke and on', async () => {
  const { exposed, required } = await loadPreload();
  assert.deepEqual(required, ['electron']);
  assert.deepEqual([...exposed.keys()], [BRIDGE_GLOBAL]);
  assert.deepEqual(Object.keys(exposed.get(BRIDGE_GLOBAL)!).sort(), ['invoke', 'on']);
});

test('preload: contract channels go to main; an unknown channel is refused without reaching main', async () => {
  const { exposed, invocations } = await loadPreload();
  const bridge = exposed.get(BRIDGE_GLOBAL) as { invoke(c: string, i: unknown): Promise<unknown> };
  assert.deepEqual(await bridge.invoke('leads.list', { query: 'ol' }), { ok: true, value: 'from main' });
  assert.deepEqual(invocations, [[IPC_INVOKE, 'leads.list', { query: 'ol' }]]);
  const refused = (await bridge.invoke('fs.readFile', '/etc/passwd')) as { ok: boolean; error: { code: string } };
  assert.equal(refused.ok, false);
  assert.equal(refused.error.code, 'NOT_FOUND');
  assert.equal(invocations.length, 1);
});

test('preload: listed events reach the listener as the payload alone (never the Electron event); others are ignored', async () => {
  const { exposed, emit, listeners } = await loadPreload();
  const bridge = exposed.get(BRIDGE_GLOBAL) as { on(e: string, cb: (...a: unknown[]) => void): () => void };
  const seen: unknown[][] = [];
  const off = bridge.on('notification:new', (...args) => seen.push(args));
  bridge.on('not-an-event', () => seen.push(['wrong']));
  emit('notification:new', { id: 1 });
  emit('message:new', { id: 2 });
  assert.deepEqual(seen, [[{ id: 1 }]]);
  off();
  emit('notification:new', { id: 3 });
  assert.equal(seen.length, 1);
  assert.equal(listeners.get(IPC_EVENT)?.length, 0);
});
