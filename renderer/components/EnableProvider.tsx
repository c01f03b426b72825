import { useState } from 'react';
import { TOOL_CLIENTS, type ToolClient } from '../../shared/schemas';
import { invoke } from '../bridge';
import { useAction } from '../hooks/useAction';
import { useI18n } from '../i18n/I18nProvider';
import { BusyButton } from './BusyButton';
import { CheckboxSet } from './CheckboxSet';
import { ErrorNote } from './ErrorNote';

/** Switches the chosen tools to this provider through the local proxy, as "switchboard use" does. */
export function EnableProvider({ provider, onDone }: { provider: string; onDone(): void }) {
  const { t } = useI18n();
  const [chosen, setChosen] = useState<ToolClient[]>(['claude']);
  const [done, setDone] = useState<string[]>([]);
  const enable = useAction(async () => {
    setDone([]);
    for (const client of chosen) {
      await invoke('clients.apply', { client, provider, mode: 'proxy' });
      setDone((list) => [...list, t(`client.${client}`)]);
    }
    onDone();
  });
  return (
    <div className="enable-panel" data-testid={`enable-${provider}`}>
      <CheckboxSet legend={t('enable.for')} options={TOOL_CLIENTS} value={chosen} label={(client) => t(`client.${client}`)} onChange={setChosen} />
      <BusyButton type="button" className="small primary" busy={enable.busy} disabled={!chosen.length} onClick={() => void enable.run()}>
        {t('enable.confirm', { provider })}
      </BusyButton>
      {done.length > 0 && (
        <p className="success" role="status">
          {t('enable.done', { tools: done.join(', '), provider })}
        </p>
      )}
      <ErrorNote error={enable.error} />
    </div>
  );
}
