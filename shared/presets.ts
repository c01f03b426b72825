import type { Preset } from './schemas';

/**
 * Gateways our users buy from, with the base URLs and protocols their own documentation gives.
 * Generic new-api / one-api presets carry no URL: the user types their gateway's address.
 */
export const PRESETS: readonly Preset[] = [
  {
    id: 'bitliquid',
    label: 'BitLiquid',
    kind: 'new-api',
    baseUrl: 'https://api.bitliquid.dev/v1',
    anthropicUrl: 'https://api.bitliquid.dev',
    protocols: ['chat', 'anthropic', 'responses'],
    models: [],
    website: 'https://bitliquid.dev',
    note: 'OpenAI-compatible /v1 plus the Anthropic /v1/messages endpoint on the same host.',
  },
  {
    id: 'new-api',
    label: 'new-api gateway (generic)',
    kind: 'new-api',
    baseUrl: null,
    anthropicUrl: null,
    protocols: ['chat', 'anthropic', 'responses'],
    models: [],
    website: null,
    note: 'Any new-api based relay: give its address with --base-url.',
  },
  {
    id: 'one-api',
    label: 'one-api gateway (generic)',
    kind: 'one-api',
    baseUrl: null,
    anthropicUrl: null,
    protocols: ['chat'],
    models: [],
    website: null,
    note: 'Any one-api based relay: give its address with --base-url. one-api speaks Chat Completions only.',
  },
  {
    id: 'openrouter',
    label: 'OpenRouter',
    kind: 'openrouter',
    baseUrl: 'https://openrouter.ai/api/v1',
    anthropicUrl: 'https://openrouter.ai/api',
    protocols: ['chat'],
    models: ['anthropic/claude-sonnet-4.5', 'openai/gpt-5', 'google/gemini-2.5-pro', 'deepseek/deepseek-chat'],
    website: 'https://openrouter.ai',
    note: 'Chat Completions; Claude Code and Codex go through the local proxy.',
  },
  {
    id: 'deepseek',
    label: 'DeepSeek',
    kind: 'deepseek',
    baseUrl: 'https://api.deepseek.com/v1',
    anthropicUrl: 'https://api.deepseek.com/anthropic',
    protocols: ['chat', 'anthropic'],
    models: ['deepseek-chat', 'deepseek-reasoner'],
    website: 'https://platform.deepseek.com',
    note: 'Chat Completions at /v1 and an Anthropic-compatible endpoint at /anthropic.',
  },
  {
    id: 'moonshot',
    label: 'Moonshot / Kimi',
    kind: 'moonshot',
    baseUrl: 'https://api.moonshot.cn/v1',
    anthropicUrl: 'https://api.moonshot.cn/anthropic',
    protocols: ['chat', 'anthropic'],
    models: ['kimi-k2-0905-preview', 'kimi-k2-turbo-preview', 'moonshot-v1-128k'],
    website: 'https://platform.moonshot.cn',
    note: 'Use https://api.moonshot.ai/v1 for the international platform.',
  },
  {
    id: 'siliconflow',
    label: 'SiliconFlow',
    kind: 'siliconflow',
    baseUrl: 'https://api.siliconflow.cn/v1',
    anthropicUrl: 'https://api.siliconflow.cn',
    protocols: ['chat'],
    models: ['deepseek-ai/DeepSeek-V3', 'Qwen/Qwen3-Coder-480B-A35B-Instruct', 'moonshotai/Kimi-K2-Instruct'],
    website: 'https://cloud.siliconflow.cn',
    note: 'Use https://api.siliconflow.com/v1 for the international platform.',
  },
];

export function findPreset(id: string): Preset | undefined {
  return PRESETS.find((p) => p.id === id.toLowerCase());
}
