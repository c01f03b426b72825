import { describe, expect, it } from 'vitest';
import * as protocols from '../../../electron/core/proxy/protocols';
import { readBody, readStream } from './helpers/callers';
import { convertStream, PAIRS } from './helpers/run';
import { SCENARIOS, upstreamBody, upstreamStream } from './helpers/scenario';

const name = (from: string, kind: string, to: string) => `${from}${kind}To${to[0].toUpperCase()}${to.slice(1)}` as keyof typeof protocols;

/** A request every protocol can express, in each protocol's words. */
const REQUESTS: Record<string, unknown> = {
  anthropic: { model: 'm', max_tokens: 50, system: 'S', messages: [{ role: 'user', content: 'hi' }] },
  chat: { model: 'm', max_tokens: 50, messages: [{ role: 'system', content: 'S' }, { role: 'user', content: 'hi' }] },
  responses: { model: 'm', max_output_tokens: 50, instructions: 'S', input: 'hi' },
};

describe.each(PAIRS)('named directions between %s and %s', (a, b) => {
  it(`${name(b, 'Request', a)}, ${name(a, 'Response', b)} and ${name(a, 'Stream', b)} are the lookup's conversions`, () => {
    const request = protocols[name(b, 'Request', a)] as (body: unknown) => unknown;
    expect(request(REQUESTS[b])).toEqual(protocols.convertRequest(b, a, REQUESTS[b]));

    const reply = protocols[name(a, 'Response', b)] as (body: unknown, opts?: protocols.ConvertOptions) => Record<string, unknown>;
    const body = upstreamBody[a](SCENARIOS.singleTool);
    expect(readBody(b, reply(body, { model: 'x' }))).toEqual(readBody(b, protocols.convertResponse(a, b, body, { model: 'x' })));

    const stream = protocols[name(a, 'Stream', b)] as (opts?: protocols.ConvertOptions) => protocols.StreamConverter;
    const converter = stream({ model: 'x' });
    const upstream = upstreamStream[a](SCENARIOS.singleTool);
    const events = [...upstream.flatMap((ev) => converter.push(ev)), ...converter.end()];
    expect(readStream[b](events)).toEqual(readStream[b](convertStream(a, b, upstream, { model: 'x' }).events));
  });
});
