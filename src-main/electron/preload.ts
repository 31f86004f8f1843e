// The sandboxed preload (bundled to one CommonJS file, dist-electron/preload.cjs). It exposes only
// `invoke(channel, input)` for the contract's channels and `on(event, cb)` for its listed events;
// never ipcRenderer itself, never the Electron event object.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { CHANNEL_NAME_LIST, EVENT_NAME_LIST } from '../../shared/ipc/names.ts';
import { BRIDGE_GLOBAL, IPC_EVENT, IPC_INVOKE, type DesktopBridge } from '../../shared/ipc/bridge.ts';
import type { IpcResult } from '../../shared/ipc/contract.ts';

const channels = new Set<string>(CHANNEL_NAME_LIST);
const events = new Set<string>(EVENT_NAME_LIST);

const bridge: DesktopBridge = {
  invoke(channel: string, input: unknown): Promise<IpcResult<unknown>> {
    if (typeof channel !== 'string' || !channels.has(channel)) {
      return Promise.resolve({ ok: false, error: { code: 'NOT_FOUND', message: `Unknown channel '${String(channel).slice(0, 80)}'.` } });
    }
    return ipcRenderer.invoke(IPC_INVOKE, channel, input) as Promise<IpcResult<unknown>>;
  },
  on(event: string, listener: (payload: unknown) => void): () => void {
    if (typeof event !== 'string' || !events.has(event) || typeof listener !== 'function') return () => undefined;
    const handler = (_e: IpcRendererEvent, name: unknown, payload: unknown): void => {
      if (name === event) listener(payload);
    };
    ipcRenderer.on(IPC_EVENT, handler);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT, handler);
    };
  },
};

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, bridge);
