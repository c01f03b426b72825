import { contract, isChannel, type Channel, type Handlers, type RpcResult } from '../../shared/contract';
import { SwitchboardError, toSwitchboardError } from './errors';
import { describeZodError } from './zodSentence';

/**
 * Validates the input, runs the handler, validates the output. Both transports (IPC and HTTP)
 * call this, so the contract is enforced in one place.
 */
export async function dispatch(handlers: Handlers, channel: string, raw: unknown): Promise<RpcResult<unknown>> {
  try {
    if (!isChannel(channel)) throw new SwitchboardError('not_found', `There is no channel named "${channel}".`);
    const spec = contract[channel as Channel];
    const parsed = spec.input.safeParse(raw ?? {});
    if (!parsed.success) throw new SwitchboardError('invalid_input', describeZodError(parsed.error, raw ?? {}));
    const handler = handlers[channel] as (input: unknown) => unknown;
    const data = await handler(parsed.data);
    return { ok: true, data: spec.output.parse(data) };
  } catch (err) {
    const e = toSwitchboardError(err);
    return { ok: false, error: { code: e.code, message: e.message, ...(e.remedy ? { remedy: e.remedy } : {}) } };
  }
}
