import path from 'node:path';
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

/** The password of a URL that carries one (postgres://user:password@host), under whatever name the URL sits. */
const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@"']+:)([^\s/@"']+)(@)/gi;

function maskSecretLookingValues(line: string): string {
  return line
    .replace(SECRET_ASSIGNMENT, (whole, lead: string, quote: string, value: string) =>
      value.length < 8 || NOT_SECRET.test(value) ? whole : `${lead}${quote}${maskSecret(value)}`,
    )
    .replace(URL_PASSWORD, (_whole, lead: string, _password: string, at: string) => `${lead}…${at}`);
}

/** A `NAME=value` line of a .env file as a diff shows it: prefix, name, optional quote, value. */
const ENV_ASSIGNMENT = /^([ +-][ \t]*(?:export[ \t]+)?[A-Za-z_][A-Za-z0-9_.]*[ \t]*=[ \t]*)(["']?)(.*?)(\2[ \t]*)$/;

/**
 * A .env file is where secrets live (a database URL with its password, a token under any name),
 * so every value in its diff is masked, whatever the variable is called.
 */
function maskEnvValue(line: string): string {
  const m = ENV_ASSIGNMENT.exec(line);
  if (!m) return line;
  const [, lead, quote, value, close] = m;
  return value === '' || NOT_SECRET.test(value) ? line : `${lead}${quote}${maskSecret(value)}${close}`;
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
  const maskLine = path.basename(file) === '.env' ? maskEnvValue : maskSecretLookingValues;
  return redactSecrets(body, secrets).split('\n').map(maskLine).join('\n');
}
