import { describe, expect, it } from 'vitest';
import { parseDuration, parseSince } from './durations.js';
import { BatonError } from './errors.js';

describe('durations', () => {
  it('reads units alone and combined', () => {
    expect(parseDuration('90m')).toBe(90 * 60_000);
    expect(parseDuration('1h30m')).toBe(90 * 60_000);
    expect(parseDuration('1.5h')).toBe(90 * 60_000);
    expect(parseDuration('2d')).toBe(2 * 86_400_000);
    expect(parseDuration(' 1h 15m ')).toBe(75 * 60_000);
  });

  it('refuses what is not a duration, saying how to write one', () => {
    for (const text of ['', '90', 'ten minutes', '1h30', '5y']) {
      const error = (() => {
        try {
          parseDuration(text);
        } catch (caught) {
          return caught;
        }
      })();
      expect(BatonError.isInstance(error) && error.code, text).toBe('USAGE_INVALID');
    }
  });

  it('reads --since as a date or as a span back from now', () => {
    const now = new Date('2026-11-24T12:00:00.000Z');
    expect(parseSince('7d', now)).toBe('2026-11-17T12:00:00.000Z');
    expect(parseSince('2026-11-01', now)).toBe('2026-11-01T00:00:00.000Z');
    expect(() => parseSince('last tuesday', now)).toThrow(/neither a date nor a span/);
  });
});
