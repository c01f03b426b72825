import type { Protocol } from '../../../shared/schemas';

/** OpenAI endpoints with no counterpart in the other protocols, passed through as they are. */
export type OpenAiSidePath = '/embeddings' | '/images/generations';

export type ProxyEndpoint =
  | { kind: 'generate'; protocol: Protocol }
  | { kind: 'count_tokens' }
  | { kind: 'models' }
  | { kind: 'openai_passthrough'; path: OpenAiSidePath };

/** Maps a request path to what the proxy does with it; clients differ on whether they include /v1. */
export function endpointOf(method: string, pathname: string): ProxyEndpoint | null {
  const path = pathname.replace(/\/+$/, '').replace(/^\/v1(?=\/)/, '');
  if (method === 'GET' && path === '/models') return { kind: 'models' };
  if (method !== 'POST') return null;
  switch (path) {
    case '/messages':
      return { kind: 'generate', protocol: 'anthropic' };
    case '/messages/count_tokens':
      return { kind: 'count_tokens' };
    case '/chat/completions':
      return { kind: 'generate', protocol: 'chat' };
    case '/responses':
      return { kind: 'generate', protocol: 'responses' };
    case '/embeddings':
    case '/images/generations':
      return { kind: 'openai_passthrough', path };
    default:
      return null;
  }
}

/** The protocol an error should be written in, guessed from the path and headers. */
export function errorProtocolOf(pathname: string, headers: Record<string, string | string[] | undefined>): Protocol {
  if (pathname.includes('/messages') || headers['anthropic-version']) return 'anthropic';
  if (pathname.includes('/responses')) return 'responses';
  return 'chat';
}
