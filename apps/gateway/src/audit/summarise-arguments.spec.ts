import { describe, expect, it } from 'vitest';
import { looksSecret, summariseArguments } from './summarise-arguments.js';

describe('summariseArguments', () => {
  it('keeps key paths, types and sizes, never values', () => {
    const summary = summariseArguments({
      query: 'hello world',
      filters: { since: '2026-01-01', limit: 5 },
      api_key: 'sk-live-Q3xv9TzP2mK8wR5nL1bY7cD4',
      note: 'ghp_abcdefghijklmnopqrstuvwxyz0123456789',
    });
    const text = JSON.stringify(summary);
    expect(text).not.toContain('hello');
    expect(text).not.toContain('Q3xv9');
    expect(text).not.toContain('ghp_');
    expect(summary.arguments).toContainEqual({ path: 'query', type: 'string', bytes: 13 });
    expect(summary.arguments).toContainEqual({ path: 'filters.limit', type: 'number', bytes: 1 });
    expect(summary.arguments).toContainEqual(
      expect.objectContaining({ path: 'api_key', redacted: true }),
    );
    expect(summary.arguments).toContainEqual(
      expect.objectContaining({ path: 'note', redacted: true }),
    );
  });

  it('recognises credential shapes and leaves prose alone', () => {
    expect(looksSecret('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abcDEF123_-x')).toBe(true);
    expect(looksSecret('AKIAABCDEFGHIJKLMNOP')).toBe(true);
    expect(looksSecret('the quick brown fox jumps over the lazy dog')).toBe(false);
    expect(looksSecret('2026-11-25T12:00:00Z')).toBe(false);
  });
});
