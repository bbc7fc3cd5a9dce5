import { describe, expect, it } from 'vitest';
import { decodeEventId, encodeGetEventId, encodePostEventId } from './event-ids.js';

function b64(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

describe('event ids', () => {
  it('round-trips a POST stream position', () => {
    const id = encodePostEventId('files', 'evt-42');
    expect(id.startsWith('p.')).toBe(true);
    expect(decodeEventId(id)).toEqual({
      kind: 'post',
      upstream: 'files',
      upstreamEventId: 'evt-42',
    });
  });

  it('round-trips upstream event ids with any characters', () => {
    for (const upstreamEventId of ['', 'a.b:c/d', '💡 ünïcode', '"quoted"', 'x'.repeat(1000)]) {
      expect(decodeEventId(encodePostEventId('up', upstreamEventId))).toEqual({
        kind: 'post',
        upstream: 'up',
        upstreamEventId,
      });
    }
  });

  it('round-trips GET stream positions, including none', () => {
    const positions = { files: '17', remote: 'abc_def' };
    const id = encodeGetEventId(positions);
    expect(id.startsWith('g.')).toBe(true);
    expect(id).toMatch(/^g\.[A-Za-z0-9_-]+$/);
    expect(decodeEventId(id)).toEqual({ kind: 'get', positions });
    expect(decodeEventId(encodeGetEventId({}))).toEqual({ kind: 'get', positions: {} });
  });

  it('does not confuse the two kinds', () => {
    expect(decodeEventId('g.' + b64(['files', 'e1']))).toBeUndefined();
    expect(decodeEventId('p.' + b64({ files: 'e1' }))).toBeUndefined();
  });

  it('refuses payloads of the wrong shape', () => {
    for (const bad of [
      'p.' + b64(['files']),
      'p.' + b64(['files', 'e1', 'extra']),
      'p.' + b64(['files', 1]),
      'p.' + b64([1, 'e1']),
      'p.' + b64('files'),
      'g.' + b64({ files: 1 }),
      'g.' + b64({ files: 'ok', other: null }),
      'g.' + b64(null),
      'g.' + b64('x'),
      'g.' + b64([]),
    ]) {
      expect(decodeEventId(bad), bad).toBeUndefined();
    }
  });

  it('refuses garbage, unknown prefixes and oversized ids', () => {
    for (const bad of [
      '',
      'p.',
      'g.',
      '42',
      'p.!!!not-base64',
      'p.' + Buffer.from('not json').toString('base64url'),
      'x.' + b64(['files', 'e1']),
      'P.' + b64(['files', 'e1']),
      b64(['files', 'e1']),
    ]) {
      expect(decodeEventId(bad), bad).toBeUndefined();
    }
    const huge = encodePostEventId('files', 'x'.repeat(7000));
    expect(huge.length).toBeGreaterThan(8192);
    expect(decodeEventId(huge)).toBeUndefined();
  });
});
