import path from 'node:path';
import { editJson, readJsonConfig, type JsonEdit } from '../files/jsonEdit';
import type { AppPaths } from '../paths';
import { asRecord, asString, ownedFrom, textOf, wroteUnchanged } from './ownedValues';
import type { ClientModule, ClientTarget, PlannedFile } from './types';

const BASE_URL = 'ANTHROPIC_BASE_URL';
/** Sent as `Authorization: Bearer`, which is what hosted gateways expect. */
const AUTH_TOKEN = 'ANTHROPIC_AUTH_TOKEN';
/** Sent as `x-api-key`; with both set, Claude Code sends both headers and gateways pick either, so it goes. */
const API_KEY = 'ANTHROPIC_API_KEY';
const MODEL_KEYS = ['ANTHROPIC_MODEL', 'ANTHROPIC_DEFAULT_HAIKU_MODEL', 'ANTHROPIC_DEFAULT_SONNET_MODEL', 'ANTHROPIC_DEFAULT_OPUS_MODEL'] as const;
/** Telemetry and update checks would bypass the local proxy; in proxy mode they are switched off. */
const QUIET = 'CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC';
const OWNED_KEYS = [BASE_URL, AUTH_TOKEN, ...MODEL_KEYS, QUIET];
const isSecret = (key: string) => key === AUTH_TOKEN || key === API_KEY;

const settingsFile = (paths: AppPaths) => path.join(paths.claudeDir, 'settings.json');

/** The `env` entries that point Claude Code at the target. */
function envFor(target: ClientTarget): Record<string, string> {
  const env: Record<string, string> = { [BASE_URL]: target.anthropicBaseUrl, [AUTH_TOKEN]: target.apiKey };
  if (target.model) for (const key of MODEL_KEYS) env[key] = target.model;
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
    const retired = [...MODEL_KEYS, QUIET].filter((k) => !(k in wanted) && wroteUnchanged(previous, file, `env.${k}`, env[k]));
    const edits: JsonEdit[] = [
      ...Object.entries(wanted).map(([k, value]) => ({ path: ['env', k], value })),
      ...[API_KEY, ...retired].map((k) => ({ path: ['env', k], value: undefined })),
    ];
    const files: PlannedFile[] = [{ path: file, before, after: editJson(before, file, edits), secret: true }];
    if (target.onboarding) {
      const claudeJson = textOf(texts, paths.claudeJson);
      files.push({ path: paths.claudeJson, before: claudeJson, after: editJson(claudeJson, paths.claudeJson, [{ path: ['hasCompletedOnboarding'], value: true }]), secret: false });
    }
    return { files, owned: ownedFrom(file, wanted, OWNED_KEYS, 'env.', isSecret) };
  },

  // Settings given with --settings override the user's settings key by key, so the global file stays untouched.
  launch({ target, tempDir, toolArgs }) {
    const settings = path.join(tempDir, 'settings.json');
    const env = { ...envFor(target), [API_KEY]: '' };
    return {
      command: 'claude',
      args: ['--settings', settings, ...toolArgs],
      env: {},
      tempFiles: [{ path: settings, text: `${JSON.stringify({ env }, null, 2)}\n` }],
    };
  },
};
