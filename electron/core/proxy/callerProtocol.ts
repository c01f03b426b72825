import type { CallEndpoint } from '../../../shared/callEndpoint';
import type { Protocol } from '../../../shared/schemas';

/** OpenAI endpoints with no counterpart in the other protocols, passed through as they are. */
export type OpenAiSidePath =
  | '/embeddings'
  | '/images/generations'
  | '/images/edits'
  | '/audio/speech'
  | '/audio/transcriptions'
  | '/audio/translations'
  | '/moderations';

export interface OpenAiSideShape {
  /** Takes a multipart/form-data upload (JSON is accepted too where OpenAI accepts it). */
  upload: boolean;
  /** May succeed with something other than JSON: audio bytes, or a transcript as text, SRT or VTT. */
  nonJsonReply: boolean;
  /** Its name in the usage ledger. */
  name: CallEndpoint;
}

export const OPENAI_SIDE_SHAPES: Readonly<Record<OpenAiSidePath, OpenAiSideShape>> = {
  '/embeddings': { upload: false, nonJsonReply: false, name: 'embeddings' },
  '/images/generations': { upload: false, nonJsonReply: false, name: 'images.generations' },
  // gpt-image models take JSON here too (images by URL or file id); dall-e-2 only uploads.
  '/images/edits': { upload: true, nonJsonReply: false, name: 'images.edits' },
  '/audio/speech': { upload: false, nonJsonReply: true, name: 'audio.speech' },
  '/audio/transcriptions': { upload: true, nonJsonReply: true, name: 'audio.transcriptions' },
  '/audio/translations': { upload: true, nonJsonReply: true, name: 'audio.translations' },
  '/moderations': { upload: false, nonJsonReply: false, name: 'moderations' },
};

const isOpenAiSidePath = (path: string): path is OpenAiSidePath => Object.hasOwn(OPENAI_SIDE_SHAPES, path);

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
    default:
      return isOpenAiSidePath(path) ? { kind: 'openai_passthrough', path } : null;
  }
}

/** The ledger names of the endpoints that generate, per caller protocol. */
const GENERATE_ENDPOINT: Readonly<Record<Protocol, CallEndpoint>> = { anthropic: 'messages', chat: 'chat', responses: 'responses' };

/** The ledger name of an endpoint whose calls the ledger records. */
export const callEndpointOf = (endpoint: Extract<ProxyEndpoint, { kind: 'generate' | 'openai_passthrough' }>): CallEndpoint =>
  endpoint.kind === 'generate' ? GENERATE_ENDPOINT[endpoint.protocol] : OPENAI_SIDE_SHAPES[endpoint.path].name;

/** The protocol an error should be written in, guessed from the path and headers. */
export function errorProtocolOf(pathname: string, headers: Record<string, string | string[] | undefined>): Protocol {
  if (pathname.includes('/messages') || headers['anthropic-version']) return 'anthropic';
  if (pathname.includes('/responses')) return 'responses';
  return 'chat';
}
