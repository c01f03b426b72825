/** Masks a secret for display: keeps a recognisable prefix and the last four characters. */
export function maskSecret(secret: string | undefined | null): string {
  if (!secret) return '';
  const prefixMatch = /^(sk-|sb-|sess-)/.exec(secret);
  const prefix = prefixMatch ? prefixMatch[1] : '';
  if (secret.length <= prefix.length + 8) return `${prefix}…`;
  return `${prefix}…${secret.slice(-4)}`;
}

/** Replaces every occurrence of the given secrets in a text with their masked form. */
export function redactSecrets(text: string, secrets: Iterable<string>): string {
  let out = text;
  for (const s of secrets) {
    if (s && s.length >= 6) out = out.split(s).join(maskSecret(s));
  }
  return out;
}
