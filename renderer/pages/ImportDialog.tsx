import { useState } from 'react';
import { parseImportParams } from '../../shared/deepLink';
import { maskSecret } from '../../shared/mask';
import { invoke } from '../bridge';
import { BusyButton } from '../components/BusyButton';
import { Dialog } from '../components/Dialog';
import { ErrorNote } from '../components/ErrorNote';
import { Field } from '../components/Field';
import { useAction } from '../hooks/useAction';
import { useI18n } from '../i18n/I18nProvider';
import { hrefOf } from '../router';

/** A switchboard://import link, shown for confirmation: nothing is saved until the user says so. */
export function ImportDialog({ params }: { params: URLSearchParams }) {
  const { t } = useI18n();
  const parsed = parseImportParams(params);
  const [name, setName] = useState(parsed.ok ? parsed.offer.name : '');
  const close = () => {
    window.location.hash = hrefOf('providers');
  };
  const save = useAction(async () => {
    if (!parsed.ok) return;
    const { offer } = parsed;
    await invoke('providers.add', {
      name,
      baseUrl: offer.baseUrl,
      key: offer.key,
      protocols: offer.protocols.length ? offer.protocols : undefined,
      models: offer.models.length ? offer.models : undefined,
    });
    close();
  });
  if (!parsed.ok) {
    return (
      <Dialog title={t('import.title')} onClose={close} footer={<button onClick={close}>{t('common.close')}</button>}>
        <p className="error-note" role="alert">
          {t(`import.problem.${parsed.problem}`)}
        </p>
      </Dialog>
    );
  }
  const { offer } = parsed;
  return (
    <Dialog
      title={t('import.title')}
      onClose={close}
      footer={
        <>
          <button onClick={close}>{t('common.cancel')}</button>
          <BusyButton className="primary" busy={save.busy} onClick={() => void save.run()}>
            {t('import.confirm')}
          </BusyButton>
        </>
      }
    >
      <p>{t('import.intro')}</p>
      <Field label={t('common.name')}>
        <input value={name} onChange={(e) => setName(e.target.value)} />
      </Field>
      <dl className="facts">
        <dt>{t('providers.baseUrl')}</dt>
        <dd>
          <code>{offer.baseUrl}</code>
        </dd>
        <dt>{t('providers.key')}</dt>
        <dd>
          <code className="masked-key">{maskSecret(offer.key)}</code>
        </dd>
        <dt>{t('providers.protocols')}</dt>
        <dd>{offer.protocols.length ? offer.protocols.map((p) => t(`protocol.${p}`)).join(', ') : t('import.protocolsDefault')}</dd>
        <dt>{t('providers.models')}</dt>
        <dd>{offer.models.length ? offer.models.join(', ') : '–'}</dd>
      </dl>
      <p className="warning">{t('import.warning')}</p>
      <ErrorNote error={save.error} />
    </Dialog>
  );
}
