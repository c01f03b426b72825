const KEY_PREFIX = /^(sk-|sb-|sess-)/;

/** Masks a secret for display: keeps a recognisable prefix and the last four characters. */
export function maskSecret(secret: string | undefined | null): string {
  if (!secret) return '';
  const prefixMatch = KEY_PREFIX.exec(secret);
  const prefix = prefixMatch ? prefixMatch[1] : '';
  if (secret.length <= prefix.length + 8) return `${prefix}…`;
  return `${prefix}…${secret.slice(-4)}`;
}

/**
 * Replaces every occurrence of the given secrets in a text with their masked form, a key's also
 * without its prefix: new-api and one-api keep keys without "sk-", and a gateway that quotes the
 * key it was sent may quote it so.
 */
export function redactSecrets(text: string, secrets: Iterable<string>): string {
  let out = text;
  for (const s of secrets) {
    if (!s || s.length < 6) continue;
    out = out.split(s).join(maskSecret(s));
    const bare = s.replace(KEY_PREFIX, '');
    if (bare !== s && bare.length >= 8) out = out.split(bare).join(maskSecret(bare));
  }
  return out;
}

/** Runs of key characters long enough to be one (dots split them: dotted names are config keys). */
const WORD = /[A-Za-z0-9_~+/=-]{8,}/g;

/** A known key prefix, or a long run mixing letters and digits, as generated keys and tokens do. */
const looksLikeKey = (word: string) => /^(sk-|sb-|sess-)/.test(word) || (word.length >= 16 && /[A-Za-z]/.test(word) && /\d/.test(word));

/**
 * Masks every word that looks like a key, for text that may quote a file's content without saying
 * which parts are secret (a parser's reason for rejecting a line that holds one).
 */
export function maskKeyLikeWords(text: string): string {
  return text.replace(WORD, (word) => (looksLikeKey(word) ? maskSecret(word) : word));
}
