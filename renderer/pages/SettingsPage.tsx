import { useState, type FormEvent } from 'react';
import type { Settings } from '../../shared/usageContract';
import { invoke } from '../bridge';
import { BusyButton } from '../components/BusyButton';
import { Card } from '../components/Card';
import { ErrorNote } from '../components/ErrorNote';
import { Field } from '../components/Field';
import { LoadState } from '../components/LoadState';
import { useAction } from '../hooks/useAction';
import { useChannel } from '../hooks/useChannel';
import { useI18n, type LanguageChoice } from '../i18n/I18nProvider';
import { parsePort, parseSecondsToMs } from '../lib/forms';
import { splitList } from '../lib/lists';
import { THEMES, useTheme, type Theme } from '../ThemeProvider';

const LANGUAGES: LanguageChoice[] = ['system', 'en', 'zh-CN'];

/** Theme and language apply at once; the proxy's settings are saved with the button. */
function Appearance() {
  const { t, choice, setChoice } = useI18n();
  const { theme, setTheme } = useTheme();
  const save = useAction((patch: Partial<Settings>) => invoke('settings.set', patch));
  return (
    <Card title={t('settings.appearance')}>
      <div className="row">
        <Field label={t('settings.theme')}>
          <select
            value={theme}
            onChange={(e) => {
              const next = e.target.value as Theme;
              setTheme(next);
              void save.run({ theme: next });
            }}
          >
            {THEMES.map((th) => (
              <option key={th} value={th}>
                {t(`theme.${th}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('settings.language')}>
          <select
            value={choice}
            onChange={(e) => {
              const next = e.target.value as LanguageChoice;
              setChoice(next);
              void save.run({ language: next });
            }}
            data-testid="language"
          >
            {LANGUAGES.map((l) => (
              <option key={l} value={l}>
                {t(`language.${l}`)}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <ErrorNote error={save.error} />
    </Card>
  );
}

/**
 * @param listeningPort where the proxy answers now: SWITCHBOARD_PORT or --port (or a saved change
 * not yet restarted) can make it another port than the saved one, which the hint then says.
 */
function ProxySettings({ settings, listeningPort, onSaved }: { settings: Settings; listeningPort: number | null; onSaved(): void }) {
  const { t } = useI18n();
  const [port, setPort] = useState(String(settings.proxyPort));
  const [origins, setOrigins] = useState(settings.allowedOrigins.join('\n'));
  const [startAtLogin, setStartAtLogin] = useState(settings.startAtLogin);
  const [recordUsage, setRecordUsage] = useState(settings.recordUsage);
  const [firstByte, setFirstByte] = useState(String(settings.firstByteTimeoutMs / 1000));
  const [wholeReply, setWholeReply] = useState(String(settings.responseTimeoutMs / 1000));
  const [saved, setSaved] = useState(false);
  const [invalid, setInvalid] = useState<'port' | 'firstByte' | 'wholeReply' | null>(null);
  const save = useAction((checked: Pick<Settings, 'proxyPort' | 'firstByteTimeoutMs' | 'responseTimeoutMs'>) =>
    invoke('settings.set', { ...checked, allowedOrigins: splitList(origins), startAtLogin, recordUsage }),
  );
  // "Settings saved." speaks of what was saved: the first change after it takes it away.
  const edit =
    <T,>(set: (value: T) => void) =>
    (value: T) => {
      set(value);
      setSaved(false);
      setInvalid(null);
    };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    // A blank number field would otherwise travel as 0; each is refused here, named, before anything is sent.
    const proxyPort = parsePort(port);
    const firstByteTimeoutMs = parseSecondsToMs(firstByte);
    const responseTimeoutMs = parseSecondsToMs(wholeReply);
    const wrong = proxyPort === null ? 'port' : firstByteTimeoutMs === null ? 'firstByte' : responseTimeoutMs === null ? 'wholeReply' : null;
    setInvalid(wrong);
    if (proxyPort === null || firstByteTimeoutMs === null || responseTimeoutMs === null) return;
    if (await save.run({ proxyPort, firstByteTimeoutMs, responseTimeoutMs })) {
      setSaved(true);
      onSaved();
    }
  };
  return (
    <Card title={t('settings.proxy')}>
      <form className="form" onSubmit={submit} noValidate aria-label={t('settings.proxy')}>
        <div className="row top together">
          <Field
            label={t('settings.port')}
            hint={listeningPort !== null && listeningPort !== settings.proxyPort ? t('settings.portElsewhere', { port: listeningPort }) : t('settings.portHint')}
          >
            <input type="number" min="1" max="65535" value={port} onChange={(e) => edit(setPort)(e.target.value)} aria-invalid={invalid === 'port'} />
          </Field>
          <Field label={t('settings.firstByte')} hint={t('settings.firstByteHint')}>
            <input type="number" min="0.1" step="0.1" value={firstByte} onChange={(e) => edit(setFirstByte)(e.target.value)} aria-invalid={invalid === 'firstByte'} />
          </Field>
          <Field label={t('settings.wholeReply')} hint={t('settings.wholeReplyHint')}>
            <input type="number" min="0.1" step="0.1" value={wholeReply} onChange={(e) => edit(setWholeReply)(e.target.value)} aria-invalid={invalid === 'wholeReply'} />
          </Field>
        </div>
        <Field label={t('settings.origins')} hint={t('settings.originsHint')}>
          <textarea rows={Math.max(3, origins.split('\n').length)} value={origins} onChange={(e) => edit(setOrigins)(e.target.value)} placeholder="https://app.nextchat.dev" />
        </Field>
        <label className="inline">
          <input type="checkbox" checked={startAtLogin} onChange={(e) => edit(setStartAtLogin)(e.target.checked)} /> {t('settings.startAtLogin')}
        </label>
        <label className="inline">
          <input type="checkbox" checked={recordUsage} onChange={(e) => edit(setRecordUsage)(e.target.checked)} /> {t('settings.recordUsage')}
        </label>
        {invalid && (
          <p className="error-note" role="alert">
            {invalid === 'port' ? t('settings.badPort') : t('settings.badSeconds', { field: t(`settings.${invalid}`) })}
          </p>
        )}
        <ErrorNote error={save.error} />
        {saved && (
          <p className="success" role="status">
            {t('settings.saved')}
          </p>
        )}
        <BusyButton type="submit" className="primary" busy={save.busy}>
          {t('common.save')}
        </BusyButton>
      </form>
    </Card>
  );
}

export function SettingsPage() {
  const settings = useChannel('settings.get', {});
  const info = useChannel('app.info', {});
  const listeningPort = info.data?.proxyPort ?? null;
  return (
    <div className="stack">
      <Appearance />
      <LoadState state={settings}>{(s) => <ProxySettings settings={s} listeningPort={listeningPort} onSaved={() => void settings.reload()} />}</LoadState>
    </div>
  );
}
