import path from 'node:path';
import { editEnv, readEnvFile } from '../files/envEdit';
import { editYaml, readYamlConfig, type YamlEdit } from '../files/yamlEdit';
import type { AppPaths } from '../paths';
import { asRecord, asString, planOptionalKeys, textOf } from './ownedValues';
import type { ClientModule, ClientTarget, FileTexts, OwnedValue, PlannedFile } from './types';

/*
 * Hermes reads its endpoint from config.yaml `model:` (provider: custom, base_url, default, and the
 * key inline as api_key, as `hermes model` writes it). Some setups keep the key in $HERMES_HOME/.env
 * instead, named by `key_env` or referenced as `api_key: ${NAME}`; Switchboard keeps whichever form
 * the file already uses and writes the inline form into a file that has neither (it is 0600 then).
 */

const configFile = (paths: AppPaths) => path.join(paths.hermesHome, 'config.yaml');
const envFile = (paths: AppPaths) => path.join(paths.hermesHome, '.env');
/** Hermes talks Chat Completions to a custom endpoint; a stale api_mode from another provider would break that. */
const CHAT_MODE = 'chat_completions';

/** Where the key lives: inline in config.yaml, or in .env under a variable name. */
type KeyForm = { kind: 'inline' } | { kind: 'env'; variable: string; referenced: boolean };

function keyFormOf(model: Record<string, unknown>): KeyForm {
  const named = asString(model.key_env);
  if (named) return { kind: 'env', variable: named, referenced: false };
  const reference = /^\$\{(?:env:)?([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(asString(model.api_key) ?? '');
  return reference ? { kind: 'env', variable: reference[1], referenced: true } : { kind: 'inline' };
}

/** `model` may be a bare model name; Hermes accepts `model.model` as an alias of `model.default`. */
function modelBlock(config: Record<string, unknown>) {
  const raw = config.model;
  const block = asRecord(raw);
  const nameKey = 'model' in block && !('default' in block) ? 'model' : 'default';
  return { block, nameKey, bareName: asString(raw) };
}

type ModelBlock = ReturnType<typeof modelBlock>;

function readFiles(paths: AppPaths, texts: FileTexts) {
  const config = readYamlConfig(textOf(texts, configFile(paths)), configFile(paths));
  return { env: readEnvFile(textOf(texts, envFile(paths))), model: modelBlock(config) };
}

/**
 * The config.yaml edits that point Hermes at the target, with the key in the given form; `givenBack`
 * holds the model name to put back without a --model (undefined: remove it), when there is one.
 */
function configEdits({ block, nameKey, bareName }: ModelBlock, target: ClientTarget, form: KeyForm, givenBack: readonly [string, string | undefined][]): YamlEdit[] {
  const at = (key: string) => ['model', key];
  const edits: YamlEdit[] = [];
  // A bare `model: name` becomes a block that keeps the name (unless a new one is given below).
  if (bareName !== null && !target.model) edits.push({ path: at(nameKey), value: bareName });
  edits.push({ path: at('provider'), value: 'custom' }, { path: at('base_url'), value: target.openaiBaseUrl });
  if (target.model) edits.push({ path: at(nameKey), value: target.model });
  for (const [key, value] of givenBack) edits.push({ path: at(key), value });
  // Removed; where a << merge key brings it in from a shared anchor, overridden on the model mapping.
  if (block.api_mode !== undefined && block.api_mode !== CHAT_MODE) edits.push({ path: at('api_mode'), value: undefined, shadow: CHAT_MODE });
  if (form.kind === 'inline') edits.push({ path: at('api_key'), value: target.apiKey }, { path: at('key_env'), value: undefined });
  // With the key in .env, an inline api_key would win over key_env, so it goes (a ${NAME} reference stays).
  else if (!form.referenced) edits.push({ path: at('api_key'), value: undefined });
  return edits;
}

export const hermesModule: ClientModule = {
  id: 'hermes',
  label: 'Hermes Agent',
  command: 'hermes',
  configDir: (paths) => paths.hermesHome,
  files: (paths) => [configFile(paths), envFile(paths)],

  read(paths, texts) {
    const { env, model } = readFiles(paths, texts);
    const { block, nameKey, bareName } = model;
    const form = keyFormOf(block);
    const file = configFile(paths);
    const owned: OwnedValue[] = [];
    for (const field of ['provider', 'base_url', nameKey]) {
      const value = asString(block[field]);
      if (value !== null) owned.push({ file, key: `model.${field}`, value, secret: false });
    }
    const key = form.kind === 'inline' ? asString(block.api_key) : (env.get(form.variable) ?? null);
    if (key !== null) owned.push(form.kind === 'inline' ? { file, key: 'model.api_key', value: key, secret: true } : { file: envFile(paths), key: form.variable, value: key, secret: true });
    return { baseUrl: asString(block.base_url), model: asString(block[nameKey]) ?? bareName, key, owned };
  },

  plan(paths, texts, target, previous) {
    const { model } = readFiles(paths, texts);
    const { block, nameKey } = model;
    const form = keyFormOf(block);
    const file = configFile(paths);
    const name = planOptionalKeys(previous, file, 'model.', [nameKey], { [nameKey]: target.model }, { [nameKey]: block[nameKey] ?? model.bareName });
    const before = textOf(texts, file);
    const files: PlannedFile[] = [
      { path: file, before, after: editYaml(before, file, configEdits(model, target, form, name.givenBack)), secret: form.kind === 'inline' },
    ];
    const owned: OwnedValue[] = [
      { file, key: 'model.provider', value: 'custom', secret: false },
      { file, key: 'model.base_url', value: target.openaiBaseUrl, secret: false },
      ...name.owned,
    ];
    if (form.kind === 'inline') owned.push({ file, key: 'model.api_key', value: target.apiKey, secret: true });
    else {
      const envBefore = textOf(texts, envFile(paths));
      files.push({ path: envFile(paths), before: envBefore, after: editEnv(envBefore, [{ path: [form.variable], value: target.apiKey }]), secret: true });
      owned.push({ file: envFile(paths), key: form.variable, value: target.apiKey, secret: true });
    }
    return { files, owned };
  },

  /*
   * Hermes has no flag or variable for a custom endpoint's key, but it honours HERMES_HOME. A run
   * gets a private stand-in home: its own config.yaml (the user's, pointed at the target, key
   * inline, 0600) and symlinks to everything else, so memories, sessions, skills and .env are the
   * real ones; whatever Hermes creates at the top of the stand-in is moved back after the exit.
   * (Hermes snapshots a config.yaml that parses into backups/config/, which is the real folder, so
   * such a snapshot can hold this run's key, just as it would after `switchboard use`.)
   */
  launch({ paths, texts, target, tempDir, toolArgs }) {
    const home = path.join(tempDir, 'hermes-home');
    const edits = configEdits(readFiles(paths, texts).model, target, { kind: 'inline' }, []);
    const text = editYaml(textOf(texts, configFile(paths)), configFile(paths), edits);
    return {
      command: 'hermes',
      args: toolArgs,
      env: { HERMES_HOME: home },
      tempFiles: [{ path: path.join(home, 'config.yaml'), text }],
      overlay: { real: paths.hermesHome, dir: home },
    };
  },
};
