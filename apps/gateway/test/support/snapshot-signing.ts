import type { GatewayConfigInput, SnapshotEnvelope } from '@gatehouse/contracts';
import {
  buildSnapshotEnvelope,
  signSnapshot,
  writeTrustedKeysFile,
  type KeyFileFormat,
  type SigningKey,
} from '@gatehouse/signing';
import { base64url } from 'jose';

export interface SnapshotParts {
  fleetId: string;
  version: number;
  config: GatewayConfigInput;
}

/** A snapshot as the control plane makes it: envelope built, canonical JSON signed. */
export async function signedSnapshot(key: SigningKey, parts: SnapshotParts): Promise<string> {
  return signSnapshot(buildSnapshotEnvelope(parts), key.privateKey, key.kid);
}

export function envelopeOf(jws: string): SnapshotEnvelope {
  return JSON.parse(
    new TextDecoder().decode(base64url.decode(jws.split('.')[1] ?? '')),
  ) as SnapshotEnvelope;
}

/** The same header and signature over a payload someone changed on the way. */
export function tampered(
  jws: string,
  change: (envelope: SnapshotEnvelope) => SnapshotEnvelope,
): string {
  const [header, , signature] = jws.split('.');
  const payload = base64url.encode(JSON.stringify(change(envelopeOf(jws))));
  return `${header ?? ''}.${payload}.${signature ?? ''}`;
}

/** `alg: none`: a snapshot that claims no signature at all. */
export function unsigned(envelope: SnapshotEnvelope): string {
  const header = base64url.encode(JSON.stringify({ alg: 'none', typ: 'gatehouse-snapshot+jws' }));
  return `${header}.${base64url.encode(JSON.stringify(envelope))}.`;
}

export async function writeTrustedKeys(
  path: string,
  keys: readonly SigningKey[],
  format: KeyFileFormat = 'pem',
): Promise<void> {
  await writeTrustedKeysFile(path, keys, format);
}
