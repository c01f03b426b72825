import { describe, expect, it } from 'vitest';
import { createBreakers, type BreakerStore } from '../../../electron/core/proxy/breaker';
import { createKeyHealth } from '../../../electron/core/proxy/keyHealth';
import { classifyNetworkError, classifyStatus, parseRetryAfter } from '../../../electron/core/proxy/retryRules';
import { modelForHop } from '../../../electron/core/proxy/modelMapping';

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

describe('circuit breaker', () => {
  it('opens after the threshold, admits one probe after the cool-down, and closes on its success', () => {
    const c = clock();
    const b = createBreakers(() => ({ threshold: 3, coolDownMs: 1000 }), c.now);
    b.failure(1, { message: 'boom' });
    b.failure(1, { message: 'boom' });
    expect(b.admit(1)).toBe('allowed');
    b.failure(1, { message: 'boom' });
    expect(b.stateOf(1)).toBe('open');
    expect(b.admit(1)).toBe('open');
    c.advance(1000);
    expect(b.stateOf(1)).toBe('half_open');
    expect(b.admit(1)).toBe('probe');
    expect(b.admit(1)).toBe('open');
    b.success(1);
    expect(b.view(1, 'p')).toEqual({ provider: 'p', state: 'closed', consecutiveFailures: 0, retryAt: null, retryInMs: null, lastError: null, lastMishap: null });
  });

  it('a probe whose caller left gives no verdict: the breaker stays half-open and admits the next probe', () => {
    const c = clock();
    const b = createBreakers(() => ({ threshold: 1, coolDownMs: 500 }), c.now);
    b.failure(4, { message: 'down' });
    c.advance(500);
    expect(b.admit(4)).toBe('probe');
    b.release(4);
    expect(b.view(4, 'p')).toMatchObject({ state: 'half_open', consecutiveFailures: 1, lastError: 'down' });
    expect(b.admit(4)).toBe('probe');
  });

  it('a failed probe reopens for another cool-down', () => {
    const c = clock();
    const b = createBreakers(() => ({ threshold: 1, coolDownMs: 500 }), c.now);
    b.failure(7, { message: 'down' });
    c.advance(500);
    expect(b.admit(7)).toBe('probe');
    b.failure(7, { message: 'still down' });
    expect(b.stateOf(7)).toBe('open');
    expect(b.retryAt(7)).toBe(c.now() + 500);
  });

  it('keeps its states in the store, so another process (switchboard status) sees them', () => {
    const c = clock();
    let saved: ReturnType<BreakerStore['load']> = {};
    const store: BreakerStore = { load: () => saved, save: (s) => void (saved = s), live: () => new Set([2, 3]) };
    const b = createBreakers(() => ({ threshold: 1, coolDownMs: 5000 }), c.now, store);
    b.failure(2, { message: 'refused' });
    const other = createBreakers(() => ({ threshold: 1, coolDownMs: 5000 }), c.now, store);
    expect(other.view(2, 'gw')).toMatchObject({ state: 'open', consecutiveFailures: 1, lastError: 'refused' });
  });

  it('drops the state of a provider removed elsewhere, on load and at its next save', () => {
    const c = clock();
    const live = new Set([2, 3]);
    let saved: ReturnType<BreakerStore['load']> = {};
    const store: BreakerStore = { load: () => saved, save: (s) => void (saved = s), live: () => live };
    const running = createBreakers(() => ({ threshold: 1, coolDownMs: 5000 }), c.now, store);
    running.failure(2, { message: 'gw: closing down' });
    live.delete(2);
    expect(createBreakers(() => ({ threshold: 1, coolDownMs: 5000 }), c.now, store).view(2, 'gw').state).toBe('closed');
    running.failure(3, { message: 'relay: odd' });
    expect(Object.keys(saved)).toEqual(['3']);
    expect(running.view(2, 'gw')).toMatchObject({ state: 'closed', consecutiveFailures: 0, lastError: null });
  });

  it('keeps what went wrong as a code beside the sentence, and still loads states stored without it', () => {
    const c = clock();
    let saved: ReturnType<BreakerStore['load']> = {};
    const store: BreakerStore = { load: () => saved, save: (s) => void (saved = s), live: () => new Set([2, 3]) };
    const b = createBreakers(() => ({ threshold: 1, coolDownMs: 5000 }), c.now, store);
    b.failure(2, classifyNetworkError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 'gw'));
    b.failure(3, classifyStatus(503, 'relay', { code: 'said', words: 'maintenance window' }, {}));
    const reloaded = createBreakers(() => ({ threshold: 1, coolDownMs: 5000 }), c.now, store);
    expect(reloaded.view(2, 'gw')).toMatchObject({ lastError: 'gw could not be reached (ECONNREFUSED)', lastMishap: { code: 'unreachable', reason: 'ECONNREFUSED' } });
    expect(reloaded.view(3, 'relay')).toMatchObject({ lastError: 'relay: maintenance window', lastMishap: { code: 'said', words: 'maintenance window' } });

    // As an older version stored them: the sentence alone; and a code this version cannot read.
    saved = { 2: { failures: 3, openUntil: c.now() + 5000, lastError: 'gw: bad gateway' }, 3: { failures: 1, openUntil: null, lastError: 'relay: odd', lastMishap: { code: 'from_the_future' } } };
    const older = createBreakers(() => ({ threshold: 1, coolDownMs: 5000 }), c.now, store);
    expect(older.view(2, 'gw')).toEqual({ provider: 'gw', state: 'open', consecutiveFailures: 3, retryAt: c.now() + 5000, retryInMs: 5000, lastError: 'gw: bad gateway', lastMishap: null });
    expect(older.view(3, 'relay')).toMatchObject({ lastError: 'relay: odd', lastMishap: null });
    older.success(2);
    expect(saved[2]).toEqual({ failures: 0, openUntil: null, lastError: null, lastMishap: null });
  });

  it('says how long an open breaker still waits by its own clock, whatever the reader\u2019s clock says', () => {
    const c = clock();
    const b = createBreakers(() => ({ threshold: 1, coolDownMs: 5000 }), c.now);
    b.failure(1, { message: 'down' });
    expect(b.view(1, 'gw')).toMatchObject({ state: 'open', retryAt: c.now() + 5000, retryInMs: 5000 });
    c.advance(4999);
    expect(b.view(1, 'gw')).toMatchObject({ state: 'open', retryInMs: 1 });
    c.advance(1);
    expect(b.view(1, 'gw')).toMatchObject({ state: 'half_open', retryInMs: null });
  });
});

describe('retry rules', () => {
  const said = (words: string) => ({ code: 'said', words }) as const;
  it('classifies statuses: auth and quota set the key aside, 429/408/5xx retry, other 4xx do not', () => {
    expect(classifyStatus(401, 'gw', said('x'), {})).toMatchObject({ kind: 'auth', retryable: true, keyProblem: true });
    expect(classifyStatus(429, 'gw', said('insufficient quota'), {})).toMatchObject({ kind: 'quota', keyProblem: true });
    expect(classifyStatus(429, 'gw', said('slow down'), {})).toMatchObject({ kind: 'rate_limit', retryable: true, keyProblem: false });
    expect(classifyStatus(503, 'gw', said('x'), {})).toMatchObject({ retryable: true });
    expect(classifyStatus(400, 'gw', said('bad field'), {})).toMatchObject({ kind: 'request', retryable: false });
    expect(classifyStatus(400, 'gw', said('Model is unavailable'), { retryPatterns: ['model is unavailable'] })).toMatchObject({ retryable: true });
    expect(classifyStatus(422, 'gw', said('x'), { retryStatuses: [422] })).toMatchObject({ retryable: true });
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});

describe('model mapping and keys', () => {
  it('maps by the first matching pattern, else the fixed model, else the caller model', () => {
    const hop = { models: { 'claude-sonnet-*': 'gpt-5.4', 'claude-*': 'gpt-5-mini' } };
    expect(modelForHop(hop, 'claude-sonnet-4-5')).toBe('gpt-5.4');
    expect(modelForHop(hop, 'claude-haiku-4')).toBe('gpt-5-mini');
    expect(modelForHop({ model: 'fixed' }, 'anything')).toBe('fixed');
    expect(modelForHop({}, 'as-asked')).toBe('as-asked');
  });

  it('puts set-aside keys last until their time out ends', () => {
    const c = clock();
    const keys = createKeyHealth(c.now);
    keys.setAside('a');
    expect(keys.order(['a', 'b', 'c'])).toEqual(['b', 'c', 'a']);
    c.advance(11 * 60_000);
    expect(keys.order(['a', 'b', 'c'])).toEqual(['a', 'b', 'c']);
  });
});
