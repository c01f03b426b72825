import type { Handlers } from '../../../shared/contract';
import type { accountsContract } from '../../../shared/accountsContract';
import type { AccountService } from './service';

type AccountHandlers = Pick<Handlers, keyof typeof accountsContract>;

/** The accounts channels: each one call into the service, which is loaded on the first (see app.ts). */
export function createAccountHandlers(service: () => Promise<AccountService>): AccountHandlers {
  return {
    'accounts.list': async () => (await service()).list(),
    'accounts.add': async (input) => (await service()).add(input),
    'accounts.login': async (input) => (await service()).login(input),
    'accounts.remove': async ({ name }) => (await service()).remove(name),
    'accounts.balance': async ({ name }) => (await service()).balance(name),
    'accounts.setThreshold': async ({ name, threshold }) => (await service()).setThreshold(name, threshold),
    'accounts.keys.list': async ({ account }) => (await service()).keyListing(account).then((listing) => listing.keys),
    'accounts.keys.listing': async ({ account }) => (await service()).keyListing(account),
    'accounts.keys.create': async (input) => (await service()).createKey(input),
    'accounts.keys.setEnabled': async (input) => (await service()).setKeyEnabled(input),
    'accounts.keys.delete': async (input) => (await service()).deleteKey(input),
    'accounts.keys.setGroup': async (input) => (await service()).setKeyGroup(input),
    'accounts.keys.reveal': async (input) => (await service()).revealKey(input),
    'accounts.keys.use': async (input) => (await service()).useKey(input),
    'accounts.logs': async (input) => (await service()).logs(input),
    'accounts.groups': async ({ account }) => (await service()).groups(account),
    'accounts.pricing': async (input) => (await service()).pricing(input),
    'audit.run': async (input) => (await service()).audit(input),
  };
}
