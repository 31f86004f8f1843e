export const PG_SUPERUSER: string;
export function findPgBin(): string | null;
export function freePort(): Promise<number>;
export interface PgClusterHandle {
  url: string;
  port: number;
  dir: string;
  bin: string;
  stop(mode?: string): void;
  start(): void;
  restart(): void;
  destroy(): void;
  readonly running: boolean;
}
export function startPgCluster(options?: { bin?: string; port?: number; durable?: boolean; settings?: Record<string, string> }): Promise<PgClusterHandle>;
export function pgAvailable(): { ok: true; bin: string } | { ok: false; reason: string };
