import type { Handlers } from '../../../shared/contract';
import type { accountsContract } from '../../../shared/accountsContract';
import type { AccountService } from './service';

type AccountHandlers = Pick<Handlers, keyof typeof accountsContract>;

/** The accounts channels: each one call into the service. */
export function createAccountHandlers(accounts: AccountService): AccountHandlers {
  return {
    'accounts.list': () => accounts.list(),
    'accounts.add': (input) => accounts.add(input),
    'accounts.login': (input) => accounts.login(input),
    'accounts.remove': ({ name }) => accounts.remove(name),
    'accounts.balance': ({ name }) => accounts.balance(name),
    'accounts.setThreshold': ({ name, threshold }) => accounts.setThreshold(name, threshold),
    'accounts.keys.list': ({ account }) => accounts.keys(account),
    'accounts.keys.create': (input) => accounts.createKey(input),
    'accounts.keys.setEnabled': (input) => accounts.setKeyEnabled(input),
    'accounts.keys.delete': (input) => accounts.deleteKey(input),
    'accounts.keys.setGroup': (input) => accounts.setKeyGroup(input),
    'accounts.keys.reveal': (input) => accounts.revealKey(input),
    'accounts.keys.use': (input) => accounts.useKey(input),
    'accounts.logs': (input) => accounts.logs(input),
    'accounts.groups': ({ account }) => accounts.groups(account),
    'accounts.pricing': (input) => accounts.pricing(input),
    'audit.run': (input) => accounts.audit(input),
  };
}
