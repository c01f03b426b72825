import type { ToolClient } from '../../../shared/schemas';
import { claudeModule } from './claude';
import { codexModule } from './codex';
import { hermesModule } from './hermes';
import type { ClientModule } from './types';

/** Every tool Switchboard configures, by id. */
export const clientModules: Record<ToolClient, ClientModule> = {
  claude: claudeModule,
  codex: codexModule,
  hermes: hermesModule,
};
