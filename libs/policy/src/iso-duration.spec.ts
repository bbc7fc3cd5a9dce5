import { describe, expect, it } from 'vitest';
import { parseDateBound, parseInstant, resolveDateBound } from './iso-duration.js';

const NOW = Date.parse('2026-03-31T12:00:00Z');

describe('date bounds', () => {
  it('reads durations relative to now', () => {
    const at = (text: string): string => {
      const bound = parseDateBound(text);
      if (bound === undefined) throw new Error(text);
      return new Date(resolveDateBound(bound, NOW)).toISOString();
    };
    expect(at('-P30D')).toBe('2026-03-01T12:00:00.000Z');
    expect(at('P1W')).toBe('2026-04-07T12:00:00.000Z');
    expect(at('PT90M')).toBe('2026-03-31T13:30:00.000Z');
    expect(at('-P1Y')).toBe('2025-03-31T12:00:00.000Z');
    expect(at('2026-01-01T00:00:00Z')).toBe('2026-01-01T00:00:00.000Z');
  });

  it('refuses what is neither a duration nor an ISO instant', () => {
    expect(parseDateBound('P')).toBeUndefined();
    expect(parseDateBound('PT')).toBeUndefined();
    expect(parseDateBound('last week')).toBeUndefined();
    expect(parseInstant('March 3')).toBeUndefined();
    expect(parseInstant('2026-02-30')).toBeDefined();
  });
});
