// The web host's token in the renderer (src-renderer/api/bridge.ts): taken from #token=..., stripped
// from the address bar at once, and kept for this tab's reloads without making the first screen
// wait on sessionStorage.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { takeToken } from '../../src-renderer/api/bridge.ts';

const TOKEN = 'abcDEF123_-xyz';

/** Just the parts of a window takeToken touches, with a timer and page events we fire by hand. */
function fakeWindow(hash: string, stored: Record<string, string> = {}) {
  const storage = new Map(Object.entries(stored));
  const timers: (() => void)[] = [];
  const listeners = new Map<string, Set<() => void>>();
  let storageReads = 0;
  const win = {
    location: { hash, pathname: '/', search: '' },
    history: {
      replaceState(_s: unknown, _t: string, url: string) {
        win.location.hash = url.slice(url.indexOf('#'));
      },
    },
    sessionStorage: {
      getItem: (k: string) => {
        storageReads++;
        return storage.get(k) ?? null;
      },
      setItem: (k: string, v: string) => {
        storage.set(k, v);
      },
    },
    setTimeout: (fn: () => void) => {
      timers.push(fn);
      return timers.length;
    },
    addEventListener: (name: string, fn: () => void) => {
      if (!listeners.has(name)) listeners.set(name, new Set());
      listeners.get(name)!.add(fn);
    },
    removeEventListener: (name: string, fn: () => void) => {
      listeners.get(name)?.delete(fn);
    },
  };
  return {
    win: win as unknown as Window,
    storage,
    runTimers: () => timers.splice(0).forEach((t) => t()),
    fire: (name: string) => [...(listeners.get(name) ?? [])].forEach((l) => l()),
    storageReads: () => storageReads,
  };
}

test('the token from #token= is used at once and stripped from the address bar, before anything is stored', () => {
  const w = fakeWindow(`#token=${TOKEN}`);
  assert.equal(takeToken(w.win), TOKEN);
  assert.equal(w.win.location.hash, '#/', 'home: the inbox once there are replies, else the leads');
  assert.equal(w.storage.size, 0, 'nothing written to sessionStorage before the first screen');
  assert.equal(w.storageReads(), 0);
});

test('the token is kept for reloads shortly after start, and a reload then finds it', () => {
  const w = fakeWindow(`#/sms&token=${TOKEN}`);
  assert.equal(takeToken(w.win), TOKEN);
  assert.equal(w.win.location.hash, '#/sms');
  w.runTimers();
  assert.equal(w.storage.get('smsdesk.token'), TOKEN);
  const reload = fakeWindow('#/sms', Object.fromEntries(w.storage));
  assert.equal(takeToken(reload.win), TOKEN);
});

test('leaving the page before the timer still keeps the token (a quick reload is not locked out)', () => {
  const w = fakeWindow(`#token=${TOKEN}`);
  takeToken(w.win);
  w.fire('pagehide');
  assert.equal(w.storage.get('smsdesk.token'), TOKEN);
  w.storage.delete('smsdesk.token');
  w.runTimers();
  assert.equal(w.storage.size, 0, 'written once, not again by the timer');
});

test('no token in the address bar and none kept: no token', () => {
  assert.equal(takeToken(fakeWindow('#/leads').win), null);
});

test('the token is stripped wherever it sits among the fragment parts', () => {
  for (const [hash, left] of [
    [`#token=${TOKEN}&/sms`, '#/sms'],
    [`#/lead/5&token=${TOKEN}`, '#/lead/5'],
    [`#/sms&token=${TOKEN}&x=1`, '#/sms&x=1'],
  ] as const) {
    const w = fakeWindow(hash);
    assert.equal(takeToken(w.win), TOKEN, hash);
    assert.equal(w.win.location.hash, left, hash);
  }
});
