// Files that are either whole or absent: written to a temporary file beside the target, flushed to
// disk (fsync), then renamed over it (or linked into place when it must not exist yet), and the
// folder flushed so the rename itself survives a power cut. A write that fails (a full disk, say)
// removes its temporary file and leaves the target as it was: never an empty or half-written file.
import { chmodSync, closeSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';

function fsyncDir(dir: string): void {
  let fd: number | null = null;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Some platforms (Windows) cannot open a folder: the rename is as durable as they allow.
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

function writeTemp(path: string, data: string | Uint8Array, mode: number): string {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const fd = openSync(tmp, 'wx', mode);
  try {
    const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw err;
  }
  closeSync(fd);
  chmodSync(tmp, mode); // the umask may have taken bits off
  return tmp;
}

/** Replaces `path` with `data` atomically (temp file, fsync, rename, fsync of the folder). */
export function writeFileAtomic(path: string, data: string | Uint8Array, mode = 0o600): void {
  const tmp = writeTemp(path, data, mode);
  try {
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
  fsyncDir(dirname(path));
}

/**
 * Creates `path` with `data` atomically, only if it does not exist yet. Resolves to false (and
 * writes nothing) when another writer got there first.
 */
export function createFileAtomic(path: string, data: string | Uint8Array, mode = 0o600): boolean {
  const tmp = writeTemp(path, data, mode);
  try {
    linkSync(tmp, path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    rmSync(tmp, { force: true });
    fsyncDir(dirname(path));
  }
}

/** Copies `from` over `to` atomically (temp copy, fsync, rename). */
export function copyFileAtomic(from: string, to: string, mode = 0o600): void {
  writeFileAtomic(to, readFileSync(from), mode);
}

/** True when group or others may read or write the file. */
export function readableByOthers(path: string): boolean {
  return process.platform !== 'win32' && (statSync(path).mode & 0o077) !== 0;
}

/** Moves `path` aside as `<path>.<label>-<stamp>` (never overwriting anything); returns the new path. */
export function moveAside(path: string, label: string, nowMs: number): string {
  const stamp = new Date(nowMs).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  let target = `${path}.${label}-${stamp}`;
  for (let n = 2; exists(target); n++) target = `${path}.${label}-${stamp}-${n}`;
  renameSync(path, target);
  fsyncDir(dirname(path));
  return target;
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}
