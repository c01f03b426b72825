import type { ReactNode } from 'react';
import { useBusyWindow } from '../activity';
import { useI18n } from '../i18n/I18nProvider';
import { hrefOf, PAGE_IDS, type PageId } from '../router';

/** The window: navigation at the left, a thin bar while anything talks to the core, the page. */
export function Layout({ page, children }: { page: PageId; children: ReactNode }) {
  const { t } = useI18n();
  const busy = useBusyWindow();
  return (
    <div className="shell">
      <div className={`activity${busy ? ' on' : ''}`} role="progressbar" aria-hidden={!busy} aria-label={t('common.working')} />
      <nav className="sidebar" aria-label={t('nav.label')}>
        <div className="brand">Switchboard</div>
        {PAGE_IDS.map((id) => (
          <a key={id} href={hrefOf(id)} className={id === page ? 'active' : undefined} aria-current={id === page ? 'page' : undefined}>
            {t(`nav.${id}`)}
          </a>
        ))}
      </nav>
      <main className="content">
        <h1>{t(`nav.${page}`)}</h1>
        {children}
      </main>
    </div>
  );
}
