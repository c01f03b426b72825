import { nodeCrypto } from '../nodeCrypto';
import fs from 'node:fs';
import path from 'node:path';
import { displayPath, unparsableConfig, unwritableConfig } from './configErrors';

const MAX_LINK_HOPS = 40;

/** Path separators in link text: only `/` on POSIX, where a backslash is part of a name. */
const SEPARATORS = path.sep === '\\' ? /[\\/]+/ : /\/+/;

const segments = (relative: string) => relative.split(SEPARATORS).filter((s) => s !== '' && s !== '.');

/**
 * Where a path really leads, the file the OS would open: every symlink on the way is followed, the
 * folders' as well as the file's, each relative link against the real folder it sits in (not the
 * path it was reached by), and a link to a file that does not exist yet still leads there. So a
 * dotfile kept in a dotfiles repository is written in place and the link stays a link.
 */
export function resolveLinks(file: string): string {
  const absolute = path.resolve(file);
  let resolved = path.parse(absolute).root;
  const pending = segments(absolute.slice(resolved.length));
  let hops = 0;
  while (pending.length) {
    const name = pending.shift()!;
    if (name === '..') {
      resolved = path.dirname(resolved);
      continue;
    }
    const next = path.join(resolved, name);
    let link: string;
    try {
      link = fs.readlinkSync(next);
    } catch {
      // Not a link, or not there: past a missing name nothing can be a link, so the rest is plain.
      resolved = next;
      continue;
    }
    if (++hops > MAX_LINK_HOPS) throw unwritableConfig(file, 'is a chain of more than 40 symbolic links', 'point it at a real file');
    const linkRoot = path.parse(link).root;
    if (linkRoot) resolved = path.resolve(linkRoot);
    pending.unshift(...segments(link.slice(linkRoot.length)));
  }
  return resolved;
}

/** Keeps a byte order mark, as reading with 'utf8' does, so a write puts it back. */
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * The bytes as text. A file in another encoding is refused at its first line that is not UTF-8:
 * read with replacement characters, its other bytes would be changed by the next write.
 */
function utf8Text(file: string, bytes: Buffer): string {
  try {
    return UTF8.decode(bytes);
  } catch {
    let line = 1;
    for (let start = 0; ; line++) {
      const end = bytes.indexOf(0x0a, start);
      try {
        UTF8.decode(bytes.subarray(start, end === -1 ? bytes.length : end));
      } catch {
        break;
      }
      start = end + 1;
    }
    throw unparsableConfig(file, { line, reason: 'this line is not UTF-8 text, the only encoding the tool reads (save the file as UTF-8)' });
  }
}

/** The file's text (through links), or null when it does not exist. */
export function readConfigText(file: string): string | null {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(resolveLinks(file));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR') assertFolder(file, nearestExistingFolder(path.dirname(resolveLinks(file))));
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    if (code === 'EISDIR') throw unwritableConfig(file, 'is a folder where a file should be', 'move the folder away');
    if (code === 'EACCES' || code === 'EPERM') throw unwritableConfig(file, 'cannot be read by this user', 'fix its permissions');
    throw err;
  }
  return utf8Text(file, bytes);
}

/** The permission bits of the file (through links), or null when it does not exist. */
export function fileMode(file: string): number | null {
  try {
    return fs.statSync(resolveLinks(file)).mode & 0o7777;
  } catch {
    return null;
  }
}

function nearestExistingFolder(dir: string): string {
  let current = dir;
  while (!fs.existsSync(current) && path.dirname(current) !== current) current = path.dirname(current);
  return current;
}

/** Refuses a tool folder (or one above it) that is a file, as when CODEX_HOME names a file. */
function assertFolder(file: string, folder: string): void {
  if (!fs.statSync(folder).isDirectory()) {
    throw unwritableConfig(file, `cannot be used because ${displayPath(folder)} is a file where a folder should be`, 'move that file away');
  }
}

/**
 * Refuses, before anything is written, a file that is read-only (by its mode, which even root
 * honours here: a read-only config is a statement of intent) or whose folder cannot take a new file.
 */
export function assertWritable(file: string): void {
  const target = resolveLinks(file);
  const mode = fileMode(target);
  if (mode !== null && (mode & 0o200) === 0) {
    throw unwritableConfig(file, 'is read-only', 'make it writable (chmod u+w) if Switchboard should change it');
  }
  const folder = nearestExistingFolder(path.dirname(target));
  assertFolder(file, folder);
  try {
    fs.accessSync(folder, fs.constants.W_OK);
  } catch {
    throw unwritableConfig(file, `cannot be written because ${displayPath(folder)} does not accept new files`, 'fix its permissions');
  }
  if (mode !== null) {
    try {
      fs.accessSync(target, fs.constants.W_OK);
    } catch {
      throw unwritableConfig(file, 'is not writable by this user', 'fix its permissions');
    }
  }
}

export interface WriteOptions {
  /** Permission bits; default: keep the existing file's, or 0600 for a new file. */
  mode?: number;
}

function fsyncFolder(dir: string): void {
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // Folders cannot be opened for fsync on every platform; the rename is still atomic.
  }
}

/**
 * Replaces the file's content atomically: a temp file in the same folder, fsync, rename. Keeps the
 * existing mode (and owner, when running as root) unless told otherwise; creates missing folders
 * (0700: tool folders hold keys).
 */
export function writeFileAtomic(file: string, text: string, options: WriteOptions = {}): void {
  assertWritable(file);
  const target = resolveLinks(file);
  const dir = path.dirname(target);
  let existing: fs.Stats | null = null;
  try {
    existing = fs.statSync(target);
  } catch {
    existing = null;
  }
  const mode = options.mode ?? (existing ? existing.mode & 0o7777 : 0o600);
  const temp = path.join(dir, `.${path.basename(target)}.switchboard-${process.pid}-${nodeCrypto().randomBytes(4).toString('hex')}.tmp`);
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const fd = fs.openSync(temp, 'wx', mode);
    try {
      fs.writeFileSync(fd, text, 'utf8');
      fs.fsyncSync(fd);
      // The umask may have narrowed the mode given to open.
      fs.fchmodSync(fd, mode);
      if (existing && process.getuid?.() === 0 && (existing.uid !== 0 || existing.gid !== 0)) fs.fchownSync(fd, existing.uid, existing.gid);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, target);
    fsyncFolder(dir);
  } catch (err) {
    fs.rmSync(temp, { force: true });
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') throw unwritableConfig(file, `could not be written (${code})`, 'fix its permissions');
    throw err;
  }
}

/** Deletes the file a path leads to (used to restore "did not exist"); links themselves stay. */
export function removeFileThroughLinks(file: string): void {
  assertWritable(file);
  fs.rmSync(resolveLinks(file), { force: true });
}
