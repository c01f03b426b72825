import { maskSecret } from '../../../shared/mask';
import type { ImportCandidate, UnreadableTool } from '../../../shared/importContract';
import { TOOL_CLIENTS, type ProviderView, type ToolClient } from '../../../shared/schemas';
import { clientModules, DIRECT_PROTOCOL } from '../clients';
import { readTexts } from '../clients/service';
import { fail } from '../errors';
import type { AppPaths } from '../paths';
import type { ProviderService } from '../providers/service';
import { normaliseProviderUrls } from '../providers/urls';
import { LOCAL_TOKEN_PREFIX } from '../store/localTokens';

/** A found setting with its key in clear: stays inside the core. */
interface Found {
  client: ToolClient;
  file: string;
  baseUrl: string;
  key: string;
  model: string | null;
}

export interface ImportServiceDeps {
  paths: AppPaths;
  providers: ProviderService;
  /** Where a key named by the tool's settings (Codex env_key) is looked up; default: this process's. */
  env?: NodeJS.ProcessEnv;
}

/** Same gateway when both normalise to the same bases. */
function sameAddress(a: { baseUrl: string; anthropicUrl: string }, b: { baseUrl: string; anthropicUrl: string }): boolean {
  return a.baseUrl === b.baseUrl || a.anthropicUrl === b.anthropicUrl;
}

/**
 * Turns the gateway settings people already have in their tools (what CC Switch and hand edits
 * leave in Claude Code's settings.json, Codex's config.toml/auth.json and Hermes' config.yaml)
 * into providers. Settings that point at Switchboard's own proxy (an sb- token) are not offered.
 */
export function createImportService({ paths, providers, env = process.env }: ImportServiceDeps) {
  /** What one tool is set up for now; null when it has no usable address and key. A file that does not parse throws its sentence. */
  function found(client: ToolClient): Found | null {
    const module = clientModules[client];
    const reading = module.read(paths, readTexts(module, paths));
    const key = reading.key ?? (reading.keyVariable ? env[reading.keyVariable] || null : null);
    // The gateway is there and only its variable is missing here: saying so beats "no gateway".
    if (reading.baseUrl && !key && reading.keyVariable) {
      fail('not_found', `${module.label}'s key is read from the variable ${reading.keyVariable} (env_key in ${module.files(paths)[0]}), which is not set where Switchboard runs; set it there, then import again.`);
    }
    if (!reading.baseUrl || !key || key.startsWith(LOCAL_TOKEN_PREFIX)) return null;
    try {
      normaliseProviderUrls(reading.baseUrl);
    } catch {
      return null;
    }
    return { client, file: module.files(paths)[0], baseUrl: reading.baseUrl, key, model: reading.model };
  }

  const urlsOf = (f: Found) => (f.client === 'claude' ? normaliseProviderUrls(f.baseUrl, f.baseUrl) : normaliseProviderUrls(f.baseUrl));

  /** The provider that already has this address and key. */
  function existingFor(f: Found, list: ProviderView[]): string | null {
    const urls = urlsOf(f);
    const match = list.find((p) => sameAddress(p, urls) && providers.resolve(p.name).keys.includes(f.key));
    return match?.name ?? null;
  }

  /** The gateway's host name as the provider name, numbered when taken. */
  function freeName(f: Found, list: ProviderView[]): string {
    const base = new URL(urlsOf(f).baseUrl).hostname.replace(/^\[|\]$/g, '').replace(/[^A-Za-z0-9._-]/g, '-').replace(/^[^A-Za-z0-9]+/, '') || 'imported';
    const taken = new Set(list.map((p) => p.name.toLowerCase()));
    let name = base;
    for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base}-${n}`;
    return name;
  }

  return {
    /** The tools' gateways, and the tools whose settings could not be read (said, not hidden). */
    scan(): { found: ImportCandidate[]; unreadable: UnreadableTool[] } {
      const list = providers.list();
      const unreadable: UnreadableTool[] = [];
      const candidates = TOOL_CLIENTS.flatMap((client): ImportCandidate[] => {
        let f: Found | null;
        try {
          f = found(client);
        } catch (err) {
          unreadable.push({ client, label: clientModules[client].label, message: (err as Error).message });
          return [];
        }
        if (!f) return [];
        return [
          {
            client,
            label: clientModules[client].label,
            file: f.file,
            baseUrl: f.baseUrl,
            protocol: DIRECT_PROTOCOL[client],
            model: f.model,
            key: maskSecret(f.key),
            name: freeName(f, list),
            existing: existingFor(f, list),
          },
        ];
      });
      return { found: candidates, unreadable };
    },

    /** Adds the provider the tool's settings describe; refuses when there is none or it is already added. */
    import(client: ToolClient, name?: string): ProviderView {
      const f = found(client);
      const label = clientModules[client].label;
      if (!f) fail('not_found', `${label} has no gateway address and key of its own to import (none set, or it already points at Switchboard).`);
      const list = providers.list();
      const existing = existingFor(f, list);
      if (existing) fail('already_exists', `${label}'s gateway is already the provider ${existing}; nothing was added.`);
      return providers.add({
        name: name ?? freeName(f, list),
        baseUrl: f.baseUrl,
        anthropicUrl: client === 'claude' ? f.baseUrl : undefined,
        key: f.key,
        protocols: [DIRECT_PROTOCOL[client]],
        models: f.model ? [f.model] : [],
      });
    },
  };
}

export type ImportService = ReturnType<typeof createImportService>;
