import fs from 'node:fs';
import path from 'node:path';

/** What mirrorFolder() set up, so syncBack() can tell the tool's new entries from the mirror. */
export interface Mirror {
  real: string;
  dir: string;
  /** Entry name -> the real path its symlink points at. */
  links: Map<string, string>;
}

/** Makes every entry of `real` appear in `dir` as a symlink, except names `dir` already holds. */
export function mirrorFolder(real: string, dir: string): Mirror {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const links = new Map<string, string>();
  const existing = new Set(fs.readdirSync(dir));
  let entries: string[] = [];
  try {
    entries = fs.readdirSync(real);
  } catch {
    // the tool has no folder yet: everything it creates is moved back afterwards
  }
  for (const name of entries) {
    if (existing.has(name)) continue;
    const target = path.join(real, name);
    fs.symlinkSync(target, path.join(dir, name));
    links.set(name, target);
  }
  return { real, dir, links };
}

function move(from: string, to: string): void {
  fs.mkdirSync(path.dirname(to), { recursive: true, mode: 0o700 });
  try {
    fs.renameSync(from, to);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
    // Temp folders often live on another filesystem.
    fs.cpSync(from, to, { recursive: true, preserveTimestamps: true, verbatimSymlinks: true });
    fs.rmSync(from, { recursive: true, force: true });
  }
}

/**
 * Moves what the tool created at the top of the stand-in folder into the real one: new entries,
 * and files it replaced atomically (a rename over one of our symlinks leaves a plain file).
 * `skip` names the stand-in's own files (its temp config). Existing real entries are only
 * replaced in that second case; anything else that collides stays where it was.
 */
export function syncBack(mirror: Mirror, skip: ReadonlySet<string>): void {
  for (const name of fs.readdirSync(mirror.dir)) {
    if (skip.has(name)) continue;
    const entry = path.join(mirror.dir, name);
    const linkedTo = mirror.links.get(name);
    const stillLinked = fs.lstatSync(entry).isSymbolicLink() && linkedTo !== undefined && fs.readlinkSync(entry) === linkedTo;
    if (stillLinked) continue;
    const destination = path.join(mirror.real, name);
    if (linkedTo === undefined && fs.existsSync(destination)) continue;
    if (linkedTo !== undefined) fs.rmSync(destination, { recursive: true, force: true });
    move(entry, destination);
  }
}
