import type { ImageSource } from './ir';

/** `data:<media type>[;params];base64,<data>`, the inline form OpenAI uses for images and files. */
export const DATA_URL = /^data:([^;,]+)?(?:;[^,]*)?;base64,(.*)$/s;

/** A URL as OpenAI sends images: either a data URL (inline base64) or a web address. */
export function imageFromUrl(url: string): ImageSource {
  const match = DATA_URL.exec(url);
  return match ? { kind: 'base64', mediaType: match[1] ?? 'image/png', data: match[2] } : { kind: 'url', url };
}

export function imageUrl(source: ImageSource): string {
  return source.kind === 'base64' ? `data:${source.mediaType};base64,${source.data}` : source.url;
}
