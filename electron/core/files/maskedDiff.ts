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

/** A URL up to where a quote, space, bracket or comma ends it in JSON, TOML or YAML. */
const URL = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>{}[\],]+/gi;
const URL_PARTS = /^([a-z][a-z0-9+.-]*:\/\/)(?:([^/?#@]*)@)?([^/?#]*)(.*)$/i;

/**
 * A URL keeps its scheme and host; what can carry a credential under any name (a webhook's path,
 * a token in the query, a user or password) reads as `…`. A URL the diff is about (a base URL
 * Switchboard writes or replaces) stays whole.
 */
function maskUrl(url: string, readable: ReadonlySet<string>): string {
  if (readable.has(url)) return url;
  const [, scheme, user, host, rest] = URL_PARTS.exec(url)!;
  const who = user === undefined ? '' : user.includes(':') ? `${user.slice(0, user.indexOf(':'))}:…@` : '…@';
  return `${scheme}${who}${host}${rest === '' || rest === '/' ? rest : `${rest[0]}…`}`;
}

/** Prefixes that make a value a token whatever its name: Slack, GitHub, GitLab, AWS, Google, Stripe, JWT. */
const TOKEN = /\b(?:xox[abeoprs]-|gh[pousr]_|github_pat_|glpat-|AKIA|AIza|[sr]k_live_|eyJ)[A-Za-z0-9_\-.+/=]{12,}/g;

function maskSecretLookingValues(line: string, readable: ReadonlySet<string>): string {
  return line
    .replace(SECRET_ASSIGNMENT, (whole, lead: string, quote: string, value: string) =>
      value.length < 8 || NOT_SECRET.test(value) ? whole : `${lead}${quote}${maskSecret(value)}`,
    )
    .replace(URL, (url) => maskUrl(url, readable))
    .replace(TOKEN, (token) => maskSecret(token));
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

/**
 * A unified diff of one file's planned change, with every secret masked. `readable`: the values the
 * change is about (the base URL written, the one it replaces), so a URL among them is shown whole.
 */
export function maskedDiff(file: string, before: string | null, after: string, secrets: Iterable<string>, readable: Iterable<string> = []): string {
  const shown = displayPath(file);
  const patch = createTwoFilesPatch(before === null ? '/dev/null' : shown, shown, before ?? '', after, undefined, undefined, { context: 3 });
  const body = patch
    .split('\n')
    // The package adds an Index line and a rule when both names match; the ---/+++ header says it all.
    .filter((line, i) => !(i < 2 && (/^={5,}$/.test(line) || line.startsWith('Index: '))))
    .map((line) => line.replace(/\t$/, ''))
    .join('\n');
  const inClear = new Set(readable);
  const maskLine = path.basename(file) === '.env' ? maskEnvValue : (line: string) => maskSecretLookingValues(line, inClear);
  return redactSecrets(body, secrets).split('\n').map(maskLine).join('\n');
}
