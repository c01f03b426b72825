import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../electron/core/app';
import { createMemorySecretStore } from '../../electron/core/secrets/aesGcmStore';
import { createUsageRepo } from '../../electron/core/store/usage';
import { NO_PRICE } from '../../electron/core/usage/cost';
import { makeTempEnv, type TempEnv } from '../helpers/tempEnv';

const KEY = 'sk-quoted-by-the-gateway-0000111122223333';

describe('keys an older version stored in clear', () => {
  let t: TempEnv;
  afterEach(() => t.cleanup());

  it('are masked in the ledger and the breakers once, the first time the data folder opens', async () => {
    t = makeTempEnv();
    const secrets = createMemorySecretStore();
    const before = createApp({ paths: t.paths, secrets });
    await before.handlers['providers.add']({ name: 'gw', baseUrl: 'https://gw.example.com', key: KEY });
    // What an older version wrote when the gateway quoted the key in a stream's error event.
    createUsageRepo(before.db).insertMany([
      {
        ts: Date.now(), requestId: 'sb_old', client: 'claude', provider: 'gw', requestedModel: 'm', servedModel: 'm', endpoint: 'messages', protocolIn: 'anthropic', protocolOut: 'chat',
        streamed: true, status: 200, errorClass: 'upstream', errorMessage: `gw: key rejected Bearer ${KEY}`, inputTokens: 1, outputTokens: 1, cacheReadTokens: 0,
        cacheWriteTokens: 0, reasoningTokens: 0, estimatedCounts: null, ttfbMs: 1, totalMs: 2, attempts: 1, failedProviders: [], upstreamRequestId: null, costUsd: 0, price: NO_PRICE,
      },
    ]);
    before.db.prepare("INSERT INTO settings (key, value) VALUES ('proxy.breakers', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(JSON.stringify({ 1: { lastError: `gw: bad key ${KEY}` } }));
    before.db.prepare("DELETE FROM settings WHERE key = 'ledger.storedKeysMasked'").run();
    before.close();

    const after = createApp({ paths: t.paths, secrets });
    try {
      const { rows } = await after.handlers['usage.calls']({ since: '1h', limit: 10, offset: 0, outcome: 'all' });
      expect(rows[0].errorMessage).toBe('gw: key rejected Bearer sk-…3333');
      const breakers = after.db.prepare("SELECT value FROM settings WHERE key = 'proxy.breakers'").get() as { value: string };
      expect(breakers.value).toContain('gw: bad key sk-…3333');
    } finally {
      after.close();
    }
    const files = fs.readdirSync(t.paths.home).filter((f) => f.startsWith('switchboard.db'));
    for (const file of files) expect(fs.readFileSync(path.join(t.paths.home, file)).includes(KEY), file).toBe(false);
  });
});
