import type { ZodError } from 'zod';

type Issue = ZodError['issues'][number];
type PathKey = PropertyKey;

/** Field names people know, where the schema's own name would read as code. */
const FIELD_WORDS: Record<string, string> = { baseUrl: 'base URL', anthropicUrl: 'Anthropic URL', extraKeys: 'extra keys', newName: 'new name' };

/** What a value of each type is called in a sentence ("must be a whole number", never "must be a int"). */
const TYPE_WORDS: Record<string, string> = { int: 'a whole number', number: 'a number', string: 'text', boolean: 'true or false', array: 'a list', object: 'a set of fields' };

/** A field counted in milliseconds by its name (responseTimeoutMs): its words leave the unit to its bounds. */
const inMs = (key: PathKey | undefined) => typeof key === 'string' && key.endsWith('Ms');

/**
 * "protocols item 2", "group ratio", "response timeout": a schema path said as words, never as
 * "protocols.1". As written, a name keeps its spelling ("responseTimeoutMs item 2"), for a command
 * line where people type it so.
 */
function fieldOf(path: readonly PathKey[], asWritten: boolean): string {
  const words = (key: PathKey) => {
    if (typeof key === 'number') return `item ${key + 1}`;
    if (asWritten) return String(key);
    const name = inMs(key) ? String(key).slice(0, -2) : String(key);
    return FIELD_WORDS[name] ?? name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  };
  return path.map(words).join(' ');
}

function valueAt(input: unknown, path: readonly PathKey[]): unknown {
  let value = input;
  for (const key of path) value = value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  return value;
}

const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** zod's built-in wording ("Invalid input: expected ...") as a sentence about the field; a schema's own message is kept. */
function sentenceOf(issue: Issue, input: unknown, asWritten: boolean): string {
  const field = fieldOf(issue.path, asWritten);
  const value = valueAt(input, issue.path);
  const subject = field ? (asWritten ? field : capital(field)) : 'The input';
  switch (issue.code) {
    case 'invalid_value':
      return `${subject} is ${JSON.stringify(value)}; use one of ${issue.values.map(String).join(', ')}.`;
    case 'invalid_type':
      return value === undefined ? `${subject} is missing.` : `${subject} must be ${TYPE_WORDS[issue.expected] ?? `a ${issue.expected}`}.`;
    case 'too_small':
    case 'too_big': {
      if (!/^Too (small|big)/.test(issue.message)) break;
      const bound = issue.code === 'too_small' ? issue.minimum : issue.maximum;
      const more = issue.code === 'too_small';
      if (issue.origin === 'string') return more && Number(bound) <= 1 ? `${subject} must not be empty.` : `${subject} must be ${more ? 'at least' : 'at most'} ${bound} characters.`;
      if (issue.origin === 'array') return `${subject} takes ${more ? 'at least' : 'at most'} ${bound} ${Number(bound) === 1 ? 'entry' : 'entries'}.`;
      const strict = issue.inclusive === false;
      const unit = inMs(issue.path.at(-1)) ? ' ms' : '';
      return `${subject} must be ${more ? (strict ? 'more than' : 'at least') : strict ? 'less than' : 'at most'} ${bound}${unit}.`;
    }
    case 'unrecognized_keys':
      return `There is no field named ${issue.keys.join(', ')}${field ? ` in ${field}` : ''}.`;
  }
  if (/^Invalid (input|string|option)/.test(issue.message)) return `${subject} is not valid.`;
  return field && !issue.message.toLowerCase().includes(field.toLowerCase()) ? `${subject}: ${issue.message}` : issue.message;
}

/**
 * One sentence out of a zod error, about its first problem, in the words of the field it concerns;
 * with `asWritten`, in the field's own name (as the command line lists settings).
 */
export function describeZodError(err: ZodError, input: unknown, { asWritten = false } = {}): string {
  const issue = err.issues[0];
  return issue ? sentenceOf(issue, input, asWritten) : 'The input is not valid.';
}
