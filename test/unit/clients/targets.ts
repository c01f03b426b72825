import type { AppPaths } from '../../../electron/core/paths';
import type { FileTexts } from '../../../electron/core/clients/types';

/** Fixed paths for the pure planner tests: nothing here touches the disk. */
export const PATHS: AppPaths = {
  home: '/sb',
  claudeDir: '/u/.claude',
  claudeJson: '/u/.claude.json',
  codexHome: '/u/.codex',
  hermesHome: '/u/.hermes',
};

export { GATEWAY_KEY, LOCAL_TOKEN, directTarget, proxyTarget } from '../../helpers/clientTargets';

export const texts = (entries: Record<string, string>): FileTexts => new Map(Object.entries(entries));

export const NONE: FileTexts = new Map();
