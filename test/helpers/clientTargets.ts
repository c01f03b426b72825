import type { ClientTarget } from '../../electron/core/clients/types';

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

/** A Codex auth.json holding a ChatGPT login, which Switchboard must leave intact. */
export const CHATGPT_LOGIN = `{
  "auth_mode": "chatgpt",
  "OPENAI_API_KEY": null,
  "tokens": {
    "id_token": "eyJ-id-token-xxxxxxxxxxxx",
    "access_token": "eyJ-access-token-yyyyyyyy",
    "refresh_token": "rt-refresh-zzzzzzzzzzzz",
    "account_id": "acct-123"
  },
  "last_refresh": "2025-01-01T00:00:00Z"
}
`;
