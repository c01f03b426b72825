import { describe, expect, it } from 'vitest';
import { parseExpiry } from '../../shared/expiry';
import { inTimeZone } from '../helpers/timeZone';

describe('parseExpiry', () => {
  it('a date lasts through the end of that local day; a date-time without a zone is local', () => {
    inTimeZone('Asia/Kolkata', () => {
      expect(parseExpiry('2026-12-31')).toBe(Date.parse('2026-12-31T23:59:59+05:30'));
      expect(parseExpiry('2026-12-31 18:00')).toBe(Date.parse('2026-12-31T18:00:00+05:30'));
      expect(parseExpiry('2026-12-31T18:00:30')).toBe(Date.parse('2026-12-31T18:00:30+05:30'));
    });
  });

  it('a date-time that names its zone is that moment wherever it is read', () => {
    inTimeZone('America/New_York', () => {
      expect(parseExpiry('2026-12-31T18:00Z')).toBe(Date.UTC(2026, 11, 31, 18));
      expect(parseExpiry('2026-12-31 18:00+05:30')).toBe(Date.UTC(2026, 11, 31, 12, 30));
    });
  });

  it('refuses a number of days, free text and days or times that do not exist', () => {
    for (const text of ['7', '7d', 'Dec 31 2026', '2026-1-5', '2026-02-30', '2026-12-31 24:00', '2026-12-31 18:60', '']) expect(parseExpiry(text)).toBeNull();
  });
});
