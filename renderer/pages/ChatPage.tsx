import { useState } from 'react';
import { invoke } from '../bridge';
import { Card } from '../components/Card';
import { ConfirmButton } from '../components/ConfirmButton';
import { CopyField } from '../components/CopyField';
import { ErrorNote } from '../components/ErrorNote';
import { LoadState } from '../components/LoadState';
import { useAction } from '../hooks/useAction';
import { useChannel } from '../hooks/useChannel';
import { useI18n } from '../i18n/I18nProvider';
import type { MessageKey } from '../i18n/en';
import { hrefOf } from '../router';

interface ChatApp {
  id: string;
  name: string;
  /** Where the app asks for the address, in its own words. */
  where: MessageKey;
  fields(root: string, token: string): { label: MessageKey; value: string }[];
}

// Each app wants the address in its own form: some append /v1 themselves, some want it given.
const CHAT_APPS: ChatApp[] = [
  {
    id: 'cherry',
    name: 'Cherry Studio',
    where: 'chat.where.cherry',
    fields: (root, token) => [
      { label: 'chat.apiHost', value: root },
      { label: 'chat.apiKey', value: token },
    ],
  },
  {
    id: 'nextchat',
    name: 'NextChat',
    where: 'chat.where.nextchat',
    fields: (root, token) => [
      { label: 'chat.endpoint', value: root },
      { label: 'chat.apiKey', value: token },
      { label: 'chat.envFile', value: `BASE_URL=${root}\nOPENAI_API_KEY=${token}` },
    ],
  },
  {
    id: 'lobechat',
    name: 'LobeChat',
    where: 'chat.where.lobechat',
    fields: (root, token) => [
      { label: 'chat.proxyUrl', value: `${root}/v1` },
      { label: 'chat.apiKey', value: token },
    ],
  },
  {
    id: 'chatbox',
    name: 'Chatbox',
    where: 'chat.where.chatbox',
    fields: (root, token) => [
      { label: 'chat.apiHost', value: root },
      { label: 'chat.apiPath', value: '/v1/chat/completions' },
      { label: 'chat.apiKey', value: token },
    ],
  },
];

/** GUI chat clients use the proxy with the "chat" client's token and route. */
export function ChatPage() {
  const { t } = useI18n();
  const token = useChannel('tokens.get', { client: 'chat' });
  const info = useChannel('app.info', {});
  const routes = useChannel('routes.list', {});
  const [rotated, setRotated] = useState(false);
  // A new token stops every chat app that holds the old one: asked once more, then said.
  const rotate = useAction(async () => {
    setRotated(false);
    await invoke('tokens.rotate', { client: 'chat' });
    await token.reload();
    setRotated(true);
  });
  const chain = routes.data?.find((r) => r.client === 'chat')?.providers ?? [];
  return (
    <div className="stack">
      <Card
        title={t('chat.endpointTitle')}
        actions={<ConfirmButton label={t('chat.rotate')} confirmLabel={t('chat.confirmRotate')} busy={rotate.busy} onConfirm={() => void rotate.run()} />}
      >
        <LoadState state={info}>
          {(app) => (
            <LoadState state={token}>
              {(tok) => (
                <>
                  <CopyField label={t('chat.baseUrl')} value={`${app.proxyUrl}/v1`} />
                  <CopyField label={t('chat.token')} value={tok.token} />
                  <p className="muted small-text">
                    {chain.length ? t('chat.route', { providers: chain.join(' → ') }) : t('chat.noRoute')} <a href={hrefOf('routes')}>{t('nav.routes')}</a>
                  </p>
                  <p className="muted small-text">
                    {t('chat.origins')} <a href={hrefOf('settings')}>{t('nav.settings')}</a>
                  </p>
                </>
              )}
            </LoadState>
          )}
        </LoadState>
        {rotated && (
          <p className="success" role="status">
            {t('chat.rotated')}
          </p>
        )}
        <ErrorNote error={rotate.error} />
      </Card>
      <div className="grid">
        {info.data &&
          token.data &&
          CHAT_APPS.map((chatApp) => (
            <Card key={chatApp.id} title={chatApp.name} testId={`chat-${chatApp.id}`}>
              <p className="muted small-text">{t(chatApp.where)}</p>
              {chatApp.fields(info.data!.proxyUrl, token.data!.token).map((field) => (
                <CopyField key={field.label} label={t(field.label)} value={field.value} multiline={field.value.includes('\n')} />
              ))}
            </Card>
          ))}
      </div>
    </div>
  );
}
