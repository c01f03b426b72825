import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { SwitchboardError } from '../errors';
import { ledgerUpgrade, type LedgerUpgrade } from './ledgerUpgrade';
import { migrations } from './migrations';
import { openSqlite } from './sqliteAddon';

export type Db = Database.Database;

export interface OpenDatabaseOptions {
  /** Told before migrations that take a second or more on this ledger start, so the caller can say why the open waits. */
  onLedgerUpgrade?: (upgrade: LedgerUpgrade) => void;
}

/** Opens (and migrates) the database file; `:memory:` is not used: tests use real temp files. */
export function openDatabase(file: string, options: OpenDatabaseOptions = {}): Db {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const db = openSqlite(file);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma('synchronous = NORMAL');
  try {
    fs.chmodSync(file, 0o600);
  } catch {
    // chmod is best effort on filesystems without modes (Windows)
  }
  migrate(db, options.onLedgerUpgrade);
  return db;
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Runs the migrations the file has not had, each in its own transaction with the version it reaches:
 * a process stopped part-way leaves the file at the last whole migration, and the next open goes on from there.
 * Each takes the write lock first and reads the version again under it: another Switchboard started at the
 * same time (the desktop app and a command) may have applied it meanwhile, and applying it twice breaks the file.
 */
export function migrate(db: Db, onLedgerUpgrade?: (upgrade: LedgerUpgrade) => void): void {
  const current = schemaVersion(db);
  if (current > migrations.length) {
    throw new SwitchboardError(
      'internal',
      `The database was written by a newer Switchboard (schema ${current}, this one knows ${migrations.length}); update Switchboard.`,
    );
  }
  if (onLedgerUpgrade && current > 0) {
    const upgrade = ledgerUpgrade(db, current, migrations.length);
    if (upgrade) onLedgerUpgrade(upgrade);
  }
  const apply = db.transaction((i: number) => {
    if (schemaVersion(db) > i) return;
    db.exec(migrations[i]);
    db.pragma(`user_version = ${i + 1}`);
  });
  for (let i = current; i < migrations.length; i++) {
    try {
      apply.immediate(i);
    } catch (err) {
      if ((err as { code?: string }).code !== 'SQLITE_BUSY') throw err;
      throw new SwitchboardError('conflict', `Another Switchboard is upgrading the usage ledger in ${db.name}; try again once it has started.`);
    }
  }
}
