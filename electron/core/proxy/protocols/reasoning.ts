/** Reasoning effort (OpenAI) <-> thinking budget in tokens (Anthropic). */
import type { ReasoningEffort } from './ir';

const BUDGET_FOR_EFFORT: Record<ReasoningEffort, number> = {
  minimal: 1024,
  low: 4096,
  medium: 8192,
  high: 16384,
  xhigh: 32768,
};

/** Anthropic's smallest accepted thinking budget. */
export const MIN_THINKING_BUDGET = 1024;

export function budgetForEffort(effort: ReasoningEffort): number {
  return BUDGET_FOR_EFFORT[effort];
}

/** `minimal` is never produced: not every OpenAI-compatible model accepts it, `low` is universal. */
export function effortForBudget(budget: number): ReasoningEffort {
  if (budget <= BUDGET_FOR_EFFORT.low) return 'low';
  if (budget <= BUDGET_FOR_EFFORT.medium) return 'medium';
  return 'high';
}

/** Reads an effort word from any of the three protocols; `max` (Anthropic) reads as `xhigh`. */
export function parseEffort(value: unknown): ReasoningEffort | undefined {
  if (value === 'max') return 'xhigh';
  return typeof value === 'string' && value in BUDGET_FOR_EFFORT ? (value as ReasoningEffort) : undefined;
}
