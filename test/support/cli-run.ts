// Runs `node bin/smsdesk.mjs ...` as a user would, bounded in time: resolves when the process
// exits, or when `serve` printed its JSON line (the process is then stopped with SIGTERM).
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** `serve` came up (printed its JSON line). */
  served: { url: string; port: number; token: string } | null;
}

export function runCli(args: string[], options: { env?: NodeJS.ProcessEnv; timeoutMs?: number; keepServing?: (served: { url: string; port: number; token: string }) => Promise<void> } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/smsdesk.mjs', ...args], {
      cwd: process.cwd(),
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...options.env },
    });
    let stdout = '';
    let stderr = '';
    let served: CliRun['served'] = null;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`smsdesk ${args.join(' ')} did not finish in time; stderr: ${stderr}`));
    }, options.timeoutMs ?? 60_000);
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      const line = stdout.split('\n').find((l) => l.startsWith('{"url"'));
      if (line && !served) {
        served = JSON.parse(line) as CliRun['served'];
        void (options.keepServing?.(served!) ?? Promise.resolve()).finally(() => child.kill('SIGTERM'));
      }
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, served });
    });
  });
}

export function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}
