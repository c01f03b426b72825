import { CLIENTS, type Client } from '../../shared/schemas';
import type { Translate } from '../i18n/I18nProvider';

const isClient = (key: string): key is Client => (CLIENTS as readonly string[]).includes(key);

/** A client as the window names it everywhere (Claude Code, Chat clients), not as the ledger keeps it (claude, chat). */
export const clientName = (t: Translate, key: string): string => (isClient(key) ? t(`client.${key}`) : key);
