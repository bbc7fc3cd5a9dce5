import type { GatewayConfigInput } from '@gatehouse/contracts';
import { CompactSign, base64url, type CryptoKey } from 'jose';
import { SNAPSHOT_JWS_ALG, SNAPSHOT_JWS_TYPE } from '../src/snapshot-jws.js';

export const FLEET_ID = 'fleet-eu-1';

export function smallConfig(command = 'mcp-files'): GatewayConfigInput {
  return { upstreams: [{ name: 'files', transport: { type: 'stdio', command } }] };
}

/**
 * A config whose canonical JSON is at least `minBytes`: many upstreams, as an enterprise
 * catalog is many entries rather than one big one.
 */
export function largeConfig(minBytes: number): GatewayConfigInput {
  const description = 'Reads and writes files in the shared workspace. '.repeat(20);
  const perUpstream = description.length + 150;
  const count = Math.ceil(minBytes / perUpstream);
  return {
    upstreams: Array.from({ length: count }, (_unused, index) => ({
      name: `upstream-${index}`,
      description,
      transport: {
        type: 'streamable-http' as const,
        url: `https://mcp-${index}.internal.example.com/mcp`,
        headers: { 'x-tenant': `tenant-${index % 500}` },
      },
    })),
  };
}

/** Signs arbitrary bytes as a snapshot would be, to hand the verifier what signSnapshot refuses to make. */
export async function signRaw(
  payload: string,
  privateKey: CryptoKey,
  header: Record<string, unknown>,
): Promise<string> {
  return new CompactSign(new TextEncoder().encode(payload))
    .setProtectedHeader({ alg: SNAPSHOT_JWS_ALG, typ: SNAPSHOT_JWS_TYPE, ...header })
    .sign(privateKey);
}

/** Replaces the payload of a compact JWS, keeping its header and signature. */
export function withPayload(jws: string, payload: string): string {
  const [header, , signature] = jws.split('.');
  return `${header ?? ''}.${base64url.encode(payload)}.${signature ?? ''}`;
}

export function decodePayload(jws: string): unknown {
  return JSON.parse(new TextDecoder().decode(base64url.decode(jws.split('.')[1] ?? '')));
}
