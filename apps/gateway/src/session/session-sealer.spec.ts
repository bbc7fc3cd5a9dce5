import { describe, expect, it } from 'vitest';
import { SessionSealer } from './session-sealer.js';
import type { SessionState } from './session-state.js';

const NOW = 1_700_000_000;
const SECRET = 'fleet-secret-0123456789abcdefghijklmnop';

function state(overrides: Partial<SessionState> = {}): SessionState {
  return {
    v: 2,
    id: 'sess-1',
    t: 'acme',
    c: 'acme-app',
    pv: '2025-06-18',
    iat: NOW,
    exp: NOW + 3600,
    caps: { sampling: {}, roots: { listChanged: true } },
    ci: { name: 'client', version: '1.2.3' },
    up: { files: { sid: 'upstream-session', pv: '2025-06-18' }, remote: { pv: '2025-03-26' } },
    ...overrides,
  };
}

/** Flips one bit in the decoded token bytes and re-encodes, so the change is real (not in base64 padding bits). */
function flipByte(token: string, index: number): string {
  const raw = Buffer.from(token.slice('gh1.'.length), 'base64url');
  const at = index < 0 ? raw.length + index : index;
  raw[at] = (raw[at] ?? 0) ^ 0x01;
  return 'gh1.' + raw.toString('base64url');
}

describe('SessionSealer', () => {
  it('round-trips the state through an opaque prefixed token', () => {
    const sealer = new SessionSealer(SECRET);
    const original = state();
    const token = sealer.seal(original);
    expect(token.startsWith('gh1.')).toBe(true);
    expect(token.slice(4)).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(token).not.toContain('sess-1');
    expect(token).not.toContain('upstream-session');
    expect(sealer.open(token, NOW)).toEqual(original);
  });

  it('opens a token on another sealer with the same secret, string or buffer', () => {
    const token = new SessionSealer(SECRET).seal(state());
    expect(new SessionSealer(SECRET).open(token, NOW)).toEqual(state());
    expect(new SessionSealer(Buffer.from(SECRET)).open(token, NOW)).toEqual(state());
  });

  it('produces a different token each time for the same state', () => {
    const sealer = new SessionSealer(SECRET);
    expect(sealer.seal(state())).not.toBe(sealer.seal(state()));
  });

  it('refuses a token sealed under another secret', () => {
    const token = new SessionSealer(SECRET).seal(state());
    expect(new SessionSealer(SECRET + 'x').open(token, NOW)).toBeUndefined();
    expect(SessionSealer.withRandomSecret().open(token, NOW)).toBeUndefined();
  });

  it('refuses a token with any flipped byte: iv, ciphertext or tag', () => {
    const sealer = new SessionSealer(SECRET);
    const token = sealer.seal(state());
    const length = Buffer.from(token.slice(4), 'base64url').length;
    for (const index of [0, 11, 12, 20, length - 17, length - 16, length - 1]) {
      expect(sealer.open(flipByte(token, index), NOW), `byte ${index}`).toBeUndefined();
    }
  });

  it('refuses truncated and extended tokens', () => {
    const sealer = new SessionSealer(SECRET);
    const token = sealer.seal(state());
    const raw = Buffer.from(token.slice(4), 'base64url');
    expect(
      sealer.open('gh1.' + raw.subarray(0, raw.length - 1).toString('base64url'), NOW),
    ).toBeUndefined();
    expect(
      sealer.open('gh1.' + Buffer.concat([raw, Buffer.from([0])]).toString('base64url'), NOW),
    ).toBeUndefined();
  });

  it('refuses an expired token, the expiry second included', () => {
    const sealer = new SessionSealer(SECRET);
    const token = sealer.seal(state({ exp: NOW + 10 }));
    expect(sealer.open(token, NOW + 9)).toBeDefined();
    expect(sealer.open(token, NOW + 10)).toBeUndefined();
    expect(sealer.open(token, NOW + 11)).toBeUndefined();
  });

  it('uses the clock when no time is given', () => {
    const sealer = new SessionSealer(SECRET);
    const now = Math.floor(Date.now() / 1000);
    expect(sealer.open(sealer.seal(state({ exp: now + 3600 })))).toBeDefined();
    expect(sealer.open(sealer.seal(state({ exp: now - 1 })))).toBeUndefined();
  });

  it('refuses a sealed state of another format version', () => {
    const sealer = new SessionSealer(SECRET);
    const future = { ...state(), v: 3 } as unknown as SessionState;
    expect(sealer.open(sealer.seal(future), NOW)).toBeUndefined();
    // Version 1 ids were bound to no tenant: they must not open in a gateway that enforces tenants.
    const unbound = { ...state(), v: 1 } as unknown as SessionState;
    expect(sealer.open(sealer.seal(unbound), NOW)).toBeUndefined();
    const noExpiry = { ...state(), exp: 'never' } as unknown as SessionState;
    expect(sealer.open(sealer.seal(noExpiry), NOW)).toBeUndefined();
  });

  it('refuses garbage, prefix-less and oversized tokens', () => {
    const sealer = new SessionSealer(SECRET);
    const token = sealer.seal(state());
    for (const bad of [
      '',
      'gh1.',
      'gh1.x',
      'gh1.!!!!',
      'gh1.' + 'A'.repeat(40),
      'gh2.' + token.slice(4),
      token.slice(4),
      'GH1.' + token.slice(4),
      'not a token at all',
      'gh1.' + 'A'.repeat(16_400),
    ]) {
      expect(sealer.open(bad, NOW), bad.slice(0, 20)).toBeUndefined();
    }
  });

  it('refuses an authentic token longer than 16 KiB', () => {
    const sealer = new SessionSealer(SECRET);
    const token = sealer.seal(state({ caps: { big: 'x'.repeat(13_000) } }));
    expect(token.length).toBeGreaterThan(16_384);
    expect(sealer.open(token, NOW)).toBeUndefined();
    const fits = sealer.seal(state({ caps: { big: 'x'.repeat(11_000) } }));
    expect(fits.length).toBeLessThanOrEqual(16_384);
    expect(sealer.open(fits, NOW)?.caps).toEqual({ big: 'x'.repeat(11_000) });
  });
});
