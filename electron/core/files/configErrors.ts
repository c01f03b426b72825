import os from 'node:os';
import path from 'node:path';
import { maskKeyLikeWords } from '../../../shared/mask';
import { SwitchboardError } from '../errors';

/** Shows a path the way its owner knows it, with the home folder as `~`. */
export function displayPath(file: string): string {
  const home = os.homedir();
  if (home && (file === home || file.startsWith(home + path.sep))) return `~${file.slice(home.length)}`;
  return file;
}

/** Where and why a file failed to parse; line and column are 1-based. */
export interface ParseProblem {
  line?: number;
  column?: number;
  reason: string;
}

/** Parser messages start capitalised and end with a full stop; inside our sentence they should not. */
function asClause(reason: string): string {
  const trimmed = reason.trim().replace(/[.:]+$/, '');
  return /^[A-Z][a-z]/.test(trimmed) ? trimmed[0].toLowerCase() + trimmed.slice(1) : trimmed;
}

/**
 * The one sentence for a config file that does not parse. Thrown before anything is written. Parsers
 * quote the text they stopped at, which can be a key (`token = sk-...` without quotes), so anything
 * in their reason that looks like one is masked.
 */
export function unparsableConfig(file: string, problem: ParseProblem): SwitchboardError {
  const where = problem.line ? ` line ${problem.line}${problem.column ? `, column ${problem.column}` : ''}` : '';
  const advice = problem.line ? 'fix or remove the line, then try again' : 'fix the file, then try again';
  return new SwitchboardError('config_unparsable', `${displayPath(file)}${where}: ${asClause(maskKeyLikeWords(problem.reason))}; ${advice}. Nothing was changed.`, {
    file,
    line: problem.line,
    column: problem.column,
  });
}

/** The one sentence for a config file Switchboard may not write; `why` completes "<file> ...". */
export function unwritableConfig(file: string, why: string): SwitchboardError {
  return new SwitchboardError('config_unwritable', `${displayPath(file)} ${why}. Nothing was changed.`, { file });
}
