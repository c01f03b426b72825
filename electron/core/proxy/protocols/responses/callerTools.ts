/**
 * What the reply needs to know of the tools a Responses caller declared, so a converted call
 * comes back in the form the caller gave the tool. Custom tools (Codex's apply_patch) take one
 * string and come back as custom_tool_call. Codex groups some tools under a namespace
 * (`{type: "namespace", name, tools}`, its sub-agent tools) and routes a call to one only by
 * `name` plus `namespace`; other protocols have flat tool names, so such a tool travels as
 * `<namespace>__<name>` and the reply restores the pair.
 */
import { isRecord, records, str, type JsonObject } from '../guards';

export interface CallerTools {
  /** Upstream names of the custom tools. */
  custom: ReadonlySet<string>;
  /** Upstream name -> the namespace and name the caller knows, for namespaced tools. */
  namespaced: ReadonlyMap<string, { namespace: string; name: string }>;
}

export function qualifiedToolName(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}__${name}` : name;
}

/** Each declared function or custom tool with its namespace, namespaces opened. */
export function declaredTools(raw: unknown): Array<{ tool: JsonObject; namespace?: string }> {
  return records(raw).flatMap((t) => {
    const namespace = t.type === 'namespace' ? str(t.name) : undefined;
    if (namespace) return records(t.tools).map((tool) => ({ tool, namespace }));
    return [{ tool: t }];
  });
}

export function callerTools(request: unknown): CallerTools {
  const custom = new Set<string>();
  const namespaced = new Map<string, { namespace: string; name: string }>();
  for (const { tool, namespace } of declaredTools(isRecord(request) ? request.tools : undefined)) {
    const name = str(tool.name);
    if (!name) continue;
    const upstreamName = qualifiedToolName(namespace, name);
    if (tool.type === 'custom') custom.add(upstreamName);
    if (namespace) namespaced.set(upstreamName, { namespace, name });
  }
  return { custom, namespaced };
}
