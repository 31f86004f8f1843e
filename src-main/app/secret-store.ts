// Where gateway credentials live. Never in the SQLite store, never in plain text on disk, never
// sent to the renderer. The Electron shell supplies a SecretStore over safeStorage (the OS
// keychain); without Electron the web host uses an AES-256-GCM file keyed by a per-machine key
// file, or memory only.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { AuthTokens } from '../gateway/credentials.ts';

export interface SecretStore {
  /** What protects the secrets, for the log and the docs ("memory only", "OS keychain", ...). */
  readonly description: string;
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
  has(key: string): Promise<boolean>;
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
}

/** AES-256-GCM with a random per-machine key kept in a 0600 file beside the data. */
export class KeyFileCipher implements BlobCipher {
  readonly description: string;
  readonly #key: Buffer;
  constructor(keyPath: string) {
    mkdirSync(dirname(keyPath), { recursive: true, mode: 0o700 });
    if (!existsSync(keyPath)) writeFileSync(keyPath, randomBytes(32), { mode: 0o600, flag: 'wx' });
    const key = readFileSync(keyPath);
    if (key.length !== 32) throw new Error(`${keyPath} is not a 32-byte key; remove it to start over (stored credentials will be lost)`);
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

/** A JSON file of encrypted values (base64), written atomically with mode 0600. */
export class EncryptedFileSecretStore implements SecretStore {
  readonly description: string;
  constructor(
    private readonly path: string,
    private readonly cipher: BlobCipher,
  ) {
    this.description = `${cipher.description}; values in ${path}`;
  }

  #read(): Record<string, string> {
    if (!existsSync(this.path)) return {};
    try {
      const v = JSON.parse(readFileSync(this.path, 'utf8')) as unknown;
      return v && typeof v === 'object' ? (v as Record<string, string>) : {};
    } catch {
      return {};
    }
  }
  #write(values: Record<string, string>): void {
    mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
    const tmp = `${this.path}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(values), { mode: 0o600 });
    chmodSync(tmp, 0o600);
    renameSync(tmp, this.path);
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
