// The Electron shell: thin on purpose. Everything the app does lives in the Electron-free core
// (src-main/app, src-main/ipc); this file adds a window, the app:// protocol, IPC with sender
// checks, safeStorage for credentials and desktop notifications. Bundled by
// scripts/build-electron.mjs to dist-electron/main.cjs. Security follows Electron's checklist:
// context isolation, sandbox, no Node in the renderer, web security on, CSP, a custom protocol
// that serves only the build folder, no navigation, no new windows, no permissions, no webviews,
// IPC senders validated, external links only for http(s), only in the user's browser and only
// once the user has seen the address and agreed.
import { app, BrowserWindow, dialog, ipcMain, Notification, protocol, safeStorage, session, shell, type IpcMainInvokeEvent } from 'electron';
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { extname, isAbsolute, join, relative, sep } from 'node:path';
import { bootApp, type App } from '../app/app.ts';
import { demoDesk } from '../app/demo-desk.ts';
import { startWebHost } from '../app/start-web-host.ts';
import { defaultDataDir, defaultDbPath } from '../app/paths.ts';
import { EncryptedFileSecretStore, MemorySecretStore, type BlobCipher, type SecretStore } from '../app/secret-store.ts';
import { MIME_TYPES, RENDERER_CSP, safeStaticPath } from '../ipc/csp.ts';
import { IPC_EVENT, IPC_INVOKE } from '../../shared/ipc/bridge.ts';
import { isEventName, type EventPayload } from '../../shared/ipc/contract.ts';
import { shouldShow } from '../../shared/domain/notification-policy.ts';
import { openExternalAfterConfirm } from './external-links.ts';
import electronLog from 'electron-log/main';
import { fileLogger, logDirFor, type ElectronLogLike } from '../app/file-log.ts';
import { isDiskFull, DISK_FULL_MESSAGE } from '../app-error.ts';
import { DatabaseDamagedError } from '../db/database-errors.ts';
import { restoreBackup, setAside } from '../db/backups.ts';

// electron-log's main-process logger writes the log files; the renderer never logs through it, so
// the IPC channel it registers for renderers is taken away again (every IPC sender is checked).
ipcMain.removeHandler('__ELECTRON_LOG__');
ipcMain.removeAllListeners('__ELECTRON_LOG__');

const SCHEME = 'app';
const HOST = 'renderer';
const START_URL = `${SCHEME}://${HOST}/index.html`;

// Before 'ready': app:// behaves as a standard, secure origin (so 'self' in the CSP means it), and its
// scripts keep a V8 code cache between starts (compiled once, not at every launch).
protocol.registerSchemesAsPrivileged([{ scheme: SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } }]);
app.enableSandbox();

function argValue(flag: string): string | undefined {
  const i = process.argv.indexOf(flag);
  if (i >= 0) return process.argv[i + 1];
  const inline = process.argv.find((a) => a.startsWith(`${flag}=`));
  return inline?.slice(flag.length + 1);
}

function isAppUrl(raw: string): boolean {
  try {
    const u = new URL(raw);
    return u.protocol === `${SCHEME}:` && u.host === HOST;
  } catch {
    return false;
  }
}

/**
 * Opens an http(s) link in the user's browser, once the user has seen the address and agreed
 * (SMSDESK_OPEN_EXTERNAL=0 turns it off, e.g. in tests).
 */
function openExternally(url: string): void {
  void openExternalAfterConfirm(url, {
    disabled: process.env.SMSDESK_OPEN_EXTERNAL === '0',
    log: (m) => console.error(`[smsdesk] ${m}`),
    confirm: async (shown) => {
      const options: Electron.MessageBoxOptions = {
        type: 'question',
        buttons: ['Open in browser', 'Cancel'],
        defaultId: 1,
        cancelId: 1,
        noLink: true,
        title: 'Open a web address',
        message: 'Open this address in your web browser?',
        detail: shown,
      };
      const answer = mainWindow && !mainWindow.isDestroyed() ? await dialog.showMessageBox(mainWindow, options) : await dialog.showMessageBox(options);
      return answer.response === 0;
    },
    open: (href) => shell.openExternal(href),
  }).catch((err: unknown) => console.error('[smsdesk] could not open the address', err));
}

/** The SQLite driver built for Electron's ABI, kept apart from the Node build the tests use. */
function nativeBindingPath(): string | undefined {
  if (process.env.SMSDESK_NATIVE_BINDING) return process.env.SMSDESK_NATIVE_BINDING;
  const dir = `electron-v${process.versions.electron}-${process.platform}-${process.arch}`;
  const path = join(app.getAppPath(), 'dist-electron', 'native', dir, 'better_sqlite3.node').replace(`app.asar${sep}`, `app.asar.unpacked${sep}`);
  return existsSync(path) ? path : undefined;
}

/** Credentials through the OS keychain; never plain text (Linux without a keyring: memory only). */
function secretStore(): SecretStore {
  const backend = process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : 'os';
  if (!safeStorage.isEncryptionAvailable() || backend === 'basic_text' || backend === 'unknown') {
    console.error('[smsdesk] no OS keychain available: gateway credentials are kept in memory only');
    return new MemorySecretStore();
  }
  const cipher: BlobCipher = {
    description: `OS keychain via Electron safeStorage (${backend})`,
    encrypt: (plain) => safeStorage.encryptString(plain),
    decrypt: (blob) => safeStorage.decryptString(blob),
  };
  return new EncryptedFileSecretStore(join(defaultDataDir(), 'secrets.safestorage.json'), cipher);
}

/** app://renderer/* -> dist/renderer/*, nothing else. */
function registerAppProtocol(rendererDir: string): void {
  const root = existsSync(rendererDir) ? realpathSync(rendererDir) : rendererDir;
  const headers = { 'Content-Security-Policy': RENDERER_CSP, 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-cache' };
  protocol.handle(SCHEME, (request) => {
    const url = new URL(request.url);
    if (url.host !== HOST || request.method !== 'GET') return new Response('Not found', { status: 404, headers });
    const rawPath = request.url.slice(`${SCHEME}://${HOST}`.length).split(/[?#]/, 1)[0] || '/';
    const file = safeStaticPath(root, rawPath, join, relative, isAbsolute);
    if (file === null || file === 'malformed') return new Response('Forbidden', { status: 403, headers });
    let target = file;
    if (!existsSync(target) || statSync(target).isDirectory()) {
      if (extname(target) !== '') return new Response('Not found', { status: 404, headers });
      target = join(root, 'index.html');
    }
    if (!existsSync(target)) {
      return new Response('The app screens are not built: run npm run build.', { status: 404, headers: { ...headers, 'Content-Type': 'text/plain; charset=utf-8' } });
    }
    const real = realpathSync(target);
    if (!real.startsWith(root + sep)) return new Response('Forbidden', { status: 403, headers });
    return new Response(readFileSync(real), {
      status: 200,
      headers: { ...headers, 'Content-Type': MIME_TYPES[extname(real).toLowerCase()] ?? 'application/octet-stream' },
    });
  });
}

/** Linux notification daemons read a little markup in the body: show the reply as text. */
function plainNotificationText(text: string): string {
  const clipped = text.length > 200 ? `${text.slice(0, 197)}...` : text;
  return process.platform === 'linux' ? clipped.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;') : clipped;
}

let mainWindow: BrowserWindow | null = null;
/** The core while it boots (and after): quitting waits for it, to close the store cleanly. */
let deskBooting: Promise<App> | null = null;

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1360,
    height: 860,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Dealer SMS Desk',
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: join(__dirname, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
    },
  });
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  void win.loadURL(START_URL);
  return win;
}

/** Only our own page, in the main frame of our window, may call the handlers. */
function trustedSender(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  if (!frame || !mainWindow || event.sender !== mainWindow.webContents) return false;
  const main = event.sender.mainFrame;
  if (frame.parent !== null || frame.processId !== main.processId || frame.routingId !== main.routingId) return false;
  return isAppUrl(frame.url);
}

function hardenContents(): void {
  app.on('web-contents-created', (_e, contents) => {
    const refuse = (event: Electron.Event, url: string): void => {
      if (isAppUrl(url) && url.split('#')[0] === START_URL) return; // a reload of the app itself
      event.preventDefault();
      openExternally(url);
    };
    contents.on('will-navigate', refuse);
    contents.on('will-redirect', refuse);
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      openExternally(url);
      return { action: 'deny' };
    });
  });
}

function hardenSession(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  // The renderer talks to main over IPC only: no network at all.
  ses.webRequest.onBeforeRequest((details, callback) => {
    const ok = details.url.startsWith(`${SCHEME}://${HOST}/`) || details.url.startsWith('devtools://') || details.url.startsWith('data:');
    callback({ cancel: !ok });
  });
}

async function main(): Promise<void> {
  const gotLock = app.requestSingleInstanceLock();
  if (!gotLock) {
    app.quit();
    return;
  }
  app.on('second-instance', () => {
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
  });
  hardenContents();
  await app.whenReady();
  hardenSession();
  registerAppProtocol(join(app.getAppPath(), 'dist', 'renderer'));

  const dbPath = argValue('--db') ?? process.env.SMSDESK_DB ?? defaultDbPath();
  const binding = nativeBindingPath();
  const logDir = logDirFor(dbPath);
  const log = logDir ? fileLogger(logDir, electronLog as unknown as ElectronLogLike) : undefined;
  // The core (store, migrations, gateway) and the window start side by side: the renderer process
  // starts and loads while the core boots, and a call it makes meanwhile waits for the core.
  const gatewayUrl = argValue('--gateway-url') ?? process.env.SMSDESK_GATEWAY_URL?.trim() ?? null;
  // "Open the demo" on a real desk's first run: a demo desk on its own database, served on
  // loopback and opened in the system browser; this window's desk is untouched.
  const demo = demoDesk({
    dbPath,
    start: (demoDb) =>
      startWebHost({
        dbPath: demoDb,
        demo: true,
        demoDesk: false,
        port: 0,
        staticRoot: join(app.getAppPath(), 'dist', 'renderer'),
        ...(binding ? { nativeBinding: binding } : {}),
      }),
    open: (url) => shell.openExternal(url),
  });
  closeDemo = () => demo.close();
  const booting = (async () =>
    bootApp({
      dbPath,
      demoLauncher: demo,
      secrets: secretStore(),
      demo: process.argv.includes('--no-demo') ? false : 'auto',
      // Validated by smsdesk start (cli/flags.ts parseGatewayUrl) before it is passed on.
      ...(gatewayUrl ? { gatewayBaseUrl: gatewayUrl } : {}),
      ...(binding ? { nativeBinding: binding } : {}),
      ...(log ? { log } : {}),
      versions: { app: app.getVersion() },
    }))();
  booting.catch(() => undefined); // reported below, once
  deskBooting = booting;

  ipcMain.handle(IPC_INVOKE, async (event, channel: unknown, input: unknown) => {
    if (!trustedSender(event)) return { ok: false, error: { code: 'FORBIDDEN', message: 'Refused: the request did not come from the app window.' } };
    let desk: App;
    try {
      desk = await booting;
    } catch {
      return { ok: false, error: { code: 'INTERNAL', message: 'Dealer SMS Desk could not start.' } };
    }
    return desk.invoke(typeof channel === 'string' ? channel : '', input);
  });

  mainWindow = createWindow();
  let desk: App;
  try {
    desk = await booting;
  } catch (err) {
    log?.error('could not start', err);
    if (err instanceof DatabaseDamagedError) {
      await offerRecovery(err);
      return;
    }
    const why = isDiskFull(err) ? DISK_FULL_MESSAGE : err instanceof Error ? err.message : String(err);
    dialog.showErrorBox('Dealer SMS Desk could not start', why);
    app.exit(1);
    return;
  }

  desk.bus.subscribe((event, payload) => {
    if (!isEventName(event)) return;
    if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(IPC_EVENT, event, payload);
    if (event === 'notification:new') showDesktopNotification(desk, payload as EventPayload<'notification:new'>);
    if (event === 'import:progress' && mainWindow && !mainWindow.isDestroyed()) {
      // A lead import's progress in the taskbar / dock too; cleared when it ends.
      const p = payload as EventPayload<'import:progress'>;
      mainWindow.setProgressBar(p.status === 'running' ? p.fraction : -1);
    }
  });

  app.on('activate', () => {
    if (!mainWindow) mainWindow = createWindow();
  });
}

/**
 * The store is damaged (or empty): say which file and why, and offer the two ways on, done here
 * rather than with the command line: put the newest automatic backup in its place, or start a new
 * store keeping the damaged file aside. Either way the app starts again; nothing is deleted.
 */
async function offerRecovery(err: DatabaseDamagedError): Promise<void> {
  const newest = err.newestBackup;
  const buttons = [...(newest ? [`Restore the backup of ${newest.day}`] : []), 'Start a new, empty store', 'Quit'];
  const { response } = await dialog.showMessageBox({
    type: 'error',
    title: 'Dealer SMS Desk could not start',
    message: `The database ${err.path} is damaged and was not opened.`,
    detail:
      `${err.reason}.\n\n` +
      (newest ? `The newest automatic backup is from ${newest.day} (${newest.path}). ` : 'There is no automatic backup of it. ') +
      'Either way the damaged file is kept beside it, renamed, and nothing is deleted.',
    buttons,
    defaultId: 0,
    cancelId: buttons.length - 1,
    noLink: true,
  });
  const choice = buttons[response];
  try {
    if (newest && choice === buttons[0]) restoreBackup(err.path, newest.path, Date.now);
    else if (choice === 'Start a new, empty store') setAside(err.path, Date.now, 'damaged');
    else {
      app.exit(1);
      return;
    }
  } catch (e) {
    dialog.showErrorBox('Dealer SMS Desk could not recover the database', e instanceof Error ? e.message : String(e));
    app.exit(1);
    return;
  }
  app.relaunch();
  app.exit(0);
}

function showDesktopNotification(desk: App, n: EventPayload<'notification:new'>): void {
  if (!shouldShow(desk.ctx.prefs.notifications(), n, 'desktop') || !Notification.isSupported()) return;
  const note = new Notification({ title: n.title, body: plainNotificationText(n.body), silent: false });
  note.on('click', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  note.show();
}

let quitting = false;
/** Closes the demo desk opened beside this one, if any. */
let closeDemo: () => Promise<void> = () => Promise.resolve();
app.on('before-quit', (event) => {
  if (quitting || !deskBooting) return;
  event.preventDefault();
  quitting = true;
  void deskBooting
    .then(async (desk) => {
      await closeDemo().catch(() => undefined);
      await desk.close();
    })
    .catch(() => undefined)
    .finally(() => app.quit());
});
app.on('window-all-closed', () => app.quit());

void main();
