import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json.js';
import { snapshotEnvelopeSchema, type SnapshotEnvelopeInput } from './snapshot-envelope.schema.js';

function envelope(overrides: Partial<Record<keyof SnapshotEnvelopeInput, unknown>> = {}): unknown {
  return {
    fleetId: 'fleet-1',
    version: 1,
    createdAt: '2025-01-01T00:00:00.000Z',
    contentHash: 'a'.repeat(64),
    config: { upstreams: [{ name: 'files', transport: { type: 'stdio', command: 'mcp-files' } }] },
    ...overrides,
  };
}

function pathsOf(input: unknown): string[] {
  const result = snapshotEnvelopeSchema.safeParse(input);
  expect(result.success).toBe(false);
  return result.error?.issues.map((issue) => issue.path.join('.')) ?? [];
}

describe('snapshotEnvelopeSchema', () => {
  it('accepts an envelope and fills the config defaults of the gateway config model', () => {
    const parsed = snapshotEnvelopeSchema.parse(envelope());
    expect(parsed.fleetId).toBe('fleet-1');
    expect(parsed.config.listen).toEqual({ host: '127.0.0.1', port: 8080, path: '/mcp' });
    expect(parsed.config.upstreams[0]?.enabled).toBe(true);
  });

  it('parses its own output to the same canonical form (so a signed config hashes alike after parsing)', () => {
    const once = snapshotEnvelopeSchema.parse(envelope());
    const twice = snapshotEnvelopeSchema.parse(JSON.parse(canonicalJson(once)));
    expect(canonicalJson(twice)).toBe(canonicalJson(once));
  });

  it('requires a positive integer version', () => {
    for (const version of [0, -1, 1.5, '2', Number.MAX_SAFE_INTEGER + 1]) {
      expect(pathsOf(envelope({ version })), String(version)).toEqual(['version']);
    }
  });

  it('requires an ISO date-time for createdAt', () => {
    expect(pathsOf(envelope({ createdAt: 'yesterday' }))).toEqual(['createdAt']);
    expect(pathsOf(envelope({ createdAt: '2025-01-01' }))).toEqual(['createdAt']);
  });

  it('requires a lower-case hex sha256 content hash', () => {
    expect(pathsOf(envelope({ contentHash: 'A'.repeat(64) }))).toEqual(['contentHash']);
    expect(pathsOf(envelope({ contentHash: 'a'.repeat(63) }))).toEqual(['contentHash']);
  });

  it('refuses a malformed fleet id, unknown fields and an invalid config', () => {
    expect(pathsOf(envelope({ fleetId: '' }))).toEqual(['fleetId']);
    expect(pathsOf(envelope({ fleetId: 'a/b' }))).toEqual(['fleetId']);
    expect(pathsOf({ ...(envelope() as object), signature: 'x' })).toEqual(['']);
    expect(pathsOf(envelope({ config: { upstreams: [] } }))).toEqual(['config.upstreams']);
  });
});
