import type { AddressCredential, AddressOf, Remedy } from '../shared/remedy';
import type { SwitchboardError } from './core/errors';

function signInText(credential: Extract<Remedy, { kind: 'sign_in' }>['credential'], command: string): string {
  switch (credential) {
    case 'password':
      return `check the username and password in the gateway's console, then run "${command} --password -"`;
    case 'access_token':
      return `the access token was probably regenerated in the console: copy the new one (personal settings) and run "${command} --access-token -"`;
    case 'key':
      return `the key was probably disabled, deleted or used up: check it in the provider's console, then run "${command} --key -"`;
    case 'otp':
      return `run "${command}" with the code from your authenticator app`;
  }
}

/** Where a credential goes instead of into an address: the flags of the command it was typed in. */
function credentialApartText(credential: AddressCredential): string {
  switch (credential) {
    case 'key':
    case 'new_key':
      return 'pass the key with --key instead';
    case 'password':
      return 'pass them with --username and --password instead';
    case 'access_token':
      return 'sign in with --access-token and --user-id instead';
  }
}

/** Where the address of an unreachable gateway is set on the command line. */
function checkAddressText({ of, name }: AddressOf): string {
  switch (of) {
    case 'provider':
      return `check the base URL of ${name} ("switchboard provider edit ${name} --base-url URL" changes it) and your network, then try again`;
    case 'new_account':
      return "check the gateway's address (--base-url) and your network, then try again";
    case 'account':
      return `check the gateway's address ("switchboard account list" shows it) and your network, then try again`;
  }
}

/** The way out of an error, in command-line terms (the window says the same with its own controls). */
function remedyText(remedy: Remedy, command: string): string {
  switch (remedy.kind) {
    case 'proxy_mode':
      return command === 'run'
        ? `run it through the local proxy, which converts: "switchboard run ${remedy.client} --mode proxy" follows ${remedy.client}'s route ("switchboard route set --client ${remedy.client} ${remedy.provider}" puts ${remedy.provider} first)`
        : `use the local proxy, which converts: "switchboard use ${remedy.provider} --client ${remedy.client} --mode proxy"`;
    case 'fix_key':
      return `fix the key with "switchboard provider edit ${remedy.provider} --key -", or pass --no-check to switch anyway`;
    case 'sign_in':
      return signInText(remedy.credential, remedy.cliCommand);
    case 'credential_apart':
      return credentialApartText(remedy.credential);
    case 'check_address':
      return checkAddressText(remedy);
    case 'give_user_id':
      return 'pass the user id with --user-id N';
    case 'set_prices_by_hand':
      return 'set prices by hand with "switchboard price set"';
  }
}

/** The error's sentence with its remedy joined on, for stderr. */
export function cliMessage(error: Pick<SwitchboardError, 'message' | 'remedy'>, command: string): string {
  return error.remedy ? `${error.message.replace(/\.$/, '')}; ${remedyText(error.remedy, command)}.` : error.message;
}
