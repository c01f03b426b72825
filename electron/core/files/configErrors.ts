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

/** Where a parse problem sits and what it is: "<file> line 3, column 7: <reason>", the reason masked. */
function problemText(file: string, problem: ParseProblem): string {
  const where = problem.line ? ` line ${problem.line}${problem.column ? `, column ${problem.column}` : ''}` : '';
  return `${displayPath(file)}${where}: ${asClause(maskKeyLikeWords(problem.reason))}`;
}

/**
 * The one sentence for a config file that does not parse. Thrown before anything is written. Parsers
 * quote the text they stopped at, which can be a key (`token = sk-...` without quotes), so anything
 * in their reason that looks like one is masked. The problem stays in the details, for a read to
 * word it as configProblemAsRead does.
 */
export function unparsableConfig(file: string, problem: ParseProblem): SwitchboardError {
  const advice = problem.line ? 'fix or remove the line, then try again' : 'fix the file, then try again';
  return new SwitchboardError('config_unparsable', `${problemText(file, problem)}; ${advice}. Nothing was changed.`, {
    file,
    line: problem.line,
    column: problem.column,
    reason: maskKeyLikeWords(problem.reason),
  });
}

/**
 * An error met while only reading a tool's files (status), as one sentence. A file that does not
 * parse, or that Switchboard cannot use, keeps its name, its problem and what to do, but not "try
 * again" and "Nothing was changed": those answer an apply that was refused, and a read changes nothing.
 */
export function configProblemAsRead(err: SwitchboardError): string {
  if (err.code === 'config_unwritable') {
    const details = err.details as Partial<{ file: string; problem: string; remedy: string }> | undefined;
    if (details?.file === undefined || details.problem === undefined || details.remedy === undefined) return err.message;
    return `${displayPath(details.file)} ${details.problem}; ${details.remedy}.`;
  }
  const details = err.details as Partial<{ file: string } & ParseProblem> | undefined;
  if (err.code !== 'config_unparsable' || details?.file === undefined || details.reason === undefined) return err.message;
  const { file, line, column, reason } = details;
  return `${problemText(file, { line, column, reason })}; ${line ? 'fix or remove the line' : 'fix the file'} so Switchboard can read it.`;
}

/**
 * The one sentence for a config file Switchboard may not read or write: "<file> <problem>; <remedy>,
 * then try again. Nothing was changed." The parts stay in the details, for a read to word them.
 */
export function unwritableConfig(file: string, problem: string, remedy: string): SwitchboardError {
  return new SwitchboardError('config_unwritable', `${displayPath(file)} ${problem}; ${remedy}, then try again. Nothing was changed.`, { file, problem, remedy });
}

/** The one sentence for a config file another program wrote between Switchboard's reading it and its write. */
export function changedMeanwhile(file: string): SwitchboardError {
  return new SwitchboardError(
    'conflict',
    `${displayPath(file)} was changed by another program while Switchboard was about to write it, so Switchboard left it alone; check the file, then try again. Nothing was changed.`,
    { file },
  );
}
