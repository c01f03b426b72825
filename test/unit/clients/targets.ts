import type { AppPaths } from '../../../electron/core/paths';
import type { ClientTarget, FileTexts } from '../../../electron/core/clients/types';

/** Fixed paths for the pure planner tests: nothing here touches the disk. */
export const PATHS: AppPaths = {
  home: '/sb',
  claudeDir: '/u/.claude',
  claudeJson: '/u/.claude.json',
  codexHome: '/u/.codex',
  hermesHome: '/u/.hermes',
};

export const GATEWAY_KEY = 'sk-gateway-key-0123456789abcdef';
export const LOCAL_TOKEN = 'sb-local-token-0123456789abcdef';

/** Direct mode: the gateway's own URLs and key. */
export function directTarget(overrides: Partial<ClientTarget> = {}): ClientTarget {
  return {
    providerName: 'gw',
    mode: 'direct',
    openaiBaseUrl: 'https://gw.example.com/v1',
    anthropicBaseUrl: 'https://gw.example.com',
    apiKey: GATEWAY_KEY,
    onboarding: false,
    codexAuth: 'auto',
    ...overrides,
  };
}

/** Proxy mode: the local proxy's URLs and the tool's local token. */
export function proxyTarget(overrides: Partial<ClientTarget> = {}): ClientTarget {
  return directTarget({ mode: 'proxy', openaiBaseUrl: 'http://127.0.0.1:17170/v1', anthropicBaseUrl: 'http://127.0.0.1:17170', apiKey: LOCAL_TOKEN, ...overrides });
}

export const texts = (entries: Record<string, string>): FileTexts => new Map(Object.entries(entries));

export const NONE: FileTexts = new Map();
