import { describe, expect, it } from 'vitest';
import { msUntilUtcMidnight, utcDay } from './utc-day.js';

describe('UTC days', () => {
  it('names the UTC day and the time left in it', () => {
    const at = Date.parse('2026-11-25T23:59:30.000Z');
    expect(utcDay(at)).toBe('2026-11-25');
    expect(msUntilUtcMidnight(at)).toBe(30_000);
    expect(utcDay(Date.parse('2026-11-26T00:00:00.000Z'))).toBe('2026-11-26');
    expect(msUntilUtcMidnight(Date.parse('2026-11-26T00:00:00.000Z'))).toBe(86_400_000);
  });
});
