/**
 * A Responses caller (Codex) gets Anthropic thinking as reasoning items and sends them back in
 * later requests with `encrypted_content`. Anthropic's signature (or redacted thinking) rides in
 * that field, marked, so it returns to Anthropic intact; unmarked content (OpenAI's own) is never
 * passed to Anthropic as a signature.
 */
const SIGNATURE_MARK = 'anthropic-signature:';
const REDACTED_MARK = 'anthropic-redacted-thinking:';

export function carrySignature(signature: string): string {
  return SIGNATURE_MARK + signature;
}

export function carryRedactedThinking(data: string): string {
  return REDACTED_MARK + data;
}

export type CarriedThinking = { signature: string } | { redacted: string } | null;

export function readCarriedThinking(encrypted: unknown): CarriedThinking {
  if (typeof encrypted !== 'string') return null;
  if (encrypted.startsWith(SIGNATURE_MARK)) return { signature: encrypted.slice(SIGNATURE_MARK.length) };
  if (encrypted.startsWith(REDACTED_MARK)) return { redacted: encrypted.slice(REDACTED_MARK.length) };
  return null;
}
