import { describe, expect, it } from 'vitest';
import { diffJson } from './json-diff';

describe('diffJson', () => {
  it('lists added, removed and changed leaves by path', () => {
    expect(
      diffJson(
        { name: 'a', limits: { rpm: 10 }, tags: ['x'] },
        { name: 'b', limits: { rpm: 10, burst: 5 }, tags: [] },
      ),
    ).toEqual([
      { path: 'limits.burst', kind: 'added', after: 5 },
      { path: 'name', kind: 'changed', before: 'a', after: 'b' },
      { path: 'tags[0]', kind: 'removed', before: 'x' },
    ]);
  });

  it('treats a creation as one added root', () => {
    expect(diffJson(null, { a: 1 })).toEqual([
      { path: '(root)', kind: 'changed', before: null, after: { a: 1 } },
    ]);
    expect(diffJson({ a: 1 }, { a: 1 })).toEqual([]);
  });
});
