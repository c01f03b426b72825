import type { ReactNode } from 'react';
import type { ChannelState } from '../hooks/useChannel';
import { useI18n } from '../i18n/I18nProvider';
import { ErrorNote } from './ErrorNote';

/** Renders a channel's data once it is there; the core's sentence when reading failed. */
export function LoadState<T>({ state, children }: { state: ChannelState<T>; children: (data: T) => ReactNode }) {
  const { t } = useI18n();
  if (state.data !== undefined) return <>{children(state.data)}</>;
  if (state.error) return <ErrorNote error={state.error} />;
  return <p className="muted">{t('common.loading')}</p>;
}
