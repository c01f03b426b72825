// The help of every command, and the names of the commands and subcommands that answer --help.
// Kept apart from the commands themselves (and free of zod, the app and the config parsers) so that
// "switchboard --help" and "switchboard <command> --help" load only this file; cliMain.ts imports
// the commands when one actually runs.
import { CALL_ENDPOINTS } from '../shared/callEndpoint';
import type { Settings } from '../shared/usageContract';
import { BACKUPS_KEPT } from './core/store/backups';
import { APP_VERSION } from './core/version';
import { table } from './cliTable';

const MAIN_HELP = `switchboard ${APP_VERSION}: switch Claude Code, Codex and Hermes between AI API gateways.

Usage: switchboard <command> [options]

Commands:
  serve                 run the local proxy and the dashboard on 127.0.0.1 (headless)
  dashboard             print a fresh one-time login link for the running server
  provider ...          add, list, show, edit, remove and test gateway providers
  use <provider>        point a tool (or GUI chat clients) at a provider
  run <tool>            start a tool once, pointed at a provider, without touching its files
  restore               bring a tool's configuration back from a backup
  status                what each tool points at, and edits made outside Switchboard
  route ...             the provider chain behind each client's local token
  token                 show (or rotate) a client's local proxy token
  usage                 calls, tokens, cost and latency of the calls made through the proxy
  price                 model prices per provider (read from the gateway or set by hand)
  settings              proxy port, allowed origins, timeouts, breaker, usage recording
  account ...           gateway accounts: balance, keys, per-call logs, groups and pricing
  audit                 check a gateway's bill against the calls the proxy made
  completion            the script for tab completion in bash or zsh

Run "switchboard <command> [<subcommand>] --help" (or -h) for the options of a command.
Data: $SWITCHBOARD_HOME (default: the OS app-data folder, shared with the desktop app). Tool folders follow
CLAUDE_CONFIG_DIR, CODEX_HOME and HERMES_HOME.`;
const SERVE_HELP = `Usage: switchboard serve [--port N] [--host 127.0.0.1]

Runs the local proxy and the dashboard on the loopback interface (default port 17170,
or $SWITCHBOARD_PORT) until interrupted, and prints a one-time login link for the browser.
Notes its port in server.json in the data folder while it runs ("switchboard dashboard" reads it),
and builds the dashboard first when a source checkout does not have it yet.`;
export const PROVIDER_HELP = `Usage:
  switchboard provider add <name> (--base-url URL | --preset ID) --key KEY [--anthropic-url URL]
                               [--protocols chat,anthropic,responses] [--models a,b] [--extra-keys k2,k3] [--json]
  switchboard provider edit <name> [--rename NEW] [--base-url URL] [--anthropic-url URL] [--key KEY]
                               [--extra-keys k2,k3] [--protocols ...] [--models ...] [--group-ratio R] [--output-limit MODEL=N ...] [--json]
  switchboard provider list [--json]
  switchboard provider show <name> [--json]
  switchboard provider rm <name> [--force] [--json]
  switchboard provider test <name> [--json]      latency and the gateway's model list
  switchboard provider presets [--json]          the gateways Switchboard knows
  switchboard provider import [--from claude|codex|hermes] [--name N] [--dry-run] [--json]
                                                 add the gateway a tool is already set up for
                                                 (by hand or by CC Switch); see "provider import --help"

--key - reads the key from standard input (keeps it out of your shell history). The key goes in
--key, never in the URL: a base URL with a user name or password (https://user:pw@...) is refused.
--extra-keys are more keys of the gateway, tried in turn when one is rejected; edit --extra-keys
replaces them and keeps the first key, edit --key alone leaves only the new key.
--group-ratio is the price multiplier of the key's group on the gateway (costs in "switchboard usage").
--output-limit caps max_tokens for a model on this provider: larger requests are clamped, not failed;
repeat it for several models (the limits given replace the provider's earlier ones).
rm refuses a provider that a client's route holds; --force takes it out of those routes too.
--rename also files the provider's usage history under the new name (usage and the billing audit
read calls by provider name).
A base without an API version at the end (a bare host, or a path such as /all) gets /v1 for
every protocol (https://gw.example.com/all -> .../all/v1/chat/completions and .../all/v1/messages);
a base ending in /v1 is kept, and the Anthropic root is it without /v1 unless --anthropic-url
says otherwise. A key with a space or control character inside is refused.
Without --protocols (or a preset) a provider speaks chat only: name anthropic and responses too
when the gateway has them (new-api gateways do), or Claude Code and Codex go through the proxy.`;
const USE_HELP = `Usage: switchboard use <provider> --client claude|codex|hermes|chat [--mode proxy|direct] [--model M]
                       [--dry-run] [--no-check] [--onboarding] [--codex-auth auto|auth-json|bearer] [--json]

Writes the tool's own configuration so it talks to <provider>: directly (--mode direct) or
through the local proxy with the tool's own sb- token (--mode proxy, the default; it warns when
nothing answers there: start "switchboard serve" or the app). Only the
keys Switchboard owns change; a backup is kept first. --client chat puts <provider> first in the
route of GUI chat clients (which always come through the proxy) and writes no file; --dry-run and
--no-check work for it too, --mode direct, --onboarding and --codex-auth do not apply.
  --model M      the model the tool asks for (and the route asks the provider for); without it
                 the tool gets back its own model, the one it had before Switchboard set one
                 (none if it had none), and the route stops asking for the model an earlier
                 use --model set (one chosen with "route set" stays)
  --dry-run      print the diff and change nothing: keys and tokens are masked, and any URL
                 but the base URL written or replaced shows only its host
  --no-check     skip checking the key against the gateway first
  --onboarding   Claude Code only: also mark onboarding done in .claude.json (in
                 CLAUDE_CONFIG_DIR when that is set, else ~/.claude.json)
  --codex-auth   Codex only: auth-json puts the key in auth.json, bearer in config.toml;
                 auto (default) keeps a ChatGPT login in auth.json untouched, and keeps
                 the bearer form once it is in use`;
const RUN_HELP = `Usage: switchboard run claude|codex|hermes --provider P [--model M] [-- tool args]
       switchboard run claude|codex|hermes --mode proxy [--model M] [-- tool args]

Starts the tool for this one run pointed at P (through its environment, a settings file on its
command line, or config overrides), leaving its global files alone: two terminals can use two
gateways at once. Directly (the default), P must speak the tool's protocol.
  --mode proxy   point this run at the local proxy instead, which converts protocols and fails
                 over; the run follows the tool's route ("switchboard route set"), so --provider
                 may be left out. The proxy must be running ("switchboard serve" or the app).`;
const RESTORE_HELP = `Usage: switchboard restore --client claude|codex|hermes [--backup ID] [--list] [--dry-run] [--json]

Brings back the files of the newest backup (or backup ID). --list shows the backups kept: the
last ${BACKUPS_KEPT}, and each backup that holds a file "(original)", as it was before Switchboard first
changed it. Those are never pruned, so the setup from before Switchboard can always be restored.
A file Switchboard first changed after the backup goes back to its original too (as it was then).
Claude Code's .claude.json, which Claude Code keeps rewriting, gets back only hasCompletedOnboarding.
A local proxy token rotated since the backup comes back as the current one (the old one no longer works).
A backup holds only the files its change wrote ("token --rotate" keeps only those holding the token):
a file of the tool that Switchboard has changed but the backup does not hold is left as it is, with
any later switch in it, and restore names it before it writes. --dry-run names the files it would
restore and those it would leave, and writes nothing (--json: files, untouched).
Restoring makes a backup too, so it can be undone.`;
const STATUS_HELP = `Usage: switchboard status [--json]

Shows whether the local proxy answers (a short probe of its port on 127.0.0.1), what each tool
points at now: in proxy mode the route's first provider and the whole chain, in direct mode the
provider itself; any drift (an owned setting edited outside Switchboard), and providers whose
circuit breaker has seen failures (the running proxy keeps its breakers in the database, so a
separate status sees them). When nothing answers on the proxy's port but a server of this data
folder runs on another one ("serve --port N"), status names it and says how to move it.`;
export const ROUTE_HELP = `Usage:
  switchboard route set --client claude|codex|hermes|chat <provider>[=MODEL] [<provider>[=MODEL] ...]
                        [--model M] [--map PROVIDER:PATTERN=MODEL ...] [--strict | --no-strict]
                        [--retry-status 400,529] [--retry-text TEXT ...] [--json]
  switchboard route list [--json]

The chain behind a client's local token: providers are tried in order until one answers
(connection failures, timeouts, 408, 429, 5xx, 401/403 go to the next one before any byte
reaches the tool). Each provider can be asked for its own model: PROVIDER=MODEL always, or
--map "gw:claude-sonnet-*=gpt-5.4" by pattern (first match wins; otherwise the tool's model).
--strict never serves another model than the one asked for: failover only goes to providers
that map to the same model. --retry-status and --retry-text add retryable answers (gateways
answer overload as 400 "overloaded"). "switchboard use" puts a provider first and keeps the rest.`;
const TOKEN_HELP = `Usage: switchboard token --client claude|codex|hermes|chat [--rotate] [--json]

Prints the client's local proxy token (sb-...). --rotate issues a new one; the old one stops working.
A tool that "switchboard use" set up through the proxy gets the new token in its files (a backup is
kept first; the files are named on stderr), unless they no longer hold the old one (switched
elsewhere by hand): then they stay as they are. If another program writes one of those files while
the token is rotated, nothing changes and the old token keeps working. GUI chat clients need it
pasted into their settings.`;

const IMPORT_HELP = `Usage: switchboard provider import [--from claude|codex|hermes] [--name NAME] [--dry-run] [--json]

Turns the gateway your tools are already set up for (by hand or by CC Switch) into providers:
Claude Code's ANTHROPIC_BASE_URL with ANTHROPIC_AUTH_TOKEN or ANTHROPIC_API_KEY in settings.json,
Codex's provider base_url with its key (config.toml, auth.json, or the variable its env_key names,
as set where this runs), and Hermes' model base_url and key.
Keys are shown masked. Settings that already point at Switchboard, or whose gateway is already a
provider, are left out. The tools' files are not changed.
  --from      import only from this tool
  --name      the provider's name (default: the gateway's host name); needs a single tool
  --dry-run   show what would be imported and add nothing`;

const DASHBOARD_HELP = `Usage: switchboard dashboard [--port N]

Prints a fresh one-time login link (valid ten minutes) for the running server: the one
"switchboard serve" or the desktop app started with this data folder (it notes its port in
server.json there), or the server on port N. Exits with 1 when no server runs.`;

const COMPLETION_HELP = `Usage: switchboard completion bash|zsh

Prints the script that lets the shell complete switchboard's commands, subcommands, flags, the
values a flag lists (--client claude|codex|hermes|chat), the settings and the names of your
providers and accounts. Load it from your shell's start-up file:
  bash (~/.bashrc):  eval "$(switchboard completion bash)"
  zsh (~/.zshrc):    eval "$(switchboard completion zsh)"
It completes the switchboard command on your PATH (npm install -g, or npm link in this folder).`;

const USAGE_HELP = `Usage: switchboard usage [--since 24h] [--by model|provider|client|endpoint|day] [--client C] [--provider P] [--model M] [--endpoint E] [--json]
       switchboard usage --latency [--since 24h] [--client C] [--provider P] [--model M] [--endpoint E] [--json]
                                                        p50/p95 total time and time to first byte per provider
       switchboard usage --calls N [--since 24h] [--client C] [--provider P] [--model M] [--endpoint E] [--errors|--cancelled] [--json]
       switchboard usage --csv FILE|- [--since 7d] [filters]  every call as CSV (- prints it)

Totals of the calls made through the local proxy: calls, errors, tokens (input excludes cached
tokens; cache reads and writes are shown apart) and cost in USD from each call's price snapshot.
CACHE WRITE counts every cache write, the 1-hour ones included; INCL. 1H says how many of them
Anthropic kept an hour, which are priced apart (see "switchboard price --help"); cacheWriteTokens
and cacheWrite1hTokens in --json and the CSV.
A call that used tokens without a price shows "no price" (null in --json), and totals say how many
calls their cost leaves out ("$1.2300 + 4 calls without a price"). Totals in --json are whole millionths;
a call's cost in --json and the CSV is what the ledger keeps, below a millionth too (a short embedding).
--since takes 30m, 24h, 7d, 4w, today, a date (2026-11-01: from local midnight) or a local time
(2026-11-01T09:30); without it, the last 24 hours (7 days for --csv). Days, hours and the calls
list's TIME are in local time. --calls N lists the latest N calls, a whole number from 1 to 1,000
(--csv writes every call of the window). Estimated token counts
are marked with ~ in the calls list: INPUT and OUTPUT when the gateway reported none (or only
zeros), OUTPUT alone when a stream ended without its final output count (estimatedCounts "all" or
"output" in --json and the CSV).
--client, --provider, --model and --endpoint narrow the totals, latency, the calls list and the CSV
alike, to the same calls. --model is the model that served a call (MODEL in the calls list, the key
of --by model), or the one it asked for where none served it; calls that asked for that model and a
route's mapping served as another are not included, and a line under the table says how many and
as what. A removed provider's calls still show under its name; a --provider that names no provider
and no recorded calls is refused. --errors lists the calls that failed, including
streams that failed after they had started ("200 → failed mid-stream: <why>"); --cancelled lists
the calls their client abandoned (closed the connection before the answer was finished), which
count neither as errors nor as successes (the totals say how many; cancelledCalls in --json).
Both go with --calls or --csv only.
The calls list's ENDPOINT is the proxy endpoint a call went to ("unknown" for calls recorded before
Switchboard kept it, and their key "" in --by endpoint --json); --by endpoint totals per endpoint, and
--endpoint E counts and lists only the calls to one. The endpoints:
  ${CALL_ENDPOINTS.join(', ')}`;

export const PRICE_HELP = `Usage:
  switchboard price list [--provider P] [--json]
  switchboard price set <provider> <model> --input USD --output USD [--cache-read USD] [--cache-write USD] [--cache-write-1h USD] [--json]
  switchboard price rm <provider> <model> [--json]
  switchboard price sync <provider> [--group G] [--json]

Prices are USD per million tokens, per provider and model, printed with thousands grouped (1,500; plain
numbers in --json); each call stores the price it was charged with, so editing a price never rewrites
history. "set" without --cache-read/--cache-write keeps the model's previous cache-to-input ratio (the
gateway's, after a sync) or else leaves the cache price unset: cached tokens then have no price, and
such calls show "no price". --cache-write is the price of a cache write kept 5 minutes (and of any a
gateway does not tell apart); Anthropic reports writes kept an hour apart and bills them at twice the
input price, which they cost unless --cache-write-1h says otherwise (and only where --cache-write is
set; "--cache-write-1h default" goes back to twice the input price). "sync" reads a new-api gateway's
public /api/pricing (prices set by hand are kept); --group also sets the provider's group ratio from
it. "rm" of a price that is not there is an error (exit 1) and changes nothing, as "provider rm" of a
provider that is not there is.`;

/** What each setting does, in one sentence: shown beside its value and in the help. */
export const SETTING_MEANINGS: Record<keyof Settings, string> = {
  proxyPort: 'The port the local proxy and dashboard listen on (127.0.0.1); takes effect when the proxy next starts.',
  allowedOrigins: 'Web pages allowed to call the proxy from a browser (CORS).',
  connectTimeoutMs: 'How long to wait for a gateway to accept the connection before trying the next provider.',
  firstByteTimeoutMs: 'How long to wait for a gateway\'s first byte (its headers) before failing over to the next provider; for streams also the longest pause between chunks.',
  responseTimeoutMs: 'How long a non-streamed call may take in all (gateways send it only when done) before it is abandoned and failed over to the next provider.',
  retryAfterCapMs: 'The longest Retry-After of a 429 that is waited out (once) when no other provider answered.',
  breakerThreshold: 'Consecutive failures after which a provider is skipped for breakerCoolDownMs.',
  breakerCoolDownMs: 'How long a provider that kept failing is skipped before one probe call decides.',
  recordUsage: 'Keep a usage ledger row per call (tokens, cost, timings; never prompts or keys).',
  startAtLogin: 'Start the desktop app when you log in.',
  theme: 'The dashboard\'s colours: system, light or dark.',
  language: 'The dashboard\'s language: system, en or zh-CN.',
};

const SETTINGS_HELP = `Usage:
  switchboard settings [--json]                 every setting, its value and what it does
  switchboard settings set <name> <value> [--json]
                                                change one (lists take a,b,c); --json prints
                                                {"<name>": <new value>}

Settings:
${table(Object.keys(SETTING_MEANINGS).map((name) => [`  ${name}`, SETTING_MEANINGS[name as keyof Settings]]))}

Timeouts (names ending in Ms) take milliseconds, or a number with s, m or h (90s, 10m).`;

export const ACCOUNT_HELP = `Usage:
  switchboard account add <name> --base-url URL (--username U --password P [--otp CODE] | --access-token T --user-id N | --key K)
                              [--kind new-api|one-api|openrouter|deepseek|moonshot|siliconflow] [--low-balance N] [--json]
  switchboard account login <name> [--otp CODE] [--password P | --access-token T | --key K]
  switchboard account list [--json]
  switchboard account rm <name> [--json]
  switchboard account balance [<name>] [--json]     remaining and used, in the gateway's currency
  switchboard account threshold <name> <N|off>     warn when the balance falls below N (in its currency)
  switchboard account keys <name> [--json]
  switchboard account keys create <name> <key-name> [--quota N | --unlimited] [--expires DATE] [--group G] [--models a,b]
  switchboard account keys disable|enable|delete|reveal <name> <key>
  switchboard account keys group <name> <key> <group>
  switchboard account keys use <name> <key> [--provider P] [--protocols chat,anthropic,responses] [--models a,b]
  switchboard account logs <name> [--since 24h] [--model M] [--token NAME] [--page N] [--json]
  switchboard account groups|pricing <name> [--json]

The base URL is the gateway's site root (https://gw.example.com), with no user name or password
in it: those go in --username and --password (or --access-token, --key). A console login (new-api or
one-api) gives balance, keys, logs, groups and the billing audit; --key alone gives the balance.
OpenRouter, DeepSeek, Moonshot and SiliconFlow accounts take --key and need no --base-url.
A DeepSeek account holding yuan and dollars shows both; the threshold applies to each, and the
account is LOW only when all are below it (a currency alone below it is marked, e.g. "USD LOW").
When DeepSeek says the balance cannot pay for calls, the account is "LOW (cannot pay for calls)"
whatever its figures and threshold.
--password -, --access-token - and --key - read the secret from standard input.
--expires takes a date (2026-12-31: the key works through the end of that local day) or a local
date-time (2026-12-31 18:00); a time already past is refused. A key created without --quota or
--unlimited has no quota cap (unlimited).
<key> is a key's id or name. "keys use" creates (or updates) a provider from the key, with its
group's price ratio (a provider of another gateway is refused: it would be sent the key), and
"keys group" moves such providers to the new group's ratio; "pricing" also writes the gateway's
prices for the account's providers.
logs shows 50 calls a page; a --page past the last one is refused, naming the pages there are.
A gateway with more keys than Switchboard reads (500 pages) gets a sentence saying the list is
partial: above the table, or on stderr with --json, whose array then holds the keys read.`;

/** "account keys <verb>"; any other word after "keys" is the account whose keys to list. */
export const KEY_VERBS = ['create', 'disable', 'enable', 'delete', 'group', 'reveal', 'use'] as const;

const AUDIT_HELP = `Usage: switchboard audit --account <name> [--since 7d] [--tolerance 0.02] [--json]

Matches the gateway's per-call logs with the calls the local proxy recorded (time, model, tokens)
and reports calls billed that the proxy never made or that failed before any answer, token counts
that differ beyond the tolerance, a billed model other than the one asked for, and charges that
differ from the price snapshot, per call and per day. A call cut short (its client left, or its
stream broke off) is matched, but its bill is taken as it is. Amounts are USD. A matched call
without a price in the ledger cannot be judged: EXPECTED then says how many calls it leaves out,
and the audit says so under the table.`;

/** A command's help, the subcommands that answer --help with it, and those with help of their own. */
interface CommandHelp {
  help: string;
  /** Its subcommands ("keys create" for a nested one): each answers --help with this help. */
  subcommands?: readonly string[];
  /** A subcommand with help of its own, printed instead of the command's. */
  subcommandHelp?: Readonly<Record<string, string>>;
}

/** Every command the CLI runs (cli.ts COMMANDS, serve and completion), with its help. */
export const COMMAND_HELP: Record<string, CommandHelp> = {
  serve: { help: SERVE_HELP },
  provider: {
    help: PROVIDER_HELP,
    subcommands: ['add', 'edit', 'list', 'show', 'rm', 'test', 'presets', 'import'],
    subcommandHelp: { import: IMPORT_HELP },
  },
  use: { help: USE_HELP },
  run: { help: RUN_HELP },
  restore: { help: RESTORE_HELP },
  status: { help: STATUS_HELP },
  route: { help: ROUTE_HELP, subcommands: ['set', 'list'] },
  token: { help: TOKEN_HELP },
  dashboard: { help: DASHBOARD_HELP },
  usage: { help: USAGE_HELP },
  price: { help: PRICE_HELP, subcommands: ['list', 'set', 'rm', 'sync'] },
  settings: { help: SETTINGS_HELP, subcommands: ['set'] },
  account: {
    help: ACCOUNT_HELP,
    subcommands: ['add', 'login', 'list', 'rm', 'balance', 'threshold', 'keys', ...KEY_VERBS.map((verb) => `keys ${verb}`), 'logs', 'groups', 'pricing'],
  },
  audit: { help: AUDIT_HELP },
  completion: { help: COMPLETION_HELP },
};

/** True when the arguments before "--" (the rest belongs to a tool) ask for help. */
function wantsHelp(argv: string[]): boolean {
  const dash = argv.indexOf('--');
  return (dash === -1 ? argv : argv.slice(0, dash)).some((arg) => arg === '--help' || arg === '-h');
}

/** The text to print when the command line asks for help or the version; undefined when it runs a command. */
export function helpFor(argv: string[]): string | undefined {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') return MAIN_HELP;
  if (command === '--version' || command === '-v') return APP_VERSION;
  if (!Object.prototype.hasOwnProperty.call(COMMAND_HELP, command) || !wantsHelp(rest)) return undefined;
  const { help, subcommandHelp } = COMMAND_HELP[command];
  return subcommandHelp?.[rest[0]] ?? help;
}
