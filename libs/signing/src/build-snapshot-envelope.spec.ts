import { canonicalJson, gatewayConfigSchema } from '@gatehouse/contracts';
import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { FLEET_ID, smallConfig } from '../test/snapshot-fixtures.js';
import { buildSnapshotEnvelope } from './build-snapshot-envelope.js';
import { snapshotContentHash } from './content-hash.js';

describe('buildSnapshotEnvelope', () => {
  it('wraps the parsed config, defaults filled in, and hashes that', () => {
    const createdAt = new Date('2025-03-04T05:06:07.089Z');
    const envelope = buildSnapshotEnvelope({
      fleetId: FLEET_ID,
      version: 7,
      config: smallConfig(),
      createdAt,
    });
    expect(envelope).toMatchObject({
      fleetId: FLEET_ID,
      version: 7,
      createdAt: '2025-03-04T05:06:07.089Z',
    });
    expect(envelope.config).toEqual(gatewayConfigSchema.parse(smallConfig()));
    expect(envelope.config.listen.port).toBe(8080);
    expect(envelope.contentHash).toBe(snapshotContentHash(envelope.config));
  });

  it('gives the same hash for the same config however it was written', () => {
    const terse = buildSnapshotEnvelope({ fleetId: FLEET_ID, version: 1, config: smallConfig() });
    const explicit = buildSnapshotEnvelope({
      fleetId: FLEET_ID,
      version: 2,
      config: {
        listen: { port: 8080 },
        upstreams: [{ transport: { command: 'mcp-files', type: 'stdio' }, name: 'files' }],
      },
    });
    expect(explicit.contentHash).toBe(terse.contentHash);
    expect(canonicalJson(explicit.config)).toBe(canonicalJson(terse.config));
  });

  it('stamps the current time by default', () => {
    const before = Date.now();
    const { createdAt } = buildSnapshotEnvelope({
      fleetId: FLEET_ID,
      version: 1,
      config: smallConfig(),
    });
    expect(Date.parse(createdAt)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(createdAt)).toBeLessThanOrEqual(Date.now());
  });

  it('refuses an invalid config or envelope field', () => {
    expect(() =>
      buildSnapshotEnvelope({ fleetId: FLEET_ID, version: 1, config: { upstreams: [] } }),
    ).toThrow(ZodError);
    expect(() =>
      buildSnapshotEnvelope({ fleetId: FLEET_ID, version: 0, config: smallConfig() }),
    ).toThrow(ZodError);
    expect(() => buildSnapshotEnvelope({ fleetId: '', version: 1, config: smallConfig() })).toThrow(
      ZodError,
    );
  });
});
