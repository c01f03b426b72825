import { useState, type FormEvent } from 'react';
import { ACCOUNT_KINDS, type AccountAuth, type AccountKind } from '../../shared/accountsContract';
import { invoke } from '../bridge';
import { useAction } from '../hooks/useAction';
import { useI18n } from '../i18n/I18nProvider';
import { parseThreshold } from '../lib/forms';
import { BusyButton } from './BusyButton';
import { ErrorNote } from './ErrorNote';
import { Field } from './Field';
import { NameOptions } from './NameOptions';
import { ThresholdInput, ThresholdNotes } from './LowBalanceWarning';

/** Signs in to a gateway console (password, access token) or reads balance with an sk- key alone. */
export function AccountForm({ onAdded }: { onAdded(): void }) {
  const { t } = useI18n();
  const [kind, setKind] = useState<AccountKind>('new-api');
  const [auth, setAuth] = useState<AccountAuth>('password');
  const [name, setName] = useState('');
  const [baseUrl, setBaseUrl] = useState('');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [otp, setOtp] = useState('');
  const [accessToken, setAccessToken] = useState('');
  const [userId, setUserId] = useState('');
  const [key, setKey] = useState('');
  const [threshold, setThreshold] = useState('');
  const [badThreshold, setBadThreshold] = useState(false);
  const add = useAction((lowBalanceThreshold: number | undefined) =>
    invoke('accounts.add', {
      name,
      kind,
      baseUrl: baseUrl || undefined,
      ...(auth === 'password' ? { username, password, otp: otp || undefined } : {}),
      ...(auth === 'access-token' ? { accessToken, userId: userId ? Number(userId) : undefined } : {}),
      ...(auth === 'key' ? { key } : {}),
      lowBalanceThreshold,
    }),
  );
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    // On an error everything typed stays for the retry; after an add, only the gateway kind, sign-in
    // method and address carry over: a one-time code or user id sent again would belong to another login.
    const lowBalanceThreshold = parseThreshold(threshold);
    setBadThreshold(lowBalanceThreshold === null);
    if (lowBalanceThreshold === null || !(await add.run(lowBalanceThreshold))) return;
    setName('');
    setPassword('');
    setOtp('');
    setAccessToken('');
    setUserId('');
    setKey('');
    setThreshold('');
    onAdded();
  };
  const consoleKind = kind === 'new-api' || kind === 'one-api';
  return (
    <form className="form" onSubmit={submit} aria-label={t('accounts.add')}>
      <div className="row together">
        <Field label={t('accounts.kind')}>
          <select
            value={kind}
            onChange={(e) => {
              const next = e.target.value as AccountKind;
              setKind(next);
              if (next !== 'new-api' && next !== 'one-api') setAuth('key');
            }}
          >
            <NameOptions names={ACCOUNT_KINDS} />
          </select>
        </Field>
        <Field label={t('common.name')}>
          <input value={name} onChange={(e) => setName(e.target.value)} required />
        </Field>
        <Field label={t('accounts.auth')}>
          <select value={auth} onChange={(e) => setAuth(e.target.value as AccountAuth)}>
            {consoleKind && <option value="password">{t('accounts.authPassword')}</option>}
            {consoleKind && <option value="access-token">{t('accounts.authToken')}</option>}
            <option value="key">{t('accounts.authKey')}</option>
          </select>
        </Field>
      </div>
      <Field label={t('accounts.siteUrl')} hint={t('accounts.siteUrlHint')}>
        <input value={baseUrl} onChange={(e) => setBaseUrl(e.target.value)} placeholder="https://gateway.example.com" required={consoleKind} />
      </Field>
      {auth === 'password' && (
        <div className="row together">
          <Field label={t('accounts.username')}>
            <input value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="username" required />
          </Field>
          <Field label={t('accounts.password')}>
            <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" required />
          </Field>
          <Field label={t('accounts.otp')}>
            <input value={otp} onChange={(e) => setOtp(e.target.value)} inputMode="numeric" autoComplete="one-time-code" />
          </Field>
        </div>
      )}
      {auth === 'access-token' && (
        <div className="row">
          <Field label={t('accounts.accessToken')}>
            <input type="password" value={accessToken} onChange={(e) => setAccessToken(e.target.value)} required />
          </Field>
          <Field label={t('accounts.userId')}>
            <input type="number" min="1" value={userId} onChange={(e) => setUserId(e.target.value)} />
          </Field>
        </div>
      )}
      {auth === 'key' && (
        <Field label={t('providers.key')}>
          <input type="password" value={key} onChange={(e) => setKey(e.target.value)} autoComplete="off" required />
        </Field>
      )}
      <div className="toolbar">
        <ThresholdInput
          value={threshold}
          invalid={badThreshold}
          onChange={(value) => {
            setThreshold(value);
            setBadThreshold(false);
          }}
        />
      </div>
      <ThresholdNotes invalid={badThreshold} />
      <ErrorNote error={add.error} />
      <BusyButton type="submit" className="primary" busy={add.busy}>
        {t('accounts.addButton')}
      </BusyButton>
    </form>
  );
}
