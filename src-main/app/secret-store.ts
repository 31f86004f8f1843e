// Where gateway credentials live. Never in the SQLite store, never in plain text on disk, never
// sent to the renderer. The Electron shell supplies a SecretStore over safeStorage (the OS
// keychain); without Electron the web host uses an AES-256-GCM file keyed by a per-machine key
// file, or memory only.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createFileAtomic, moveAside, readableByOthers, writeFileAtomic } from '../atomic-file.ts';
import { dirname } from 'node:path';
import type { AuthTokens } from '../gateway/credentials.ts';

export interface SecretStore {
  /** What protects the secrets, for the log and the docs ("memory only", "OS keychain", ...). */
  readonly description: string;
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
  has(key: string): Promise<boolean>;
  /** Problems found with the stored secrets and what was done about them (logged at start). */
  readonly warnings?: readonly string[];
}

/** Keeps secrets for the life of the process only. */
export class MemorySecretStore implements SecretStore {
  readonly description = 'memory only (forgotten when the app stops)';
  readonly #values = new Map<string, string>();
  async get(key: string): Promise<string | null> {
    return this.#values.get(key) ?? null;
  }
  async set(key: string, value: string): Promise<void> {
    this.#values.set(key, value);
  }
  async delete(key: string): Promise<void> {
    this.#values.delete(key);
  }
  async has(key: string): Promise<boolean> {
    return this.#values.has(key);
  }
}

/** Encrypts and decrypts one blob (safeStorage in Electron; AES-GCM with a key file otherwise). */
export interface BlobCipher {
  readonly description: string;
  encrypt(plain: string): Buffer;
  decrypt(blob: Buffer): string;
  /** Problems found with the key and what was done about them. */
  readonly warnings?: readonly string[];
}

/**
 * AES-256-GCM with a random per-machine key kept in a 0600 file beside the data. The key file is
 * created atomically (temp file, fsync, link into place): a start that fails half-way (a full
 * disk) leaves no key rather than an empty one, and an empty key file such a failure left behind
 * before is replaced (nothing can have been encrypted with it). A key file others may read is made
 * private again (0600), and said so.
 */
export class KeyFileCipher implements BlobCipher {
  readonly description: string;
  /** What was found and fixed about the key file (for the log). */
  readonly warnings: string[] = [];
  readonly #key: Buffer;
  constructor(keyPath: string) {
    mkdirSync(dirname(keyPath), { recursive: true, mode: 0o700 });
    let key = existsSync(keyPath) ? readFileSync(keyPath) : null;
    if (key !== null && key.length === 0) {
      // Left by a start that failed while writing it: no secret was ever encrypted with it.
      writeFileAtomic(keyPath, randomBytes(32), 0o600);
      this.warnings.push(`${keyPath} was empty (left by a start that failed, e.g. on a full disk); a new key was made`);
      key = readFileSync(keyPath);
    } else if (key === null) {
      createFileAtomic(keyPath, randomBytes(32), 0o600); // false: another process made it meanwhile
      key = readFileSync(keyPath);
    }
    if (key.length !== 32) throw new Error(`${keyPath} is not a 32-byte key; remove it to start over (stored credentials will be lost)`);
    if (readableByOthers(keyPath)) {
      chmodSync(keyPath, 0o600);
      this.warnings.push(`${keyPath} was readable by other users; it is now readable by this user only (0600)`);
    }
    this.#key = key;
    this.description = `AES-256-GCM file keyed by ${keyPath} (readable by this user only)`;
  }
  encrypt(plain: string): Buffer {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  }
  decrypt(blob: Buffer): string {
    const decipher = createDecipheriv('aes-256-gcm', this.#key, blob.subarray(0, 12));
    decipher.setAuthTag(blob.subarray(12, 28));
    return Buffer.concat([decipher.update(blob.subarray(28)), decipher.final()]).toString('utf8');
  }
}

/**
 * A JSON file of encrypted values (base64), written atomically (temp file, fsync, rename) with mode
 * 0600. A file that cannot be read as such (corrupted) is never silently replaced: it is moved
 * aside as `<file>.unreadable-<time>` and a warning says so (the tokens in it must be entered
 * again); a file others may read is made private again.
 */
export class EncryptedFileSecretStore implements SecretStore {
  readonly description: string;
  readonly warnings: string[] = [];
  constructor(
    private readonly path: string,
    private readonly cipher: BlobCipher,
    private readonly clock: () => number = Date.now,
  ) {
    this.description = `${cipher.description}; values in ${path}`;
    this.warnings.push(...(cipher.warnings ?? []));
    if (existsSync(path) && readableByOthers(path)) {
      chmodSync(path, 0o600);
      this.warnings.push(`${path} was readable by other users; it is now readable by this user only (0600)`);
    }
    this.#read(); // a corrupted file is found (and kept aside) at start, not at the first save
  }

  #read(): Record<string, string> {
    if (!existsSync(this.path)) return {};
    const text = readFileSync(this.path, 'utf8');
    try {
      const v = JSON.parse(text) as unknown;
      if (v && typeof v === 'object' && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string')) return v as Record<string, string>;
    } catch {
      // below
    }
    const aside = moveAside(this.path, 'unreadable', this.clock());
    this.warnings.push(
      `${this.path} could not be read (corrupted); it was kept as ${aside} and the stored gateway credentials must be entered again`,
    );
    return {};
  }
  #write(values: Record<string, string>): void {
    writeFileAtomic(this.path, JSON.stringify(values), 0o600);
  }
  async get(key: string): Promise<string | null> {
    const blob = this.#read()[key];
    if (!blob) return null;
    try {
      return this.cipher.decrypt(Buffer.from(blob, 'base64'));
    } catch {
      return null; // another machine's key, or tampered: treat as not configured
    }
  }
  async set(key: string, value: string): Promise<void> {
    const values = this.#read();
    values[key] = this.cipher.encrypt(value).toString('base64');
    this.#write(values);
  }
  async delete(key: string): Promise<void> {
    const values = this.#read();
    if (!(key in values)) return;
    delete values[key];
    this.#write(values);
  }
  async has(key: string): Promise<boolean> {
    return (await this.get(key)) !== null;
  }
}

/** The key under which a gateway account's auth token is stored. */
export function authTokenKey(accountSid: string): string {
  return `gateway:${accountSid}:authToken`;
}

/** Gateway auth tokens by account SID, kept in `secrets` under authTokenKey. */
export function authTokens(secrets: SecretStore): AuthTokens {
  return {
    get: (accountSid) => secrets.get(authTokenKey(accountSid)),
    set: (accountSid, token) => secrets.set(authTokenKey(accountSid), token),
    delete: (accountSid) => secrets.delete(authTokenKey(accountSid)),
    has: (accountSid) => secrets.has(authTokenKey(accountSid)),
  };
}
