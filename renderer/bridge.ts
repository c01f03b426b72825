import type { Channel, ChannelInput, ChannelOutput, RpcResult } from '../shared/contract';
import type { Remedy } from '../shared/remedy';

declare global {
  interface Window {
    switchboard?: { invoke(channel: string, input: unknown): Promise<RpcResult<unknown>> };
  }
}

/** An error the core produced, carried to the UI with its code, sentence and the way out. */
export class BridgeError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly remedy?: Remedy,
  ) {
    super(message);
  }
}

/** The code of a BridgeError for a dashboard whose server did not answer at all (stopped, or its port closed). */
export const UNREACHABLE = 'unreachable';

async function overHttp(channel: string, input: unknown): Promise<RpcResult<unknown>> {
  let res: Response;
  try {
    res = await fetch(`/rpc/${channel}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      credentials: 'same-origin',
      body: JSON.stringify(input ?? {}),
    });
  } catch {
    // The browser's own words ("Failed to fetch") say nothing a person can act on; the window says it in its language.
    throw new BridgeError(UNREACHABLE, `Switchboard did not answer at ${window.location.origin}.`);
  }
  return (await res.json()) as RpcResult<unknown>;
}

/** The renderer's only way to the core: IPC inside Electron, HTTP in headless mode. */
export async function invoke<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
  const result = window.switchboard ? await window.switchboard.invoke(channel, input) : await overHttp(channel, input);
  if (!result.ok) throw new BridgeError(result.error.code, result.error.message, result.error.remedy);
  return result.data as ChannelOutput<C>;
}
