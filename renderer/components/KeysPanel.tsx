import { useState, type FormEvent } from 'react';
import type { AccountView, GatewayKey } from '../../shared/accountsContract';
import { invoke } from '../bridge';
import { useAction } from '../hooks/useAction';
import { useChannel } from '../hooks/useChannel';
import { useI18n, type Translate } from '../i18n/I18nProvider';
import { formatMoney, formatNumber } from '../i18n/format';
import { Badge } from './Badge';
import { BusyButton } from './BusyButton';
import { ConfirmButton } from './ConfirmButton';
import { ErrorNote } from './ErrorNote';
import { Field } from './Field';
import { LoadState } from './LoadState';
import { NameOptions } from './NameOptions';
import { TableWrap } from './TableWrap';

/** The key table's column names: its headers, and each cell's name in a key's card. */
const keyColumns = (t: Translate) => ({
  name: t('common.name'),
  key: t('providers.key'),
  status: t('accounts.status'),
  remaining: t('accounts.remaining'),
  group: t('accounts.group'),
});

function KeyRow({ account, gatewayKey, groups, onChanged }: { account: string; gatewayKey: GatewayKey; groups: string[]; onChanged(message?: string): void }) {
  const { t, locale } = useI18n();
  const columns = keyColumns(t);
  const ref = { account, key: gatewayKey.id };
  const enabled = gatewayKey.status === 'enabled';
  const toggle = useAction(async () => {
    await invoke('accounts.keys.setEnabled', { ...ref, enabled: !enabled });
    onChanged();
  });
  const setGroup = useAction(async (group: string) => {
    const changed = await invoke('accounts.keys.setGroup', { ...ref, group });
    const repriced = changed.repriced.map((r) => t('accounts.providerRepriced', { provider: r.provider, ratio: formatNumber(locale, r.groupRatio, 4) }));
    onChanged(repriced.length ? repriced.join(' ') : undefined);
  });
  const remove = useAction(async () => {
    await invoke('accounts.keys.delete', ref);
    onChanged();
  });
  const use = useAction(async () => {
    const result = await invoke('accounts.keys.use', ref);
    onChanged(t(result.created ? 'accounts.providerCreated' : 'accounts.providerUpdated', { provider: result.provider.name }));
  });
  return (
    <tr data-testid={`key-${gatewayKey.name}`}>
      <td data-label={columns.name}>{gatewayKey.name}</td>
      <td data-label={columns.key}>
        <code className="masked-key">{gatewayKey.key}</code>
      </td>
      <td data-label={columns.status}>
        <Badge tone={enabled ? 'ok' : 'bad'}>{t(`keyStatus.${gatewayKey.status}`)}</Badge>
      </td>
      <td className="num" data-label={columns.remaining}>
        {gatewayKey.unlimited ? t('accounts.unlimited') : formatMoney(locale, gatewayKey.remaining, gatewayKey.currency)}
      </td>
      <td data-label={columns.group}>
        <select value={gatewayKey.group} onChange={(e) => void setGroup.run(e.target.value)} aria-label={t('accounts.groupOf', { key: gatewayKey.name })}>
          <option value="">{t('accounts.defaultGroup')}</option>
          <NameOptions names={[...new Set([...groups, gatewayKey.group].filter(Boolean))]} />
        </select>
      </td>
      <td className="buttons">
        <BusyButton type="button" className="small" busy={toggle.busy} onClick={() => void toggle.run()}>
          {enabled ? t('accounts.disable') : t('accounts.enable')}
        </BusyButton>
        <BusyButton type="button" className="small" busy={use.busy} onClick={() => void use.run()}>
          {t('accounts.useAsProvider')}
        </BusyButton>
        <ConfirmButton label={t('common.delete')} confirmLabel={t('accounts.confirmDelete')} busy={remove.busy} onConfirm={() => void remove.run()} />
        <ErrorNote error={toggle.error ?? setGroup.error ?? remove.error ?? use.error} />
      </td>
    </tr>
  );
}

/** The account's keys on the gateway: create, disable, delete, change group, use as a provider. */
export function KeysPanel({ account }: { account: AccountView }) {
  const { t } = useI18n();
  const columns = keyColumns(t);
  const keys = useChannel('accounts.keys.listing', { account: account.name });
  const groups = useChannel('accounts.groups', { account: account.name });
  const [name, setName] = useState('');
  const [quota, setQuota] = useState('');
  const [group, setGroup] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const create = useAction(() =>
    invoke('accounts.keys.create', {
      account: account.name,
      name,
      quota: quota ? Number(quota) : undefined,
      unlimited: !quota,
      group: group || undefined,
    }),
  );
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!(await create.run())) return;
    setName('');
    setQuota('');
    await keys.reload();
  };
  const groupNames = (groups.data ?? []).map((g) => g.name);
  const changed = (message?: string) => {
    setNotice(message ?? null);
    void keys.reload();
  };
  return (
    <div className="stack">
      {keys.data?.partial && (
        <p className="warning" role="status" data-testid="keys-partial">
          {keys.data.partial}
        </p>
      )}
      <LoadState state={keys}>
        {({ keys: list }) =>
          list.length === 0 ? (
            <p className="muted">{t('accounts.noKeys')}</p>
          ) : (
            // Six columns with a group list and three buttons need about 740 px: narrower, a card per key.
            <TableWrap cardsBelow={740}>
              <table className="keys">
                <thead>
                  <tr>
                    <th>{columns.name}</th>
                    <th>{columns.key}</th>
                    <th>{columns.status}</th>
                    <th className="num">{columns.remaining}</th>
                    <th>{columns.group}</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {list.map((k) => (
                    <KeyRow key={k.id} account={account.name} gatewayKey={k} groups={groupNames} onChanged={changed} />
                  ))}
                </tbody>
              </table>
            </TableWrap>
          )
        }
      </LoadState>
      {notice && (
        <p className="success" role="status">
          {notice}
        </p>
      )}
      <form className="form row together" onSubmit={submit} aria-label={t('accounts.createKey')}>
        <Field label={t('accounts.keyName')}>
          <input value={name} onChange={(e) => setName(e.target.value)} required />
        </Field>
        <Field label={t('accounts.quota')} hint={t('accounts.quotaHint')}>
          <input type="number" min="0" step="0.01" value={quota} onChange={(e) => setQuota(e.target.value)} />
        </Field>
        <Field label={t('accounts.group')}>
          <select value={group} onChange={(e) => setGroup(e.target.value)}>
            <option value="">{t('accounts.defaultGroup')}</option>
            <NameOptions names={groupNames} />
          </select>
        </Field>
        <BusyButton type="submit" className="primary" busy={create.busy}>
          {t('accounts.createKey')}
        </BusyButton>
      </form>
      <ErrorNote error={create.error} />
    </div>
  );
}
