import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clientModules } from '../../../electron/core/clients';
import { createClientService } from '../../../electron/core/clients/service';
import { SwitchboardError } from '../../../electron/core/errors';
import { createMemorySecretStore } from '../../../electron/core/secrets/aesGcmStore';
import type { SecretStore } from '../../../electron/core/secrets/secretStore';
import { createLocalTokenRepo } from '../../../electron/core/store/localTokens';
import { displayPath } from '../../../electron/core/files/configErrors';
import { BACKUPS_KEPT } from '../../../electron/core/store/backups';
import { expectLinesKeptInOrder } from '../../unit/clients/lines';
import { CASES, CODEX_RICH } from './cases';
import { GATEWAY_KEY, LOCAL_TOKEN, OTHER_KEY, directTarget, fingerprint, makeHarness, modeOf, proxyTarget, put, type Harness } from './harness';

async function rejection(promise: Promise<unknown>): Promise<SwitchboardError> {
  try {
    await promise;
  } catch (err) {
    return err as SwitchboardError;
  }
  throw new Error('expected a rejection');
}

function thrown(act: () => unknown): SwitchboardError {
  try {
    act();
  } catch (err) {
    return err as SwitchboardError;
  }
  throw new Error('expected an error');
}

const CHANGED_MEANWHILE = / was changed by another program while Switchboard was about to write it, so Switchboard left it alone; check the file, then try again\. Nothing was changed\.$/;

const listFiles = (dir: string): string[] => (fs.existsSync(dir) ? fs.readdirSync(dir, { recursive: true }).map(String).sort() : []);

/** Every entry under a folder, symlinks listed but not followed (Node 20's recursive readdir follows them). */
const entriesUnder = (dir: string, prefix = ''): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const entry = path.join(prefix, e.name);
    return e.isDirectory() ? [entry, ...entriesUnder(path.join(dir, e.name), entry)] : [entry];
  });

describe.each(CASES)('client service: $client', (c) => {
  let h: Harness;
  beforeEach(() => {
    h = makeHarness();
  });
  afterEach(() => h.cleanup());

  const statusOf = () => h.service.status().find((s) => s.client === c.client)!;

  it('writes into a missing folder: creates it, 0600 files, remembers what it wrote', async () => {
    const main = c.main(h.paths);
    expect(fs.existsSync(path.dirname(main))).toBe(false);
    const result = await h.apply(c.client, directTarget({ model: 'model-a' }));
    expect(result).toMatchObject({ client: c.client, provider: 'gw', mode: 'direct', model: 'model-a', dryRun: false });
    expect(result.backupId).toEqual(expect.any(Number));
    const written = result.files.filter((f) => f.changed);
    expect(written.length).toBeGreaterThan(0);
    for (const f of written) {
      expect(f.created).toBe(true);
      expect(modeOf(f.path)).toBe(0o600);
    }
    expect(modeOf(path.dirname(main)) & 0o077).toBe(0);
    const status = statusOf();
    expect(status.current).toEqual({ baseUrl: c.client === 'claude' ? 'https://gw.example.com' : 'https://gw.example.com/v1', model: 'model-a', key: 'sk-…cdef' });
    expect(status.applied).toEqual({ provider: 'gw', mode: 'direct', model: 'model-a', appliedAt: expect.any(Number) });
    expect(status.drift).toEqual([]);
    expect(status.error).toBeNull();
  });

  it('merges into a rich setup: unowned data and every unowned line stay, neighbours stay byte-identical', async () => {
    const rich = c.rich(h.paths);
    for (const [file, text] of Object.entries(rich)) put(file, text);
    const untouched = Object.fromEntries(c.untouched(h.paths).map((f) => [f, fingerprint(f)]));
    await h.apply(c.client, proxyTarget());
    const main = c.main(h.paths);
    const after = fs.readFileSync(main, 'utf8');
    expectLinesKeptInOrder(rich[main], after, c.ownedLines);
    expect(c.unowned(c.parse(after))).toEqual(c.unowned(c.parse(rich[main])));
    for (const [file, print] of Object.entries(untouched)) expect(fingerprint(file)).toEqual(print);
    expect(statusOf().current.baseUrl).toBe(c.client === 'claude' ? 'http://127.0.0.1:17170' : 'http://127.0.0.1:17170/v1');
    expect(statusOf().current.key).toBe('sb-…cdef');
  });

  it('refuses a file saved in another encoding at its first line that is not UTF-8, leaves its bytes, and status says the same', async () => {
    const main = c.main(h.paths);
    fs.mkdirSync(path.dirname(main), { recursive: true });
    fs.writeFileSync(main, Buffer.concat([Buffer.from(c.broken.text.split('\n')[0] + '\n'), Buffer.from('# café\n', 'latin1')]));
    const before = fingerprint(main);
    const error = await rejection(h.apply(c.client, directTarget()));
    expect(error.code).toBe('config_unparsable');
    expect(error.message).toBe(`${displayPath(main)} line 2: this line is not UTF-8 text, the only encoding the tool reads (save the file as UTF-8); fix or remove the line, then try again. Nothing was changed.`);
    expect(fingerprint(main)).toEqual(before);
    expect(statusOf().error).toBe(`${displayPath(main)} line 2: this line is not UTF-8 text, the only encoding the tool reads (save the file as UTF-8); fix or remove the line so Switchboard can read it.`);
  });

  it('names a config that is a loop of symbolic links in status and in the refusal, without failing status', async () => {
    const main = c.main(h.paths);
    fs.mkdirSync(path.dirname(main), { recursive: true });
    fs.symlinkSync(path.basename(main), main);
    expect(statusOf().error).toBe(`${displayPath(main)} is a chain of more than 40 symbolic links; point it at a real file.`);
    expect(statusOf().files.find((f) => f.path === main)!.exists).toBe(false);
    expect((await rejection(h.apply(c.client, directTarget()))).message).toBe(`${displayPath(main)} is a chain of more than 40 symbolic links; point it at a real file, then try again. Nothing was changed.`);
    expect(fs.readlinkSync(main)).toBe(path.basename(main));
  });

  it('says what to move when the config is a folder, or the folder it sits in is a file, and leaves both alone', async () => {
    const main = c.main(h.paths);
    fs.mkdirSync(main, { recursive: true });
    const folder = await rejection(h.apply(c.client, directTarget()));
    expect(folder.message).toBe(`${displayPath(main)} is a folder where a file should be; move the folder away, then try again. Nothing was changed.`);
    // Status only reads: it says what to do, not "try again" or "Nothing was changed".
    expect(statusOf().error).toBe(`${displayPath(main)} is a folder where a file should be; move the folder away.`);
    expect(fs.readdirSync(main)).toEqual([]);
    fs.rmSync(path.dirname(main), { recursive: true });
    put(path.dirname(main), 'not a folder\n');
    const file = await rejection(h.apply(c.client, directTarget()));
    expect(file.message).toBe(`${displayPath(main)} cannot be used because ${displayPath(path.dirname(main))} is a file where a folder should be; move that file away, then try again. Nothing was changed.`);
    expect(statusOf().error).toBe(`${displayPath(main)} cannot be used because ${displayPath(path.dirname(main))} is a file where a folder should be; move that file away.`);
    expect(fs.readFileSync(path.dirname(main), 'utf8')).toBe('not a folder\n');
  });

  it('leaves an unparsable file untouched and names file, line and reason', async () => {
    const main = c.main(h.paths);
    put(main, c.broken.text);
    const before = fingerprint(main);
    const error = await rejection(h.apply(c.client, directTarget()));
    expect(error).toBeInstanceOf(SwitchboardError);
    expect(error.code).toBe('config_unparsable');
    expect(error.message.startsWith(`${displayPath(main)} line ${c.broken.line}, column ${c.broken.column}: `)).toBe(true);
    expect(error.message.endsWith('; fix or remove the line, then try again. Nothing was changed.')).toBe(true);
    expect(fingerprint(main)).toEqual(before);
    expect(listFiles(path.dirname(main))).toEqual([path.basename(main)]);
    expect(h.service.backups(c.client)).toEqual([]);
    // Status only reads: the same file, line and reason, without the apply's "try again" and "Nothing was changed".
    expect(statusOf().error).toBe(error.message.replace('; fix or remove the line, then try again. Nothing was changed.', '; fix or remove the line so Switchboard can read it.'));
  });

  it('restores the previous state, the newest backup by default, deleting files that did not exist', async () => {
    const rich = c.rich(h.paths);
    for (const [file, text] of Object.entries(rich)) put(file, text);
    const first = await h.apply(c.client, directTarget({ model: 'model-a' }));
    const afterFirst = Object.fromEntries(first.files.map((f) => [f.path, fs.readFileSync(f.path, 'utf8')]));
    await h.apply(c.client, proxyTarget({ apiKey: LOCAL_TOKEN }));

    const restored = await h.service.restore(c.client);
    for (const [file, text] of Object.entries(afterFirst)) expect(fs.readFileSync(file, 'utf8')).toBe(text);
    expect(restored.files.length).toBeGreaterThan(0);
    expect(statusOf().applied).toMatchObject({ provider: 'gw', mode: 'direct', model: 'model-a' });
    expect(statusOf().drift).toEqual([]);

    await h.service.restore(c.client, first.backupId!);
    for (const [file, text] of Object.entries(rich)) expect(fs.readFileSync(file, 'utf8')).toBe(text);
    for (const f of first.files.filter((x) => x.created)) expect(fs.existsSync(f.path)).toBe(false);
    expect(statusOf().applied).toBeNull();
    expect(h.service.backups(c.client).map((b) => b.reason)).toEqual([
      { code: 'restore', backupId: first.backupId },
      { code: 'restore', backupId: restored.backupId },
      { code: 'use', provider: 'gw', mode: 'proxy' },
      { code: 'use', provider: 'gw', mode: 'direct' },
    ]);
  });

  it('restores a fresh install by deleting what it created', async () => {
    const result = await h.apply(c.client, directTarget());
    await h.service.restore(c.client);
    for (const f of result.files) expect(fs.existsSync(f.path)).toBe(false);
  });

  it('writes through a symlinked config to its target and keeps the link', async () => {
    const main = c.main(h.paths);
    const real = path.join(h.root, 'dotfiles', path.basename(main));
    put(real, c.rich(h.paths)[main]);
    fs.mkdirSync(path.dirname(main), { recursive: true });
    fs.symlinkSync(path.relative(path.dirname(main), real), main);
    await h.apply(c.client, directTarget());
    expect(fs.lstatSync(main).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(real, 'utf8')).toContain('gw.example.com');
    expect(listFiles(path.dirname(real))).toEqual([path.basename(real)]);
    await h.service.restore(c.client);
    expect(fs.lstatSync(main).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(real, 'utf8')).toBe(c.rich(h.paths)[main]);
  });

  it('writes through a relative link inside a symlinked tool folder to the file the OS opens, and nowhere else', async () => {
    const main = c.main(h.paths);
    const folder = path.dirname(main);
    const realFolder = path.join(h.root, 'data', c.client);
    const real = path.join(h.root, 'data', 'dotfiles', path.basename(main));
    put(real, c.rich(h.paths)[main]);
    fs.mkdirSync(realFolder);
    fs.symlinkSync(path.relative(path.dirname(folder), realFolder), folder);
    fs.symlinkSync(path.join('..', 'dotfiles', path.basename(main)), path.join(realFolder, path.basename(main)));
    const outsideSwitchboard = () => entriesUnder(h.root).filter((f) => !f.startsWith(path.basename(h.paths.home))).sort();
    const before = outsideSwitchboard();

    const result = await h.apply(c.client, directTarget());
    expect(fs.readFileSync(real, 'utf8')).toContain('gw.example.com');
    expect(fs.lstatSync(main).isSymbolicLink()).toBe(true);
    expect(fs.lstatSync(folder).isSymbolicLink()).toBe(true);
    const created = result.files.filter((f) => f.created).map((f) => path.relative(h.root, path.join(fs.realpathSync(path.dirname(f.path)), path.basename(f.path))));
    expect(outsideSwitchboard()).toEqual([...before, ...created].sort());
    expect(statusOf().current.baseUrl).toBe(c.client === 'claude' ? 'https://gw.example.com' : 'https://gw.example.com/v1');

    await h.service.restore(c.client);
    expect(fs.readFileSync(real, 'utf8')).toBe(c.rich(h.paths)[main]);
    expect(fs.lstatSync(main).isSymbolicLink()).toBe(true);
    expect(outsideSwitchboard()).toEqual(before);
  });

  it('refuses a read-only config with a clear sentence and writes nothing at all', async () => {
    const main = c.main(h.paths);
    put(main, c.rich(h.paths)[main], 0o444);
    const before = fingerprint(main);
    const error = await rejection(h.apply(c.client, directTarget()));
    expect(error.code).toBe('config_unwritable');
    expect(error.message).toBe(
      `${displayPath(main)} is read-only; make it writable (chmod u+w) if Switchboard should change it, then try again. Nothing was changed.`,
    );
    expect(fingerprint(main)).toEqual(before);
    expect(listFiles(path.dirname(main))).toEqual([path.basename(main)]);
    expect(h.service.backups(c.client)).toEqual([]);
  });

  it('keeps the mode of files without keys and tightens files that now hold one to 0600', async () => {
    const rich = c.rich(h.paths);
    for (const [file, text] of Object.entries(rich)) put(file, text, 0o644);
    const result = await h.apply(c.client, directTarget());
    for (const f of result.files.filter((x) => x.changed)) expect(modeOf(f.path)).toBe(0o600);
    for (const file of c.untouched(h.paths)) expect(modeOf(file)).toBe(0o644);
  });

  it('reports drift when an owned value is edited outside the app, masking secrets', async () => {
    await h.apply(c.client, directTarget());
    const main = c.main(h.paths);
    fs.writeFileSync(main, c.outsideEdit(fs.readFileSync(main, 'utf8')));
    const drift = statusOf().drift;
    expect(drift).toEqual([
      {
        file: main,
        key: c.driftKey,
        expected: c.client === 'claude' ? 'https://gw.example.com' : 'https://gw.example.com/v1',
        actual: c.client === 'claude' ? 'https://elsewhere.example.com' : 'https://elsewhere.example.com/v1',
      },
    ]);
    const applied = await h.apply(c.client, directTarget({ apiKey: OTHER_KEY }));
    const keyFile = applied.files.map((f) => f.path).find((f) => fs.readFileSync(f, 'utf8').includes(OTHER_KEY))!;
    fs.writeFileSync(keyFile, fs.readFileSync(keyFile, 'utf8').replace(OTHER_KEY, 'sk-typed-by-hand-77778888'));
    expect(statusOf().drift).toEqual([expect.objectContaining({ expected: 'sk-…3210', actual: 'sk-…8888' })]);
  });

  it('gives back the user’s own model when a switch without a model follows switches with one, remembered in the database', async () => {
    put(c.main(h.paths), c.ownModel);
    await h.apply(c.client, directTarget({ model: 'model-b' }));
    await h.apply(c.client, proxyTarget({ model: 'model-c' }));
    expect(statusOf().current.model).toBe('model-c');
    const back = await h.apply(c.client, directTarget());
    expect(back.model).toBe('my-own-model');
    expect(statusOf()).toMatchObject({ current: { model: 'my-own-model' }, applied: { model: null }, drift: [] });
  });

  it('drops a model the user never had, and keeps one they edited by hand since (drift) when switching without a model', async () => {
    await h.apply(c.client, directTarget({ model: 'model-b' }));
    expect((await h.apply(c.client, directTarget())).model).toBeNull();
    expect(fs.readFileSync(c.main(h.paths), 'utf8')).not.toContain('model-b');

    await h.apply(c.client, directTarget({ model: 'model-b' }));
    fs.writeFileSync(c.main(h.paths), fs.readFileSync(c.main(h.paths), 'utf8').replaceAll('model-b', 'typed-by-hand'));
    expect(statusOf().drift.map((d) => d.actual)).toContain('typed-by-hand');
    await h.apply(c.client, directTarget());
    expect(statusOf()).toMatchObject({ current: { model: 'typed-by-hand' }, drift: [] });
  });

  it('dry run writes nothing and shows a diff with the key masked', async () => {
    const result = await h.apply(c.client, directTarget({ model: 'model-a' }), true);
    expect(result.dryRun).toBe(true);
    expect(result.backupId).toBeNull();
    expect(fs.existsSync(path.dirname(c.main(h.paths)))).toBe(false);
    const diff = result.files.map((f) => f.diff).join('\n');
    expect(diff).toContain('+++ ');
    expect(diff).toContain('gw.example.com');
    expect(diff).toContain('sk-…cdef');
    expect(diff).not.toContain(GATEWAY_KEY);
    expect(h.service.backups(c.client)).toEqual([]);
    expect(statusOf().applied).toBeNull();
  });

  it('rotates the token in the files it read, and refuses when another program rewrites one before the write: file, token and backups stay', async () => {
    const tokens = createLocalTokenRepo(h.db, createMemorySecretStore(), () => 1);
    const old = tokens.ensure(c.client);
    await h.apply(c.client, proxyTarget({ apiKey: old }));
    const holding = clientModules[c.client].files(h.paths).filter((f) => fs.existsSync(f) && fs.readFileSync(f, 'utf8').includes(old));
    expect(holding.length).toBeGreaterThan(0);
    const before = Object.fromEntries(holding.map((f) => [f, fs.readFileSync(f, 'utf8')]));
    const backups = h.service.backups(c.client).length;
    // The other program writes while the new token is being issued: after the reading, before the write.
    const edited = `${before[holding[0]]}\n`;
    const error = thrown(() =>
      h.service.swapToken(c.client, old, () => {
        const token = tokens.rotate(c.client);
        fs.writeFileSync(holding[0], edited);
        return token;
      }),
    );
    expect(error.code).toBe('conflict');
    expect(error.message.startsWith(displayPath(holding[0]))).toBe(true);
    expect(error.message).toMatch(CHANGED_MEANWHILE);
    expect(fs.readFileSync(holding[0], 'utf8')).toBe(edited);
    for (const f of holding.slice(1)) expect(fs.readFileSync(f, 'utf8')).toBe(before[f]);
    expect(tokens.ensure(c.client)).toBe(old);
    expect(h.service.backups(c.client)).toHaveLength(backups);

    let token = old;
    expect(h.service.swapToken(c.client, old, () => (token = tokens.rotate(c.client)))).toEqual(holding);
    expect(token).not.toBe(old);
    for (const f of holding) expect(fs.readFileSync(f, 'utf8')).toBe((f === holding[0] ? edited : before[f]).split(old).join(token));
    expect(statusOf().drift).toEqual([]);
  });

  it(`keeps the last ${BACKUPS_KEPT} backups and the original, sealed: no key or config text in clear in the database`, async () => {
    for (let i = 0; i < BACKUPS_KEPT + 2; i++) await h.apply(c.client, directTarget({ apiKey: `${GATEWAY_KEY}-${i}` }));
    const backups = h.service.backups(c.client);
    expect(backups).toHaveLength(BACKUPS_KEPT + 1);
    expect(backups[0].id).toBeGreaterThan(backups[1].id);
    expect(backups[0].files.every((f) => f.existed && !f.original)).toBe(true);
    expect(backups.at(-1)!.files.every((f) => !f.existed && f.original)).toBe(true);
    const raw = JSON.stringify(h.db.prepare('SELECT * FROM backups').all()) + JSON.stringify(h.db.prepare('SELECT * FROM client_state').all());
    expect(raw).not.toContain(GATEWAY_KEY);
    expect(raw).not.toContain('gw.example.com/v1"');
  });
  it('never prunes the original: after many switches and restores, restoring it brings back the setup from before Switchboard', async () => {
    const rich = c.rich(h.paths);
    for (const [file, text] of Object.entries(rich)) put(file, text);
    const first = await h.apply(c.client, directTarget({ model: 'model-a' }));
    for (let i = 0; i < BACKUPS_KEPT + 2; i++) {
      await h.apply(c.client, i % 2 ? proxyTarget({ model: `model-${i}` }) : directTarget({ apiKey: `${GATEWAY_KEY}-${i}` }));
      if (i % 5 === 4) await h.service.restore(c.client);
    }
    const backups = h.service.backups(c.client);
    expect(backups.filter((b) => b.files.some((f) => f.original)).map((b) => b.id)).toEqual([first.backupId]);
    expect(backups.at(-1)).toMatchObject({ id: first.backupId, reason: { code: 'use', provider: 'gw', mode: 'direct' } });
    expect(backups.at(-1)!.files.every((f) => f.original)).toBe(true);

    await h.service.restore(c.client, first.backupId!);
    for (const [file, text] of Object.entries(rich)) expect(fs.readFileSync(file, 'utf8')).toBe(text);
    for (const f of first.files.filter((x) => x.created)) expect(fs.existsSync(f.path)).toBe(false);
    expect(statusOf().applied).toBeNull();
  });
});

describe('client service: tool specifics', () => {
  let h: Harness;
  beforeEach(() => {
    h = makeHarness();
  });
  afterEach(() => h.cleanup());

  it('merges hasCompletedOnboarding into .claude.json, keeping its mode and content', async () => {
    put(h.paths.claudeJson, '{\n  "numStartups": 4\n}\n', 0o644);
    await h.apply('claude', directTarget({ onboarding: true }));
    expect(fs.readFileSync(h.paths.claudeJson, 'utf8')).toBe('{\n  "numStartups": 4,\n  "hasCompletedOnboarding": true\n}\n');
    expect(modeOf(h.paths.claudeJson)).toBe(0o644);
  });

  it('restore puts back only the onboarding flag in .claude.json, keeping what Claude Code wrote there since', async () => {
    const settings = path.join(h.paths.claudeDir, 'settings.json');
    const fresh = await h.apply('claude', directTarget({ onboarding: true }));
    await h.service.restore('claude', fresh.backupId!);
    expect(fs.existsSync(h.paths.claudeJson)).toBe(false);

    const first = await h.apply('claude', directTarget({ onboarding: true }));
    // Claude Code keeps its own state in the file: projects, MCP servers added with "claude mcp add", the account.
    const toolState = { numStartups: 2, userID: 'u-1', mcpServers: { docs: { command: 'npx', args: ['docs-mcp'] } } };
    put(h.paths.claudeJson, `${JSON.stringify({ ...toolState, hasCompletedOnboarding: true }, null, 2)}\n`);
    await h.service.restore('claude', first.backupId!);
    expect(JSON.parse(fs.readFileSync(h.paths.claudeJson, 'utf8'))).toEqual(toolState);
    expect(fs.existsSync(settings)).toBe(false);

    const own = '{\n  "numStartups": 4,\n  "hasCompletedOnboarding": false\n}\n';
    put(h.paths.claudeJson, own, 0o644);
    const second = await h.apply('claude', directTarget({ onboarding: true }));
    await h.service.restore('claude', second.backupId!);
    expect(fs.readFileSync(h.paths.claudeJson, 'utf8')).toBe(own);
    expect(modeOf(h.paths.claudeJson)).toBe(0o644);
  });

  it('never shows a key from a config file that does not parse, in the refusal or in status (Codex, unquoted token)', async () => {
    const secret = 'sk-SECRETSECRETSECRET1234';
    const file = path.join(h.paths.codexHome, 'config.toml');
    put(file, `model = "gpt-5"\n[model_providers.x]\nexperimental_bearer_token = ${secret}\n`);
    const error = await rejection(h.apply('codex', directTarget()));
    expect(error.message).toBe(`${displayPath(file)} line 3, column 29: invalid float "sk-…1234"; fix or remove the line, then try again. Nothing was changed.`);
    expect(h.service.status().find((s) => s.client === 'codex')!.error).toBe(`${displayPath(file)} line 3, column 29: invalid float "sk-…1234"; fix or remove the line so Switchboard can read it.`);
  });

  it('refuses a read-only neighbour before writing the first file (Codex auth.json)', async () => {
    const auth = path.join(h.paths.codexHome, 'auth.json');
    put(auth, '{"OPENAI_API_KEY": "sk-mine-000000000000"}\n', 0o400);
    const error = await rejection(h.apply('codex', directTarget({ codexAuth: 'auth-json' })));
    expect(error.code).toBe('config_unwritable');
    expect(fs.existsSync(path.join(h.paths.codexHome, 'config.toml'))).toBe(false);
  });

  it("keeps each file's original, even one Switchboard first changed many switches later (Codex auth.json)", async () => {
    const config = path.join(h.paths.codexHome, 'config.toml');
    const auth = path.join(h.paths.codexHome, 'auth.json');
    const myAuth = '{"OPENAI_API_KEY": "sk-mine-000000000000"}\n';
    put(config, CODEX_RICH);
    put(auth, myAuth, 0o600);
    const first = await h.apply('codex', directTarget({ codexAuth: 'bearer' }));
    expect(first.files.filter((f) => f.changed).map((f) => f.path)).toEqual([config]);
    for (let i = 0; i < 3; i++) await h.apply('codex', directTarget({ codexAuth: 'bearer', apiKey: `${GATEWAY_KEY}-${i}` }));
    const authFirst = await h.apply('codex', directTarget({ codexAuth: 'auth-json' }));
    expect(fs.readFileSync(auth, 'utf8')).not.toContain('sk-mine');
    for (let i = 0; i < BACKUPS_KEPT + 2; i++) await h.apply('codex', directTarget({ codexAuth: i % 2 ? 'auth-json' : 'bearer', apiKey: `${GATEWAY_KEY}-${i}` }));

    const originals = h.service.backups('codex').flatMap((b) => b.files.filter((f) => f.original).map((f) => [b.id, f.path]));
    expect(originals).toEqual([
      [authFirst.backupId, auth],
      [first.backupId, config],
    ]);
    await h.service.restore('codex', authFirst.backupId!);
    await h.service.restore('codex', first.backupId!);
    expect(fs.readFileSync(auth, 'utf8')).toBe(myAuth);
    expect(fs.readFileSync(config, 'utf8')).toBe(CODEX_RICH);
  });

  it('restoring the first backup alone brings back every file as it was, even one Switchboard first created later (Codex auth.json)', async () => {
    const config = path.join(h.paths.codexHome, 'config.toml');
    const auth = path.join(h.paths.codexHome, 'auth.json');
    put(config, CODEX_RICH);
    const first = await h.apply('codex', directTarget({ codexAuth: 'bearer' }));
    await h.apply('codex', directTarget({ codexAuth: 'auth-json' }));
    expect(fs.readFileSync(auth, 'utf8')).toContain(GATEWAY_KEY);
    const restored = await h.service.restore('codex', first.backupId!);
    expect(restored.files).toEqual([config, auth]);
    expect(fs.readFileSync(config, 'utf8')).toBe(CODEX_RICH);
    expect(fs.existsSync(auth)).toBe(false);
    // and that restore is undone in one step too
    await h.service.restore('codex');
    expect(fs.readFileSync(auth, 'utf8')).toContain(GATEWAY_KEY);
  });

  it('a Codex ChatGPT login stays byte-identical and the bearer token makes config.toml 0600', async () => {
    const auth = path.join(h.paths.codexHome, 'auth.json');
    put(auth, CASES[1].rich(h.paths)[auth], 0o600);
    const before = fingerprint(auth);
    put(path.join(h.paths.codexHome, 'config.toml'), 'approval_policy = "never"\n', 0o644);
    const result = await h.apply('codex', proxyTarget());
    expect(fingerprint(auth)).toEqual(before);
    expect(result.files.map((f) => f.path)).toEqual([path.join(h.paths.codexHome, 'config.toml')]);
    expect(modeOf(path.join(h.paths.codexHome, 'config.toml'))).toBe(0o600);
  });

  it('a Hermes key_env setup gets the key in .env (0600) and config.yaml keeps its mode', async () => {
    const config = path.join(h.paths.hermesHome, 'config.yaml');
    const env = path.join(h.paths.hermesHome, '.env');
    put(config, 'model:\n  provider: custom\n  key_env: GW_KEY\n', 0o644);
    put(env, '# mine\nOTHER=1\n', 0o644);
    await h.apply('hermes', directTarget());
    expect(fs.readFileSync(env, 'utf8')).toBe(`# mine\nOTHER=1\nGW_KEY=${GATEWAY_KEY}\n`);
    expect(modeOf(env)).toBe(0o600);
    expect(modeOf(config)).toBe(0o644);
    expect(fs.readFileSync(config, 'utf8')).not.toContain(GATEWAY_KEY);
  });

  it('a Hermes model block that merges a stale api_mode from a shared anchor is switched, and restore brings the file back', async () => {
    const config = path.join(h.paths.hermesHome, 'config.yaml');
    const original = 'openrouter: &or\n  provider: openrouter\n  api_mode: codex_responses\nmodel:\n  <<: *or\n  default: x/y\nfallback_model: *or\n';
    put(config, original);
    await h.apply('hermes', proxyTarget());
    const after = fs.readFileSync(config, 'utf8');
    expect(after.startsWith(original.slice(0, original.indexOf('fallback_model')))).toBe(true);
    expect(after).toContain('  api_mode: chat_completions\n');
    expect(h.service.status().find((s) => s.client === 'hermes')).toMatchObject({ error: null, drift: [], current: { baseUrl: 'http://127.0.0.1:17170/v1', model: 'x/y' } });
    await h.service.restore('hermes');
    expect(fs.readFileSync(config, 'utf8')).toBe(original);
  });

  it('a Hermes model block that a root-level << merge key brings in gets its own copy, and restore brings the file back', async () => {
    const config = path.join(h.paths.hermesHome, 'config.yaml');
    const original = '# mine\ndefaults: &base\n  model:\n    default: x/y\n    provider: openrouter\n<<: *base\nprofiles:\n  work: *base\n';
    put(config, original);
    await h.apply('hermes', proxyTarget());
    const after = fs.readFileSync(config, 'utf8');
    expect(after).toBe(original.replace('<<: *base\n', `<<: *base\nmodel:\n  default: x/y\n  provider: custom\n  base_url: http://127.0.0.1:17170/v1\n  api_key: ${LOCAL_TOKEN}\n`));
    expect(h.service.status().find((s) => s.client === 'hermes')).toMatchObject({ error: null, drift: [], current: { baseUrl: 'http://127.0.0.1:17170/v1', model: 'x/y' } });
    await h.service.restore('hermes');
    expect(fs.readFileSync(config, 'utf8')).toBe(original);
  });

  it('a Hermes key that a merge inside a root-level merged model block brings in is refused in one sentence, the file untouched', async () => {
    const config = path.join(h.paths.hermesHome, 'config.yaml');
    put(config, 'gw: &gw\n  api_key: sk-shared-key-0123456789\ndefaults: &base\n  model:\n    <<: *gw\n    key_env: GW_KEY\n<<: *base\n');
    const before = fingerprint(config);
    const error = await rejection(h.apply('hermes', directTarget()));
    expect(error.code).toBe('conflict');
    expect(error.message).toMatch(/config\.yaml line 5: model\.api_key comes in through the << merge key there, .*take api_key out of that anchor, then try again\. Nothing was changed\.$/);
    expect(fingerprint(config)).toEqual(before);
    expect(fs.existsSync(path.join(h.paths.hermesHome, '.env'))).toBe(false);
  });

  it('a dry run hides a webhook URL under an ordinary name in context lines, and keeps the base URL and model it writes readable', async () => {
    const webhook = 'https://hooks.slack.com/services/T000/B000/XXXXSECRET';
    put(path.join(h.paths.claudeDir, 'settings.json'), `{\n  "env": {\n    "SLACK_WEBHOOK": "${webhook}"\n  }\n}\n`);
    put(path.join(h.paths.codexHome, 'config.toml'), `notify = ["curl", "-d", "@-", "${webhook}"]\nmodel = "o3"\n`);
    const claude = (await h.apply('claude', directTarget({ model: 'model-a' }), true)).files[0].diff;
    expect(claude).toContain(' "SLACK_WEBHOOK": "https://hooks.slack.com/…"');
    expect(claude).toContain('+    "ANTHROPIC_BASE_URL": "https://gw.example.com"');
    expect(claude).toContain('+    "ANTHROPIC_MODEL": "model-a"');
    const codex = (await h.apply('codex', directTarget({ model: 'model-a' }), true)).files[0].diff;
    expect(codex).toContain(' notify = ["curl", "-d", "@-", "https://hooks.slack.com/…"]');
    expect(codex).toContain('+base_url = "https://gw.example.com/v1"');
    expect(codex).toContain('+model = "model-a"');
    expect(claude + codex).not.toContain('XXXXSECRET');
  });

  it('refuses an apply when another program rewrites the file between the reading and the write, leaving that program’s text', async () => {
    const memory = createMemorySecretStore();
    let whileOpening = () => {};
    // The apply opens the sealed values it wrote last time after reading the files: the other program writes then.
    const secrets: SecretStore = { kind: memory.kind, seal: (text) => memory.seal(text), open: (sealed) => (whileOpening(), memory.open(sealed)) };
    const service = createClientService({ db: h.db, secrets, paths: h.paths, now: Date.now });
    const apply = (target: ReturnType<typeof directTarget>) => service.apply({ client: 'claude', providerId: null, providerName: 'gw', target, dryRun: false });
    await apply(directTarget());
    const file = path.join(h.paths.claudeDir, 'settings.json');
    const edited = fs.readFileSync(file, 'utf8').replace('{', '{\n  "theme": "dark",');
    whileOpening = () => {
      whileOpening = () => {};
      fs.writeFileSync(file, edited);
    };
    const backups = service.backups('claude').length;
    const error = await rejection(apply(directTarget({ apiKey: OTHER_KEY })));
    expect(error.code).toBe('conflict');
    expect(error.message).toMatch(CHANGED_MEANWHILE);
    expect(fs.readFileSync(file, 'utf8')).toBe(edited);
    expect(service.backups('claude')).toHaveLength(backups);
    await apply(directTarget({ apiKey: OTHER_KEY }));
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toMatchObject({ theme: 'dark', env: { ANTHROPIC_AUTH_TOKEN: OTHER_KEY } });
  });

  it('says so when there is nothing to restore', async () => {
    expect((await rejection(h.service.restore('hermes'))).message).toBe('There is no backup of Hermes Agent yet, so there is nothing to restore.');
    expect((await rejection(h.service.restore('codex', 42))).code).toBe('not_found');
  });
});
