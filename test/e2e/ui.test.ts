import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHeadless } from '../../electron/headless';
import { startGateway, type Gateway } from '../fixtures/gateway';
import { freePort } from '../helpers/freePort';
import { rawRequest } from '../helpers/rawHttp';
import { startServeProcess } from '../helpers/serveProcess';
import { makeTempEnv, type TempEnv } from '../helpers/tempEnv';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const ARTIFACTS = path.join(ROOT, 'test-artifacts');
const CHROMIUM = '/usr/bin/chromium';
const STEP_TIMEOUT = 120_000;


// The whole window, driven like a user would, against headless mode and the simulated gateway.
describe.skipIf(!fs.existsSync(CHROMIUM))('the dashboard in a real browser', () => {
  let t: TempEnv;
  let gateway: Gateway;
  let running: Awaited<ReturnType<typeof startHeadless>>;
  let browser: Browser;
  let page: Page;
  // Console errors and warnings and uncaught exceptions of every page, checked by the last test.
  const consoleProblems: string[] = [];
  const watchConsole = (watched: Page) => {
    watched.on('console', (msg) => {
      if (msg.type() === 'error' || msg.type() === 'warning') consoleProblems.push(`${msg.type()} on ${watched.url()}: ${msg.text()}`);
    });
    watched.on('pageerror', (err) => consoleProblems.push(`uncaught on ${watched.url()}: ${err.message}`));
  };

  const open = async (hash: string) => {
    await page.goto(`${running.url}/#/${hash}`);
    await page.waitForLoadState('networkidle');
  };
  const shot = (name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
  const card = (testId: string) => page.getByTestId(testId);
  // vitest's expect has no Playwright matchers: poll the page until it shows what is expected.
  const textOf = (locator: Locator) => expect.poll(() => locator.innerText(), { timeout: 15_000 });
  const countOf = (locator: Locator) => expect.poll(() => locator.count(), { timeout: 15_000 });

  beforeAll(async () => {
    await build({ configFile: path.join(ROOT, 'vite.config.ts'), logLevel: 'warn' });
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    t = makeTempEnv();
    gateway = await startGateway();
    running = await startHeadless({ env: t.env, port: await freePort() });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
    });
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    page = await context.newPage();
    watchConsole(page);
    await page.goto(running.loginUrl());
    await page.waitForURL(`${running.url}/`);
  }, STEP_TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await running?.close();
    await gateway?.close();
    t?.cleanup();
  });

  it('adds providers from a preset and by hand, and tests one', async () => {
    await open('providers');
    const form = page.getByRole('form', { name: 'Add a provider' });
    await form.getByLabel('Preset').selectOption({ label: 'new-api gateway (generic)' });
    await form.getByLabel('Name', { exact: true }).fill('gw');
    await form.getByLabel('API address').fill(gateway.url);
    await form.getByLabel('Key', { exact: true }).fill(gateway.apiKey);
    await form.getByRole('button', { name: 'Add provider' }).click();
    await textOf(card('provider-gw').locator('strong')).toBe('gw');

    await form.getByLabel('Preset').selectOption({ label: 'By hand' });
    await form.getByLabel('Name', { exact: true }).fill('gw2');
    await form.getByLabel('API address').fill(`${gateway.url}/v1`);
    await form.getByLabel('Key', { exact: true }).fill(gateway.apiKey);
    await form.getByRole('button', { name: 'Add provider' }).click();
    await card('provider-gw2').waitFor();

    await card('provider-gw').getByRole('button', { name: 'Test' }).click();
    await textOf(card('provider-gw').getByRole('status')).toContain('Answered in');
    const providers = await running.app.handlers['providers.list']({});
    expect(providers.map((p) => p.name)).toEqual(['gw', 'gw2']);
    expect(providers[0].preset).toBe('new-api');
    await shot('providers');
  }, STEP_TIMEOUT);

  it('sets a price by hand, syncs prices from the gateway and removes one', async () => {
    await open('providers');
    const prices = card('prices');
    const setForm = prices.getByRole('form', { name: 'Set a price by hand' });
    await setForm.getByRole('combobox').selectOption('gw');
    await setForm.getByLabel('Model', { exact: true }).fill('deepseek-chat');
    await setForm.getByLabel('Input', { exact: true }).fill('abc');
    await setForm.getByLabel('Output', { exact: true }).fill('1.2');
    await setForm.getByRole('button', { name: 'Save price' }).click();
    await textOf(setForm.getByRole('alert')).toBe('Not saved: Input must be a number of 0 or more (USD per million tokens).');
    expect(await running.app.handlers['prices.list']({})).toEqual([]);

    await setForm.getByLabel('Input', { exact: true }).fill('0.3');
    await setForm.getByLabel('Cache read', { exact: true }).fill('0.03');
    await setForm.getByRole('button', { name: 'Save price' }).click();
    await textOf(setForm.getByRole('status')).toBe('Price of deepseek-chat at gw saved.');
    const manual = prices.getByTestId('price-gw-deepseek-chat');
    await textOf(manual).toContain('manual');
    expect(await manual.locator('td').allInnerTexts()).toEqual(['gw', 'deepseek-chat', '$0.30', '$1.20', '$0.03', '$0.30', 'manual', expect.any(String)]);

    const syncForm = prices.getByRole('form', { name: 'Sync from the gateway' });
    await syncForm.getByRole('combobox').selectOption('gw');
    await syncForm.getByRole('button', { name: 'Sync from gateway' }).click();
    const synced = syncForm.getByRole('status');
    await textOf(synced).toMatch(/Imported \d+ price\(s\) from gw\./);
    await textOf(synced).toContain('gpt-image-1');
    await textOf(prices.getByTestId('price-gw-gpt-5.4')).toContain('gateway');
    // Syncing keeps the price set by hand.
    await textOf(manual).toContain('manual');
    const list = await running.app.handlers['prices.list']({ provider: 'gw' });
    const imported = Number(/Imported (\d+)/.exec(await synced.innerText())![1]);
    expect(list.filter((p) => p.source === 'gateway')).toHaveLength(imported);
    expect(list.find((p) => p.model === 'deepseek-chat')).toMatchObject({ source: 'manual', input: 0.3, output: 1.2, cacheRead: 0.03, cacheWrite: 0.3 });
    expect(list.some((p) => p.model === 'gpt-image-1')).toBe(false);
    await shot('providers-prices');

    await prices.getByLabel('Show prices of').selectOption('gw2');
    await textOf(prices).toContain('No price yet');
    await prices.getByLabel('Show prices of').selectOption('');
    await manual.getByRole('button', { name: 'Remove' }).click();
    await manual.getByRole('button', { name: 'Remove price' }).click();
    await countOf(manual).toBe(0);
    expect((await running.app.handlers['prices.list']({ provider: 'gw' })).some((p) => p.model === 'deepseek-chat')).toBe(false);
  }, STEP_TIMEOUT);

  it('limits output tokens per model, refusing lines it cannot read', async () => {
    await open('providers');
    const row = card('provider-gw');
    await row.getByRole('button', { name: 'Edit' }).click();
    const editor = row.getByRole('form', { name: 'Edit gw' });
    const limits = editor.getByLabel('Output-token limits');
    await limits.fill('gpt-5.4=32000\ngpt-5.4-mini=lots');
    await editor.getByRole('button', { name: 'Save' }).click();
    await textOf(editor.getByRole('alert')).toContain('gpt-5.4-mini=lots');
    expect((await running.app.handlers['providers.get']({ name: 'gw' })).outputLimits).toEqual({});

    await limits.fill('gpt-5.4=32000\ngpt-5.4-mini = 16,000');
    await editor.getByRole('button', { name: 'Save' }).click();
    await countOf(editor).toBe(0);
    expect((await running.app.handlers['providers.get']({ name: 'gw' })).outputLimits).toEqual({ 'gpt-5.4': 32000, 'gpt-5.4-mini': 16000 });
    await row.getByRole('button', { name: 'Edit' }).click();
    expect(await row.getByLabel('Output-token limits').inputValue()).toBe('gpt-5.4=32000\ngpt-5.4-mini=16000');
    await shot('providers-output-limits');
    await row.getByRole('button', { name: 'Cancel' }).click();
  }, STEP_TIMEOUT);

  it('switches Claude Code and Codex, and their files change on disk', async () => {
    await open('tools');
    const claude = card('tool-claude');
    await claude.getByLabel('Provider for Claude Code').selectOption('gw');
    await claude.getByRole('button', { name: 'Preview changes' }).click();
    await textOf(claude.getByTestId('diff')).toContain('ANTHROPIC_BASE_URL');
    expect(fs.existsSync(path.join(t.paths.claudeDir, 'settings.json'))).toBe(false);
    await claude.getByRole('button', { name: 'Switch' }).click();
    await claude.getByRole('status').waitFor();
    const settings = JSON.parse(fs.readFileSync(path.join(t.paths.claudeDir, 'settings.json'), 'utf8'));
    expect(settings.env.ANTHROPIC_BASE_URL).toBe(`http://127.0.0.1:${running.server.port}`);

    const codex = card('tool-codex');
    await codex.getByLabel('Provider for Codex CLI').selectOption('gw2');
    await codex.getByLabel('Model').fill('gpt-5.4');
    await codex.getByRole('button', { name: 'Switch' }).click();
    await codex.getByRole('status').waitFor();
    const toml = fs.readFileSync(path.join(t.paths.codexHome, 'config.toml'), 'utf8');
    expect(toml).toContain('model = "gpt-5.4"');
    expect(toml).toContain(`base_url = "http://127.0.0.1:${running.server.port}/v1"`);
    await page.reload();
    await textOf(card('tool-codex').locator('.card-head .badge').first()).toBe('gw2');
    await shot('tools');
  }, STEP_TIMEOUT);

  it('builds and reorders a route with the buttons and by dragging', async () => {
    await open('routes');
    const chat = card('route-chat');
    await chat.getByLabel('Add a provider…').selectOption('gw');
    await chat.getByLabel('Add a provider…').selectOption('gw2');
    await chat.getByRole('button', { name: 'Save chain' }).click();
    await textOf(chat.getByRole('status')).toBe('Chain saved.');

    await chat.getByRole('button', { name: 'Move gw2 up' }).click();
    await chat.getByLabel('Model for gw2').fill('gpt-5.4-mini');
    await chat.getByRole('button', { name: 'Save chain' }).click();
    await textOf(chat.getByRole('status')).toBe('Chain saved.');
    let route = (await running.app.handlers['routes.list']({})).find((r) => r.client === 'chat')!;
    expect(route.providers).toEqual(['gw2', 'gw']);
    expect(route.hops[0].model).toBe('gpt-5.4-mini');

    await page.getByTestId('hop-chat-gw').dragTo(page.getByTestId('hop-chat-gw2'));
    await chat.getByRole('button', { name: 'Save chain' }).click();
    await textOf(chat.getByRole('status')).toBe('Chain saved.');
    route = (await running.app.handlers['routes.list']({})).find((r) => r.client === 'chat')!;
    expect(route.providers).toEqual(['gw', 'gw2']);
    await shot('routes');
  }, STEP_TIMEOUT);

  it('saves a route\u2019s extra retry status codes and error texts with its chain', async () => {
    await open('routes');
    const chat = card('route-chat');
    const statuses = chat.getByLabel('Also fail over on these status codes');
    await statuses.fill('409, 700');
    await chat.getByLabel('Also fail over when the error says').fill('overloaded\n\n  try again later ');
    await chat.getByRole('button', { name: 'Save chain' }).click();
    await textOf(chat.getByRole('alert')).toBe('Not saved: a status code is a whole number from 400 to 599, not 700.');
    let route = (await running.app.handlers['routes.list']({})).find((r) => r.client === 'chat')!;
    expect(route.retryStatuses).toEqual([]);
    expect(route.retryPatterns).toEqual([]);

    await statuses.fill('409, 529');
    await chat.getByRole('button', { name: 'Save chain' }).click();
    await textOf(chat.getByRole('status')).toBe('Chain saved.');
    route = (await running.app.handlers['routes.list']({})).find((r) => r.client === 'chat')!;
    expect(route.retryStatuses).toEqual([409, 529]);
    expect(route.retryPatterns).toEqual(['overloaded', 'try again later']);
    expect(route.providers).toEqual(['gw', 'gw2']);
    await page.reload();
    expect(await card('route-chat').getByLabel('Also fail over on these status codes').inputValue()).toBe('409, 529');
    await shot('routes-retry');
  }, STEP_TIMEOUT);

  it('shows calls made through the proxy in the usage table and charts, with a diagnostic for a failure', async () => {
    await running.app.handlers['prices.sync']({ provider: 'gw' });
    const { token } = await running.app.handlers['tokens.get']({ client: 'chat' });
    const call = (content: string) =>
      fetch(`${running.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt-5.4', messages: [{ role: 'user', content }] }),
      });
    for (const text of ['hello', 'how are you', 'bye']) {
      const reply = await call(text);
      expect(reply.status, await reply.text()).toBe(200);
    }
    gateway.script({ kind: 'error', status: 400, message: 'This model does not accept that parameter.' });
    expect((await call('fails')).status).toBe(400);
    running.app.ledger.flush();

    await open('usage');
    const table = page.getByTestId('calls-table');
    await countOf(table.locator('tbody tr')).toBe(4);
    await countOf(table.locator('tbody tr.failed')).toBe(1);
    expect(await page.getByTestId('chart-per-day').locator('rect').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('chart-by-group').locator('rect').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('chart-latency').locator('rect').count()).toBeGreaterThan(0);

    await page.getByLabel('Outcome').selectOption('error');
    await countOf(table.locator('tbody tr')).toBe(1);
    await table.getByRole('button', { name: 'Diagnostic' }).click();
    const dialog = page.getByRole('dialog');
    await textOf(dialog.locator('pre')).toContain('400');
    await shot('usage-diagnostic');
    await dialog.getByRole('button', { name: 'Close' }).click();

    await page.getByLabel('Outcome').selectOption('all');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    const csv = fs.readFileSync(await download.path(), 'utf8');
    expect(csv.trim().split('\n')).toHaveLength(5);
    await shot('usage');
  }, STEP_TIMEOUT);

  it('signs in to the gateway account, creates and disables a key, and runs the audit', async () => {
    await open('accounts');
    const form = page.getByRole('form', { name: 'Add an account' });
    await form.getByLabel('Name', { exact: true }).fill('acct');
    await form.getByLabel('Console address').fill(gateway.url);
    await form.getByLabel('User name').fill(gateway.defaultUser.username);
    await form.getByLabel('Password', { exact: true }).fill('tester-password');
    await form.getByRole('button', { name: 'Add account' }).click();
    const account = card('account-acct');
    await textOf(account.locator('.stats strong').first()).toContain('$');

    const keyForm = account.getByRole('form', { name: 'Create key' });
    await keyForm.getByLabel('Key name').fill('e2e-key');
    await keyForm.getByLabel('Quota').fill('5');
    await keyForm.getByRole('button', { name: 'Create key' }).click();
    const row = account.getByTestId('key-e2e-key');
    await textOf(row.locator('.badge')).toBe('enabled');
    await row.getByRole('button', { name: 'Disable' }).click();
    await textOf(row.locator('.badge')).toBe('disabled');
    expect(gateway.keys().find((k) => k.name === 'e2e-key')?.status).not.toBe(1);
    await shot('accounts-keys');

    await account.getByRole('tab', { name: 'Gateway logs' }).click();
    await account.getByTestId('gateway-logs').locator('tbody tr').first().waitFor();
    await shot('accounts-logs');

    await account.getByRole('tab', { name: 'Billing audit' }).click();
    await account.getByRole('button', { name: 'Run audit' }).click();
    await account.getByTestId('audit-report').waitFor();
    await shot('accounts-audit');
  }, STEP_TIMEOUT);

  it('shows home, chat clients and settings, and switches the language', async () => {
    await open('home');
    await textOf(card('home-tools')).toContain('gw2');
    await textOf(card('home-today')).toContain('4');
    await shot('home');

    await open('chat');
    const { token } = await running.app.handlers['tokens.get']({ client: 'chat' });
    await textOf(card('chat-cherry')).toContain(token);
    await shot('chat');

    await open('settings');
    await shot('settings');
    await page.getByTestId('language').selectOption('zh-CN');
    await page.getByRole('navigation').getByRole('link', { name: '概览' }).waitFor();
    await textOf(page.locator('h1')).toBe('设置');
    expect((await running.app.handlers['settings.get']({})).language).toBe('zh-CN');
    await page.reload();
    await textOf(page.locator('h1')).toBe('设置');
    await shot('settings-zh-CN');
    await open('providers');
    await textOf(card('prices').locator('h2')).toBe('价格');
    await shot('providers-zh-CN');
  }, STEP_TIMEOUT);

  it('serves the built dashboard from `switchboard serve` started through bin/, not the placeholder', async () => {
    const served = makeTempEnv();
    const port = await freePort();
    const serve = await startServeProcess(served.env, port);
    try {
      const html = await rawRequest(port, '/');
      expect(html.status).toBe(200);
      // beforeAll built the renderer fresh: serve must send exactly that page and its script.
      expect(html.body).toBe(fs.readFileSync(path.join(ROOT, 'dist', 'renderer', 'index.html'), 'utf8'));
      const script = /<script type="module" crossorigin src="\.\/(assets\/index-[\w-]+\.js)"><\/script>/.exec(html.body);
      expect(script).not.toBeNull();
      const js = await rawRequest(port, `/${script![1]}`);
      expect(js.status).toBe(200);
      expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
      expect(js.body.length).toBeGreaterThan(10_000);

      const context = await browser.newContext({ locale: 'en-US' });
      const servedPage = await context.newPage();
      watchConsole(servedPage);
      await servedPage.goto(serve.loginUrl);
      await servedPage.getByRole('navigation').getByRole('link', { name: 'Providers' }).waitFor();
      await context.close();
    } finally {
      expect(await serve.stop()).toBe(0);
      served.cleanup();
    }
  }, STEP_TIMEOUT);

  it('logged no console error or warning and no uncaught exception on any page', () => {
    expect(consoleProblems).toEqual([]);
  });
});
