import { SnapshotVerifier, readTrustedKeysFile, type TrustedKey } from '@gatehouse/signing';
import { ConfigSourceError } from './config-source-error.js';

/** The public keys snapshots may be signed with (PEM blocks, a JWK or a JWKS: two during a rollover). */
export async function loadTrustedKeys(path: string): Promise<TrustedKey[]> {
  try {
    return await readTrustedKeysFile(path);
  } catch (error) {
    throw new ConfigSourceError(`trusted keys ${path}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

/** `fleetId` null accepts any fleet: only for a single node run from a file. */
export async function snapshotVerifierFor(
  trustedKeysFile: string,
  fleetId: string | null,
): Promise<SnapshotVerifier> {
  return new SnapshotVerifier({ trustedKeys: await loadTrustedKeys(trustedKeysFile), fleetId });
}
