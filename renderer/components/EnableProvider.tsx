import { useState } from 'react';
import { TOOL_CLIENTS, type ToolClient } from '../../shared/schemas';
import { invoke } from '../bridge';
import { useAction } from '../hooks/useAction';
import { useI18n } from '../i18n/I18nProvider';
import { BusyButton } from './BusyButton';
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
  const toggle = (client: ToolClient, on: boolean) => setChosen(on ? TOOL_CLIENTS.filter((c) => c === client || chosen.includes(c)) : chosen.filter((c) => c !== client));
  return (
    <div className="enable-panel" data-testid={`enable-${provider}`}>
      <fieldset className="checks">
        <legend>{t('enable.for')}</legend>
        {TOOL_CLIENTS.map((client) => (
          <label key={client}>
            <input type="checkbox" checked={chosen.includes(client)} onChange={(e) => toggle(client, e.target.checked)} /> {t(`client.${client}`)}
          </label>
        ))}
      </fieldset>
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
