import { redactSecrets } from '../../../shared/mask';
import type { SecretStore } from '../secrets/secretStore';
import type { Db } from './db';

/** Set once the pass below has run: later opens skip it with one read. */
const DONE_KEY = 'ledger.storedKeysMasked';

/**
 * Until errors quoting a key were masked on the way in, a gateway that quoted the key it was sent
 * (in a 200 body or a stream's error event) left it in clear in the ledger's error messages and the
 * breakers' last errors. Once per data folder, those are masked with every provider's keys.
 */
export function maskStoredKeys(db: Db, secrets: SecretStore): void {
  if (db.prepare('SELECT 1 FROM settings WHERE key = ?').get(DONE_KEY)) return;
  const keys = (db.prepare('SELECT sealed FROM provider_keys').all() as { sealed: string }[]).flatMap(({ sealed }) => {
    try {
      return [secrets.open(sealed)];
    } catch {
      // A key this store cannot open was never sent by this data folder's proxy.
      return [];
    }
  });
  const maskCalls = db.prepare('UPDATE usage_calls SET error_message = @masked WHERE id = @id');
  const quoting = db.prepare('SELECT id, error_message AS message FROM usage_calls WHERE instr(error_message, @key) > 0');
  const breakers = db.prepare("SELECT value FROM settings WHERE key = 'proxy.breakers'");
  db.transaction(() => {
    for (const key of keys) {
      for (const row of quoting.all({ key }) as { id: number; message: string }[]) maskCalls.run({ id: row.id, masked: redactSecrets(row.message, keys) });
    }
    const stored = breakers.get() as { value: string } | undefined;
    if (stored) db.prepare("UPDATE settings SET value = ? WHERE key = 'proxy.breakers'").run(redactSecrets(stored.value, keys));
    db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run(DONE_KEY, 'true');
  })();
}
