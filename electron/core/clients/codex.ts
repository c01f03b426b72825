import path from 'node:path';
import { fail } from '../errors';
import { displayPath } from '../files/configErrors';
import { editJson, readJsonConfig } from '../files/jsonEdit';
import { editToml, keyLine, readTomlConfig, tomlValueText, type TomlEdit, type TomlScalar } from '../files/tomlEdit';
import type { AppPaths } from '../paths';
import { asRecord, asString, ownedFrom, planOptionalKeys, textOf, unchangedRecord } from './ownedValues';
import type { ClientModule, ClientTarget, FileTexts, PlannedFile } from './types';

/** The provider table Switchboard owns in config.toml. */
const PROVIDER_ID = 'switchboard';
/** A separate id for one-off runs, so -c overrides never merge with a [model_providers.switchboard] table on disk. */
const RUN_PROVIDER_ID = 'switchboard-run';
/** One-off runs hand the key over in this variable (`env_key`), never on the command line. */
const RUN_KEY_VARIABLE = 'SWITCHBOARD_CODEX_API_KEY';
const TABLE_KEYS = ['name', 'base_url', 'wire_api', 'requires_openai_auth', 'experimental_bearer_token'] as const;
const TOKEN = 'experimental_bearer_token';
const API_KEY = 'OPENAI_API_KEY';

const configFile = (paths: AppPaths) => path.join(paths.codexHome, 'config.toml');
const authFile = (paths: AppPaths) => path.join(paths.codexHome, 'auth.json');

/** auth.json holds a ChatGPT (or other account) login, which the auth-json form would take over. */
function holdsLogin(auth: Record<string, unknown>): boolean {
  const mode = asString(auth.auth_mode);
  return (auth.tokens !== undefined && auth.tokens !== null) || (mode !== null && mode.toLowerCase() !== 'apikey');
}

/** A provider table of config.toml by its id (empty when there is none). */
const providerTable = (config: Record<string, unknown>, id: string) => asRecord(asRecord(config.model_providers)[id]);

type KeyPlace = 'auth-json' | 'bearer';

/**
 * Where the key goes. auto: the bearer form when auth.json holds a login or our table already
 * carries a bearer token (a form the user chose stays through a token rotation or a tray switch),
 * else auth.json.
 */
function keyPlace(target: ClientTarget, auth: Record<string, unknown>, config: Record<string, unknown>, file: string): KeyPlace {
  const login = holdsLogin(auth);
  if (target.codexAuth === 'auto') return login || asString(providerTable(config, PROVIDER_ID)[TOKEN]) !== null ? 'bearer' : 'auth-json';
  if (target.codexAuth === 'auth-json' && login) {
    fail(
      'conflict',
      `${displayPath(file)} holds a ChatGPT login, which the auth.json form would hand to ${target.providerName}; use --codex-auth bearer (or auto) to keep the login intact, or log out of Codex first.`,
    );
  }
  return target.codexAuth;
}

/** The provider table's entries for the target (undefined: the key must go). */
function tableFor(target: ClientTarget, place: KeyPlace): Record<string, TomlScalar | undefined> {
  return {
    name: `Switchboard (${target.providerName})`,
    base_url: target.openaiBaseUrl,
    // The only wire protocol current Codex accepts.
    wire_api: 'responses',
    requires_openai_auth: place === 'auth-json' ? true : undefined,
    [TOKEN]: place === 'bearer' ? target.apiKey : undefined,
    // An env_key would make Codex read the key from the environment instead.
    env_key: undefined,
  };
}

/** The table a top-level `profile = "<name>"` selects, and whether the file has it. */
function selectedProfile(config: Record<string, unknown>): { name: string; table: Record<string, unknown> | null } | null {
  const name = asString(config.profile);
  if (name === null) return null;
  const table = asRecord(config.profiles)[name];
  return { name, table: table === undefined ? null : asRecord(table) };
}

type StartProblem = { clause: string; remedy: string };

/** Where a start problem's key is set, for its sentence: "~/.codex/config.toml line 4". */
const lineOf = (text: string, file: string, key: string[]) => `${displayPath(file)} line ${keyLine(text, file, key)}`;

/**
 * A top-level `profile` keeps Codex from starting, or from using what Switchboard sets. Every version
 * refuses one that names no [profiles.<name>] table; Codex 0.134 and later refuse any (profiles
 * became <name>.config.toml files, chosen with --profile); older versions take the profile's
 * model_provider and model over the top level's. What is wrong, and what to do, for a sentence.
 */
function profileProblem(config: Record<string, unknown>, text: string, file: string): StartProblem | null {
  const selected = selectedProfile(config);
  if (!selected) return null;
  const { name, table } = selected;
  const where = `${lineOf(text, file, ['profile'])} sets profile = ${JSON.stringify(name)}`;
  if (!table) return { clause: `${where}, but the file has no [profiles.${name}] table, so Codex refuses to start`, remedy: 'remove that line' };
  const overridden = ['model_provider', 'model'].filter((k) => table[k] !== undefined);
  const older = overridden.length ? ` (older versions take ${overridden.join(' and ')} from [profiles.${name}], not the ones Switchboard sets)` : '';
  const ownFile = displayPath(path.join(path.dirname(file), `${name}.config.toml`));
  return {
    clause: `${where}, which Codex 0.134 and later refuse to start with${older}`,
    remedy: `move the settings of [profiles.${name}] to ${ownFile}, which "codex --profile ${name}" reads, and remove that line`,
  };
}

/**
 * Codex dropped the Chat Completions wire API: a provider table with wire_api = "chat" stops it at
 * startup even when another provider is selected. `rewritten` is a table the caller sets anew.
 */
function chatWireProblem(config: Record<string, unknown>, text: string, file: string, rewritten?: string): StartProblem | null {
  const id = Object.keys(asRecord(config.model_providers)).find((k) => k !== rewritten && providerTable(config, k).wire_api === 'chat');
  if (id === undefined) return null;
  const table = `[model_providers.${id}]`;
  return {
    clause: `${lineOf(text, file, ['model_providers', id, 'wire_api'])} sets wire_api = "chat" in ${table}, which current Codex refuses to start with (it speaks only the Responses API now)`,
    remedy: `set it to "responses" if that provider serves /v1/responses, or remove the ${table} table`,
  };
}

/** Codex dropped the "untrusted" approval policy and stops at startup over a config.toml that sets it. */
function untrustedApprovalProblem(config: Record<string, unknown>, text: string, file: string): StartProblem | null {
  if (config.approval_policy !== 'untrusted') return null;
  return {
    clause: `${lineOf(text, file, ['approval_policy'])} sets approval_policy = "untrusted", which current Codex refuses to start with`,
    remedy: 'remove that line, or set "on-request" (Codex asks when a command needs more than the sandbox allows) or "never"',
  };
}

/** What keeps Codex from starting with this config.toml, or from using what Switchboard sets. */
function startProblem(config: Record<string, unknown>, text: string | null, file: string, rewritten?: string): StartProblem | null {
  if (text === null) return null;
  return profileProblem(config, text, file) ?? chatWireProblem(config, text, file, rewritten) ?? untrustedApprovalProblem(config, text, file);
}

/** Refuses, with the one sentence `use` and `run` share, a config.toml that keeps Codex from starting. */
function refuseStartProblem(config: Record<string, unknown>, text: string | null, file: string, rewritten?: string): void {
  const problem = startProblem(config, text, file, rewritten);
  if (problem) fail('conflict', `${problem.clause}; ${problem.remedy}, then try again. Nothing was changed.`);
}

const holdsBearerToken = (config: Record<string, unknown>) => Object.values(asRecord(config.model_providers)).some((t) => asString(asRecord(t)[TOKEN]) !== null);

function readFiles(paths: AppPaths, texts: FileTexts) {
  const config = readTomlConfig(textOf(texts, configFile(paths)), configFile(paths));
  const auth = readJsonConfig(textOf(texts, authFile(paths)), authFile(paths));
  return { config, auth };
}

export const codexModule: ClientModule = {
  id: 'codex',
  label: 'Codex CLI',
  command: 'codex',
  configDir: (paths) => paths.codexHome,
  files: (paths) => [configFile(paths), authFile(paths)],

  read(paths, texts) {
    const { config, auth } = readFiles(paths, texts);
    // A selected profile's model_provider and model win over the top level's, as Codex reads them.
    const profile = selectedProfile(config)?.table ?? {};
    const providerId = asString(profile.model_provider) ?? asString(config.model_provider) ?? 'openai';
    const table = providerTable(config, providerId);
    const usesAuthJson = table.requires_openai_auth === true || providerId === 'openai';
    const ours = providerTable(config, PROVIDER_ID);
    const problem = startProblem(config, textOf(texts, configFile(paths)), configFile(paths));
    return {
      baseUrl: asString(table.base_url),
      model: asString(profile.model) ?? asString(config.model),
      key: asString(table[TOKEN]) ?? (usesAuthJson ? asString(auth[API_KEY]) : null),
      keyVariable: asString(table.env_key) ?? undefined,
      owned: [
        ...ownedFrom(configFile(paths), config, ['model', 'model_provider'], '', () => false),
        ...ownedFrom(configFile(paths), ours, TABLE_KEYS, `model_providers.${PROVIDER_ID}.`, (k) => k === TOKEN),
        ...ownedFrom(authFile(paths), auth, [API_KEY], '', () => true),
      ],
      problem: problem ? `${problem.clause}; ${problem.remedy}.` : undefined,
    };
  },

  plan(paths, texts, target, previous) {
    const { config, auth } = readFiles(paths, texts);
    // Our own table is set anew below, wire_api included.
    refuseStartProblem(config, textOf(texts, configFile(paths)), configFile(paths), PROVIDER_ID);
    const place = keyPlace(target, auth, config, authFile(paths));
    const table = tableFor(target, place);
    const top: Record<string, TomlScalar | undefined> = { model_provider: PROVIDER_ID };
    if (target.model) top.model = target.model;
    const model = planOptionalKeys(previous, configFile(paths), '', ['model'], { model: target.model }, config);
    const edits: TomlEdit[] = [
      ...Object.entries(top).map(([k, value]) => ({ path: [k], value })),
      ...model.givenBack.map(([k, value]) => ({ path: [k], value })),
      ...Object.entries(table).map(([k, value]) => ({ path: ['model_providers', PROVIDER_ID, k], value })),
    ];
    const configBefore = textOf(texts, configFile(paths));
    const configAfter = editToml(configBefore, configFile(paths), edits);
    const files: PlannedFile[] = [
      { path: configFile(paths), before: configBefore, after: configAfter, secret: holdsBearerToken(readTomlConfig(configAfter, configFile(paths))) },
    ];
    const set = (record: Record<string, TomlScalar | undefined>) => Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined));
    const owned = [
      ...model.owned,
      ...ownedFrom(configFile(paths), set(top), ['model_provider'], '', () => false),
      ...ownedFrom(configFile(paths), set(table), TABLE_KEYS, `model_providers.${PROVIDER_ID}.`, (k) => k === TOKEN),
    ];
    // In the bearer form auth.json keeps every byte (a ChatGPT login stays intact), but for the key
    // an earlier apply wrote there, still as written: left behind, it would be a key no one owns.
    const authBefore = textOf(texts, authFile(paths));
    const editAuth = (value: string | undefined) =>
      files.push({ path: authFile(paths), before: authBefore, after: editJson(authBefore, authFile(paths), [{ path: [API_KEY], value }]), secret: true });
    if (place === 'auth-json') {
      editAuth(target.apiKey);
      owned.push({ file: authFile(paths), key: API_KEY, value: target.apiKey, secret: true });
    } else if (unchangedRecord(previous, authFile(paths), API_KEY, auth[API_KEY])) {
      editAuth(undefined);
    }
    return { files, owned };
  },

  // -c overrides apply to this run only; the key travels in an environment variable named by env_key.
  launch({ paths, texts, target, toolArgs }) {
    // -c overrides cannot unset a top-level profile, and leave every table on disk as it is: Codex would refuse to start over them.
    const configText = textOf(texts, configFile(paths));
    refuseStartProblem(readTomlConfig(configText, configFile(paths)), configText, configFile(paths));
    const table = { name: `Switchboard (${target.providerName})`, base_url: target.openaiBaseUrl, wire_api: 'responses', env_key: RUN_KEY_VARIABLE };
    const inline = `{ ${Object.entries(table).map(([k, v]) => `${k} = ${tomlValueText(v)}`).join(', ')} }`;
    const overrides = [`model_provider=${tomlValueText(RUN_PROVIDER_ID)}`, `model_providers.${RUN_PROVIDER_ID}=${inline}`];
    if (target.model) overrides.push(`model=${tomlValueText(target.model)}`);
    return {
      command: 'codex',
      args: [...overrides.flatMap((o) => ['-c', o]), ...toolArgs],
      env: { [RUN_KEY_VARIABLE]: target.apiKey },
      tempFiles: [],
    };
  },
};
