import path from 'node:path';
import { editJson, readJsonConfig, type JsonEdit, type JsonValue } from '../files/jsonEdit';
import type { AppPaths } from '../paths';
import { asRecord, asString, ownedFrom, planOptionalKeys, textOf } from './ownedValues';
import type { ClientModule, ClientTarget, PlannedFile } from './types';

const BASE_URL = 'ANTHROPIC_BASE_URL';
/** Sent as `Authorization: Bearer`, which is what hosted gateways expect. */
const AUTH_TOKEN = 'ANTHROPIC_AUTH_TOKEN';
/** Sent as `x-api-key`; with both set, Claude Code sends both headers and gateways pick either, so it goes. */
const API_KEY = 'ANTHROPIC_API_KEY';
/** Cloud-provider switches: with one on, Claude Code talks to Bedrock, Vertex or Foundry and ignores ANTHROPIC_BASE_URL. */
const CLOUD_SWITCHES = ['CLAUDE_CODE_USE_BEDROCK', 'CLAUDE_CODE_USE_VERTEX', 'CLAUDE_CODE_USE_FOUNDRY'];
/** Settings that would take Claude Code past the gateway Switchboard sets: removed on apply (the backup keeps them). */
const CONFLICTING = [API_KEY, ...CLOUD_SWITCHES];
/**
 * What an apply leaves in a conflicting setting. The API key is blanked, not removed: settings env
 * wins over the shell's, and without it a shell that exports ANTHROPIC_API_KEY (a real Anthropic
 * key) would have Claude Code send that key to the gateway as well.
 */
const clearedValue = (key: string) => (key === API_KEY ? '' : undefined);
const MODEL_KEYS = ['ANTHROPIC_MODEL', 'ANTHROPIC_DEFAULT_HAIKU_MODEL', 'ANTHROPIC_DEFAULT_SONNET_MODEL', 'ANTHROPIC_DEFAULT_OPUS_MODEL'] as const;
/**
 * The deprecated name of the Haiku-class model, which Claude Code still reads before
 * ANTHROPIC_DEFAULT_HAIKU_MODEL: one left over in the file or the shell would send its background
 * calls to a model the gateway may not serve. Blanked with a model (an empty value counts as unset).
 */
const SMALL_FAST_MODEL = 'ANTHROPIC_SMALL_FAST_MODEL';
/** Telemetry and update checks would bypass the local proxy; in proxy mode they are switched off. */
const QUIET = 'CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC';
/** Set only for a --model or in proxy mode; otherwise they hold what they held before Switchboard set them. */
const OPTIONAL_KEYS = [...MODEL_KEYS, SMALL_FAST_MODEL, QUIET];
const OWNED_KEYS = [BASE_URL, AUTH_TOKEN, ...OPTIONAL_KEYS];
const isSecret = (key: string) => key === AUTH_TOKEN || key === API_KEY;

const settingsFile = (paths: AppPaths) => path.join(paths.claudeDir, 'settings.json');
/** The one key Switchboard sets in ~/.claude.json, where Claude Code keeps its own state (projects, MCP servers, account). */
const ONBOARDED = 'hasCompletedOnboarding';

/** The `env` entries that point Claude Code at the target. */
function envFor(target: ClientTarget): Record<string, string> {
  const env: Record<string, string> = { [BASE_URL]: target.anthropicBaseUrl, [AUTH_TOKEN]: target.apiKey };
  if (target.model) {
    for (const key of MODEL_KEYS) env[key] = target.model;
    env[SMALL_FAST_MODEL] = '';
  }
  if (target.mode === 'proxy') env[QUIET] = '1';
  return env;
}

export const claudeModule: ClientModule = {
  id: 'claude',
  label: 'Claude Code',
  command: 'claude',
  configDir: (paths) => paths.claudeDir,
  files: (paths) => [settingsFile(paths), paths.claudeJson],

  read(paths, texts) {
    const file = settingsFile(paths);
    const settings = readJsonConfig(textOf(texts, file), file);
    const env = asRecord(settings.env);
    return {
      baseUrl: asString(env[BASE_URL]),
      model: asString(env.ANTHROPIC_MODEL) ?? asString(settings.model),
      key: asString(env[AUTH_TOKEN]) ?? asString(env[API_KEY]),
      owned: ownedFrom(file, env, OWNED_KEYS, 'env.', isSecret),
    };
  },

  plan(paths, texts, target, previous) {
    const file = settingsFile(paths);
    const before = textOf(texts, file);
    const env = asRecord(readJsonConfig(before, file).env);
    const wanted = envFor(target);
    const optional = planOptionalKeys(previous, file, 'env.', OPTIONAL_KEYS, wanted, env);
    const edits: JsonEdit[] = [
      ...Object.entries(wanted).map(([k, value]) => ({ path: ['env', k], value })),
      ...CONFLICTING.map((k) => ({ path: ['env', k], value: clearedValue(k) })),
      ...optional.givenBack.map(([k, value]) => ({ path: ['env', k], value })),
    ];
    const files: PlannedFile[] = [{ path: file, before, after: editJson(before, file, edits), secret: true }];
    if (target.onboarding) {
      const claudeJson = textOf(texts, paths.claudeJson);
      files.push({ path: paths.claudeJson, before: claudeJson, after: editJson(claudeJson, paths.claudeJson, [{ path: [ONBOARDED], value: true }]), secret: false });
    }
    return { files, owned: [...ownedFrom(file, wanted, [BASE_URL, AUTH_TOKEN], 'env.', isSecret), ...optional.owned] };
  },

  // Claude Code rewrites ~/.claude.json as it runs: a restore puts back the onboarding flag alone, keeping what it wrote since.
  restoreText(paths, file, backupText, currentText) {
    if (file !== paths.claudeJson) return undefined;
    const value = backupText === null ? undefined : readJsonConfig(backupText, file)[ONBOARDED];
    const text = editJson(currentText, file, [{ path: [ONBOARDED], value: value as JsonValue | undefined }]);
    return backupText === null && Object.keys(readJsonConfig(text, file)).length === 0 ? null : text;
  },

  // Settings given with --settings override the user's settings key by key, so the global file stays untouched.
  launch({ target, tempDir, toolArgs }) {
    const settings = path.join(tempDir, 'settings.json');
    const env = { ...envFor(target), ...Object.fromEntries(CONFLICTING.map((k) => [k, ''])) };
    return {
      command: 'claude',
      args: ['--settings', settings, ...toolArgs],
      env: {},
      tempFiles: [{ path: settings, text: `${JSON.stringify({ env }, null, 2)}\n` }],
    };
  },
};
