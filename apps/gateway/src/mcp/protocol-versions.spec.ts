import { describe, expect, it } from 'vitest';
import {
  DEFAULT_NEGOTIATED_VERSION,
  LATEST_PROTOCOL_VERSION,
  SUPPORTED_PROTOCOL_VERSIONS,
  allowsBatches,
  isSupportedProtocolVersion,
  negotiateProtocolVersion,
} from './protocol-versions.js';

describe('protocol versions', () => {
  it('lists the supported revisions newest first, latest at the head', () => {
    expect(SUPPORTED_PROTOCOL_VERSIONS[0]).toBe(LATEST_PROTOCOL_VERSION);
    expect([...SUPPORTED_PROTOCOL_VERSIONS].sort().reverse()).toEqual([
      ...SUPPORTED_PROTOCOL_VERSIONS,
    ]);
    expect(DEFAULT_NEGOTIATED_VERSION).toBe('2025-03-26');
    expect(isSupportedProtocolVersion(DEFAULT_NEGOTIATED_VERSION)).toBe(true);
  });

  it('recognises only the supported version strings', () => {
    for (const version of SUPPORTED_PROTOCOL_VERSIONS)
      expect(isSupportedProtocolVersion(version)).toBe(true);
    for (const value of [
      '2024-11-05',
      '2025-06-18 ',
      '',
      'latest',
      20250618,
      null,
      undefined,
      ['2025-06-18'],
    ]) {
      expect(isSupportedProtocolVersion(value), String(value)).toBe(false);
    }
  });

  it('echoes a supported requested version', () => {
    expect(negotiateProtocolVersion('2025-03-26')).toBe('2025-03-26');
    expect(negotiateProtocolVersion('2025-06-18')).toBe('2025-06-18');
    expect(negotiateProtocolVersion('2025-11-25')).toBe('2025-11-25');
  });

  it('offers the latest version for anything else', () => {
    for (const requested of ['2024-11-05', '2099-01-01', '', undefined, null, 3]) {
      expect(negotiateProtocolVersion(requested), String(requested)).toBe(LATEST_PROTOCOL_VERSION);
    }
  });

  it('allows JSON-RPC batches only on 2025-03-26', () => {
    expect(allowsBatches('2025-03-26')).toBe(true);
    expect(allowsBatches('2025-06-18')).toBe(false);
    expect(allowsBatches('2025-11-25')).toBe(false);
    expect(allowsBatches('')).toBe(false);
  });
});
