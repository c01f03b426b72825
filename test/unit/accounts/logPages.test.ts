import { describe, expect, it } from 'vitest';
import { isPastLastPage, lastLogPage, pageBefore } from '../../../shared/logPages';

const six = Array.from({ length: 6 }, (_, i) => i);

describe('pages of a gateway\'s logs', () => {
  it('has a page 1 even with no calls, and as many pages as the calls fill', () => {
    expect(lastLogPage(0, 50)).toBe(1);
    expect(lastLogPage(50, 50)).toBe(1);
    expect(lastLogPage(51, 50)).toBe(2);
  });

  it('knows a page past the last from the gateway\'s count, and steps back to the last one', () => {
    const past = { page: 99, items: [], total: 6, pageSize: 50 };
    expect(isPastLastPage(past)).toBe(true);
    expect(pageBefore(past)).toBe(1);
    // The logs shrank from three pages to two while page 3 was shown.
    expect(pageBefore({ page: 3, items: [], total: 60, pageSize: 50 })).toBe(2);
    expect(isPastLastPage({ page: 2, items: six, total: 56, pageSize: 50 })).toBe(false);
    expect(isPastLastPage({ page: 1, items: [], total: 0, pageSize: 50 })).toBe(false);
  });

  it('takes an empty page past the first as past the end when the gateway does not count its logs', () => {
    expect(isPastLastPage({ page: 4, items: [], total: null, pageSize: 50 })).toBe(true);
    expect(pageBefore({ page: 4, items: [], total: null, pageSize: 50 })).toBe(3);
    expect(isPastLastPage({ page: 4, items: six, total: null, pageSize: 50 })).toBe(false);
    expect(isPastLastPage({ page: 1, items: [], total: null, pageSize: 50 })).toBe(false);
  });
});
