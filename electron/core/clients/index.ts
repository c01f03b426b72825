import type { Protocol, ToolClient } from '../../../shared/schemas';
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

/** The protocol each tool speaks to the address in its settings (a gateway's, when it talks to one directly). */
export const DIRECT_PROTOCOL: Record<ToolClient, Protocol> = { claude: 'anthropic', codex: 'responses', hermes: 'chat' };
