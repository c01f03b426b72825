import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSwitchboard } from '../helpers/runCli';
import { makeTempEnv, type TempEnv } from '../helpers/tempEnv';

interface BackupListed {
  id: number;
  reason: string;
  files: { path: string }[];
}

/**
 * The backup `token --rotate` keeps holds only the file with the token in it (Codex's auth.json).
 * After a later switch, restoring it puts back that file alone: the user is told, before anything
 * is written, that config.toml keeps the later switch.
 */
describe('restore of a backup that holds only some of the tool\'s files', () => {
  let t: TempEnv;
  const sb = (...args: string[]) => runSwitchboard(args, t.env);
  const configToml = () => path.join(t.env.CODEX_HOME!, 'config.toml');
  const authJson = () => path.join(t.env.CODEX_HOME!, 'auth.json');
  const read = (file: string) => fs.readFileSync(file, 'utf8');
  let rotation: BackupListed;
  let switchToB: BackupListed;
  let onA: { auth: string; token: string };

  beforeAll(async () => {
    t = makeTempEnv();
    expect((await sb('provider', 'add', 'gwA', '--base-url', 'http://127.0.0.1:9/v1', '--key', 'sk-gwa-0123456789abcdef', '--protocols', 'responses')).code).toBe(0);
    expect((await sb('provider', 'add', 'gwB', '--base-url', 'http://127.0.0.1:8/v1', '--key', 'sk-gwb-0123456789abcdef', '--protocols', 'responses')).code).toBe(0);
    expect((await sb('use', 'gwA', '--client', 'codex', '--no-check')).code).toBe(0);
    onA = { auth: read(authJson()), token: (await sb('token', '--client', 'codex')).stdout.trim() };
    expect((await sb('token', '--client', 'codex', '--rotate')).code).toBe(0);
    expect((await sb('use', 'gwB', '--client', 'codex', '--mode', 'direct', '--no-check')).code).toBe(0);
    const backups = JSON.parse((await sb('restore', '--client', 'codex', '--list', '--json')).stdout) as BackupListed[];
    rotation = backups.find((b) => b.reason === 'before rotating the local token')!;
    switchToB = backups[0];
    // The rotation's backup holds auth.json alone; the switch to gwB changed both files.
    expect(rotation.files.map((f) => f.path)).toEqual([authJson()]);
    expect(switchToB.files.map((f) => f.path).sort()).toEqual([authJson(), configToml()].sort());
  });
  afterAll(() => t.cleanup());

  it('names the file it leaves as it is, in --dry-run (writing nothing) and before it writes, and writes the same as before', async () => {
    const leaves = `Backup #${rotation.id} does not hold ${configToml()}: restoring it leaves that file as it is now, with any change made since the backup.`;
    const onB = { config: read(configToml()), auth: read(authJson()) };

    const dry = await sb('restore', '--client', 'codex', '--backup', String(rotation.id), '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toBe(`${leaves}\nWould restore codex from backup #${rotation.id}: ${authJson()} (dry run: nothing was changed).\n`);
    expect({ config: read(configToml()), auth: read(authJson()) }).toEqual(onB);
    const dryJson = JSON.parse((await sb('restore', '--client', 'codex', '--backup', String(rotation.id), '--dry-run', '--json')).stdout);
    expect(dryJson).toEqual({ client: 'codex', backupId: rotation.id, files: [authJson()], untouched: [configToml()], dryRun: true });
    expect(JSON.parse((await sb('restore', '--client', 'codex', '--list', '--json')).stdout)).toHaveLength(3);

    const restore = await sb('restore', '--client', 'codex', '--backup', String(rotation.id));
    expect(restore.code).toBe(0);
    expect(restore.stdout).toBe(`${leaves}\nRestored codex from backup #${rotation.id}: ${authJson()}\n`);
    // What it writes is unchanged: auth.json as before the rotation (with the current token), config.toml still gwB's.
    expect(read(configToml())).toBe(onB.config);
    expect(read(authJson())).toBe(onA.auth.split(onA.token).join((await sb('token', '--client', 'codex')).stdout.trim()));
  });

  it('says nothing of the kind for a backup that holds every file the tool was set up with', async () => {
    const restore = await sb('restore', '--client', 'codex', '--backup', String(switchToB.id));
    expect(restore.code).toBe(0);
    expect(restore.stdout).toBe(`Restored codex from backup #${switchToB.id}: ${switchToB.files.map((f) => f.path).join(', ')}\n`);
  });
});
