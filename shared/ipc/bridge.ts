// What the Electron preload exposes to the renderer as `window.smsdesk`: exactly an ApiTransport
// (so `createApiClient(window.smsdesk)` works), and nothing else. In a browser (the loopback web
// host) it is absent and the renderer uses createHttpTransport with the token from `#token=`.
import type { ApiTransport } from './client.ts';

export type DesktopBridge = ApiTransport;

/** The global name the preload uses. */
export const BRIDGE_GLOBAL = 'smsdesk';
/** Electron IPC channel names between preload and main (not the contract's channels). */
export const IPC_INVOKE = 'smsdesk:invoke';
export const IPC_EVENT = 'smsdesk:event';

declare global {
  interface Window {
    smsdesk?: DesktopBridge;
  }
}
