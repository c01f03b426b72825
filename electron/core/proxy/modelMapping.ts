import type { Hop, ResolvedRoute } from '../routes/service';

/** Matches a model name against a pattern where * stands for any run of characters. */
export function matchesPattern(pattern: string, model: string): boolean {
  if (!pattern.includes('*')) return pattern === model;
  const re = new RegExp('^' + pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$');
  return re.test(model);
}

/**
 * The model to ask a hop for: the first matching pattern of its map, else its fixed model,
 * else the caller's own model.
 */
export function modelForHop(hop: { model?: string; models?: Record<string, string> }, requested: string | undefined): string | undefined {
  if (requested && hop.models) {
    for (const [pattern, target] of Object.entries(hop.models)) {
      if (matchesPattern(pattern, requested)) return target;
    }
  }
  return hop.model ?? requested;
}

/** A hop of a route with the model to ask it for. */
export interface Candidate {
  hop: Hop;
  model: string | undefined;
}

/** The route's hops in order with their models; under strict model only those that serve the requested model itself. */
export function candidatesFor(route: ResolvedRoute, requested: string | undefined): Candidate[] {
  const candidates = route.hops.map((hop) => ({ hop, model: modelForHop(hop, requested) }));
  return route.options.strictModel && requested ? candidates.filter((c) => c.model === requested) : candidates;
}
