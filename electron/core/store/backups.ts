import type { Db } from './db';
import { backupReasonSentence } from '../../../shared/backupReasonSentences';
import type { BackupReason, BackupView, ToolClient } from '../../../shared/schemas';
import type { SecretStore } from '../secrets/secretStore';
import type { AppliedState } from './clientState';

/**
 * Backups kept per tool; older ones are pruned after each new one, except those holding a file's
 * original (its content before Switchboard first changed it), which are kept for good.
 */
export const BACKUPS_KEPT = 20;

/** One file as it was before a write: its text (null: it did not exist) and mode. */
export interface BackedUpFile {
  path: string;
  text: string | null;
  mode: number | null;
}

/** A backup opened for restoring: the files, and what Switchboard had applied at that moment. */
export interface Backup {
  id: number;
  createdAt: number;
  reason: BackupReason | string;
  files: BackedUpFile[];
  state: AppliedState | null;
}

/** The `files` column: paths in clear for listing; contents and the state sealed (they hold keys). */
interface Stored {
  files: { path: string; existed: boolean; mode: number | null; sealed: string | null }[];
  state: string | null;
}

interface Row {
  id: number;
  created_at: number;
  reason: string;
  /** The reason as JSON; NULL for backups taken before reasons were codes (migration 12). */
  reason_code: string | null;
  files: string;
}

/** The reason's code and figures, or the English sentence a backup taken before codes was stored with. */
const reasonOf = (row: Row): BackupReason | string => (row.reason_code === null ? row.reason : (JSON.parse(row.reason_code) as BackupReason));

export function createBackupRepo(db: Db, secrets: SecretStore, now: () => number) {
  const insert = db.prepare('INSERT INTO backups (client, created_at, reason, reason_code, files) VALUES (?, ?, ?, ?, ?)');
  const recordOriginal = db.prepare('INSERT OR IGNORE INTO backup_originals (client, path, backup_id) VALUES (?, ?, ?)');
  const originals = db.prepare<[string], { path: string; backup_id: number }>('SELECT path, backup_id FROM backup_originals WHERE client = ? AND backup_id IS NOT NULL');
  const changed = db.prepare<[string], { path: string }>('SELECT path FROM backup_originals WHERE client = ?');
  const prune = db.prepare(
    `DELETE FROM backups WHERE client = ?
       AND id NOT IN (SELECT id FROM backups WHERE client = ? ORDER BY id DESC LIMIT ${BACKUPS_KEPT})
       AND id NOT IN (SELECT backup_id FROM backup_originals WHERE client = ? AND backup_id IS NOT NULL)`,
  );
  const list = db.prepare<[string], Row>('SELECT id, created_at, reason, reason_code, files FROM backups WHERE client = ? ORDER BY id DESC');
  const byId = db.prepare<[string, number], Row>('SELECT id, created_at, reason, reason_code, files FROM backups WHERE client = ? AND id = ?');
  const newest = db.prepare<[string], Row>('SELECT id, created_at, reason, reason_code, files FROM backups WHERE client = ? ORDER BY id DESC LIMIT 1');

  const open = (row: Row): Backup => {
    const stored = JSON.parse(row.files) as Stored;
    return {
      id: row.id,
      createdAt: row.created_at,
      reason: reasonOf(row),
      files: stored.files.map((f) => ({ path: f.path, mode: f.mode, text: f.sealed === null ? null : secrets.open(f.sealed) })),
      state: stored.state === null ? null : (JSON.parse(secrets.open(stored.state)) as AppliedState),
    };
  };

  return {
    /**
     * Keeps the files' current contents (and the applied state) before a write; returns the backup id.
     * The first backup of a file is recorded as holding its original.
     */
    create(client: ToolClient, reason: BackupReason, files: BackedUpFile[], state: AppliedState | null): number {
      const stored: Stored = {
        files: files.map((f) => ({ path: f.path, existed: f.text !== null, mode: f.mode, sealed: f.text === null ? null : secrets.seal(f.text) })),
        state: state === null ? null : secrets.seal(JSON.stringify(state)),
      };
      return db.transaction(() => {
        const id = Number(insert.run(client, now(), backupReasonSentence(reason), JSON.stringify(reason), JSON.stringify(stored)).lastInsertRowid);
        for (const f of files) recordOriginal.run(client, f.path, id);
        prune.run(client, client, client);
        return id;
      })();
    },
    list(client: ToolClient): BackupView[] {
      const originalOf = new Map(originals.all(client).map((o) => [o.path, o.backup_id]));
      return list.all(client).map((row) => ({
        id: row.id,
        client,
        createdAt: row.created_at,
        reason: reasonOf(row),
        files: (JSON.parse(row.files) as Stored).files.map((f) => ({ path: f.path, existed: f.existed, original: originalOf.get(f.path) === row.id })),
      }));
    },
    /**
     * The originals of files Switchboard first changed after backup `id`: at that backup's moment
     * they were still as their original says.
     */
    originalsAfter(client: ToolClient, id: number): BackedUpFile[] {
      return originals
        .all(client)
        .filter((o) => o.backup_id > id)
        .flatMap((o) => {
          const row = byId.get(client, o.backup_id);
          return row ? open(row).files.filter((f) => f.path === o.path) : [];
        });
    },
    /** Every file of the tool Switchboard has changed (each has a row, with or without its original kept). */
    changedPaths(client: ToolClient): string[] {
      return changed.all(client).map((row) => row.path);
    },
    /** The given backup, or the newest when no id is given. */
    get(client: ToolClient, id?: number): Backup | undefined {
      const row = id === undefined ? newest.get(client) : byId.get(client, id);
      return row && open(row);
    },
  };
}

export type BackupRepo = ReturnType<typeof createBackupRepo>;
