import type { App } from './core/app';
import { SwitchboardError } from './core/errors';
import { answersHttp } from './core/server/probe';
import { findRunningServer, SERVER_PROBE_MS } from './core/server/serverFile';
import { parseCommand, parsePort, type Command, type Io } from './cliCommon';

/** The loopback URL of the server to log in to, or null when none answers. */
async function runningServerUrl(app: App, port: number | undefined): Promise<string | null> {
  if (port !== undefined) return (await answersHttp(port, SERVER_PROBE_MS)) ? `http://127.0.0.1:${port}` : null;
  return (await findRunningServer(app.paths.home))?.url ?? null;
}

async function dashboardCommand(app: App, argv: string[], io: Io) {
  const { values } = parseCommand('dashboard', argv, { port: { type: 'string' } }, false);
  const port = parsePort(values.port);
  const url = await runningServerUrl(app, port);
  if (!url) {
    const where = port === undefined ? `for the data folder ${app.paths.home}` : `on port ${port}`;
    throw new SwitchboardError(
      'not_found',
      `No Switchboard server is running ${where}; start one with "switchboard serve" (or "npm start" for the desktop app), then run "switchboard dashboard" again.`,
    );
  }
  io.out(`${url}/?login=${app.loginTokens.issue()}`);
}

export const dashboardCommands: Record<string, Command> = { dashboard: dashboardCommand };
