// Tab completion for bash and zsh. What a command takes is read from the usage lines of its help
// (cliHelp.ts), so completion offers exactly what --help documents: subcommands, flags, the values
// a flag lists (--client claude|codex|hermes|chat) and, from the data folder, provider and account
// names where the help says <provider> or <name>.
import { CALL_ENDPOINTS } from '../shared/callEndpoint';
import { COMMAND_HELP } from './cliHelp';

/** The names the help does not list, read when a word needs them: the data folder's, and the settings'. */
export interface CompletionNames {
  providers(): Promise<string[]>;
  accounts(): Promise<string[]>;
  settings(): Promise<string[]>;
}

/** One positional place of a usage line: fixed words (a subcommand, "claude|codex|hermes") or a placeholder. */
type Slot = { words: string[] } | { placeholder: string };

interface Form {
  slots: Slot[];
  /** The last slot may be given again and again ("<provider> [<provider> ...]"). */
  repeats: boolean;
}

interface CommandGrammar {
  forms: Form[];
  /** Every flag, with the values it lists; null for a flag that takes no value. */
  flags: Map<string, string[] | null>;
}

export const COMPLETION_SHELLS = ['bash', 'zsh'] as const;
export type CompletionShell = (typeof COMPLETION_SHELLS)[number];

const FLAG = /^[[(]?(--[a-z][a-z-]*)([\])]?)$/;
const CHOICES = /^[a-z0-9][a-z0-9.-]*(\|[a-z0-9][a-z0-9.-]*)+$/;
/** "claude|codex" or "set": fixed words; anything with a capital, "<", "=" or "," is not. */
const WORDS = /^[a-z][a-z0-9-]*(\|[a-z][a-z0-9-]*)*$/;

const strip = (token: string) => token.replace(/^[[(]+|[\])]+$/g, '');

/** A usage line's command part, without its description (set off by two or more spaces). */
function commandPart(line: string): string {
  return line.trim().replace(/^Usage:\s*/, '').split(/\s{2,}/)[0];
}

/** Reads the usage lines at the top of a command's help (up to the first blank line). */
function grammarOf(command: string): CommandGrammar {
  const { help, subcommandHelp = {} } = COMMAND_HELP[command];
  const usageBlocks = [help, ...Object.values(subcommandHelp)].map((text) => text.split('\n\n')[0].split('\n'));
  const flags = new Map<string, string[] | null>([['--help', null]]);
  const forms: Form[] = [];
  const prefix = `switchboard ${command}`;
  for (const lines of usageBlocks) {
    for (const line of lines) {
      const part = commandPart(line);
      const starts = part.startsWith(prefix);
      const tokens = (starts ? part.slice(prefix.length) : part).split(/\s+/).filter(Boolean);
      const slots: Slot[] = [];
      let repeats = false;
      for (let i = 0; i < tokens.length; i++) {
        const token = tokens[i];
        if (token === '[--' || token.startsWith('--]')) break; // "[-- tool args]": the rest is the tool's.
        const flag = FLAG.exec(token.split('|')[0]);
        if (flag) {
          // "[--errors|--cancelled]" names two flags; a flag whose token closes its bracket takes no value.
          const names = token.split('|').map((t) => strip(t)).filter((t) => t.startsWith('--'));
          const next = tokens[i + 1];
          const takesValue = names.length === 1 && !flag[2] && next !== undefined && !/^[-[(|]/.test(next);
          for (const name of names) if (!flags.has(name) || takesValue) flags.set(name, takesValue ? (CHOICES.test(strip(next)) ? strip(next).split('|') : []) : null);
          if (takesValue) i++;
          continue;
        }
        if (!starts || token === '|' || token.startsWith('(')) continue;
        if (/^\.\.\.\]*$/.test(token)) {
          repeats = true;
          continue;
        }
        const placeholder = /^\[?<([a-z-]+)>/.exec(token);
        if (placeholder) slots.push({ placeholder: placeholder[1] });
        else if (WORDS.test(strip(token))) slots.push({ words: strip(token).split('|') });
        else slots.push({ placeholder: token });
      }
      if (starts) forms.push({ slots, repeats });
    }
  }
  return { forms, flags };
}

/** Where the help's placeholder names a provider, an account or a setting. */
function namesFor(command: string, placeholder: string, form: Form, names: CompletionNames): Promise<string[]> | null {
  if (placeholder === 'provider') return names.providers();
  // "<name>" is the account or provider the command works on, except where "add" makes a new one.
  if (placeholder !== 'name' || ('words' in form.slots[0] && form.slots[0].words.includes('add'))) return null;
  if (command === 'provider') return names.providers();
  if (command === 'account' || command === 'audit') return names.accounts();
  if (command === 'settings') return names.settings();
  return null;
}

const FLAG_NAMES: Record<string, keyof CompletionNames> = { '--provider': 'providers', '--account': 'accounts' };
/** Values too many for a usage line ("[--endpoint E]"), listed in the help's text instead. */
const FLAG_VALUES: Record<string, readonly string[]> = { '--endpoint': CALL_ENDPOINTS };

/**
 * The words that may come next: `words` are those after "switchboard", the last one being
 * completed (empty for a new word). Only candidates that start with it are returned.
 */
export async function completeWords(words: string[], names: CompletionNames): Promise<string[]> {
  const current = words.at(-1) ?? '';
  const before = words.slice(0, -1);
  const matching = (candidates: string[]) => [...new Set(candidates)].filter((c) => c.startsWith(current));
  if (before.length === 0) {
    return matching(current.startsWith('-') ? ['--help', '--version'] : Object.keys(COMMAND_HELP));
  }
  const command = before[0];
  if (!Object.prototype.hasOwnProperty.call(COMMAND_HELP, command)) return [];
  if (before.includes('--')) return [];
  const grammar = grammarOf(command);

  const previous = before.at(-1)!;
  const valued = grammar.flags.get(previous);
  if (before.length > 1 && valued) {
    const list = FLAG_NAMES[previous];
    return matching(list ? await names[list]() : [...(FLAG_VALUES[previous] ?? valued)]);
  }
  if (current.startsWith('-')) return matching([...grammar.flags.keys()]);

  // The positional words given so far: flags and the values they took are not.
  const given: string[] = [];
  for (let i = 1; i < before.length; i++) {
    if (before[i].startsWith('-')) {
      if (grammar.flags.get(before[i])) i++;
    } else given.push(before[i]);
  }
  const candidates: string[] = [];
  for (const form of grammar.forms) {
    const fits = given.every((word, i) => {
      const slot = form.slots[Math.min(i, form.slots.length - 1)];
      if (i >= form.slots.length && !form.repeats) return false;
      return slot !== undefined && ('placeholder' in slot || slot.words.includes(word));
    });
    if (!fits) continue;
    const slot = given.length < form.slots.length ? form.slots[given.length] : form.repeats ? form.slots.at(-1) : undefined;
    if (!slot) continue;
    if ('words' in slot) candidates.push(...slot.words);
    else candidates.push(...((await namesFor(command, slot.placeholder, form, names)) ?? []));
  }
  return matching(candidates);
}

const NEEDS_DATA = Symbol('needs the data folder');
const needsData = () => Promise.reject(NEEDS_DATA);
const helpOnly: CompletionNames = { providers: needsData, accounts: needsData, settings: needsData };

/** The words when the help alone answers (commands, flags, listed values); null when they are names it does not list. */
export async function completeFromHelp(words: string[]): Promise<string[] | null> {
  try {
    return await completeWords(words, helpOnly);
  } catch (err) {
    if (err === NEEDS_DATA) return null;
    throw err;
  }
}

/**
 * The script a shell loads to complete "switchboard": it asks `switchboard __complete` for the
 * words, one per line. zsh runs the bash function through its bashcompinit layer.
 */
export function completionScript(shell: CompletionShell): string {
  const bash = `_switchboard_complete() {
  local IFS=$'\\n'
  COMPREPLY=($(switchboard __complete "\${COMP_WORDS[@]:1:\$COMP_CWORD}" 2>/dev/null))
}
complete -o default -F _switchboard_complete switchboard`;
  if (shell === 'bash') return `# switchboard completion for bash: add  eval "$(switchboard completion bash)"  to ~/.bashrc\n${bash}`;
  // compinit only when no completion system is loaded yet: a second one slows every new shell.
  return `# switchboard completion for zsh: add  eval "$(switchboard completion zsh)"  to ~/.zshrc
(( $+functions[compdef] )) || { autoload -U +X compinit && compinit }
autoload -U +X bashcompinit && bashcompinit
${bash}`;
}
