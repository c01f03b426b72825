import { rawRequest } from './rawHttp';

/** Signs in through a one-time login link, as the browser does, and returns the session cookie to send with /rpc calls. */
export async function sessionCookie(running: { loginUrl(): string; server: { port: number } }): Promise<string> {
  const link = new URL(running.loginUrl());
  const res = await rawRequest(running.server.port, link.pathname + link.search);
  return String(res.headers['set-cookie']).split(';')[0];
}
