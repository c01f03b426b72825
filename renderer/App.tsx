import { useEffect } from 'react';
import { invoke } from './bridge';
import { Layout } from './components/Layout';
import { useI18n } from './i18n/I18nProvider';
import { ImportDialog } from './pages/ImportDialog';
import { AccountsPage } from './pages/AccountsPage';
import { ChatPage } from './pages/ChatPage';
import { HomePage } from './pages/HomePage';
import { ProvidersPage } from './pages/ProvidersPage';
import { RoutesPage } from './pages/RoutesPage';
import { SettingsPage } from './pages/SettingsPage';
import { ToolsPage } from './pages/ToolsPage';
import { UsagePage } from './pages/UsagePage';
import { useHashRoute, type PageId } from './router';
import { useTheme } from './ThemeProvider';

const PAGES: Record<PageId, () => React.JSX.Element> = {
  home: HomePage,
  providers: ProvidersPage,
  tools: ToolsPage,
  routes: RoutesPage,
  usage: UsagePage,
  accounts: AccountsPage,
  chat: ChatPage,
  settings: SettingsPage,
};

/** Theme and language are settings of the core (the tray follows them); the window adopts them on start. */
function useCoreAppearance() {
  const { setTheme } = useTheme();
  const { setChoice } = useI18n();
  useEffect(() => {
    invoke('settings.get', {}).then(
      (settings) => {
        setTheme(settings.theme);
        setChoice(settings.language);
      },
      () => undefined, // the saved local choice stays; Settings shows the core's error
    );
  }, [setTheme, setChoice]);
}

export function App() {
  const route = useHashRoute();
  useCoreAppearance();
  const Page = PAGES[route.page];
  return (
    <Layout page={route.page}>
      <Page key={route.page} />
      {route.overlay === 'import' && <ImportDialog params={route.params} />}
    </Layout>
  );
}
