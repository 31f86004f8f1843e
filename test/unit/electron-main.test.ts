// The Electron main process, bundled exactly as scripts/build-electron.mjs bundles it and run in this
// Node process against a stand-in `electron` module (the Electron binary cannot be installed here).
// Everything else main.ts requires (better-sqlite3, zod, ...) is the real thing, so the IPC calls
// below run the real core on a temporary database. The stand-in records what main.ts asks of
// Electron: the window's web preferences, the app:// scheme and its handler, the navigation, window,
// permission and network guards, the IPC sender checks and the shutdown.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInThisContext } from 'node:vm';
import { build } from 'esbuild';
import { MAIN_BUNDLE } from '../../scripts/electron-bundles.mjs';
import { RENDERER_CSP } from '../../src-main/ipc/csp.ts';
import { openDatabase } from '../../src-main/db/open-database.ts';
import { IPC_EVENT, IPC_INVOKE } from '../../shared/ipc/bridge.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const INDEX_HTML = '<!doctype html><title>Dealer SMS Desk (test build)</title>';
const ASSET_JS = 'console.log("renderer asset");';
const SECRET = 'SECRET-OUTSIDE-THE-RENDERER-FOLDER';

/** The main bundle exactly as scripts/build-electron.mjs builds it, kept in memory. */
async function bundleMain(): Promise<string> {
  const out = await build({ ...MAIN_BUNDLE, write: false });
  const js = out.outputFiles.find((f) => f.path.endsWith('main.cjs'));
  assert.ok(js, 'esbuild produced no main.cjs');
  return js.text;
}

type Listener = (...args: unknown[]) => unknown;

interface FakeFrame {
  url: string;
  parent: FakeFrame | null;
  processId: number;
  routingId: number;
}

interface RecordedEvent {
  prevented: boolean;
  preventDefault(): void;
}

function fakeEvent(): RecordedEvent {
  const e = {
    prevented: false,
    preventDefault: () => {
      e.prevented = true;
    },
  };
  return e;
}

class FakeWebContents {
  readonly sent: unknown[][] = [];
  readonly mainFrame: FakeFrame;
  constructor(processId: number) {
    this.mainFrame = { url: 'app://renderer/index.html', parent: null, processId, routingId: 1 };
  }
  send(...args: unknown[]): void {
    this.sent.push(args);
  }
}

type IpcAnswer = { ok: boolean; value?: unknown; error?: { code: string; message?: string } };
type IpcHandler = (event: { sender: unknown; senderFrame: FakeFrame | null }, channel: unknown, input: unknown) => Promise<IpcAnswer>;
type ProtocolHandler = (request: Request) => Response | Promise<Response>;

/** Loads a fresh copy of main.cjs with its own stand-in electron; returns what it recorded. */
async function startMain(code: string, options: { singleInstanceLock: boolean; prepare?: (dbPath: string) => void }) {
  const dir = mkdtempSync(join(tmpdir(), 'smsdesk-electron-main-'));
  const appPath = join(dir, 'app');
  const rendererDir = join(appPath, 'dist', 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), INDEX_HTML);
  writeFileSync(join(rendererDir, 'assets', 'x.js'), ASSET_JS);
  writeFileSync(join(rendererDir, 'assets', 'x.css'), 'body{}');
  // A file just outside the served folder, and a link inside it that points there.
  writeFileSync(join(appPath, 'dist', 'secret.txt'), SECRET);
  symlinkSync(join(appPath, 'dist', 'secret.txt'), join(rendererDir, 'assets', 'link.js'));
  const shellDir = join(appPath, 'dist-electron');
  mkdirSync(shellDir, { recursive: true });
  const dbPath = join(dir, 'data', 'desk.db');
  options.prepare?.(dbPath);

  const order: string[] = [];
  const appListeners = new Map<string, Listener[]>();
  const windows: { options: Record<string, unknown>; urls: string[]; webContents: FakeWebContents; focused: number; restored: number; minimized: boolean }[] = [];
  const rec = {
    dir,
    appPath,
    dbPath,
    shellDir,
    order,
    appListeners,
    windows,
    schemes: [] as unknown[],
    protocolHandlers: new Map<string, ProtocolHandler>(),
    ipcHandlers: new Map<string, IpcHandler>(),
    /** The page's first call, made as soon as it loads. */
    firstCall: null as Promise<{ answer: IpcAnswer }> | null,
    restoreConsole: () => {},
    openedExternally: [] as string[],
    confirmations: [] as { message?: string; detail: string; buttons: string[] }[],
    confirmAnswer: 0,
    /** Answer dialogs by clicking the button with this label. */
    answerFor: null as string | null,
    errorBoxes: [] as string[][],
    notifications: [] as unknown[],
    quits: [] as { walPresent: boolean }[],
    exits: [] as number[],
    relaunches: [] as number[],
    required: [] as string[],
    session: {} as {
      permissionRequest?: (wc: unknown, permission: string, callback: (granted: boolean) => void) => void;
      permissionCheck?: (...args: unknown[]) => boolean;
      devicePermission?: (...args: unknown[]) => boolean;
      beforeRequest?: (details: { url: string }, callback: (r: { cancel: boolean }) => void) => void;
    },
  };
  let nextProcessId = 100;

  class BrowserWindow {
    readonly webContents = new FakeWebContents(nextProcessId++);
    private readonly record;
    constructor(opts: Record<string, unknown>) {
      order.push('new BrowserWindow');
      this.record = { options: opts, urls: [] as string[], webContents: this.webContents, focused: 0, restored: 0, minimized: false };
      windows.push(this.record);
    }
    loadURL(url: string): Promise<void> {
      order.push('loadURL');
      this.record.urls.push(url);
      // The page asks for its first leads at once, as src-renderer/api/early.ts does: here as soon
      // as main's current step yields, while the core may still be booting.
      const wc = this.webContents;
      queueMicrotask(() => {
        const handler = rec.ipcHandlers.get(IPC_INVOKE);
        const event = { sender: wc, senderFrame: { ...wc.mainFrame, url } };
        rec.firstCall = handler
          ? handler(event, 'leads.list', { query: '', offset: 0, limit: 100 }).then((answer) => ({ answer, bootedBefore: rec.order.includes('core booted') }))
          : Promise.reject(new Error('no IPC handler when the page loaded'));
        rec.firstCall.catch(() => undefined);
      });
      return Promise.resolve();
    }
    once(): this {
      return this;
    }
    on(): this {
      return this;
    }
    show(): void {}
    isDestroyed(): boolean {
      return false;
    }
    isMinimized(): boolean {
      return this.record.minimized;
    }
    restore(): void {
      this.record.restored++;
      this.record.minimized = false;
    }
    focus(): void {
      this.record.focused++;
    }
  }

  class Notification {
    static isSupported(): boolean {
      return true;
    }
    constructor(opts: unknown) {
      rec.notifications.push(opts);
    }
    on(): this {
      return this;
    }
    show(): void {}
  }

  const electron = {
    app: {
      enableSandbox: () => order.push('app.enableSandbox'),
      requestSingleInstanceLock: () => options.singleInstanceLock,
      whenReady: () => {
        order.push('app.whenReady');
        return Promise.resolve();
      },
      on: (name: string, fn: Listener) => {
        order.push(`app.on:${name}`);
        appListeners.set(name, [...(appListeners.get(name) ?? []), fn]);
      },
      getAppPath: () => appPath,
      getVersion: () => '0.1.0-test',
      getPath: (name: string) => join(dir, 'electron-paths', name),
      isPackaged: false,
      quit: () => rec.quits.push({ walPresent: existsSync(`${dbPath}-wal`) }),
      exit: (code: number) => rec.exits.push(code),
      relaunch: () => rec.relaunches.push(Date.now()),
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => {
        order.push('protocol.registerSchemesAsPrivileged');
        rec.schemes.push(...schemes);
      },
      handle: (scheme: string, fn: ProtocolHandler) => {
        order.push('protocol.handle');
        rec.protocolHandlers.set(scheme, fn);
      },
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (fn: typeof rec.session.permissionRequest) => {
          order.push('session.setPermissionRequestHandler');
          rec.session.permissionRequest = fn;
        },
        setPermissionCheckHandler: (fn: typeof rec.session.permissionCheck) => {
          order.push('session.setPermissionCheckHandler');
          rec.session.permissionCheck = fn;
        },
        setDevicePermissionHandler: (fn: typeof rec.session.devicePermission) => {
          order.push('session.setDevicePermissionHandler');
          rec.session.devicePermission = fn;
        },
        webRequest: {
          onBeforeRequest: (fn: typeof rec.session.beforeRequest) => {
            order.push('session.webRequest.onBeforeRequest');
            rec.session.beforeRequest = fn;
          },
        },
      },
    },
    ipcMain: {
      handle: (channel: string, fn: IpcHandler) => {
        order.push(`ipcMain.handle:${channel}`);
        rec.ipcHandlers.set(channel, fn);
      },
      on: (channel: string) => order.push(`ipcMain.on:${channel}`),
      removeHandler: (channel: string) => {
        order.push(`ipcMain.removeHandler:${channel}`);
        rec.ipcHandlers.delete(channel);
      },
      removeAllListeners: (channel: string) => order.push(`ipcMain.removeAllListeners:${channel}`),
    },
    safeStorage: {
      isEncryptionAvailable: () => {
        order.push('safeStorage.isEncryptionAvailable');
        return false;
      },
      getSelectedStorageBackend: () => 'basic_text',
      encryptString: (): never => {
        throw new Error('safeStorage.encryptString called without an OS keychain');
      },
      decryptString: (): never => {
        throw new Error('safeStorage.decryptString called without an OS keychain');
      },
    },
    shell: {
      openExternal: (url: string) => {
        rec.openedExternally.push(url);
        return Promise.resolve();
      },
    },
    dialog: {
      showErrorBox: (title: string, body: string) => rec.errorBoxes.push([title, body]),
      // Asked before an address opens in the browser: the answer is rec.confirmAnswer (0 = open).
      showMessageBox: (...args: unknown[]) => {
        const options = args[args.length - 1] as { message?: string; detail?: string; buttons?: string[] };
        rec.confirmations.push({ message: options.message ?? '', detail: options.detail ?? '', buttons: options.buttons ?? [] });
        const answer = rec.answerFor ? (options.buttons ?? []).indexOf(rec.answerFor) : rec.confirmAnswer;
        return Promise.resolve({ response: answer, checkboxChecked: false });
      },
    },
    BrowserWindow,
    Notification,
  };

  // The real process, seen with the app's command line and an environment without SMSDESK_*
  // settings from the developer's shell (so SMSDESK_OPEN_EXTERNAL is unset).
  const argv = [process.execPath, appPath, '--db', dbPath, '--no-demo'];
  const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('SMSDESK_')));
  env.SMSDESK_DATA_DIR = join(dir, 'data');
  const shellProcess = new Proxy(process, {
    get(target, prop) {
      if (prop === 'argv') return argv;
      if (prop === 'env') return env;
      return Reflect.get(target, prop, target) as unknown;
    },
  });

  const realRequire = createRequire(join(ROOT, 'dist-electron', 'main.cjs'));
  // electron-log's main-process logger requires 'electron' itself: a fresh copy of it gets this stand-in.
  const electronPath = realRequire.resolve('electron');
  const withStandInElectron = (name: string): unknown => {
    for (const k of Object.keys(realRequire.cache)) if (k.includes(`${sep}electron-log${sep}`)) delete realRequire.cache[k];
    const saved = realRequire.cache[electronPath];
    realRequire.cache[electronPath] = { id: electronPath, filename: electronPath, loaded: true, exports: electron } as unknown as NodeJS.Module;
    try {
      return realRequire(name);
    } finally {
      if (saved) realRequire.cache[electronPath] = saved;
      else delete realRequire.cache[electronPath];
    }
  };
  const shellRequire = (name: string): unknown => {
    rec.required.push(name);
    if (name === 'electron') return electron;
    return name.startsWith('electron-log') ? withStandInElectron(name) : realRequire(name);
  };
  const filename = join(shellDir, 'main.cjs');
  const wrapper = runInThisContext(`(function (exports, require, module, __filename, __dirname, process) {${code}\n})`, { filename }) as (
    ...args: unknown[]
  ) => void;
  // The core says "ready" through its default logger (console.error) when it has booted: noted in
  // `order`, to see what main did before and after.
  const consoleError = console.error;
  console.error = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && args[0].startsWith('[smsdesk] ready:')) {
      order.push('core ready');
      console.error = consoleError;
    }
    consoleError(...args);
  };
  rec.restoreConsole = () => {
    console.error = consoleError;
  };
  const module = { exports: {} };
  wrapper.call(module.exports, module.exports, shellRequire, module, filename, shellDir, shellProcess);
  return rec;
}

type Shell = Awaited<ReturnType<typeof startMain>>;

async function until<T>(what: string, probe: () => T | undefined | false, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function listeners(shell: Shell, name: string): Listener[] {
  const fns = shell.appListeners.get(name) ?? [];
  assert.ok(fns.length > 0, `main.ts registered no app '${name}' handler`);
  return fns;
}

let code = '';
let shell: Shell;
const argvBefore = [...process.argv];
const cleanups: (() => void)[] = [];

before(async () => {
  code = await bundleMain();
  shell = await startMain(code, { singleInstanceLock: true });
  cleanups.push(() => rmSync(shell.dir, { recursive: true, force: true }));
  cleanups.push(() => shell.restoreConsole());
  await until('the main window (or a start-up error)', () => shell.windows.length > 0 || shell.errorBoxes.length > 0);
  assert.deepEqual(shell.errorBoxes, [], 'the app showed a start-up error');
});

after(async () => {
  // If the shutdown test did not get that far, still close the store so the process can exit.
  if (shell && shell.quits.length === 0) {
    for (const fn of shell.appListeners.get('before-quit') ?? []) fn(fakeEvent());
    await until('the app to quit', () => shell.quits.length > 0).catch(() => undefined);
  }
  for (const fn of cleanups) fn();
});

function mainWindow() {
  const w = shell.windows[0];
  assert.ok(w, 'no BrowserWindow was created');
  return w;
}

// ---------------------------------------------------------------------------------------------
// 1. The window

test('the main bundle requires only electron, Node built-ins and runtime dependencies (what the packaged app ships), and leaves process.argv alone', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  const packageOf = (name: string) => (name.startsWith('@') ? name.split('/').slice(0, 2).join('/') : name.split('/')[0]!);
  assert.ok(shell.required.includes('electron'));
  assert.ok(shell.required.includes('better-sqlite3'), `required: ${shell.required.join(', ')}`);
  for (const name of shell.required) {
    if (name === 'electron' || name.startsWith('node:')) continue;
    assert.ok(packageOf(name) in pkg.dependencies, `main.cjs requires '${name}', which is not a runtime dependency`);
  }
  assert.deepEqual(process.argv, argvBefore);
});

test('the window is isolated and sandboxed: context isolation, sandbox, no Node anywhere, web security, no webview, no insecure content', () => {
  const { options } = mainWindow();
  const prefs = options.webPreferences as Record<string, unknown>;
  assert.equal(prefs.contextIsolation, true);
  assert.equal(prefs.sandbox, true);
  assert.equal(prefs.nodeIntegration, false);
  assert.equal(prefs.nodeIntegrationInWorker, false);
  assert.equal(prefs.nodeIntegrationInSubFrames, false);
  assert.equal(prefs.webSecurity, true);
  assert.equal(prefs.webviewTag, false);
  assert.equal(prefs.allowRunningInsecureContent, false);
  assert.equal(prefs.navigateOnDragDrop, false);
  assert.equal(prefs.preload, join(shell.shellDir, 'preload.cjs'), 'the preload is preload.cjs beside main.cjs');
  assert.equal(shell.windows.length, 1, 'exactly one window at start');
});

test('the window loads the app from app://renderer/index.html, with the sandbox enabled for every renderer', () => {
  assert.deepEqual(mainWindow().urls, ['app://renderer/index.html']);
  assert.ok(shell.order.includes('app.enableSandbox'), 'app.enableSandbox() was not called');
});

test('the guards are in place before the page loads: sandbox and scheme before ready, contents/session/protocol guards before the window', () => {
  const at = (step: string) => {
    const i = shell.order.indexOf(step);
    assert.ok(i >= 0, `${step} never happened (order: ${shell.order.join(', ')})`);
    return i;
  };
  assert.ok(at('protocol.registerSchemesAsPrivileged') < at('app.whenReady'), 'schemes must be registered before ready');
  assert.ok(at('app.enableSandbox') < at('app.whenReady'), 'the sandbox must be enabled before ready');
  assert.ok(at('app.on:web-contents-created') < at('new BrowserWindow'), 'navigation guards must exist before the first web contents');
  for (const step of [
    'session.setPermissionRequestHandler',
    'session.setPermissionCheckHandler',
    'session.setDevicePermissionHandler',
    'session.webRequest.onBeforeRequest',
    'protocol.handle',
    `ipcMain.handle:${IPC_INVOKE}`,
  ]) {
    assert.ok(at(step) < at('loadURL'), `${step} must happen before the page loads`);
  }
});

// ---------------------------------------------------------------------------------------------
// 2. The scheme

test('app:// is registered as a standard, secure origin with fetch and a code cache', () => {
  assert.deepEqual(shell.schemes, [{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } }]);
});

// ---------------------------------------------------------------------------------------------
// 3. The protocol handler

function appProtocol(): ProtocolHandler {
  const h = shell.protocolHandlers.get('app');
  assert.ok(h, 'no app:// handler');
  assert.deepEqual([...shell.protocolHandlers.keys()], ['app'], 'only app:// is handled');
  return h;
}

async function fetchApp(url: string, init?: RequestInit): Promise<{ status: number; body: string; headers: Headers }> {
  const res = await appProtocol()(new Request(url, init));
  return { status: res.status, body: await res.text(), headers: res.headers };
}

test('app://renderer/index.html is served with the renderer CSP and nosniff', async () => {
  const res = await fetchApp('app://renderer/index.html');
  assert.equal(res.status, 200);
  assert.equal(res.body, INDEX_HTML);
  assert.equal(res.headers.get('content-type'), 'text/html; charset=utf-8');
  assert.equal(res.headers.get('content-security-policy'), RENDERER_CSP);
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
  // And the CSP itself allows no inline or eval'd script and no framing.
  assert.match(RENDERER_CSP, /script-src 'self';/);
  assert.doesNotMatch(RENDERER_CSP, /unsafe-/);
  assert.match(RENDERER_CSP, /frame-ancestors 'none'/);
  assert.match(RENDERER_CSP, /default-src 'none'/);
});

test('renderer assets are served with their content type (and the same CSP and nosniff)', async () => {
  const js = await fetchApp('app://renderer/assets/x.js');
  assert.equal(js.status, 200);
  assert.equal(js.body, ASSET_JS);
  assert.equal(js.headers.get('content-type'), 'text/javascript; charset=utf-8');
  assert.equal(js.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(js.headers.get('content-security-policy'), RENDERER_CSP);
  const css = await fetchApp('app://renderer/assets/x.css?v=1#top');
  assert.equal(css.status, 200);
  assert.equal(css.headers.get('content-type'), 'text/css; charset=utf-8');
});

test('path traversal out of the renderer folder is refused, in every spelling, and never serves the file', async () => {
  // Encoded separators, backslashes, NUL and malformed escapes reach the handler as written: refused.
  const refused = [
    'app://renderer/..%2f..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd',
    'app://renderer/%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    'app://renderer/%2E%2E%2Fsecret.txt',
    'app://renderer/assets/..%2f..%2fsecret.txt',
    'app://renderer/..%5csecret.txt',
    'app://renderer/%2e%2e%5csecret.txt',
    'app://renderer/index.html%00.js',
    'app://renderer/%E0%A4%A',
    // A symlink inside the folder that points outside it.
    'app://renderer/assets/link.js',
  ];
  for (const url of refused) {
    const res = await fetchApp(url);
    assert.equal(res.status, 403, `${url} answered ${res.status}`);
    assert.ok(!res.body.includes(SECRET) && !res.body.includes('root:'), `${url} leaked a file`);
  }
  // Plain and %2e dots are folded by the URL parser before any handler sees them (Chromium does the
  // same for a standard scheme): what remains is a path inside the folder, so a client route gets
  // index.html and a file name that is not in the build gets 404 - never the file outside.
  const folded: [string, number, string][] = [
    ['app://renderer/../../etc/passwd', 200, INDEX_HTML],
    ['app://renderer/%2e%2e/%2e%2e/etc/passwd', 200, INDEX_HTML],
    ['app://renderer/../secret.txt', 404, 'Not found'],
    ['app://renderer/%2e%2e/secret.txt', 404, 'Not found'],
  ];
  for (const [url, status, body] of folded) {
    const res = await fetchApp(url);
    assert.equal(res.status, status, `${url} answered ${res.status}`);
    assert.equal(res.body, body, `${url} served something else`);
  }
});

test('another app:// host, and anything but GET, is not served', async () => {
  const evil = await fetchApp('app://evil/index.html');
  assert.equal(evil.status, 404);
  assert.notEqual(evil.body, INDEX_HTML);
  const post = await fetchApp('app://renderer/index.html', { method: 'POST', body: 'x' });
  assert.equal(post.status, 404);
  assert.notEqual(post.body, INDEX_HTML);
});

test('a client route without an extension gets index.html; a missing asset is 404', async () => {
  const route = await fetchApp('app://renderer/leads/5');
  assert.equal(route.status, 200);
  assert.equal(route.body, INDEX_HTML);
  assert.equal(route.headers.get('content-security-policy'), RENDERER_CSP);
  const missing = await fetchApp('app://renderer/assets/missing.js');
  assert.equal(missing.status, 404);
  assert.notEqual(missing.body, INDEX_HTML);
});

// ---------------------------------------------------------------------------------------------
// 4. Navigation and new windows

function hardenedContents() {
  const on = new Map<string, Listener[]>();
  let windowOpen: ((details: { url: string }) => unknown) | undefined;
  const contents = {
    on: (name: string, fn: Listener) => {
      on.set(name, [...(on.get(name) ?? []), fn]);
      return contents;
    },
    setWindowOpenHandler: (fn: typeof windowOpen) => {
      windowOpen = fn;
    },
  };
  for (const fn of listeners(shell, 'web-contents-created')) fn(fakeEvent(), contents);
  const fire = (name: string, url: string) => {
    const fns = on.get(name) ?? [];
    assert.ok(fns.length > 0, `no '${name}' handler on new web contents`);
    const event = fakeEvent();
    for (const fn of fns) fn(event, url);
    return event.prevented;
  };
  return {
    fire,
    windowOpen: (url: string) => {
      assert.ok(windowOpen, 'no window-open handler on new web contents');
      return windowOpen({ url });
    },
  };
}

/** Lets the confirmation dialog and the opening (both asynchronous) run. */
const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 20));

test('navigating away is refused; a web link opens in the user browser only after the user confirms the address', async () => {
  const c = hardenedContents();
  shell.openedExternally.length = 0;
  shell.confirmations.length = 0;
  shell.confirmAnswer = 0;
  assert.equal(c.fire('will-navigate', 'https://example.com'), true);
  await settle();
  assert.deepEqual(shell.openedExternally, ['https://example.com/']);
  assert.deepEqual(shell.confirmations, [{ message: 'Open this address in your web browser?', detail: 'https://example.com/', buttons: ['Open in browser', 'Cancel'] }]);
  assert.equal(c.fire('will-redirect', 'http://example.org/a'), true);
  await settle();
  assert.deepEqual(shell.openedExternally, ['https://example.com/', 'http://example.org/a']);
});

test('issue 14 finding 8: a web link the user does not confirm is not opened; the address is shown whole, overrides written out', async () => {
  const c = hardenedContents();
  shell.openedExternally.length = 0;
  shell.confirmations.length = 0;
  shell.confirmAnswer = 1; // Cancel
  assert.equal(c.fire('will-navigate', 'https://bank.example/\u202Egnp.exe'), true);
  assert.deepEqual(c.windowOpen('https://xn--pple-43d.com/login'), { action: 'deny' });
  await settle();
  assert.deepEqual(shell.openedExternally, []);
  assert.deepEqual(shell.confirmations.map((x) => x.detail), ['https://bank.example/%E2%80%AEgnp.exe', 'https://xn--pple-43d.com/login']);
  shell.confirmAnswer = 0;
});

test('navigating to file:, javascript:, another app host or another app page is refused and not opened anywhere', async () => {
  const c = hardenedContents();
  shell.openedExternally.length = 0;
  for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'app://evil/index.html', 'app://renderer/other.html', 'data:text/html,<b>x</b>', 'not a url']) {
    assert.equal(c.fire('will-navigate', url), true, `navigation to ${url} was allowed`);
    assert.equal(c.fire('will-redirect', url), true, `redirect to ${url} was allowed`);
  }
  await settle();
  assert.deepEqual(shell.openedExternally, []);
});

test('a reload of the app itself (index.html, with any #route) is allowed', () => {
  const c = hardenedContents();
  shell.openedExternally.length = 0;
  assert.equal(c.fire('will-navigate', 'app://renderer/index.html#/sms'), false);
  assert.equal(c.fire('will-navigate', 'app://renderer/index.html'), false);
  assert.deepEqual(shell.openedExternally, []);
});

test('webviews are never attached', () => {
  const c = hardenedContents();
  assert.equal(c.fire('will-attach-webview', 'https://example.com'), true);
});

test('new windows are denied; a web link asked for a new window opens in the user browser (once confirmed)', async () => {
  const c = hardenedContents();
  shell.openedExternally.length = 0;
  assert.deepEqual(c.windowOpen('https://example.com/page'), { action: 'deny' });
  assert.deepEqual(c.windowOpen('file:///etc/passwd'), { action: 'deny' });
  assert.deepEqual(c.windowOpen('app://renderer/index.html'), { action: 'deny' });
  await settle();
  assert.deepEqual(shell.openedExternally, ['https://example.com/page']);
});

// ---------------------------------------------------------------------------------------------
// 5. Session

test('every permission request and check is refused (camera, notifications, devices...)', () => {
  const { permissionRequest, permissionCheck, devicePermission } = shell.session;
  assert.ok(permissionRequest && permissionCheck && devicePermission, 'permission handlers missing');
  for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal']) {
    const answers: boolean[] = [];
    permissionRequest({}, permission, (granted) => answers.push(granted));
    assert.deepEqual(answers, [false], `${permission} was not refused`);
    assert.equal(permissionCheck({}, permission, 'app://renderer', {}), false);
  }
  assert.equal(devicePermission({ deviceType: 'usb', origin: 'app://renderer' }), false);
});

test('the renderer has no network: only app://renderer/, devtools and data: requests go through', () => {
  const { beforeRequest } = shell.session;
  assert.ok(beforeRequest, 'no onBeforeRequest filter');
  const cancel = (url: string) => {
    const answers: { cancel: boolean }[] = [];
    beforeRequest({ url }, (r) => answers.push(r));
    assert.equal(answers.length, 1);
    return answers[0]!.cancel;
  };
  for (const url of ['https://example.com/x', 'http://127.0.0.1:8080/api', 'ws://example.com/', 'file:///etc/passwd', 'app://evil/x.js', 'app://renderer.evil/x.js']) {
    assert.equal(cancel(url), true, `${url} was let through`);
  }
  for (const url of ['app://renderer/assets/x.js', 'app://renderer/index.html', 'data:image/png;base64,AAAA']) {
    assert.equal(cancel(url), false, `${url} was cancelled`);
  }
});

// ---------------------------------------------------------------------------------------------
// 6. IPC

function ipc(): IpcHandler {
  assert.deepEqual([...shell.ipcHandlers.keys()], [IPC_INVOKE], 'main registers exactly one IPC channel');
  return shell.ipcHandlers.get(IPC_INVOKE)!;
}

function fromApp() {
  const wc = mainWindow().webContents;
  return { sender: wc, senderFrame: { ...wc.mainFrame, url: 'app://renderer/index.html#/leads' } };
}

test('the window opens while the core boots; the page\'s first call, made as it loads, is answered (not refused for want of a handler)', async () => {
  assert.ok(shell.firstCall, 'the page made no call');
  const { answer } = await shell.firstCall;
  assert.equal(answer.ok, true, JSON.stringify(answer.error));
  const at = (step: string) => shell.order.indexOf(step);
  assert.ok(at(`ipcMain.handle:${IPC_INVOKE}`) < at('new BrowserWindow'), 'the handler is there before the window');
  assert.ok(at('core ready') > 0, `the core never said it was ready (order: ${shell.order.join(', ')})`);
  assert.ok(at('loadURL') < at('core ready'), 'the page loads while the core boots, not after it');
});

test('the app window main frame gets real answers from the core on the temp database', async () => {
  const settings = await ipc()(fromApp(), 'settings.get', {});
  assert.equal(settings.ok, true, JSON.stringify(settings.error));
  assert.equal(typeof (settings.value as { userName: unknown }).userName, 'string');
  const leads = await ipc()(fromApp(), 'leads.list', { query: '', limit: 10 });
  assert.equal(leads.ok, true, JSON.stringify(leads.error));
  assert.deepEqual((leads.value as { items: unknown[] }).items, [], '--no-demo: an empty store');
  assert.ok(existsSync(shell.dbPath), 'the --db path was not used');
});

test('calls from another window, a subframe, a frame at another origin or a gone frame are FORBIDDEN and change nothing', async () => {
  const win = mainWindow();
  const main = win.webContents.mainFrame;
  const other = new FakeWebContents(main.processId + 1000);
  const untrusted: [string, { sender: unknown; senderFrame: FakeFrame | null }][] = [
    ['another web contents', { sender: other, senderFrame: other.mainFrame }],
    ['a subframe', { sender: win.webContents, senderFrame: { url: 'app://renderer/index.html', parent: main, processId: main.processId, routingId: 7 } }],
    ['a same-frame subframe claim', { sender: win.webContents, senderFrame: { ...main, parent: main } }],
    ['the main frame at https://evil.example/', { sender: win.webContents, senderFrame: { ...main, url: 'https://evil.example/' } }],
    ['the main frame at another app host', { sender: win.webContents, senderFrame: { ...main, url: 'app://evil/index.html' } }],
    ['a frame of another process', { sender: win.webContents, senderFrame: { ...main, processId: main.processId + 1 } }],
    ['a gone frame', { sender: win.webContents, senderFrame: null }],
  ];
  const sentBefore = win.webContents.sent.length;
  for (const [who, event] of untrusted) {
    const answer = await ipc()(event, 'settings.setUserName', { userName: 'Mallory' });
    assert.equal(answer.ok, false, `${who} was answered`);
    assert.equal(answer.error?.code, 'FORBIDDEN', `${who}: ${JSON.stringify(answer)}`);
  }
  const settings = await ipc()(fromApp(), 'settings.get', {});
  assert.notEqual((settings.value as { userName: string }).userName, 'Mallory', 'a refused call reached the handler');
  assert.equal(win.webContents.sent.length, sentBefore, 'a refused call emitted an event');

  // The same call from the app itself does change the setting (so the refusals above mean something),
  // and its event reaches the window.
  const ok = await ipc()(fromApp(), 'settings.setUserName', { userName: 'Dana' });
  assert.equal(ok.ok, true, JSON.stringify(ok.error));
  assert.equal((ok.value as { userName: string }).userName, 'Dana');
  assert.ok(
    win.webContents.sent.some((m) => m[0] === IPC_EVENT && m[1] === 'settings:changed'),
    `events sent: ${JSON.stringify(win.webContents.sent.map((m) => m.slice(0, 2)))}`,
  );
});

test('an unknown channel or invalid input gets a stable error code, not a crash', async () => {
  const unknown = await ipc()(fromApp(), 'fs.readFile', '/etc/passwd');
  assert.equal(unknown.ok, false);
  assert.equal(unknown.error?.code, 'NOT_FOUND');
  const notString = await ipc()(fromApp(), 42, {});
  assert.equal(notString.error?.code, 'NOT_FOUND');
  const invalid = await ipc()(fromApp(), 'leads.list', { limit: 'all' });
  assert.equal(invalid.ok, false);
  assert.equal(invalid.error?.code, 'INVALID_INPUT');
  const extra = await ipc()(fromApp(), 'settings.setUserName', { userName: 'Eve', admin: true });
  assert.equal(extra.error?.code, 'INVALID_INPUT');
});

test('desktop notifications follow "Notify me about" like the toasts, for what another process wrote to the same database', async () => {
  const set = await ipc()(fromApp(), 'settings.setNotificationPrefs', { desktop: true, replies: false, possibleOptOuts: true, sendFailures: true });
  assert.equal(set.ok, true, JSON.stringify(set.error));
  const win = mainWindow();
  const announced = () => win.webContents.sent.filter((m) => m[0] === IPC_EVENT && m[1] === 'notification:new').map((m) => (m[2] as { title: string }).title);
  const before = announced().length;
  const desktopBefore = shell.notifications.length;
  // A second process (smsdesk serve, the CLI) polls two replies into the same file.
  const other = openDatabase(shell.dbPath);
  try {
    const add = other.prepare("INSERT INTO notifications (kind, customer_id, message_id, title, body, created_at) VALUES (?, NULL, NULL, ?, 'text', 0)");
    add.run('reply', 'A reply (switched off)');
    add.run('possible_opt_out', 'A possible opt-out');
  } finally {
    other.close();
  }
  await until('both reach the window', () => announced().length >= before + 2, 5_000);
  assert.deepEqual(announced().slice(before), ['A reply (switched off)', 'A possible opt-out'], 'the window hears of both (the list and the unread count)');
  assert.deepEqual(
    shell.notifications.slice(desktopBefore).map((n) => (n as { title: string }).title),
    ['A possible opt-out'],
    'the switched-off reply gets no desktop notification',
  );
});

test('without an OS keychain main asks safeStorage, never encrypts with it, and writes no secrets file', async () => {
  // The stand-in's safeStorage throws if main.ts ever encrypts or decrypts without a keychain.
  assert.ok(shell.order.includes('safeStorage.isEncryptionAvailable'), 'main did not ask whether a keychain is available');
  const status = await ipc()(fromApp(), 'sync.status', {});
  assert.equal(status.ok, true, JSON.stringify(status.error));
  assert.ok(!existsSync(join(shell.dir, 'data', 'secrets.safestorage.json')));
});

test('a second launch brings the existing window forward instead of opening another', () => {
  const win = mainWindow();
  win.minimized = true;
  for (const fn of listeners(shell, 'second-instance')) fn(fakeEvent(), [], ROOT);
  assert.equal(win.restored, 1);
  assert.equal(win.focused, 1);
  assert.equal(shell.windows.length, 1);
});

test('a second instance quits at once: no window, no IPC, no database', async () => {
  const second = await startMain(code, { singleInstanceLock: false });
  cleanups.push(() => rmSync(second.dir, { recursive: true, force: true }));
  await until('the second instance to quit', () => second.quits.length > 0);
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(second.windows.length, 0);
  assert.equal(second.ipcHandlers.size, 0);
  assert.equal(second.protocolHandlers.size, 0);
  assert.equal(existsSync(second.dbPath), false);
});

test('issue 14 finding 5: a damaged (0-byte) store is not opened; the app offers a new store, keeps the damaged file aside and starts again', async () => {
  const damaged = await startMain(code, {
    singleInstanceLock: true,
    prepare: (dbPath) => {
      mkdirSync(dirname(dbPath), { recursive: true });
      writeFileSync(dbPath, '');
    },
  });
  damaged.answerFor = 'Start a new, empty store';
  cleanups.push(() => rmSync(damaged.dir, { recursive: true, force: true }));
  await until('the recovery choice and a restart', () => damaged.relaunches.length > 0);
  const asked = damaged.confirmations.at(-1)!;
  assert.equal(asked.message, `The database ${damaged.dbPath} is damaged and was not opened.`);
  assert.match(asked.detail, /the file is empty \(0 bytes\)/);
  assert.deepEqual(asked.buttons, ['Start a new, empty store', 'Quit'], 'no backup to offer');
  assert.deepEqual(damaged.exits, [0]);
  assert.equal(existsSync(damaged.dbPath), false, 'the damaged file was moved aside, not used');
  assert.equal(readdirSync(dirname(damaged.dbPath)).filter((f) => f.startsWith('desk.db.damaged-')).length, 1);
});

// ---------------------------------------------------------------------------------------------
// 7. Shutdown

test('quitting waits for the store to close, then quits; the database can then be removed', async () => {
  assert.ok(existsSync(`${shell.dbPath}-wal`), 'the store is open in WAL mode');
  const first = fakeEvent();
  for (const fn of listeners(shell, 'before-quit')) fn(first);
  assert.equal(first.prevented, true, 'the first quit must wait for the store');
  await until('app.quit after the store closed', () => shell.quits.length > 0);
  assert.deepEqual(shell.quits, [{ walPresent: false }], 'app.quit ran before the store had closed');
  // Electron fires before-quit again for that app.quit(): now it goes through.
  const second = fakeEvent();
  for (const fn of listeners(shell, 'before-quit')) fn(second);
  assert.equal(second.prevented, false);
  assert.equal(shell.quits.length, 1);
  // The store is closed: the core refuses to work on it rather than writing behind the user's back.
  const late = await ipc()(fromApp(), 'settings.get', {});
  assert.equal(late.ok, false);
  assert.equal(late.error?.code, 'INTERNAL');
  rmSync(shell.dbPath);
  assert.equal(existsSync(shell.dbPath), false);
  assert.equal(existsSync(`${shell.dbPath}-shm`), false);
});

test('closing the last window quits the app', () => {
  const before = shell.quits.length;
  for (const fn of listeners(shell, 'window-all-closed')) fn();
  assert.equal(shell.quits.length, before + 1);
});
