import { describe, expect, it } from 'vitest';
import { parseIfNoneMatch, versionEtag } from './if-none-match.js';

describe('parseIfNoneMatch', () => {
  it('reads strong, weak and listed versions, and *', () => {
    expect(parseIfNoneMatch(undefined)).toBeUndefined();
    expect(parseIfNoneMatch('"12"')).toEqual([12]);
    expect(parseIfNoneMatch('W/"12", "13"')).toEqual([12, 13]);
    expect(parseIfNoneMatch('*')).toBe('*');
  });

  it('ignores what is not a version of ours', () => {
    expect(parseIfNoneMatch('"abc", 12, ""')).toEqual([]);
  });

  it('quotes versions as ETags', () => {
    expect(versionEtag(7)).toBe('"7"');
    expect(parseIfNoneMatch(versionEtag(7))).toEqual([7]);
  });
});
