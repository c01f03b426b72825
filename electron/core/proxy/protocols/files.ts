/** Documents as OpenAI carries them: `file_data` (a data URL, or bare base64 from some clients) plus a filename. */
import { DATA_URL } from './images';
import type { FilePart } from './ir';

/** Chat Completions accepts PDFs only, and PDFs are what clients send; the fallback media type. */
export const PDF = 'application/pdf';

const EXTENSIONS: Record<string, string> = {
  pdf: PDF,
  txt: 'text/plain',
  md: 'text/markdown',
  csv: 'text/csv',
  html: 'text/html',
  json: 'application/json',
};

/** The media type a file name or URL implies, PDF when it says nothing we know. */
export function mediaTypeFromName(name: string | undefined): string {
  const ext = /\.([a-z0-9]+)(?:[?#].*)?$/i.exec(name ?? '')?.[1]?.toLowerCase();
  return (ext && EXTENSIONS[ext]) || PDF;
}

/** A file from OpenAI's `file_data`; the media type comes from the data URL, else from the file name. */
export function fileFromData(fileData: string, filename: string | undefined): FilePart {
  const match = DATA_URL.exec(fileData);
  const named = filename ? { filename } : {};
  return match
    ? { type: 'file', mediaType: match[1] ?? mediaTypeFromName(filename), data: match[2], ...named }
    : { type: 'file', mediaType: mediaTypeFromName(filename), data: fileData, ...named };
}

export function fileDataUrl(part: FilePart & { data: string }): string {
  return `data:${part.mediaType};base64,${part.data}`;
}

/**
 * OpenAI wants a filename beside `file_data` (Anthropic's `title` is optional), so an unnamed
 * file gets one that matches its type.
 */
export function fileName(part: FilePart): string {
  if (part.filename) return part.filename;
  const ext = Object.entries(EXTENSIONS).find(([, type]) => type === part.mediaType)?.[0];
  return ext ? `document.${ext}` : 'document';
}

export const hasData = (part: FilePart): part is FilePart & { data: string } => typeof part.data === 'string';
