import { KEY_FILE_PREFIX, SAFE_STORAGE_PREFIX, type LegacyUnsealer } from '../secrets/legacy';
import type { SecretStore } from '../secrets/secretStore';
import type { Db } from './db';

/** Columns that hold one sealed value each. */
const SEALED_COLUMNS: readonly (readonly [table: string, column: string])[] = [
  ['provider_keys', 'sealed'],
  ['local_tokens', 'sealed'],
  ['accounts', 'credential'],
  ['accounts', 'session'],
];
/** JSON columns that hold sealed values under these property names. */
const SEALED_JSON: readonly (readonly [table: string, column: string, properties: readonly string[]])[] = [
  ['client_state', 'written', ['sealed']],
  ['backups', 'files', ['sealed', 'state']],
];
const LEGACY_PREFIXES = [KEY_FILE_PREFIX, SAFE_STORAGE_PREFIX];

export interface ResealReport {
  resealed: number;
  /** Legacy secrets left as they were (no unsealer here, or it failed), by prefix. */
  left: Record<string, number>;
}

function resealJson(node: unknown, properties: readonly string[], reseal: (sealed: string) => string): unknown {
  if (Array.isArray(node)) return node.map((item) => resealJson(item, properties, reseal));
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node).map(([name, value]) => [name, properties.includes(name) && typeof value === 'string' ? reseal(value) : resealJson(value, properties, reseal)]),
  );
}

/**
 * Seals secrets from before the shared data key (v1: key file, ss1: desktop safeStorage) again
 * under it, in one transaction. A secret no unsealer here can open stays as it was, and the old
 * key material is dropped only once nothing sealed with it is left.
 */
export function resealLegacySecrets(db: Db, secrets: SecretStore, unsealers: LegacyUnsealer[]): ResealReport {
  const report: ResealReport = { resealed: 0, left: {} };
  const reseal = (sealed: string): string => {
    const prefix = LEGACY_PREFIXES.find((p) => sealed.startsWith(p));
    if (!prefix) return sealed;
    let plaintext: string | null = null;
    try {
      plaintext = unsealers.find((u) => u.prefix === prefix)?.open(sealed) ?? null;
    } catch {
      // Damaged or sealed by another machine's keychain: kept as it was, and so is the old key.
    }
    if (plaintext === null) {
      report.left[prefix] = (report.left[prefix] ?? 0) + 1;
      return sealed;
    }
    report.resealed++;
    return secrets.seal(plaintext);
  };
  const likeAny = (column: string) => LEGACY_PREFIXES.map(() => `${column} LIKE ?`).join(' OR ');
  const legacyRows = (table: string, column: string, patterns: string[]) =>
    db.prepare(`SELECT rowid AS id, ${column} AS value FROM ${table} WHERE ${likeAny(column)}`).all(...patterns) as { id: number; value: string }[];
  const columnPatterns = LEGACY_PREFIXES.map((p) => `${p}%`);
  const jsonPatterns = LEGACY_PREFIXES.map((p) => `%"${p}%`);
  // Most starts find nothing to move, and then take no write lock.
  const anyLegacy =
    SEALED_COLUMNS.some(([table, column]) => legacyRows(table, column, columnPatterns).length) ||
    SEALED_JSON.some(([table, column]) => legacyRows(table, column, jsonPatterns).length);
  const moveAll = db.transaction(() => {
    for (const [table, column] of SEALED_COLUMNS) {
      const rows = legacyRows(table, column, columnPatterns);
      const update = db.prepare(`UPDATE ${table} SET ${column} = ? WHERE rowid = ?`);
      for (const row of rows) {
        const value = reseal(row.value);
        if (value !== row.value) update.run(value, row.id);
      }
    }
    for (const [table, column, properties] of SEALED_JSON) {
      const rows = legacyRows(table, column, jsonPatterns);
      const update = db.prepare(`UPDATE ${table} SET ${column} = ? WHERE rowid = ?`);
      for (const row of rows) {
        const before = report.resealed;
        const value = resealJson(JSON.parse(row.value), properties, reseal);
        if (report.resealed > before) update.run(JSON.stringify(value), row.id);
      }
    }
  });
  if (anyLegacy) moveAll.immediate();
  for (const unsealer of unsealers) if (!report.left[unsealer.prefix]) unsealer.retire?.();
  return report;
}
