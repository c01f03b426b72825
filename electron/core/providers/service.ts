import { maskSecret } from '../../../shared/mask';
import { findPreset, PRESETS } from '../../../shared/presets';
import {
  providerInputSchema,
  providerUpdateSchema,
  type Protocol,
  type ProviderInput,
  type ProviderTestResult,
  type ProviderUpdate,
  type ProviderView,
} from '../../../shared/schemas';
import { fail } from '../errors';
import type { SecretStore } from '../secrets/secretStore';
import type { ProviderRepo, ProviderRow } from '../store/providers';
import { normaliseProviderUrls, providerEndpoints } from './urls';
import { checkProviderKey, listGatewayModels } from './check';

export interface ProviderServiceDeps {
  repo: ProviderRepo;
  secrets: SecretStore;
  now: () => number;
  /** Files the usage history of a renamed provider under its new name. */
  renameInHistory: (from: string, to: string) => void;
}

/** A provider with its keys in clear, for the parts of the core that talk to the gateway. */
export interface ResolvedProvider extends ProviderRow {
  keys: string[];
}

export function createProviderService({ repo, secrets, now, renameInHistory }: ProviderServiceDeps) {
  const sealKeys = (keys: string[]) => keys.map((k) => ({ sealed: secrets.seal(k), hint: maskSecret(k) }));

  const toView = (row: ProviderRow): ProviderView => ({
    ...row,
    keys: repo.keys(row.id).map((k) => k.hint),
    endpoints: providerEndpoints(row, row.protocols),
  });

  const mustGet = (name: string): ProviderRow => {
    const row = repo.get(name);
    if (!row) {
      const known = repo.list().map((p) => p.name);
      fail(
        'not_found',
        known.length
          ? `There is no provider named "${name}"; known providers: ${known.join(', ')}.`
          : `There is no provider named "${name}"; add one with: switchboard provider add ${name} --base-url URL --key KEY.`,
      );
    }
    return row;
  };

  const resolve = (name: string): ResolvedProvider => {
    const row = mustGet(name);
    return { ...row, keys: repo.keys(row.id).map((k) => secrets.open(k.sealed)) };
  };

  const uniqueModels = (models: string[]) => [...new Set(models.map((m) => m.trim()).filter(Boolean))];

  return {
    presets: () => PRESETS,

    list: (): ProviderView[] => repo.list().map(toView),

    show: (name: string): ProviderView => toView(mustGet(name)),

    resolve,

    resolveById(id: number): ResolvedProvider | undefined {
      const row = repo.getById(id);
      return row && resolve(row.name);
    },

    add(raw: ProviderInput): ProviderView {
      const input = providerInputSchema.parse(raw);
      const preset = input.preset ? findPreset(input.preset) : undefined;
      if (input.preset && !preset) {
        fail('invalid_input', `Unknown preset "${input.preset}"; choose one of: ${PRESETS.map((p) => p.id).join(', ')}.`);
      }
      const baseUrl = input.baseUrl || preset?.baseUrl;
      if (!baseUrl) {
        fail(
          'invalid_input',
          preset
            ? `The ${preset.label} preset has no fixed address; give your gateway's URL with --base-url.`
            : 'A provider needs a base URL (--base-url https://...) or a preset (--preset ID).',
        );
      }
      if (repo.get(input.name)) fail('already_exists', `A provider named "${input.name}" already exists; pick another name or remove it first.`);
      const urls = normaliseProviderUrls(baseUrl, input.anthropicUrl || (input.baseUrl ? undefined : preset?.anthropicUrl ?? undefined));
      const protocols: Protocol[] = input.protocols ?? preset?.protocols ?? ['chat'];
      const keys = [input.key, ...(input.extraKeys ?? [])];
      const id = repo.insert(
        {
          name: input.name,
          ...urls,
          protocols: [...new Set(protocols)],
          models: uniqueModels(input.models ?? preset?.models ?? []),
          preset: preset?.id ?? null,
          groupRatio: input.groupRatio ?? 1,
          outputLimits: input.outputLimits ?? {},
        },
        sealKeys(keys),
        now(),
      );
      return toView(repo.getById(id)!);
    },

    update(raw: ProviderUpdate): ProviderView {
      const input = providerUpdateSchema.parse(raw);
      const row = mustGet(input.name);
      const newName = input.newName ?? row.name;
      if (newName.toLowerCase() !== row.name.toLowerCase() && repo.get(newName)) {
        fail('already_exists', `A provider named "${newName}" already exists; pick another name.`);
      }
      const urls = input.baseUrl || input.anthropicUrl
        ? normaliseProviderUrls(input.baseUrl ?? row.baseUrl, input.anthropicUrl ?? (input.baseUrl ? undefined : row.anthropicUrl), 'new_key')
        : { baseUrl: row.baseUrl, anthropicUrl: row.anthropicUrl };
      // --extra-keys alone replaces only the keys after the first, which stays.
      const firstKey = input.key ?? (input.extraKeys ? resolve(row.name).keys[0] : undefined);
      const keys = firstKey ? sealKeys([firstKey, ...(input.extraKeys ?? [])]) : undefined;
      repo.update(
        row.id,
        {
          name: newName,
          ...urls,
          protocols: input.protocols ? [...new Set(input.protocols)] : row.protocols,
          models: input.models ? uniqueModels(input.models) : row.models,
          preset: row.preset,
          groupRatio: input.groupRatio ?? row.groupRatio,
          outputLimits: input.outputLimits ?? row.outputLimits,
        },
        keys,
        now(),
      );
      if (newName !== row.name) renameInHistory(row.name, newName);
      return toView(repo.getById(row.id)!);
    },

    remove(name: string): void {
      repo.remove(mustGet(name).id);
    },

    /** Latency and the model list, as `provider test` shows them. */
    async test(name: string): Promise<ProviderTestResult> {
      const p = resolve(name);
      const listing = await listGatewayModels(p, p.keys[0]);
      if (listing.ok && listing.models.length && !p.models.length) {
        repo.update(p.id, { ...p, models: listing.models }, undefined, now());
      }
      return { provider: p.name, ...listing };
    },

    /** Refuses with the gateway's own words when the key is rejected. */
    checkKey: (name: string, model?: string) => {
      const p = resolve(name);
      return checkProviderKey(p, p.keys[0], model);
    },
  };
}

export type ProviderService = ReturnType<typeof createProviderService>;
