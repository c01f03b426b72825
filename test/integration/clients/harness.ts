import fs from 'node:fs';
import path from 'node:path';
import { createClientService, type ApplyRequest } from '../../../electron/core/clients/service';
import type { ClientTarget } from '../../../electron/core/clients/types';
import { createMemorySecretStore } from '../../../electron/core/secrets/aesGcmStore';
import { openDatabase } from '../../../electron/core/store/db';
import type { ToolClient } from '../../../shared/schemas';
import { makeTempEnv } from '../../helpers/tempEnv';

export const OTHER_KEY = 'sk-other-gateway-key-9876543210';
export { GATEWAY_KEY, LOCAL_TOKEN, directTarget, proxyTarget } from '../../helpers/clientTargets';

/** The real client service over temp tool folders, a real SQLite file and an in-memory secret store. */
export function makeHarness(extraEnv: NodeJS.ProcessEnv = {}) {
  const t = makeTempEnv();
  const db = openDatabase(path.join(t.paths.home, 'switchboard.db'));
  let clock = 1_700_000_000_000;
  const env = { PATH: '/nonexistent', HOME: t.env.HOME, ...extraEnv };
  const service = createClientService({ db, secrets: createMemorySecretStore(), paths: t.paths, now: () => ++clock, env });
  const providerId = Number(
    db
      .prepare(`INSERT INTO providers (name, base_url, anthropic_url, protocols, created_at, updated_at) VALUES ('gw', 'https://gw.example.com/v1', 'https://gw.example.com', '["chat","anthropic","responses"]', 0, 0)`)
      .run().lastInsertRowid,
  );
  return {
    paths: t.paths,
    root: t.root,
    db,
    service,
    apply(client: ToolClient, target: ClientTarget, dryRun = false) {
      const request: ApplyRequest = { client, providerId, providerName: target.providerName, target, dryRun };
      return service.apply(request);
    },
    cleanup() {
      db.close();
      t.cleanup();
    },
  };
}

export type Harness = ReturnType<typeof makeHarness>;

export const modeOf = (file: string) => fs.statSync(file).mode & 0o777;

/** Writes a file (and its folder) the way a user's editor would. */
export function put(file: string, text: string, mode = 0o644): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text, { mode });
  fs.chmodSync(file, mode);
}

/** Bytes and modification time, to prove a file was not touched at all. */
export function fingerprint(file: string) {
  const stat = fs.statSync(file);
  return { bytes: fs.readFileSync(file).toString('base64'), mtimeMs: stat.mtimeMs, ino: stat.ino };
}
