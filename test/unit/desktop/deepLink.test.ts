import { describe, expect, it } from 'vitest';
import { deepLinkInArgv, importRouteOf, parseDeepLink } from '../../../electron/deepLink';
import { parseImportParams } from '../../../shared/deepLink';
import { parseHash } from '../../../renderer/router';

const LINK = 'switchboard://import?name=bit&base_url=https%3A%2F%2Fapi.bitliquid.dev%2Fv1&key=sk-abc123&protocols=chat,anthropic&models=gpt-5.4,%20claude-sonnet-4-6';

describe('deep links', () => {
  it('reads an import link into an offer', () => {
    expect(parseDeepLink(LINK)).toEqual({
      ok: true,
      offer: {
        name: 'bit',
        baseUrl: 'https://api.bitliquid.dev/v1',
        key: 'sk-abc123',
        protocols: ['chat', 'anthropic'],
        models: ['gpt-5.4', 'claude-sonnet-4-6'],
      },
    });
  });

  it('accepts the single-slash and no-slash forms, and optional protocols and models', () => {
    const result = parseDeepLink('switchboard:import?name=gw&base_url=https://gw.example.com&key=sk-1');
    expect(result).toEqual({ ok: true, offer: { name: 'gw', baseUrl: 'https://gw.example.com', key: 'sk-1', protocols: [], models: [] } });
    expect(parseDeepLink('switchboard:///import?name=gw&base_url=https://gw.example.com&key=sk-1').ok).toBe(true);
  });

  it.each([
    ['https://example.com/import?name=a', 'unknown_action'],
    ['switchboard://delete?name=a', 'unknown_action'],
    ['not a url', 'unknown_action'],
    ['switchboard://import?base_url=https://a.dev&key=k', 'bad_name'],
    ['switchboard://import?name=../etc&base_url=https://a.dev&key=k', 'bad_name'],
    ['switchboard://import?name=a&base_url=http://evil.example.com&key=k', 'bad_base_url'],
    ['switchboard://import?name=a&base_url=javascript:alert(1)&key=k', 'bad_base_url'],
    ['switchboard://import?name=a&base_url=https://a.dev', 'missing_key'],
    ['switchboard://import?name=a&base_url=https://a.dev&key=k&protocols=chat,grpc', 'bad_protocols'],
  ])('refuses %s (%s)', (link, problem) => {
    expect(parseDeepLink(link)).toEqual({ ok: false, problem });
  });

  it('allows plain http only to this machine', () => {
    expect(parseImportParams(new URLSearchParams('name=a&base_url=http://127.0.0.1:3000&key=k')).ok).toBe(true);
    expect(parseImportParams(new URLSearchParams('name=a&base_url=http://localhost:3000/v1&key=k')).ok).toBe(true);
  });

  it('finds the link among the arguments a second instance was started with', () => {
    expect(deepLinkInArgv(['/opt/Switchboard/switchboard', '--flag', LINK])).toBe(LINK);
    expect(deepLinkInArgv(['/opt/Switchboard/switchboard'])).toBeNull();
  });

  it('opens the window\u2019s import confirmation with the same fields', () => {
    const route = parseHash(`#${importRouteOf(LINK)}`);
    expect(route.overlay).toBe('import');
    expect(parseImportParams(route.params)).toEqual(parseDeepLink(LINK));
  });
});
