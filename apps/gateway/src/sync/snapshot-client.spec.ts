import { describe, expect, it } from 'vitest';
import { NodeCredential } from './node-credential.js';
import { SnapshotClient, parseEtag } from './snapshot-client.js';

describe('SnapshotClient', () => {
  it('builds the snapshot URL under the control plane URL, keeping a path prefix', () => {
    const credential = new NodeCredential('x');
    const plain = new SnapshotClient({
      controlPlaneUrl: new URL('https://cp.example.com'),
      fleetId: 'eu-1',
      credential,
    });
    expect(plain.url.href).toBe('https://cp.example.com/api/v1/fleets/eu-1/snapshot');
    const prefixed = new SnapshotClient({
      controlPlaneUrl: new URL('https://example.com/gatehouse?x=1'),
      fleetId: 'eu:1',
      credential,
    });
    expect(prefixed.url.href).toBe('https://example.com/gatehouse/api/v1/fleets/eu%3A1/snapshot');
  });

  it('reads strong and weak ETags', () => {
    expect(parseEtag('"12"')).toBe('12');
    expect(parseEtag('W/"12"')).toBe('12');
    expect(parseEtag('12')).toBe('12');
    expect(parseEtag(null)).toBeUndefined();
    expect(parseEtag('  ')).toBeUndefined();
  });
});
