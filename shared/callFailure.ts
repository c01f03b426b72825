// A failed call's sentence as the proxy words it, kept as a code and its figures: the ledger stores
// it beside the English sentence (shared/callFailureSentences.ts), and the dashboard words it in its
// language (renderer/lib/callFailureText.ts). What a gateway said stays in its own words.
import { lazySchema } from './lazy';
import * as z from './z';

/** What went wrong at one provider, said after its name. */
export const providerMishapSchema = lazySchema(() =>
  z.discriminatedUnion('code', [
    /** No connection: `reason` is the system's code for it (ECONNREFUSED, ENOTFOUND). */
    z.object({ code: z.literal('unreachable'), reason: z.string() }),
    z.object({ code: z.literal('no_answer_in_time') }),
    z.object({ code: z.literal('no_protocol') }),
    z.object({ code: z.literal('no_key') }),
    /** The gateway's own error message, as it sent it (keys masked). */
    z.object({ code: z.literal('said'), words: z.string() }),
    /** An error status with an HTML page; `failing`: a 5xx page, from the gateway's reverse proxy or CDN. */
    z.object({ code: z.literal('error_page'), title: z.string().nullable(), failing: z.boolean() }),
    z.object({ code: z.literal('empty_error'), status: z.number() }),
    /** A success status whose body is an HTML page, or something else that is not JSON. */
    z.object({ code: z.literal('html_reply') }),
    z.object({ code: z.literal('not_json') }),
    /** A stream that ended before any content: without a reply at all, or before its last event. */
    z.object({ code: z.literal('closed_without_reply') }),
    z.object({ code: z.literal('closed_unfinished') }),
    /** After its answer had begun: it fell silent, the connection broke (`reason`), it closed early, or it sent an error. */
    z.object({ code: z.literal('stalled') }),
    z.object({ code: z.literal('broke_off'), reason: z.string() }),
    z.object({ code: z.literal('closed_early') }),
    z.object({ code: z.literal('sent_error'), words: z.string() }),
    /** Not asked: its breaker is open after repeated failures, for about `seconds` more. */
    z.object({ code: z.literal('resting'), seconds: z.number() }),
  ]),
);
export type ProviderMishap = z.infer<typeof providerMishapSchema>;

/** What the person at the tool can do about a call no provider answered. `providers`: those that failed that way. */
export const routeRemedySchema = lazySchema(() =>
  z.discriminatedUnion('code', [
    z.object({ code: z.literal('fix_key'), providers: z.array(z.string()) }),
    z.object({ code: z.literal('top_up'), providers: z.array(z.string()) }),
    z.object({ code: z.literal('check_reachable'), providers: z.array(z.string()) }),
    z.object({ code: z.literal('allow_longer'), setting: z.enum(['firstByteTimeoutMs', 'responseTimeoutMs']) }),
    /** `seconds`: the gateway's Retry-After; null when it gave none. */
    /** `alreadySaid` (here and below): the gateway's words already say to try again, so only the rest is told. */
    z.object({ code: z.literal('wait'), seconds: z.number().nullable(), alreadySaid: z.boolean() }),
    z.object({ code: z.literal('add_provider'), provider: z.string(), alreadySaid: z.boolean() }),
  ]),
);
export type RouteRemedy = z.infer<typeof routeRemedySchema>;

export const callFailureSchema = lazySchema(() =>
  z.discriminatedUnion('code', [
    /**
     * No provider answered: each failure said once for the providers that failed the same way, and
     * what to do about the last kind. `everyProvider`: more than one try is told.
     */
    z.object({
      code: z.literal('route_failed'),
      failures: z.array(z.object({ providers: z.array(z.string()), mishap: providerMishapSchema })),
      everyProvider: z.boolean(),
      remedy: routeRemedySchema.nullable(),
    }),
    /** The answer had reached the caller in part when its provider failed. */
    z.object({ code: z.literal('answer_incomplete'), provider: z.string(), mishap: providerMishapSchema }),
    /** Refused before any provider was asked: under strict model, no hop of the route serves `model`. */
    z.object({ code: z.literal('model_unserved'), model: z.string() }),
    /** Refused before any provider was asked: an OpenAI-only endpoint (`path`, after /v1), and none of the route's `providers` speaks OpenAI. */
    z.object({ code: z.literal('no_openai_provider'), path: z.string(), providers: z.array(z.string()) }),
    /** A bug of the proxy's own; `reason`: the error's message, as it was thrown. */
    z.object({ code: z.literal('internal'), reason: z.string() }),
    /** The caller closed the connection before the answer was finished; the upstream call was stopped. */
    z.object({ code: z.literal('caller_left') }),
  ]),
);
export type CallFailure = z.infer<typeof callFailureSchema>;
