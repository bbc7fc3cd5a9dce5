import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { apiIssuesOf } from './zod-issues.js';

function issuesFor(schema: z.ZodType, value: unknown) {
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) throw new Error('expected a failure');
  return apiIssuesOf(result.error);
}

describe('apiIssuesOf', () => {
  const schema = z.strictObject({
    name: z.string().min(2, 'too short'),
    budget: z.strictObject({ burst: z.number().int() }).optional(),
    tags: z.array(z.string()).optional(),
  });

  it('names nested fields with dotted paths', () => {
    expect(issuesFor(schema, { name: 'ok', budget: { burst: 1.5 }, tags: ['a', 3] })).toEqual([
      { path: 'budget.burst', message: 'Invalid input: expected int, received number' },
      { path: 'tags.1', message: 'Invalid input: expected string, received number' },
    ]);
  });

  it('splits unknown keys into one issue per key, at their own path', () => {
    expect(issuesFor(schema, { name: 'ok', extra: 1, budget: { burst: 1, more: true } })).toEqual([
      { path: 'budget.more', message: 'is not a known field' },
      { path: 'extra', message: 'is not a known field' },
    ]);
  });

  it('says "is required" for a missing field', () => {
    expect(issuesFor(schema, {})).toEqual([{ path: 'name', message: 'is required' }]);
    expect(issuesFor(schema, { name: 'x' })).toEqual([{ path: 'name', message: 'too short' }]);
  });
});
