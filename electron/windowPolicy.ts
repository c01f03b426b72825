import { pathToFileURL } from 'node:url';
import path from 'node:path';

/** The window's Content-Security-Policy: our own scripts and styles only, no remote anything. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

export type NavigationVerdict = 'app' | 'external' | 'deny';

/** Where a URL may go: inside the app's own folder, out to the browser (https only), or nowhere. */
export function navigationVerdict(url: string, rendererDir: string): NavigationVerdict {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'deny';
  }
  if (parsed.protocol === 'https:') return 'external';
  if (parsed.protocol === 'file:') {
    const root = pathToFileURL(rendererDir + path.sep).href;
    return parsed.href.startsWith(root) ? 'app' : 'deny';
  }
  return 'deny';
}

/** Only a frame showing the app's own files may call the contract over IPC. */
export function isTrustedSender(frameUrl: string | undefined, rendererDir: string): boolean {
  return !!frameUrl && navigationVerdict(frameUrl, rendererDir) === 'app';
}
