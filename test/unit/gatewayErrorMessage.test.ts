import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { gatewayErrorFromText, gatewayErrorMessage } from '../../electron/core/gateway/http';
import { gatewayErrorSentence } from '../../shared/callFailureSentences';

/** A raw body's error as the proxy words it. */
const errorMessageFromText = (text: string, status: number, secrets: string[]) => gatewayErrorSentence(gatewayErrorFromText(text, status, secrets));

const transcript = (name: string) => fs.readFileSync(path.join(__dirname, '../fixtures/transcripts', name), 'utf8');

describe('an HTML page where a gateway should answer JSON', () => {
  it('a 5xx page from a reverse proxy or CDN is named by its title and read as a failing gateway', () => {
    expect(errorMessageFromText(transcript('error-html-502-nginx.html'), 502, [])).toBe(
      'it answered with an HTML page ("502 Bad Gateway") instead of JSON: the gateway or a proxy in front of it is failing, try again later',
    );
    expect(errorMessageFromText(transcript('error-html-502-cloudflare.html'), 502, [])).toContain('("api.example-relay.com | 502: Bad gateway")');
  });

  it('any other page still points at a login page or a challenge; a page without a title is just an HTML page', () => {
    expect(errorMessageFromText('<!DOCTYPE html><html><head><title>Just a moment...</title></head></html>', 403, [])).toBe(
      'it answered with an HTML page ("Just a moment...") instead of JSON (a login page or a Cloudflare challenge?)',
    );
    expect(errorMessageFromText('<html><body>down</body></html>', 503, [])).toBe('it answered with an HTML page instead of JSON: the gateway or a proxy in front of it is failing, try again later');
  });
});

describe('a gateway error that quotes a key it was sent', () => {
  const key = 'sk-quotedkey0123456789WXYZ';
  it('comes back with the key masked, whatever shape the error has', () => {
    const shapes = [
      { error: `Invalid token: Bearer ${key}` },
      { error: { message: `Invalid token: Bearer ${key}` } },
      { message: `Invalid token: Bearer ${key}` },
      { detail: `Invalid token: Bearer ${key}` },
    ];
    for (const json of shapes) {
      expect(gatewayErrorMessage({ status: 401, text: JSON.stringify(json), json }, [key])).toBe('Invalid token: Bearer sk-…WXYZ');
    }
    expect(errorMessageFromText(`Invalid token: Bearer ${key}`, 401, ['sk-otherkey000000', key])).toBe('Invalid token: Bearer sk-…WXYZ');
  });
});
