import type { Remedy } from '../shared/remedy';
import type { SwitchboardError } from './core/errors';

/** The way out of an error, in command-line terms (the window says the same with its own controls). */
function remedyText(remedy: Remedy, command: string): string {
  switch (remedy.kind) {
    case 'proxy_mode':
      return command === 'run'
        ? `run it through the local proxy, which converts: "switchboard run ${remedy.client} --mode proxy" follows ${remedy.client}'s route ("switchboard route set --client ${remedy.client} ${remedy.provider}" puts ${remedy.provider} first)`
        : `use the local proxy, which converts: "switchboard use ${remedy.provider} --client ${remedy.client} --mode proxy"`;
    case 'fix_key':
      return `fix the key with "switchboard provider edit ${remedy.provider} --key -", or pass --no-check to switch anyway`;
  }
}

/** The error's sentence with its remedy joined on, for stderr. */
export function cliMessage(error: SwitchboardError, command: string): string {
  return error.remedy ? `${error.message.replace(/\.$/, '')}; ${remedyText(error.remedy, command)}.` : error.message;
}
