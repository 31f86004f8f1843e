// Where the app keeps its data when no --db is given: the user's data directory.
import { homedir } from 'node:os';
import { join } from 'node:path';

export const APP_DIR_NAME = 'dealer-sms-desk';

/** ~/.local/share/dealer-sms-desk (Linux, or $XDG_DATA_HOME), ~/Library/Application Support/... (macOS), %APPDATA%\... (Windows). */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.SMSDESK_DATA_DIR) return env.SMSDESK_DATA_DIR;
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), APP_DIR_NAME);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', APP_DIR_NAME);
  return join(env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), APP_DIR_NAME);
}

export function defaultDbPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(defaultDataDir(env), 'desk.db');
}
