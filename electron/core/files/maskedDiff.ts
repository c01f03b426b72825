import { createTwoFilesPatch } from 'diff';
import { maskSecret, redactSecrets } from '../../../shared/mask';
import { displayPath } from './configErrors';

/**
 * A value under a key whose name says it is secret (api_key, access_token, ...), in JSON, TOML, YAML
 * or .env spelling. Context lines can show secrets Switchboard did not write (a ChatGPT login's
 * tokens, another provider's key), so they are masked too.
 */
const SECRET_ASSIGNMENT = /(["']?[\w.-]*(?:key|token|secret|password|passwd|credential)[\w.-]*["']?[ \t]*[:=][ \t]*)(["']?)([^"'\s,#}]+)/gi;

/** Names of variables, references, plain numbers or flags, and values already masked are not secrets. */
const NOT_SECRET = /^(?:[A-Z][A-Z0-9_]*|\$\{.*|true|false|null|-?\d+(?:\.\d+)?)$|…/;

function maskSecretLookingValues(line: string): string {
  return line.replace(SECRET_ASSIGNMENT, (whole, lead: string, quote: string, value: string) =>
    value.length < 8 || NOT_SECRET.test(value) ? whole : `${lead}${quote}${maskSecret(value)}`,
  );
}

/** A unified diff of one file's planned change, with every secret masked. */
export function maskedDiff(file: string, before: string | null, after: string, secrets: Iterable<string>): string {
  const shown = displayPath(file);
  const patch = createTwoFilesPatch(before === null ? '/dev/null' : shown, shown, before ?? '', after, undefined, undefined, { context: 3 });
  const body = patch
    .split('\n')
    // The package adds an Index line and a rule when both names match; the ---/+++ header says it all.
    .filter((line, i) => !(i < 2 && (/^={5,}$/.test(line) || line.startsWith('Index: '))))
    .map((line) => line.replace(/\t$/, ''))
    .join('\n');
  return redactSecrets(body, secrets).split('\n').map(maskSecretLookingValues).join('\n');
}
