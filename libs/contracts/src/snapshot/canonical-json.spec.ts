import { describe, expect, it } from 'vitest';
import { CanonicalJsonError, canonicalJson } from './canonical-json.js';

describe('canonicalJson', () => {
  it('sorts keys at every depth and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: true, y: null }], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}',
    );
  });

  it('gives the same text whatever order the keys were inserted in', () => {
    const one = { upstreams: [{ name: 'a', enabled: true }], listen: { port: 1, host: 'h' } };
    const two = { listen: { host: 'h', port: 1 }, upstreams: [{ enabled: true, name: 'a' }] };
    expect(canonicalJson(one)).toBe(canonicalJson(two));
  });

  it('keeps array order, which is meaningful', () => {
    expect(canonicalJson([2, 1])).toBe('[2,1]');
    expect(canonicalJson([2, 1])).not.toBe(canonicalJson([1, 2]));
  });

  it('sorts keys by UTF-16 code units, as RFC 8785 does', () => {
    // The RFC 8785 §3.2.3 example: the emoji's high surrogate sorts before U+FB33.
    const value = { '\u20ac': 1, '\r': 2, '\ufb33': 3, '1': 4, '\u{1f600}': 5, '\u0080': 6, ö: 7 };
    expect(canonicalJson(value)).toBe(
      '{"\\r":2,"1":4,"\u0080":6,"ö":7,"\u20ac":1,"\u{1f600}":5,"\ufb33":3}',
    );
  });

  it('writes numbers in their shortest round-tripping form', () => {
    expect(canonicalJson([1, 1.5, -0, 1e21, 1e-7, 0.1 + 0.2, 100])).toBe(
      '[1,1.5,0,1e+21,1e-7,0.30000000000000004,100]',
    );
  });

  it('escapes strings as JSON.stringify does, lone surrogates included', () => {
    expect(canonicalJson('a"b\\c\n\u0001é\ud800')).toBe('"a\\"b\\\\c\\n\\u0001é\\ud800"');
  });

  it('omits object fields set to undefined, like absent optional fields', () => {
    expect(canonicalJson({ a: 1, b: undefined })).toBe(canonicalJson({ a: 1 }));
  });

  it('accepts null-prototype objects and shared (non-circular) references', () => {
    const shared = { x: 1 };
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, {
      b: shared,
      a: shared,
    });
    expect(canonicalJson(bare)).toBe('{"a":{"x":1},"b":{"x":1}}');
  });

  it('round-trips: parsing the text and serialising again gives the same text', () => {
    const value = {
      z: [{ b: [1, 'two', null], a: false }],
      a: { nested: { deeper: 'ü' } },
      m: -12.5,
    };
    const text = canonicalJson(value);
    expect(canonicalJson(JSON.parse(text))).toBe(text);
    expect(JSON.parse(text)).toEqual(value);
  });

  it('refuses values without a single JSON form, naming where they are', () => {
    const holey: unknown[] = [1];
    holey[2] = 3;
    const refused: [unknown, string][] = [
      [{ a: [1, undefined] }, '$.a[1]'],
      [{ n: Number.NaN }, '$.n'],
      [{ n: Number.POSITIVE_INFINITY }, '$.n'],
      [{ big: 1n }, '$.big'],
      [{ when: new Date(0) }, '$.when'],
      [{ map: new Map() }, '$.map'],
      [{ fn: () => 1 }, '$.fn'],
      [undefined, '$'],
      [holey, '$[1]'],
    ];
    for (const [value, path] of refused) {
      let caught: unknown;
      try {
        canonicalJson(value);
      } catch (error) {
        caught = error;
      }
      expect(caught, path).toBeInstanceOf(CanonicalJsonError);
      expect((caught as CanonicalJsonError).path).toBe(path);
    }
  });

  it('refuses circular references instead of overflowing the stack', () => {
    const loop: Record<string, unknown> = { a: 1 };
    loop['self'] = loop;
    expect(() => canonicalJson(loop)).toThrow(
      'cannot serialise $.self canonically: circular reference',
    );
  });
});
