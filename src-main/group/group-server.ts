// What a desk needs from the group server (R11), whatever carries it. The one implementation is
// PostgreSQL (pg-group-server.ts, the only file that imports `pg`); tests use a real server.
import type { GroupEntity } from '../db/repos/group-repo.ts';

export type GroupEventKind = GroupEntity;

/** One shared change. `uid` is globally unique: pushing it twice stores it once. */
export interface GroupEvent {
  uid: string;
  kind: GroupEventKind;
  /** The customer's group id when the event is about one (the pre-send pull reads by it). */
  subject: string | null;
  /** The desk that pushed it (its id) and its name as shown to staff. */
  desk: string;
  deskName: string;
  /** The user who made the change, where there is one. */
  actor: string | null;
  /** When it happened, on the desk's clock (epoch ms). */
  occurredAt: number;
  payload: Record<string, unknown>;
}

/** A pulled event and its place in the server's order. */
export interface PulledEvent extends GroupEvent {
  position: string;
}

export interface PullPage {
  events: PulledEvent[];
  /** Where the next pull starts (unchanged when nothing was new). */
  cursor: string | null;
  /** True when the page was full: pull again. */
  more: boolean;
}

export interface GroupServerStatus {
  schemaVersion: number;
  appSchemaVersion: number;
  events: number;
  desks: { desk: string; deskName: string; events: number; lastAt: string }[];
}

export type TlsMode = 'disable' | 'require' | 'verify-full';

/** How to reach the server. The URL may carry user and password; `user`/`password` override them. */
export interface GroupServerConfig {
  url: string;
  user?: string | null;
  password?: string | null;
  tls?: { mode: TlsMode; ca?: string | null };
  connectTimeoutMs?: number;
  queryTimeoutMs?: number;
}

export interface GroupServer {
  /** Creates or brings the server schema up to this app's version (additive steps only). */
  migrate(): Promise<{ from: number; to: number }>;
  /** Whether the schema exists and is new enough for this app (a desk joining a group created by init). */
  schemaVersion(): Promise<number>;
  /** Stores the events not already there (by uid), in order, in one transaction. Returns how many were new. */
  push(events: readonly GroupEvent[]): Promise<number>;
  /**
   * The events after `cursor` in the server's order, up to `limit`. The order is the committing
   * transactions' ids, and a pull stops at the oldest transaction still running, so a row that
   * commits late is never skipped.
   */
  pull(cursor: string | null, limit: number): Promise<PullPage>;
  /** Calls `onWake` when another desk pushed (a hint only: pulls stay periodic too). Resolves once listening. */
  listen(onWake: () => void, onLost: (err: Error) => void): Promise<() => Promise<void>>;
  /**
   * Claims an automation step group-wide (R11/R12): the first desk to claim `key` has it, for
   * good. Answers whether this desk has it and the name of the desk that does.
   */
  claimStep(key: string, desk: string, deskName: string): Promise<{ claimed: boolean; deskName: string }>;
  status(): Promise<GroupServerStatus>;
  close(): Promise<void>;
}

/** The server's schema version this app writes and reads (pg-group-server.ts SERVER_MIGRATIONS). */
export const SERVER_SCHEMA_VERSION = 2;
